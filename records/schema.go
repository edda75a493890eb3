package records

// The types below are the frontmatter PRODUCT.md describes; their doc and
// words tags are the reference (rapport help records, docs/records.md). Every yaml
// tag is a key a coach may write; anything else is reported as field-unknown.
// A field's absence is the zero value: rules in check decide what is missing.

// Settings is practice.yaml: who the coach is and what new records start with.
type Settings struct {
	Name     string        `yaml:"name" doc:"the practice's name, on every handout"`
	Coach    Coach         `yaml:"coach" doc:"who the coach is"`
	Ethics   string        `yaml:"ethics" doc:"the code of ethics the practice follows, such as ICF Code of Ethics (2025)"`
	Defaults Defaults      `yaml:"defaults" doc:"what rapport new pre-fills in a new agreement"`
	Handouts Handouts      `yaml:"handouts" doc:"how handouts are printed"`
	Check    CheckSettings `yaml:"check" doc:"rules turned off or changed in severity for the whole practice"`
	Privacy  Privacy       `yaml:"privacy" doc:"how the practice marks what is for the coach only"`
}

// Privacy is how the practice marks what is for the coach only.
type Privacy struct {
	// Headings are words or phrases that, like "private", open a private
	// section when a heading starts with them, such as "coach only".
	Headings []string `yaml:"headings" doc:"words that, like Private, open a private section when a heading starts with them"`
}

// Coach is the practitioner named on every handout and in every first commit.
type Coach struct {
	Name       string `yaml:"name" doc:"the coach's name, on every handout and first commit"`
	Email      string `yaml:"email" doc:"the coach's e-mail address"`
	Phone      string `yaml:"phone" doc:"the coach's phone number"`
	Credential string `yaml:"credential" doc:"the coach's credential, such as ICF PCC"`
}

// Defaults are what `rapport new` pre-fills in a new agreement.
type Defaults struct {
	Sessions        Terms       `yaml:"sessions" doc:"the usual shape of the sessions"`
	Records         Arrangement `yaml:"records" doc:"the usual records arrangement"`
	Fees            Fees        `yaml:"fees" doc:"the usual fees"`
	Confidentiality string      `yaml:"confidentiality" doc:"the usual confidentiality statement"`
}

// Handouts are the settings of the printable family of documents.
type Handouts struct {
	Paper     string `yaml:"paper" words:"A4,Letter" doc:"the paper size of PDF handouts"`
	PDFEngine string `yaml:"pdf_engine" words:"builtin,chromium" doc:"what lays out PDF handouts"`
	Language  string `yaml:"language" doc:"the language of clients' handouts unless their agreement says otherwise, as a tag such as de or fr-CA (default: English)"`
}

// CheckSettings turns rules off or changes their severity.
type CheckSettings struct {
	Disable []string `yaml:"disable" doc:"rules that do not run (rapport check --rules lists them)"`
	Warn    []string `yaml:"warn" doc:"rules whose findings are warnings"`
	Error   []string `yaml:"error" doc:"rules whose findings are errors"`
}

// Terms are the agreed shape of the sessions.
type Terms struct {
	Count     int    `yaml:"count" doc:"how many sessions are agreed"`
	Frequency string `yaml:"frequency" doc:"how often, such as fortnightly"`
	Minutes   int    `yaml:"minutes" doc:"how long each session is"`
	Mode      string `yaml:"mode" doc:"how they take place, such as video, phone or in person"`
}

// Arrangement is how records of interaction are kept, as agreed with the client.
type Arrangement struct {
	HeldBy    string    `yaml:"held_by" words:"client,coach,both" doc:"who keeps the records of interaction"`
	Storage   string    `yaml:"storage" doc:"where and how they are kept"`
	Retention Retention `yaml:"retention" doc:"how long they are kept after the engagement ends"`
	Consent   Date      `yaml:"consent" doc:"the day the client agreed to the arrangement"`
	Withdrawn Date      `yaml:"withdrawn" doc:"the day the client withdrew their consent"`
}

// Contact is how the coach reaches the client.
type Contact struct {
	Email string `yaml:"email" doc:"the client's e-mail address"`
	Phone string `yaml:"phone" doc:"the client's phone number"`
}

// Fees are what the engagement costs, or that it is pro bono.
type Fees struct {
	Amount   float64 `yaml:"amount" doc:"what the engagement costs"`
	Currency string  `yaml:"currency" doc:"in which currency, such as GBP"`
	Basis    string  `yaml:"basis" doc:"what the amount covers, such as package or session"`
	ProBono  bool    `yaml:"pro_bono" doc:"the coaching is given free"`
}

// Goal is one of the client's own goals for the engagement.
type Goal struct {
	ID     string `yaml:"id" doc:"a short name sessions refer to the goal by"`
	Text   string `yaml:"text" doc:"the goal in the client's words"`
	Status string `yaml:"status" words:"open,achieved,dropped" doc:"open unless written"`
}

// Consents are the client's specific permissions beyond the records arrangement.
type Consents struct {
	NamedInHoursLog bool `yaml:"named_in_hours_log" doc:"the client may be named in the coaching-hours log"`
}

// Sponsor is the organisation paying for the coaching, when there is one.
type Sponsor struct {
	Name      string `yaml:"name" doc:"the organisation paying for the coaching"`
	Reporting string `yaml:"reporting" doc:"what the coach reports to it, such as attendance only"`
}

