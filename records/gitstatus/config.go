package gitstatus

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	format "github.com/go-git/go-git/v5/plumbing/format/config"
)

// settings are the core.* options that change what git status reports.
type settings struct {
	fileMode     bool   // core.fileMode: an executable bit change is a change
	trustCtime   bool   // core.trustCtime
	minimalStat  bool   // core.checkStat=minimal: only mtime seconds, size and mode
	autocrlf     bool   // core.autocrlf true or input: CRLF becomes LF in git
	excludesFile string // core.excludesFile, "" for git's default
}

// readSettings reads the options from the system, global and repository
// configuration, later ones winning, as git does. go-git's ConfigScoped keeps
// only the options it models, so the raw files are read here.
func readSettings(repo *git.Repository) (settings, error) {
	var raws []*format.Config
	if os.Getenv("GIT_CONFIG_NOSYSTEM") == "" {
		files, err := config.Paths(config.SystemScope)
		if err != nil {
			return settings{}, err
		}
		raws = append(raws, readConfigFiles(files)...)
	}
	raws = append(raws, readConfigFiles(globalConfigFiles())...)
	local, err := repo.Storer.Config()
	if err != nil {
		return settings{}, err
	}
	raws = append(raws, local.Raw)

	s := settings{fileMode: defaultFileMode, trustCtime: true}
	for _, raw := range raws {
		core := raw.Section("core")
		if v, ok := option(core, "filemode"); ok {
			s.fileMode = parseBool(v)
		}
		if v, ok := option(core, "trustctime"); ok {
			s.trustCtime = parseBool(v)
		}
		if v, ok := option(core, "checkstat"); ok {
			s.minimalStat = strings.EqualFold(v, "minimal")
		}
		if v, ok := option(core, "autocrlf"); ok {
			s.autocrlf = strings.EqualFold(v, "input") || parseBool(v)
		}
		if v, ok := option(core, "excludesfile"); ok {
			s.excludesFile = v
		}
	}
	return s, nil
}

// globalConfigFiles are the user's configuration files, the one read last
// winning: $XDG_CONFIG_HOME/git/config (or ~/.config/git/config), then
// ~/.gitconfig, or only $GIT_CONFIG_GLOBAL when it is set.
func globalConfigFiles() []string {
	if f := os.Getenv("GIT_CONFIG_GLOBAL"); f != "" {
		return []string{f}
	}
	var files []string
	if xdg := xdgConfigHome(); xdg != "" {
		files = append(files, filepath.Join(xdg, "git", "config"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		files = append(files, filepath.Join(home, ".gitconfig"))
	}
	return files
}

func xdgConfigHome() string {
	if xdg := os.Getenv("XDG_CONFIG_HOME"); xdg != "" {
		return xdg
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".config")
	}
	return ""
}

// readConfigFiles parses the files that exist; one that cannot be parsed is
// skipped, as a broken user configuration is no reason to stop a check.
func readConfigFiles(files []string) []*format.Config {
	var out []*format.Config
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		c, err := config.ReadConfig(f)
		f.Close()
		if err == nil {
			out = append(out, c.Raw)
		}
	}
	return out
}

// option is the last value of key in the section, as git takes it.
func option(s *format.Section, key string) (string, bool) {
	vals := s.Options.GetAll(key)
	if len(vals) == 0 {
		return "", false
	}
	return vals[len(vals)-1], true
}

// parseBool reads a git boolean; a key given without a value is true.
func parseBool(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "true", "yes", "on", "1":
		return true
	}
	return false
}
