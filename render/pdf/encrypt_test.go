package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func TestEncrypt(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	d := sessionDoc(t, "A4")
	plain := render(t, d, "plain.pdf")
	locked, err := Encrypt(plain, "tuesday-42")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := poppler(t, "pdfinfo", locked); err == nil || !strings.Contains(out, "Incorrect password") {
		t.Errorf("pdfinfo opened the locked PDF without a password: %v\n%s", err, out)
	}
	if out, err := poppler(t, "pdftotext", locked, "-upw", "wrong"); err == nil {
		t.Errorf("pdftotext opened the locked PDF with a wrong password:\n%s", out)
	}
	m := info(t, locked, "-upw", "tuesday-42")
	if m["Encrypted"] == "" || !strings.Contains(m["Encrypted"], "AES-256") {
		t.Errorf("encryption = %q, want AES-256", m["Encrypted"])
	}
	if r := encryptRevision(t, locked, "tuesday-42"); r != 6 {
		t.Errorf("encryption dictionary has /R %d, want /R 6 (AES-256, PDF 2.0)", r)
	}
	if m["Title"] != d.Title || m["Author"] != d.Author || m["Pages"] != "2" {
		t.Errorf("after encryption title %q, author %q, pages %q", m["Title"], m["Author"], m["Pages"])
	}
	if text := plainText(t, locked, "-upw", "tuesday-42"); !strings.Contains(text, "Zoë Łukasiewicz") {
		t.Errorf("text of the unlocked PDF lacks the client's name:\n%s", text)
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("encryption wrote into the home folder: %v", entries)
	}
	if _, err := Encrypt(plain, ""); err == nil {
		t.Error("an empty password was accepted")
	}
}

// encryptRevision reads the /R entry of the Encrypt dictionary that the
// PDF's trailer points to, opening the document with password.
func encryptRevision(t *testing.T, pdf []byte, password string) int {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.UserPW, conf.OwnerPW = password, password
	ctx, err := api.ReadContext(bytes.NewReader(pdf), conf)
	if err != nil {
		t.Fatalf("read the locked PDF: %v", err)
	}
	if ctx.Encrypt == nil {
		t.Fatal("the locked PDF's trailer has no /Encrypt")
	}
	enc, err := ctx.DereferenceDict(*ctx.Encrypt)
	if err != nil || enc == nil {
		t.Fatalf("read the Encrypt dictionary: %v", err)
	}
	r := enc.IntEntry("R")
	if r == nil {
		t.Fatalf("the Encrypt dictionary has no /R: %v", enc)
	}
	if enc.IntEntry("V") == nil || *enc.IntEntry("V") != 5 {
		t.Errorf("the Encrypt dictionary has /V %v, want 5 (AES-256)", enc["V"])
	}
	return *r
}
