package cmd

import (
	"bytes"
	"crypto/sha256"
	"encoding"
	"encoding/gob"
	"fmt"
	"sync"

	"github.com/rapport-coach/rapport/records"
)

// kept is what a command made of each client (check's findings, status's
// row), kept in the practice's cache under the client's records by content
// (records.Client.Digest) and everything else it was made from (salt):
// practice.yaml and the rapport running are in the cache's own key. A
// client whose records are as they were is then not read again
// (records.LoadOptions.Unchanged).
type kept[T any] struct {
	p     *records.Practice
	what  string
	salt  string
	valid func(id string, v T) bool // whether a kept value can be this client's
	mu    sync.Mutex
	got   map[string]T
}

func newKept[T any](p *records.Practice, what, salt string, valid func(string, T) bool) *kept[T] {
	return &kept[T]{p: p, what: what, salt: salt, valid: valid, got: map[string]T{}}
}

func (k *kept[T]) key(c *records.Client) ([32]byte, bool) {
	d, ok := c.Digest()
	if !ok {
		return d, false
	}
	return sha256.Sum256(fmt.Appendf(nil, "%s\n%x\n%s", k.what, d, k.salt)), true
}

// unchanged is records.LoadOptions.Unchanged: it finds what was made of
// the client before, if it was kept and could be the client's.
func (k *kept[T]) unchanged(c *records.Client) bool {
	key, ok := k.key(c)
	if !ok || k.p.Cache == nil {
		return false
	}
	data, ok := k.p.Cache.Blob(c.ID+"."+k.what, key)
	if !ok {
		return false
	}
	var v T
	if decodeKept(data, &v) != nil || !k.valid(c.ID, v) {
		return false
	}
	k.mu.Lock()
	k.got[c.ID] = v
	k.mu.Unlock()
	return true
}

// take is what unchanged found for the client.
func (k *kept[T]) take(id string) T {
	k.mu.Lock()
	defer k.mu.Unlock()
	v := k.got[id]
	delete(k.got, id)
	return v
}

// put keeps what was made of the client.
func (k *kept[T]) put(c *records.Client, v T) {
	key, ok := k.key(c)
	if !ok || k.p.Cache == nil {
		return
	}
	if data, err := encodeKept(v); err == nil {
		k.p.Cache.PutBlob(c.ID+"."+k.what, key, data)
	}
}

// encodeKept is v as kept: in its own binary form when it has one
// (records.ProblemList), which is cheaper to read back than gob.
func encodeKept[T any](v T) ([]byte, error) {
	if m, ok := any(v).(encoding.BinaryMarshaler); ok {
		return m.MarshalBinary()
	}
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(v)
	return b.Bytes(), err
}

// decodeKept reads what encodeKept wrote into v.
func decodeKept[T any](data []byte, v *T) error {
	if u, ok := any(v).(encoding.BinaryUnmarshaler); ok {
		return u.UnmarshalBinary(data)
	}
	return gob.NewDecoder(bytes.NewReader(data)).Decode(v)
}
