package check

import (
	"sort"

	"github.com/rapport-coach/rapport/records"
)

// Scope says what a rule looks at.
type Scope int

// The scopes, from the smallest.
const (
	// Loading rules are reported while a record is read; they have no Check.
	Loading Scope = iota
	// ClientScope rules look at one client's records together.
	ClientScope
	// PracticeScope rules look at the practice as a whole.
	PracticeScope
)

// Rule is one named check.
type Rule struct {
	Name     string
	Severity records.Severity // the default; practice.yaml may change it
	Reason   string           // why it matters, in a coach's words
	Hint     string           // what to do, used when a finding has no hint of its own
	Scope    Scope
	// Fields are the frontmatter fields the rule reads, as kind.path
	// (agreement.records.consent, session.actions.due, practice.check), for
	// the record format reference.
	Fields []string
	// Check reports the rule's findings for one client (ClientScope) or for
	// the practice (PracticeScope; In.Client is nil).
	Check func(in *In, r Report)
	// PracticeCheck, for a client rule that also concerns practice.yaml,
	// reports what the rule finds there, once per check rather than once
	// per client.
	PracticeCheck func(in *In, r Report)
}

// In is what a rule looks at.
type In struct {
	Practice *records.Practice
	Client   *records.Client // nil for practice rules
	Today    records.Date
	Config   Config
	// Status is the git status of the practice, for the uncommitted rule;
	// nil when git was not asked.
	Status *records.GitStatus
	// StatusErr says why Status is nil.
	StatusErr error
	// RuleNames are the names in the registry. (Rules cannot look the
	// registry up themselves: it is built from them.)
	RuleNames []string
}

