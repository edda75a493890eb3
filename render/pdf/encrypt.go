package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// noConfigDir stops pdfcpu from creating its configuration folder in the
// user's home; it is done once because pdfcpu reads the setting unlocked.
var noConfigDir sync.Once

// Encrypt locks a PDF with AES-256 so it opens only with password, for
// handouts sent by email. It uses the standard security handler's revision
// 6 (PDF 2.0): revision 5, which pdfcpu writes for older versions, checks a
// password with a single SHA-256 and is far cheaper to brute-force. The same password is the owner password: the
// client may print, copy and annotate their own handout freely. The
// document information (title, author, subject) is kept.
func Encrypt(in []byte, password string) ([]byte, error) {
	if password == "" {
		return nil, errors.New("encrypt pdf: empty password")
	}
	noConfigDir.Do(api.DisableConfigDir)
	conf := model.NewAESConfiguration(password, password, 256)
	conf.Permissions = model.PermissionsAll
	conf.Cmd = model.ENCRYPT
	ctx, err := api.ReadValidateAndOptimize(bytes.NewReader(in), conf)
	if err != nil {
		return nil, fmt.Errorf("encrypt pdf: %w", err)
	}
	// pdfcpu chooses revision 6 from the document's version, so the locked
	// handout is written as PDF 2.0; nothing in a handout needs an older one.
	v20 := model.V20
	ctx.HeaderVersion, ctx.RootVersion = &v20, nil
	if ctx.Info == nil {
		// gopdf writes the document information straight into the trailer,
		// where pdfcpu does not look; give it its own object again.
		if info := trailerInfo(in); info != nil {
			ref, err := ctx.IndRefForNewObject(info)
			if err != nil {
				return nil, fmt.Errorf("encrypt pdf: keep document information: %w", err)
			}
			ctx.Info = ref
		}
	}
	var out bytes.Buffer
	if err := api.WriteContext(ctx, &out); err != nil {
		return nil, fmt.Errorf("encrypt pdf: %w", err)
	}
	return out.Bytes(), nil
}

// trailerInfo returns the document information dictionary written inline
// in the last trailer, or nil.
func trailerInfo(pdf []byte) types.Dict {
	start := bytes.LastIndex(pdf, []byte("trailer"))
	if start < 0 {
		return nil
	}
	end := bytes.Index(pdf[start:], []byte("startxref"))
	if end < 0 {
		return nil
	}
	s := string(pdf[start+len("trailer") : start+end])
	obj, err := model.ParseObject(&s)
	if err != nil {
		return nil
	}
	trailer, ok := obj.(types.Dict)
	if !ok {
		return nil
	}
	info, ok := trailer["Info"].(types.Dict)
	if !ok {
		return nil
	}
	return info
}

// Note: an encrypted handout is not byte-for-byte reproducible: the key and
// file ID are random.
