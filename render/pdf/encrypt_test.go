package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