// Rules is the registry, in the order --rules lists it: syntax and schema,
// agreement, sessions, reflections, practice.
var Rules = []*Rule{
	// Syntax and schema, reported while loading.
	{Name: records.RuleFileUnreadable, Severity: records.Error, Scope: Loading,
		Reason: "a record that cannot be read (not UTF-8 text, too big, not a plain file) is invisible to every command",
		Hint:   "save it as UTF-8 text inside the practice folder"},
	{Name: records.RuleClientFolder, Severity: records.Error, Scope: Loading,
		Reason: "clients/ holds one folder per client, named by the client's id; anything else is not read",
		Hint:   "move the file into clients/<client-id>/ or out of clients/"},
	{Name: records.RuleLink, Severity: records.Error, Scope: Loading,
		Reason: "a record or folder under clients/ that is a link is never read, wherever it points: a link could bring another client's notes into this client's handouts",
		Hint:   "replace the link with a copy of what it points to, or remove it"},
	{Name: records.RuleFrontmatterMissing, Severity: records.Error, Scope: Loading,
		Reason: "a record without its frontmatter block cannot say what it is or whose it is",
		Hint:   "start the file with a block between --- lines, such as:\n---\nkind: session\n---"},
	{Name: records.RuleFrontmatterSyntax, Severity: records.Error, Scope: Loading,
		Reason: "frontmatter that is not valid YAML cannot be read, so the record is skipped",
		Hint:   "fix the YAML: indent with spaces, not tabs, and quote values that contain a colon"},
	{Name: records.RuleKindUnknown, Severity: records.Error, Scope: Loading,
		Reason: "kind says whether a record is an agreement, a session or a reflection",
		Hint:   "add kind: agreement, session or reflection"},
	{Name: records.RuleFieldType, Severity: records.Error, Scope: Loading,
		Reason: "a field with the wrong kind of value (text where a number belongs) is ignored",
		Hint:   "write the value as rapport help records shows"},
	{Name: records.RuleFieldUnknown, Severity: records.Error, Scope: Loading,
		Reason: "a misspelt field is silently ignored by every command, so it is reported instead",
		Hint:   "check its spelling: rapport help records lists every field"},
	{Name: records.RuleDateInvalid, Severity: records.Error, Scope: Loading,
		Reason: "dates drive numbering, reminders and retention; one that cannot be read breaks them",
		Hint:   "write dates as YYYY-MM-DD, such as 2026-01-07"},
	{Name: records.RulePlaceholderLeft, Severity: records.Error, Scope: ClientScope, Check: placeholderLeft,
		Reason: "a TODO( placeholder from `rapport new` marks something only the coaching conversation can decide",
		Hint:   "replace it with what was agreed with the client"},
	{Name: RuleFieldMissing, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.date", "agreement.client_name", "session.number", "session.date", "reflection.author", "reflection.date"}, Check: fieldMissing,
		Reason: "every record needs the few fields that say when it happened and what it is",
		Hint:   "add the field to the frontmatter"},
	{Name: RuleStatusUnknown, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.status", "agreement.records.held_by", "agreement.goals.status", "session.billing", "session.format", "session.actions.set_by", "session.actions.status", "reflection.author"}, Check: valueUnknown,
		Reason: "fields such as status, held_by, billing, format and author take one of a few words; anything else is misread",
		Hint:   "use one of the words the message lists"},
	{Name: records.RuleClientMismatch, Severity: records.Warning, Scope: ClientScope, Check: clientMismatch,
		Reason: "a record filed under the wrong client's folder would end up in someone else's handouts",
		Hint:   "move the record to the right client's folder"},
	{Name: RuleStrayFile, Severity: records.Error, Scope: ClientScope, Check: strayFile,
		Reason: "a file in a client's folder that is not a record (an export archive, a handout, a scan) is personal data that no rule checks, retention does not reach, and git commits with the records",
		Hint:   "move it out of the practice folder; if git already has it, also git rm --cached it"},

	{Name: RuleGlyphMissing, Severity: records.Warning, Scope: ClientScope, Check: glyphMissing,
		Fields: []string{"agreement.client_name", "agreement.goals.text", "session.actions.text"},
		Reason: "the builtin PDF engine draws a character with its own fonts or an installed one; a character none of " +
			"them has is printed as ? on the client's PDF handout",
		Hint: "install a font that has the character, use the Chromium PDF engine, or write the character another way"},
	{Name: RulePrivateHeadingLookalike, Severity: records.Warning, Scope: ClientScope, Fields: []string{"practice.privacy.headings"}, Check: privateHeadingLookalike,
		Reason: "a heading whose first word is Private (after Unicode normalisation, ignoring case, invisible characters " +
			"and punctuation), or one of practice.yaml's privacy.headings, keeps its section up to the next heading of the " +
			"same or a higher level out of every handout; a heading that only looks like one (Рrivate with a Cyrillic Р, " +
			"Privte, Confidential) is shown to the client",
		Hint: lookalikeHint},
	{Name: RuleCommentShown, Severity: records.Warning, Scope: ClientScope, Check: commentShown,
		Reason: "an HTML comment (<!-- -->) or an Obsidian comment (%% %%) is hidden by other Markdown tools, but rapport " +
			"escapes raw HTML and keeps only sections under a private heading from the client: the comment is printed on the handout",
		Hint: commentHint},

	// Agreement.
	{Name: RuleGoalsMissing, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.goals"}, Check: goalsMissing,
		Reason: "coaching works towards goals the client sets; the agreement records them",
		Hint:   "add the client's goals, such as:\ngoals:\n  - {id: speak-up, text: Speak up with confidence in leadership meetings}"},
	{Name: RuleConsentMissing, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.records.consent"}, Check: consentMissing,
		Reason: "data-protection law needs the client's agreement to how their records are kept",
		Hint:   "add the records arrangement and the date the client agreed, such as:\nrecords: {held_by: coach, storage: encrypted laptop, retention: 6y, consent: 2026-01-07}"},
	{Name: RuleConsentWithdrawn, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.records.withdrawn", "session.date"}, Check: consentWithdrawn,
		Reason: "once a client withdraws consent to records being kept, no new records may be written",
		Hint:   "remove the records written after the withdrawal, or record the client's renewed consent"},
	{Name: RuleEthicsMissing, Severity: records.Warning, Scope: ClientScope, Fields: []string{"agreement.ethics", "practice.ethics"}, Check: ethicsMissing,
		Reason: "codes of ethics ask the coach to tell the client which code they work to",
		Hint:   "add ethics: ICF Code of Ethics (2025) to the agreement or to practice.yaml"},
	{Name: RuleTermsMissing, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.sessions.count", "agreement.sessions.frequency", "agreement.sessions.minutes"}, Check: termsMissing,
		Reason: "the client agrees to how many sessions, how often and how long; the agreement says so",
		Hint:   "add sessions: {count: 6, frequency: fortnightly, minutes: 60}"},
	{Name: RuleFeesMissing, Severity: records.Warning, Scope: ClientScope, Fields: []string{"agreement.fees", "agreement.pro_bono"}, Check: feesMissing,
		Reason: "fees (or that the coaching is pro bono) belong in the contract so there are no surprises",
		Hint:   "add fees: {amount: 900, currency: GBP, basis: package} or fees: {pro_bono: true}"},
	{Name: RuleConfidentialityMissing, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.confidentiality"}, Check: confidentialityMissing,
		Reason: "the client needs to know what stays confidential and its limits",
		Hint:   "add confidentiality: Kept between us, except where the law requires or someone is at risk of harm."},
	{Name: RuleRetentionMissing, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.records.retention"}, Check: retentionMissing,
		Reason: "records may be kept only as long as agreed; without a period they can never be deleted on time",
		Hint:   "add retention: 6y under records"},
	{Name: RuleUnsigned, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.signed.client", "agreement.signed.coach"}, Check: unsigned,
		Reason: "an agreement binds both parties only once both have signed",
		Hint:   "add the dates each signed, such as signed: {client: 2026-01-07, coach: 2026-01-07}"},
	{Name: RuleCopyNotGiven, Severity: records.Warning, Scope: ClientScope, Fields: []string{"agreement.copy_given"}, Check: copyNotGiven,
		Reason: "the client should have their own copy of what they signed",
		Hint:   "give the client their copy (rapport render CLIENT agreement) and add copy_given: DATE"},
	{Name: RuleContactMissing, Severity: records.Warning, Scope: ClientScope, Fields: []string{"agreement.contact.email", "agreement.contact.phone"}, Check: contactMissing,
		Reason: "the coach must be able to reach the client, to rearrange or to answer a data request",
		Hint:   "add contact: {email: alice@example.org}"},
	{Name: RuleEndedMissing, Severity: records.Warning, Scope: ClientScope, Fields: []string{"agreement.status", "agreement.ended"}, Check: endedMissing,
		Reason: "the retention clock starts on the date an engagement ended",
		Hint:   "end engagements with rapport close CLIENT, which sets both status and ended"},
	{Name: RuleRecordsHeldByClient, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.records.held_by", "session.handed_over"}, Check: recordsHeldByClient,
		Reason: "when the client chose to hold the records, the coach keeps only what numbering, the hours log and the retention clock need; notes kept anyway break that agreement, and once committed they stay in git history and on the remote",
		Hint:   "rapport handover CLIENT N gives the client the handout and keeps only what is allowed"},
	{Name: RuleTermsDrift, Severity: records.Warning, Scope: ClientScope, Fields: []string{"agreement.sessions.count", "agreement.sessions.frequency", "agreement.sessions.minutes"}, Check: termsDrift,
		Reason: "the client signs the agreement's prose and rapport works from its frontmatter; after an edit to one, the two can promise different things",
		Hint:   "make the prose agree with the frontmatter, or take the number out of the prose: the client's copy states the terms from the frontmatter"},
	{Name: RuleEngagementLapsed, Severity: records.Warning, Scope: ClientScope, Fields: []string{"agreement.status", "agreement.end"}, Check: engagementLapsed,
		Reason: "an engagement left active after its end, or long after the last session, never starts its retention clock, so its records are kept longer than agreed",
		Hint:   "end it with rapport close CLIENT --date DATE, or agree new dates with the client"},

	// Sessions.
	{Name: RuleAgreementMissing, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.status", "agreement.signed.client", "session.date"}, Check: agreementMissing,
		Reason: "coaching happens under an active, signed agreement; a session without one is uncontracted",
		Hint:   "sign the agreement before the session, or correct the session's date"},
	{Name: RuleSessionBeforeConsent, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.records.consent", "session.date"}, Check: sessionBeforeConsent,
		Reason: "notes may be kept only once the client has agreed to the records arrangement",
		Hint:   "check the session's date and the agreement's records.consent date"},
	{Name: RuleSessionBeforeStart, Severity: records.Warning, Scope: ClientScope, Fields: []string{"session.date", "agreement.start"}, Check: sessionBeforeStart,
		Reason: "a session before the agreement's start was held outside what the client agreed to, or its date is wrong",
		Hint:   "correct the session's date, or the agreement's start"},
	{Name: RuleSessionAfterEnd, Severity: records.Warning, Scope: ClientScope, Fields: []string{"session.date", "agreement.end"}, Check: sessionAfterEnd,
		Reason: "a session after the agreement's end date was held outside what the client agreed to; extending an engagement is agreed with the client",
		Hint:   "agree the extension with the client and update the agreement's end, or correct the session's date"},
	{Name: RuleSessionNumber, Severity: records.Error, Scope: ClientScope, Fields: []string{"session.number", "session.date"}, Check: sessionNumber,
		Reason: "sessions are numbered 1, 2, 3 in date order, so handouts and reflections find the right one",
		Hint:   "renumber the sessions in date order"},
	{Name: RuleGoalUnknown, Severity: records.Error, Scope: ClientScope, Fields: []string{"session.goals", "agreement.goals.id"}, Check: goalUnknown,
		Reason: "a session works on the client's goals, named by the ids in the agreement",
		Hint:   "use a goal id from the agreement, or add the goal there first"},
	{Name: RuleSessionGoalsMissing, Severity: records.Warning, Scope: ClientScope, Fields: []string{"session.goals"}, Check: sessionGoalsMissing,
		Reason: "linking each session to the goals it served shows the client their progress",
		Hint:   "add goals: [goal-id] with the goals from the agreement this session worked on"},
	{Name: RuleSessionsOverAgreed, Severity: records.Warning, Scope: ClientScope, Fields: []string{"agreement.sessions.count", "session.number"}, Check: sessionsOverAgreed,
		Reason: "more sessions than the agreement allows needs a new or amended agreement",
		Hint:   "agree more sessions with the client and update sessions.count, or start a new agreement"},
	{Name: RuleActionDueMissing, Severity: records.Warning, Scope: ClientScope, Fields: []string{"session.actions.due"}, Check: actionDueMissing,
		Reason: "an action with a date is one the client can plan for and review",
		Hint:   "add the date the client chose, such as due: 2026-02-11"},
	{Name: RuleActionSetByCoach, Severity: records.Warning, Scope: ClientScope, Fields: []string{"session.actions.set_by"}, Check: actionSetByCoach,
		Reason: "actions are the client's to choose; the coach does not set homework",
		Hint:   "record the action the client chose for themselves, with set_by: client"},
	{Name: RuleActionOverdue, Severity: records.Note, Scope: ClientScope, Fields: []string{"session.actions.due", "session.actions.status"}, Check: actionOverdue,
		Reason: "an action still open after its due date and after the session meant to review it needs a word with the client",
		Hint:   "mark it done or dropped, or carry it forward in a new session"},
	{Name: RuleNextMissing, Severity: records.Warning, Scope: ClientScope, Fields: []string{"session.next"}, Check: nextMissing,
		Reason: "the handout tells the client when the next session is",
		Hint:   "add next: DATE with the date agreed at the end of the session"},
	{Name: RuleGroupSizeMissing, Severity: records.Warning, Scope: ClientScope, Fields: []string{"session.format", "session.group_size"}, Check: groupSizeMissing,
		Reason: "accreditation bodies count group coaching hours separately and ask for the group size",
		Hint:   "add group_size: 4"},

	// Reflections.
	{Name: RuleReflectionMissing, Severity: records.Warning, Scope: ClientScope, Fields: []string{"session.date", "reflection.author", "reflection.session"}, Check: reflectionMissing,
		Reason: "the client's reflection after a session is where the learning sticks; a missing one is worth a nudge",
		Hint:   "type up the client's reflection log with rapport new reflection CLIENT"},
	{Name: RuleReflectionOrphan, Severity: records.Warning, Scope: ClientScope, Fields: []string{"reflection.session", "reflection.date"}, Check: reflectionOrphan,
		Reason: "a reflection belongs to a session that exists",
		Hint:   "set session: to the number of the session it reflects on"},

	// Practice.
	{Name: RuleRetentionExpired, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.ended", "agreement.records.retention"}, Check: retentionExpired,
		Reason: "data-protection law allows keeping records only as long as agreed; after that they must go",
		Hint:   "export what the client may want, then rapport erase CLIENT"},
	{Name: RuleHoursConsent, Severity: records.Warning, Scope: ClientScope, Fields: []string{"agreement.consents.named_in_hours_log"}, Check: hoursConsent,
		Reason: "the coaching-hours log names a client only with their consent; the agreement should say",
		Hint:   "add consents: {named_in_hours_log: true} or false, as the client chose"},
	{Name: RuleLanguageUnknown, Severity: records.Error, Scope: ClientScope, Fields: []string{"agreement.language", "practice.handouts.language"},
		Check: languageUnknown, PracticeCheck: practiceLanguageUnknown,
		Reason: "a client's handouts are written in the language the agreement names; a tag that is not one, or a language rapport has no catalogue for, gives the client English instead",
		Hint:   "write a tag such as de, fr-CA or pt-BR, or add the language's catalogue as templates/i18n/<tag>.yaml"},
	{Name: RuleCatalogueInvalid, Severity: records.Error, Scope: PracticeScope, Check: catalogueInvalid,
		Reason: "a practice's own message catalogue (templates/i18n/<tag>.yaml) changes what clients read; a misspelt key, a message that is not text or uses a value the message does not have, or a new language that misses messages, would print the wrong words or English",
		Hint:   "compare the file with the embedded catalogue: rapport's templates/i18n/en.yaml lists every key"},
	{Name: RuleUncommitted, Severity: records.Warning, Scope: PracticeScope, Check: uncommitted,
		Reason: "records not committed to git have no history and no backup",
		Hint:   "commit them: git add -A && git commit"},
	{Name: RuleEraseUnfinished, Severity: records.Error, Scope: PracticeScope, Check: eraseUnfinished,
		Reason: "an erase cut short (a power cut, a killed process) leaves the client's records on disk, in a hidden folder no command reads",
		Hint:   "run rapport erase CLIENT again to finish it"},
	{Name: RuleUnknown, Severity: records.Error, Scope: PracticeScope, Fields: []string{"practice.check.disable", "practice.check.warn", "practice.check.error", "agreement.check.disable", "session.check.disable", "reflection.check.disable"}, Check: ruleUnknown,
		Reason: "a misspelt rule name in practice.yaml's or a record's check settings would silently change nothing",
		Hint:   "see rapport check --rules for the rule names"},
	// Reported by Run after every other rule, since it needs their findings.
	{Name: RuleDisableUnused, Severity: records.Warning, Scope: ClientScope, Fields: []string{"agreement.check.disable", "session.check.disable", "reflection.check.disable"},
		Reason: "a record's check: {disable: [rule]} that silences nothing has outlived its reason, and would hide the next real problem",
		Hint:   "remove the rule from the record's check.disable"},
}