// Signatures are the dates each party signed the agreement.
type Signatures struct {
	Client Date `yaml:"client" doc:"the day the client signed"`
	Coach  Date `yaml:"coach" doc:"the day the coach signed"`
}

// Properties are the fields every record kind may carry besides its own: the
// properties Obsidian gives every note, so that a practice kept as a vault
// passes check, and the record's own check settings. rapport reads nothing
// else from the Obsidian properties.
type Properties struct {
	Tags       List        `yaml:"tags" doc:"Obsidian's tags; rapport reads nothing from them"`
	Aliases    List        `yaml:"aliases" doc:"Obsidian's other names for the note"`
	CSSClasses List        `yaml:"cssclasses" doc:"Obsidian's styles for the note"`
	Check      RecordCheck `yaml:"check" doc:"this record's own check settings"`
}

// List is a list of words that may also be written as a single word, as
// Obsidian accepts for tags and aliases.
type List []string

// RecordCheck turns rules off for one record only, where the coach has a
// reason the rule does not apply to it.
type RecordCheck struct {
	Disable List `yaml:"disable" doc:"rules turned off for this record only"`
}

// Agreement is the coaching agreement (contract) of one engagement.
type Agreement struct {
	*Record    `yaml:"-"`
	Properties `yaml:",inline"`

	ClientName      string      `yaml:"client_name" doc:"the client's name as they wish it written"`
	Date            Date        `yaml:"date" doc:"the day of the initiation meeting"`
	Status          string      `yaml:"status" words:"draft,active,ended" doc:"draft unless written"`
	Contact         Contact     `yaml:"contact" doc:"how the coach reaches the client"`
	Sessions        Terms       `yaml:"sessions" doc:"the agreed shape of the sessions"`
	Start           Date        `yaml:"start" doc:"the day the engagement starts"`
	End             Date        `yaml:"end" doc:"the day it is planned to end"`
	Fees            Fees        `yaml:"fees" doc:"what the engagement costs"`
	ProBono         bool        `yaml:"pro_bono" doc:"the same as fees.pro_bono"`
	Goals           []Goal      `yaml:"goals" doc:"the client's own goals"`
	Ethics          string      `yaml:"ethics" doc:"the code of ethics, when not the practice's"`
	Confidentiality string      `yaml:"confidentiality" doc:"what stays between coach and client, and the exceptions"`
	Records         Arrangement `yaml:"records" doc:"the records of interaction, as agreed with the client"`
	Consents        Consents    `yaml:"consents" doc:"the client's permissions beyond the records arrangement"`
	Sponsor         Sponsor     `yaml:"sponsor" doc:"the organisation paying, when there is one"`
	Signed          Signatures  `yaml:"signed" doc:"when each party signed"`
	CopyGiven       Date        `yaml:"copy_given" doc:"the day the client was given their copy"`
	Ended           Date        `yaml:"ended" doc:"the day the engagement ended (set by rapport close)"`
	// LargePrint is the client's wish for large print: every handout of
	// the engagement is set at 16 pt or more, with room to write by hand.
	LargePrint bool `yaml:"large_print" doc:"the client asked for large print: every handout at 16 pt or more"`
	// Language is the client's language, a BCP 47 tag: every handout of
	// the engagement is written in it.
	Language string `yaml:"language" doc:"the language of the client's handouts, as a tag such as de, fr-CA or pt-BR (default: the practice's handouts.language)"`
}

// Action is something the client commits to doing before a later session.
type Action struct {
	Text   string `yaml:"text" doc:"what the client will do"`
	Due    Date   `yaml:"due" doc:"by when"`
	SetBy  string `yaml:"set_by" words:"client,coach" doc:"who chose it: the client, as coaching expects"`
	Status string `yaml:"status" words:"open,done,dropped" doc:"open unless written"`
}

// Session is the record of one coaching session.
type Session struct {
	*Record    `yaml:"-"`
	Properties `yaml:",inline"`

	Number       int      `yaml:"number" doc:"the session's number in the engagement, from 1"`
	Date         Date     `yaml:"date" doc:"the day of the session"`
	Minutes      int      `yaml:"minutes" doc:"how long it was (default: the agreement's)"`
	Billing      string   `yaml:"billing" words:"paid,pro-bono" doc:"default: from the agreement's fees"`
	Format       string   `yaml:"format" words:"individual,group" doc:"individual unless written"`
	GroupSize    int      `yaml:"group_size" doc:"how many were coached together, for a group"`
	Goals        []string `yaml:"goals" doc:"the ids of the agreement's goals worked on"`
	Actions      []Action `yaml:"actions" doc:"the client's own actions"`
	Next         Date     `yaml:"next" doc:"the day of the next session"`
	HandoutGiven Date     `yaml:"handout_given" doc:"the day the client was given the handout"`
	// HandedOver is the day rapport handover gave the client the notes and
	// reduced this record to what the coach may keep (held_by: client).
	HandedOver Date `yaml:"handed_over" doc:"the day rapport handover gave the client the notes (records held by the client)"`
}

// Reflection is a client's reflection log, or the coach's own reflection.
type Reflection struct {
	*Record    `yaml:"-"`
	Properties `yaml:",inline"`

	Author     string `yaml:"author" words:"client,coach" doc:"whose reflection: a coach's is private"`
	Session    int    `yaml:"session" doc:"the number of the session it reflects on"`
	Date       Date   `yaml:"date" doc:"the day it was written"`
	CPDMinutes int    `yaml:"cpd_minutes" doc:"minutes of professional development it counts for (coach reflections)"`
}
