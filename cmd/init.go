package cmd

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/spf13/cobra"

	"github.com/rapport-coach/rapport/records"
	"github.com/rapport-coach/rapport/scaffold"
	"github.com/rapport-coach/rapport/templates"
)

type initOptions struct {
	dir        string
	coach      string
	email      string
	ethics     string
	name       string
	credential string
	hook       bool
}

func newInitCmd(a *App) *cobra.Command {
	o := &initOptions{}
	c := &cobra.Command{
		Use:   "init [DIR] --coach NAME",
		Short: "Start a practice: practice.yaml, clients/, .gitignore and a git repository",
		Long: `Start a practice in DIR (default: the current folder).

It writes practice.yaml with sensible defaults, an empty clients/ folder and a
.gitignore that keeps rendered handouts (public/) out of git, then makes the
first commit, authored by the coach. Inside an existing git repository the
practice files are added to it; in a folder that is already a practice, init
refuses and changes nothing.`,
		Example: `  rapport init northfield --coach "Jo Bloggs" --email jo@northfield.example`,
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dir = "."
			if len(args) == 1 {
				o.dir = args[0]
			}
			return runInit(a, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.coach, "coach", "", "the coach's `name`, as it appears on handouts (required)")
	f.StringVar(&o.email, "email", "", "the coach's email `address`")
	f.StringVar(&o.ethics, "ethics", "", "the code of `ethics` the practice follows (default: ICF Code of Ethics (2025))")
	f.StringVar(&o.name, "name", "", "the practice's `name` (default: the coach's name followed by Coaching)")
	f.StringVar(&o.credential, "credential", "", "the coach's `credential`, such as ICF PCC")
	f.BoolVar(&o.hook, "hook", false, "also install a git pre-commit hook that runs rapport check")
	return c
}

func runInit(a *App, o *initOptions) error {
	if err := checkText(flagText("coach", o.coach), flagText("email", o.email), flagText("ethics", o.ethics),
		flagText("name", o.name), flagText("credential", o.credential)); err != nil {
		return err
	}
	dir, err := a.abs(o.dir)
	if err != nil {
		return err
	}
	if records.IsPractice(dir) {
		return failure(fmt.Errorf("%s is already a practice: it has a practice.yaml", o.dir),
			"nothing was changed; run rapport check there to see its state")
	}
	if parent, err := records.Find(dir); err == nil {
		return failure(fmt.Errorf("%s is inside the practice at %s", o.dir, parent),
			"nothing was changed; a practice cannot hold another one")
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return failure(fmt.Errorf("%s is a file, not a folder", o.dir), "")
	}
	if strings.TrimSpace(o.coach) == "" {
		return usageError(`rapport init --coach "Jo Bloggs"`, "init needs the coach's name")
	}

	s := records.DefaultSettings()
	s.Coach = records.Coach{Name: strings.TrimSpace(o.coach), Email: o.email, Credential: o.credential}
	s.Name = strings.TrimSpace(o.name)
	if s.Name == "" {
		s.Name = s.Coach.Name + " Coaching"
	}
	if o.ethics != "" {
		s.Ethics = o.ethics
	}
	settings, err := renderPracticeYAML(s)
	if err != nil {
		return err
	}

	if err := os.MkdirAll(filepath.Join(dir, records.ClientsDir), 0o755); err != nil {
		return failure(err, "")
	}
	created := []string{}
	write := func(rel string, data []byte) error {
		path := filepath.Join(dir, rel)
		if err := records.CreateFile(path, data, 0o644); err != nil {
			return err
		}
		created = append(created, path)
		fmt.Fprintf(a.Stdout, "created %s\n", filepath.ToSlash(filepath.Join(o.dir, rel)))
		return nil
	}
	if err := write(records.SettingsFile, settings); err != nil {
		return failure(err, "")
	}
	// Git keeps no empty folders: the marker makes clients/ exist in a clone.
	keep := filepath.Join(records.ClientsDir, ".gitkeep")
	if _, err := os.Stat(filepath.Join(dir, keep)); errors.Is(err, os.ErrNotExist) {
		if err := write(keep, nil); err != nil {
			return failure(err, "")
		}
	}
	ignore, err := ensureIgnored(filepath.Join(dir, ".gitignore"), "public/", records.LockFile, records.HandoverIgnore)
	if err != nil {
		return failure(err, "")
	}
	if ignore != "" {
		created = append(created, filepath.Join(dir, ".gitignore"))
		fmt.Fprintf(a.Stdout, "%s %s\n", ignore, filepath.ToSlash(filepath.Join(o.dir, ".gitignore")))
	}

	repo, err := records.OpenRepo(dir)
	switch {
	case errors.Is(err, records.ErrNoRepo):
		if repo, err = records.InitRepo(dir); err != nil {
			return failure(fmt.Errorf("making the git repository: %w", err), "")
		}
		fmt.Fprintf(a.Stdout, "initialised git repository in %s\n", o.dir)
	case err != nil:
		return failure(fmt.Errorf("opening the git repository: %w", err), "")
	default:
		fmt.Fprintf(a.Stdout, "adding the practice to the git repository at %s\n", repo.Root)
	}
	email := s.Coach.Email
	if email == "" {
		email = "coach@localhost"
	}
	hash, err := repo.Commit(created, "Start the practice "+s.Name, s.Coach.Name, email, a.Now())
	if err != nil {
		return failure(fmt.Errorf("committing the practice files: %w", err), "the files are written; commit them with git")
	}
	fmt.Fprintf(a.Stdout, "committed %s \"Start the practice %s\"\n", hash.String()[:7], s.Name)
	if o.hook {
		if err := installHook(a, dir, false); err != nil {
			return err
		}
	}
	fmt.Fprintf(a.Stdout, "\nnext: rapport new client \"Alice Smith\" --email alice@example.org\n")
	return nil
}

func renderPracticeYAML(s *records.Settings) ([]byte, error) {
	t, err := template.New("practice.yaml").Funcs(template.FuncMap{"yaml": scaffold.Scalar}).
		ParseFS(templates.FS, "scaffolds/practice.yaml")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ensureIgnored makes sure .gitignore holds each line, keeping whatever else
// it holds. It says what it did: "created", "updated" or "" for nothing.
func ensureIgnored(path string, lines ...string) (string, error) {
	const header = "# rendered handouts are made from the records, and the lock is rapport's own: never commit them\n"
	old, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "created", records.CreateFile(path, []byte(header+strings.Join(lines, "\n")+"\n"), 0o644)
	}
	if err != nil {
		return "", err
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(old), "\n") {
		l = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(l), "/"), "/")
		have[l] = true
	}
	var missing []string
	for _, l := range lines {
		if !have[strings.TrimSuffix(l, "/")] {
			missing = append(missing, l)
		}
	}
	if len(missing) == 0 {
		return "", nil
	}
	if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
		old = append(old, '\n')
	}
	return "updated", records.WriteFile(path, append(old, []byte(strings.Join(missing, "\n")+"\n")...), 0o644)
}
