package records

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

// ErrNoRemote is returned by Sync when the repository has no such remote.
var ErrNoRemote = errors.New("no git remote")

// PushError is returned by Sync when the remote refused the push or it
// failed on the way. Nothing changed on this side.
type PushError struct {
	Remote string
	Err    error
}

func (e *PushError) Error() string { return e.Remote + " did not take the push: " + e.Err.Error() }

// Unwrap returns the error from the transport.
func (e *PushError) Unwrap() error { return e.Err }

// ErrDiverged is returned by Sync when both sides have commits the other
// lacks. rapport never merges client records on its own.
var ErrDiverged = errors.New("diverged")

// SyncResult says what Sync found and did.
type SyncResult struct {
	Remote, URL    string
	Branch         plumbing.ReferenceName // the local branch
	RemoteBranch   plumbing.ReferenceName // its name on the remote
	Local, Theirs  plumbing.Hash          // the two heads before syncing (Theirs zero: not on the remote yet)
	Ahead, Behind  int                    // commits only here, commits only there
	Pulled, Pushed bool
}

// Sync brings the current branch and its namesake on the remote together:
// it fetches, fast-forwards the branch (and the files) when only the remote
// has new commits, refuses with ErrDiverged when both have, and pushes when
// only this side has. It talks to no remote but the named one, and refuses
// uncommitted changes before it talks to any. Credentials come from the SSH
// agent for ssh URLs and from git's credential helper for http(s) ones.
func (r *Repo) Sync(ctx context.Context, remoteName string) (*SyncResult, error) {
	res := &SyncResult{Remote: remoteName}
	remote, err := r.Remote(remoteName)
	if errors.Is(err, git.ErrRemoteNotFound) {
		return nil, fmt.Errorf("%w named %s", ErrNoRemote, remoteName)
	}
	if err != nil {
		return nil, err
	}
	if urls := remote.Config().URLs; len(urls) > 0 {
		res.URL = urls[0]
	}
	if res.Branch, res.Local, err = r.Branch(); err != nil {
		return nil, err
	}
	res.RemoteBranch = r.upstream(res.Branch, remoteName)
	changes, err := r.Changes()
	if err != nil {
		return nil, err
	}
	if len(changes) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrDirty, strings.Join(changes, ", "))
	}

	cred := newCredentials(res.URL)
	err = cred.retry(func(auth transport.AuthMethod) error {
		return remote.FetchContext(ctx, &git.FetchOptions{RemoteName: remoteName, Auth: auth})
	})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) && !errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return nil, fmt.Errorf("fetching from %s: %w", remoteName, err)
	}
	tracking := plumbing.NewRemoteReferenceName(remoteName, res.RemoteBranch.Short())
	if ref, err := r.Storer.Reference(tracking); err == nil {
		res.Theirs = ref.Hash()
	}
	if res.Ahead, res.Behind, err = r.aheadBehind(res.Local, res.Theirs); err != nil {
		return nil, err
	}

	switch {
	case res.Ahead > 0 && res.Behind > 0:
		return res, ErrDiverged
	case res.Behind > 0:
		if err := r.fastForward(res.Branch, res.Local, res.Theirs); err != nil {
			return res, fmt.Errorf("cannot pull from %s: %w", remoteName, err)
		}
		res.Pulled = true
	case res.Ahead > 0:
		spec := config.RefSpec(res.Branch.String() + ":" + res.RemoteBranch.String())
		err := cred.retry(func(auth transport.AuthMethod) error {
			return remote.PushContext(ctx, &git.PushOptions{RemoteName: remoteName, RefSpecs: []config.RefSpec{spec}, Auth: auth})
		})
		if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
			return res, &PushError{Remote: remoteName, Err: err}
		}
		// Record what the remote now has, as git push does.
		_ = r.Storer.SetReference(plumbing.NewHashReference(tracking, res.Local))
		res.Pushed = true
	}
	return res, nil
}

