package records

// The types below mirror the frontmatter described in PRODUCT.md. Every yaml
// tag is a key a coach may write; anything else is reported as field-unknown.
// A field's absence is the zero value: rules in check decide what is missing.

// Settings is practice.yaml: who the coach is and what new records start with.
type Settings struct {
	Name     string        `yaml:"name"`
	Coach    Coach         `yaml:"coach"`
	Ethics   string        `yaml:"ethics"`
	Defaults Defaults      `yaml:"defaults"`
	Handouts Handouts      `yaml:"handouts"`
	Check    CheckSettings `yaml:"check"`
	Privacy  Privacy       `yaml:"privacy"`
}

// Privacy is how the practice marks what is for the coach only.
type Privacy struct {
	// Headings are words or phrases that, like "private", open a private
	// section when a heading starts with them, such as "coach only".
	Headings []string `yaml:"headings"`
}

// Coach is the practitioner named on every handout and in every first commit.
type Coach struct {
	Name       string `yaml:"name"`
	Email      string `yaml:"email"`
	Phone      string `yaml:"phone"`
	Credential string `yaml:"credential"`
}

// Defaults are what `rapport new` pre-fills in a new agreement.
type Defaults struct {
	Sessions        Terms       `yaml:"sessions"`
	Records         Arrangement `yaml:"records"`
	Fees            Fees        `yaml:"fees"`
	Confidentiality string      `yaml:"confidentiality"`
}

// Handouts are the settings of the printable family of documents.
type Handouts struct {
	Paper     string `yaml:"paper"`      // A4 or Letter
	PDFEngine string `yaml:"pdf_engine"` // builtin or chromium
}

// CheckSettings turns rules off or changes their severity.
type CheckSettings struct {
	Disable []string `yaml:"disable"`
	Warn    []string `yaml:"warn"`
	Error   []string `yaml:"error"`
}

// Terms are the agreed shape of the sessions.
type Terms struct {
	Count     int    `yaml:"count"`
	Frequency string `yaml:"frequency"`
	Minutes   int    `yaml:"minutes"`
	Mode      string `yaml:"mode"`
}

// Arrangement is how records of interaction are kept, as agreed with the client.
type Arrangement struct {
	HeldBy    string    `yaml:"held_by"` // client | coach | both
	Storage   string    `yaml:"storage"`
	Retention Retention `yaml:"retention"`
	Consent   Date      `yaml:"consent"`
	Withdrawn Date      `yaml:"withdrawn"`
}

// Contact is how the coach reaches the client.
type Contact struct {
	Email string `yaml:"email"`
	Phone string `yaml:"phone"`
}

// Fees are what the engagement costs, or that it is pro bono.
type Fees struct {
	Amount   float64 `yaml:"amount"`
	Currency string  `yaml:"currency"`
	Basis    string  `yaml:"basis"`
	ProBono  bool    `yaml:"pro_bono"`
}

// Goal is one of the client's own goals for the engagement.
type Goal struct {
	ID     string `yaml:"id"`
	Text   string `yaml:"text"`
	Status string `yaml:"status"` // open (default) | achieved | dropped
}

// Consents are the client's specific permissions beyond the records arrangement.
type Consents struct {
	NamedInHoursLog bool `yaml:"named_in_hours_log"`
}

// Sponsor is the organisation paying for the coaching, when there is one.
type Sponsor struct {
	Name      string `yaml:"name"`
	Reporting string `yaml:"reporting"`
}

// Signatures are the dates each party signed the agreement.
type Signatures struct {
	Client Date `yaml:"client"`
	Coach  Date `yaml:"coach"`
}

// Properties are the fields every record kind may carry besides its own: the
// properties Obsidian gives every note, so that a practice kept as a vault
// passes check, and the record's own check settings. rapport reads nothing
// else from the Obsidian properties.
type Properties struct {
	Tags       List        `yaml:"tags"`
	Aliases    List        `yaml:"aliases"`
	CSSClasses List        `yaml:"cssclasses"`
	Check      RecordCheck `yaml:"check"`
}

// List is a list of words that may also be written as a single word, as
// Obsidian accepts for tags and aliases.
type List []string

// RecordCheck turns rules off for one record only, where the coach has a
// reason the rule does not apply to it.
type RecordCheck struct {
	Disable []string `yaml:"disable"`
}

// Agreement is the coaching agreement (contract) of one engagement.
type Agreement struct {
	*Record    `yaml:"-"`
	Properties `yaml:",inline"`

	ClientName      string      `yaml:"client_name"`
	Date            Date        `yaml:"date"`
	Status          string      `yaml:"status"` // draft | active | ended
	Contact         Contact     `yaml:"contact"`
	Sessions        Terms       `yaml:"sessions"`
	Start           Date        `yaml:"start"`
	End             Date        `yaml:"end"`
	Fees            Fees        `yaml:"fees"`
	ProBono         bool        `yaml:"pro_bono"` // the same as fees.pro_bono
	Goals           []Goal      `yaml:"goals"`
	Ethics          string      `yaml:"ethics"`
	Confidentiality string      `yaml:"confidentiality"`
	Records         Arrangement `yaml:"records"`
	Consents        Consents    `yaml:"consents"`
	Sponsor         Sponsor     `yaml:"sponsor"`
	Signed          Signatures  `yaml:"signed"`
	CopyGiven       Date        `yaml:"copy_given"`
	Ended           Date        `yaml:"ended"`
}

// Action is something the client commits to doing before a later session.
type Action struct {
	Text   string `yaml:"text"`
	Due    Date   `yaml:"due"`
	SetBy  string `yaml:"set_by"` // client | coach
	Status string `yaml:"status"` // open | done | dropped
}

// Session is the record of one coaching session.
type Session struct {
	*Record    `yaml:"-"`
	Properties `yaml:",inline"`

	Number       int      `yaml:"number"`
	Date         Date     `yaml:"date"`
	Minutes      int      `yaml:"minutes"`
	Billing      string   `yaml:"billing"` // paid | pro-bono
	Format       string   `yaml:"format"`  // individual | group
	GroupSize    int      `yaml:"group_size"`
	Goals        []string `yaml:"goals"`
	Actions      []Action `yaml:"actions"`
	Next         Date     `yaml:"next"`
	HandoutGiven Date     `yaml:"handout_given"`
}

// Reflection is a client's reflection log, or the coach's own reflection.
type Reflection struct {
	*Record    `yaml:"-"`
	Properties `yaml:",inline"`

	Author     string `yaml:"author"` // client | coach
	Session    int    `yaml:"session"`
	Date       Date   `yaml:"date"`
	CPDMinutes int    `yaml:"cpd_minutes"`
}
