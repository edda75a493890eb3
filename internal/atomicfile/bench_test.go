package atomicfile

import (
	"fmt"
	"os"
	"testing"
)

// BenchmarkWriteOutput writes handout-sized files the way a build does,
// with and without syncs, to show what NoSync saves.
//
//	go test ./internal/atomicfile -bench . -run '^$'
func BenchmarkWriteOutput(b *testing.B) {
	data := make([]byte, 24<<10) // about a PDF handout
	for _, bc := range []struct {
		name string
		opts []Option
	}{
		{"sync", nil},
		{"nosync", []Option{NoSync()}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			root, err := os.OpenRoot(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer root.Close()
			root.Mkdir("alice", 0o755)
			b.SetBytes(int64(len(data)))
			i := 0
			for b.Loop() {
				name := fmt.Sprintf("alice/session-%02d.pdf", i%40)
				if err := WriteFileIn(root, name, data, 0o644, bc.opts...); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
