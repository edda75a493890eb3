package records

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestPullFailingHalfwayIsUndone makes a pull fail after it has changed a
// file: the next file is bigger than the process may write (as on a full
// disk; the pack fetched is small, since the file compresses well). What
// the pull did is undone, file by file, and the untracked and
// ignored files beside them are never touched.
func TestPullFailingHalfwayIsUndone(t *testing.T) {
	f := newPullFixture(t)
	writeFile(t, filepath.Join(f.b, "clients/alice/agreement.md"), "alice, amended\n")
	writeFile(t, filepath.Join(f.b, "clients/zed/big.md"), strings.Repeat("x", 16<<20))
	f.push(t)
	writeFile(t, filepath.Join(f.a, "clients/alice/sessions/01.md"), "not committed\n")
	writeFile(t, filepath.Join(f.a, "public/alice/index.html"), "ignored\n")
	before := treeState(t, f.a)

	var limit syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Skip(err)
	}
	small := limit
	small.Cur = 8 << 20
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &small); err != nil {
		t.Skip(err)
	}
	_, err := syncIn(t, f.a)
	if rerr := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); rerr != nil {
		t.Fatal(rerr)
	}
	if err == nil || !strings.Contains(err.Error(), "clients/zed/big.md") {
		t.Fatalf("want the big file's write to fail, got %v", err)
	}
	if strings.Contains(err.Error(), "putting") {
		t.Errorf("the undo failed: %v", err)
	}
	if after := treeState(t, f.a); after != before {
		t.Errorf("a failed pull was not undone\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if _, err := os.Lstat(filepath.Join(f.a, "clients/zed")); !os.IsNotExist(err) {
		t.Errorf("the folder the pull made is still there: %v", err)
	}
}
