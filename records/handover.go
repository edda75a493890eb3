package records

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// When the client holds the records (held_by: client), the notes of a
// session are the client's: the coach keeps only what numbering, the hours
// log and the retention clock need. So that the notes never enter git
// history or reach the remote, rapport new session writes them into the
// client's HandoverDir, which the practice's .gitignore keeps out of git and
// Repo.Commit refuses to commit; rapport handover gives the client the
// handout and writes the reduced record (ReducedSession) into sessions/.

// HandoverDir is the folder in a client's folder where a session's notes
// wait to be handed over.
const HandoverDir = "to-hand-over"

// HandoverIgnore is the .gitignore line that keeps every client's
// HandoverDir out of git.
const HandoverIgnore = ClientsDir + "/*/" + HandoverDir + "/"

// IsHandoverPath reports whether rel, slash-separated and relative to the
// practice or to a git repository holding it in a sub-folder, lies in a
// client's HandoverDir. Case is ignored: on macOS and Windows To-Hand-Over
// is the same folder.
func IsHandoverPath(rel string) bool {
	parts := strings.Split(path.Clean(strings.ReplaceAll(rel, "\\", "/")), "/")
	for i := 0; i+3 <= len(parts); i++ {
		if strings.EqualFold(parts[i], ClientsDir) && strings.EqualFold(parts[i+2], HandoverDir) {
			return true
		}
	}
	return false
}

// ErrHandoverNotes is returned by Repo.Commit for a file whose notes wait to
// be handed over to a client who holds the records: they never enter git.
var ErrHandoverNotes = errors.New("the notes of a client who holds the records never enter git")

// ClientHolds reports whether the client chose to hold the records.
func (a *Agreement) ClientHolds() bool {
	return a != nil && strings.EqualFold(strings.TrimSpace(a.Records.HeldBy), "client")
}

// IsHandedOver reports whether a session is reduced to what the coach may
// keep when the client holds the records: handed over, with no actions and
// no notes.
func (s *Session) IsHandedOver() bool {
	return !s.HandedOver.IsZero() && len(s.Actions) == 0 && s.BodyBlank
}

// keptSession is what the coach keeps of a session the client holds, in the
// order a record lists it.
type keptSession struct {
	Kind         string   `yaml:"kind"`
	Number       int      `yaml:"number"`
	Date         ymd      `yaml:"date"`
	Minutes      int      `yaml:"minutes,omitempty"`
	Billing      string   `yaml:"billing,omitempty"`
	Format       string   `yaml:"format,omitempty"`
	GroupSize    int      `yaml:"group_size,omitempty"`
	Goals        []string `yaml:"goals,flow,omitempty"`
	Next         ymd      `yaml:"next,omitempty"`
	HandoutGiven ymd      `yaml:"handout_given,omitempty"`
	HandedOver   ymd      `yaml:"handed_over"`
}

// ymd is a date written plain, as a coach writes it, not quoted as a string.
type ymd string

// MarshalYAML writes the date unquoted.
func (d ymd) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: string(d)}, nil
}

// ReducedSession is the record the coach keeps of session s once its notes
// were handed over on day: number, date, minutes, billing, format, goal ids,
// next date and when the handout was given, and no notes or actions. Kept
// lists those facts in words, for the coach to read.
func ReducedSession(s *Session, day Date) (data []byte, kept []string, err error) {
	k := keptSession{Kind: string(KindSession), Number: s.Number, Date: ymd(s.Date.String()), Minutes: s.Minutes,
		Billing: s.Billing, Format: s.Format, GroupSize: s.GroupSize, Goals: s.Goals,
		Next: ymd(s.Next.String()), HandoutGiven: ymd(s.HandoutGiven.String()), HandedOver: ymd(day.String())}
	if k.HandoutGiven == "" {
		k.HandoutGiven = ymd(day.String())
	}
	fm, err := yaml.Marshal(&k)
	if err != nil {
		return nil, nil, err
	}
	data = []byte("---\n" + string(fm) +
		"# The client holds the records: the notes went to them on " + day.String() + ", and this is all the coach keeps.\n---\n")
	kept = append(kept, fmt.Sprintf("number %d", k.Number), "date "+string(k.Date))
	if k.Minutes > 0 {
		kept = append(kept, fmt.Sprintf("%d minutes", k.Minutes))
	}
	for _, v := range []string{k.Billing, k.Format} {
		if v != "" {
			kept = append(kept, v)
		}
	}
	if k.GroupSize > 0 {
		kept = append(kept, fmt.Sprintf("group of %d", k.GroupSize))
	}
	if len(k.Goals) > 0 {
		kept = append(kept, "goals "+strings.Join(k.Goals, ", "))
	}
	if k.Next != "" {
		kept = append(kept, "next "+string(k.Next))
	}
	kept = append(kept, "handout given "+string(k.HandoutGiven), "handed over "+string(k.HandedOver))
	return data, kept, nil
}
