package records

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rapport-coach/rapport/records/body"
)

// SettingsFile is the file that marks a folder as a practice.
const SettingsFile = "practice.yaml"

// ClientsDir is the folder under the practice root that holds client folders.
const ClientsDir = "clients"

// ErrNoPractice is returned by Find when no folder holds practice.yaml.
var ErrNoPractice = errors.New("not inside a practice (no practice.yaml here or in any parent folder)")

// Practice is a coaching practice on disk.
type Practice struct {
	Root     string    // absolute path of the folder holding practice.yaml
	Settings *Settings // practice.yaml, with defaults filled in where it is silent
	// SettingsRecord gives the positions of practice.yaml's fields.
	SettingsRecord *Record
	// Problems are what is wrong in practice.yaml itself.
	Problems []Problem
	// Cache keeps what is made of each record between runs; nil reads
	// every record afresh. See OpenCache.
	Cache *Cache
	// settingsSum is the hash of practice.yaml, part of the cache's key.
	settingsSum [32]byte
}

// Find walks up from dir to the first folder holding practice.yaml, the way
// git finds .git, and returns that folder.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if fi, err := os.Stat(filepath.Join(dir, SettingsFile)); err == nil && fi.Mode().IsRegular() {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoPractice
		}
		dir = parent
	}
}

// IsPractice reports whether dir itself holds practice.yaml.
func IsPractice(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, SettingsFile))
	return err == nil
}

// Open reads the practice whose root is dir. Problems in practice.yaml are
// kept in Problems; only an unreadable practice.yaml is an error.
func Open(dir string) (*Practice, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	data, err := readSettings(filepath.Join(root, SettingsFile))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", root, ErrNoPractice)
		}
		return nil, fmt.Errorf("reading %s: %w", SettingsFile, err)
	}
	s, rec, problems := ParseSettings(data)
	s.fillDefaults()
	return &Practice{Root: root, Settings: s, SettingsRecord: rec, Problems: problems, settingsSum: sha256.Sum256(data)}, nil
}

// readSettings reads practice.yaml, or as much of it as a record may be:
// anything longer is not settings, and the parser would say so without
// holding hundreds of megabytes.
func readSettings(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxRecordSize+1))
}

// DefaultSettings are what `rapport init` writes and what an empty
// practice.yaml means.
func DefaultSettings() *Settings {
	s := &Settings{}
	s.fillDefaults()
	return s
}

func (s *Settings) fillDefaults() {
	if s.Name == "" {
		s.Name = s.Coach.Name
		if s.Name != "" {
			s.Name += " Coaching"
		}
	}
	if s.Ethics == "" {
		s.Ethics = "ICF Code of Ethics (2025)"
	}
	d := &s.Defaults
	if d.Sessions.Count == 0 {
		d.Sessions.Count = 6
	}
	if d.Sessions.Frequency == "" {
		d.Sessions.Frequency = "fortnightly"
	}
	if d.Sessions.Minutes == 0 {
		d.Sessions.Minutes = 60
	}
	if d.Sessions.Mode == "" {
		d.Sessions.Mode = "video"
	}
	if d.Records.HeldBy == "" {
		d.Records.HeldBy = "coach"
	}
	if d.Records.Storage == "" {
		d.Records.Storage = "encrypted laptop and private git remote"
	}
	if d.Records.Retention.IsZero() {
		d.Records.Retention = Retention{N: 6, Unit: 'y'}
	}
	if d.Confidentiality == "" {
		d.Confidentiality = "Kept between us, except where the law requires or someone is at risk of harm."
	}
	if s.Handouts.Paper == "" {
		s.Handouts.Paper = "A4"
	}
	if s.Handouts.PDFEngine == "" {
		s.Handouts.PDFEngine = "builtin"
	}
}

// Path joins slash-separated parts onto the practice root.
func (p *Practice) Path(rel string) string {
	return filepath.Join(p.Root, filepath.FromSlash(rel))
}

// PrivacyRule is the practice's private-heading rule: "private" and the
// words of practice.yaml's privacy.headings.
func (s *Settings) PrivacyRule() body.Rule {
	if s == nil {
		return body.Rule{}
	}
	return body.NewRule(s.Privacy.Headings)
}