// Names of the rules check adds to those loading reports.
const (
	RuleFieldMissing            = "field-missing"
	RuleLanguageUnknown         = "language-unknown"
	RuleCatalogueInvalid        = "catalogue-invalid"
	RuleStatusUnknown           = "status-unknown"
	RuleGoalsMissing            = "goals-missing"
	RuleConsentMissing          = "consent-missing"
	RuleConsentWithdrawn        = "consent-withdrawn"
	RuleEthicsMissing           = "ethics-missing"
	RuleTermsMissing            = "terms-missing"
	RuleFeesMissing             = "fees-missing"
	RuleConfidentialityMissing  = "confidentiality-missing"
	RuleRetentionMissing        = "retention-missing"
	RuleUnsigned                = "unsigned"
	RuleCopyNotGiven            = "copy-not-given"
	RuleContactMissing          = "contact-missing"
	RuleEndedMissing            = "ended-missing"
	RuleEngagementLapsed        = "engagement-lapsed"
	RuleTermsDrift              = "terms-drift"
	RuleRecordsHeldByClient     = "records-held-by-client"
	RuleSessionBeforeStart      = "session-before-start"
	RuleSessionAfterEnd         = "session-after-end"
	RuleAgreementMissing        = "agreement-missing"
	RuleSessionBeforeConsent    = "session-before-consent"
	RuleSessionNumber           = "session-number"
	RuleGoalUnknown             = "goal-unknown"
	RuleSessionGoalsMissing     = "session-goals-missing"
	RuleSessionsOverAgreed      = "sessions-over-agreed"
	RuleActionDueMissing        = "action-due-missing"
	RuleActionSetByCoach        = "action-set-by-coach"
	RuleActionOverdue           = "action-overdue"
	RuleNextMissing             = "next-missing"
	RuleGroupSizeMissing        = "group-size-missing"
	RuleReflectionMissing       = "reflection-missing"
	RuleReflectionOrphan        = "reflection-orphan"
	RulePrivateHeadingLookalike = "private-heading-lookalike"
	RuleCommentShown            = "comment-shown"
	RuleGlyphMissing            = "glyph-missing"
	RuleRetentionExpired        = "retention-expired"
	RuleHoursConsent            = "hours-consent"
	RuleUncommitted             = "uncommitted"
	RuleUnknown                 = "rule-unknown"
	RuleEraseUnfinished         = "erase-unfinished"
	RuleDisableUnused           = "disable-unused"
)

var byName = func() map[string]*Rule {
	m := make(map[string]*Rule, len(Rules))
	for _, r := range Rules {
		m[r.Name] = r
	}
	return m
}()

// Lookup returns the rule with the given name, or nil.
func Lookup(name string) *Rule { return byName[name] }

// Names lists every rule name, sorted.
func Names() []string {
	out := make([]string, 0, len(Rules))
	for _, r := range Rules {
		out = append(out, r.Name)
	}
	sort.Strings(out)
	return out
}