// upstream is the branch's name on the remote: its configured upstream, or
// the same name.
func (r *Repo) upstream(branch plumbing.ReferenceName, remote string) plumbing.ReferenceName {
	cfg, err := r.Config()
	if err == nil {
		if b, ok := cfg.Branches[branch.Short()]; ok && b.Remote == remote && b.Merge.IsBranch() {
			return b.Merge
		}
	}
	return branch
}

// aheadBehind counts the commits only in ours and only in theirs.
func (r *Repo) aheadBehind(ours, theirs plumbing.Hash) (ahead, behind int, err error) {
	a, err := r.ancestors(ours)
	if err != nil {
		return 0, 0, err
	}
	b, err := r.ancestors(theirs)
	if err != nil {
		return 0, 0, err
	}
	for h := range a {
		if !b[h] {
			ahead++
		}
	}
	for h := range b {
		if !a[h] {
			behind++
		}
	}
	return ahead, behind, nil
}

func (r *Repo) ancestors(h plumbing.Hash) (map[plumbing.Hash]bool, error) {
	seen := map[plumbing.Hash]bool{}
	if h.IsZero() {
		return seen, nil
	}
	todo := []plumbing.Hash{h}
	for len(todo) > 0 {
		h := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[h] {
			continue
		}
		seen[h] = true
		c, err := object.GetCommit(r.Storer, h)
		if err != nil {
			return nil, fmt.Errorf("reading commit %s: %w", h, err)
		}
		todo = append(todo, c.ParentHashes...)
	}
	return seen, nil
}

// credentials asks git's credential helper for a username and password,
// only for an http(s) remote and only once the server has asked for them.
// The password is handed to go-git and never printed or stored by rapport;
// the helper is told whether it worked, as git itself does.
type credentials struct {
	url  *url.URL
	auth *githttp.BasicAuth
}

func newCredentials(remoteURL string) *credentials {
	u, err := url.Parse(remoteURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return &credentials{} // ssh uses the agent; file and git need nothing
	}
	return &credentials{url: u}
}

// retry runs op without credentials (or with those already found), and once
// more with the helper's when the server asks for authentication.
func (c *credentials) retry(op func(transport.AuthMethod) error) error {
	var auth transport.AuthMethod
	if c.auth != nil {
		auth = c.auth
	}
	err := op(auth)
	if c.url == nil || c.auth != nil || !errors.Is(err, transport.ErrAuthenticationRequired) {
		return err
	}
	user, pass, ferr := c.helper("fill", "", "")
	if ferr != nil {
		return fmt.Errorf("%w (asking git's credential helper: %v)", err, ferr)
	}
	c.auth = &githttp.BasicAuth{Username: user, Password: pass}
	err = op(c.auth)
	switch {
	case err == nil || errors.Is(err, git.NoErrAlreadyUpToDate):
		_, _, _ = c.helper("approve", user, pass)
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed):
		_, _, _ = c.helper("reject", user, pass)
		c.auth = nil
	}
	return err
}

// helper runs git credential ACTION for the remote's host and path.
func (c *credentials) helper(action, user, pass string) (string, string, error) {
	var in bytes.Buffer
	fmt.Fprintf(&in, "protocol=%s\nhost=%s\npath=%s\n", c.url.Scheme, c.url.Host, strings.TrimPrefix(c.url.Path, "/"))
	if user != "" {
		fmt.Fprintf(&in, "username=%s\npassword=%s\n", user, pass)
	}
	in.WriteString("\n")
	cmd := exec.Command("git", "credential", action)
	cmd.Stdin = &in
	cmd.Stderr = os.Stderr // git may ask for a username on the terminal
	out, err := cmd.Output()
	if err != nil || action != "fill" {
		return "", "", err
	}
	for _, line := range strings.Split(string(out), "\n") {
		k, v, _ := strings.Cut(line, "=")
		switch k {
		case "username":
			user = v
		case "password":
			pass = v
		}
	}
	if user == "" && pass == "" {
		return "", "", errors.New("no credentials for " + c.url.Host)
	}
	return user, pass, nil
}
