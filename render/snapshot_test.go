package render

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rapport-coach/rapport/render/chromium"
)

// snapshotDPI is coarse on purpose: the layout shows, the glyphs' hinting
// does not, and the PNGs stay small.
const snapshotDPI = "30"

// snapshotKinds are the handouts looked at: one of every kind.
var snapshotKinds = []string{"agreement", "session-02", "reflection-01", "progress", "privacy"}

// TestSnapshots lays out one client's handouts of every kind with the
// builtin engine and, when it is installed, Chromium's, and compares each
// page as pdftoppm draws it with a PNG under testdata/snapshots, allowing
// a small share of pixels to differ (anti-aliasing, another poppler). Run
// with -update to accept a layout change, then look at the PNGs' diff.
func TestSnapshots(t *testing.T) {
	needPoppler(t)
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("skipping: pdftoppm is not installed (Debian package poppler-utils)")
	}
	engines := []string{EngineBuiltin}
	switch _, err := chromium.Find(); {
	case err != nil:
		t.Logf("only the builtin engine: %v (Debian package chromium)", err)
	case testing.Short():
		t.Log("only the builtin engine in -short mode")
	default:
		engines = append(engines, EngineChromium)
	}
	for _, engine := range engines {
		t.Run(engine, func(t *testing.T) {
			p := openPractice(t, copyPractice(t, "../example-practice"))
			opts := Options{Dest: t.TempDir(), Today: exampleToday, Formats: []Format{FormatPDF}, PDFEngine: engine}
			if engine == EngineChromium {
				printer, err := StartChromium()
				if err != nil {
					t.Fatal(err)
				}
				defer printer.Close()
				opts.Printer = printer
			}
			rep, err := ClientHandouts(p, "eleni-papadopoulou", opts)
			if err != nil {
				t.Fatal(err)
			}
			seen := 0
			for _, w := range rep.Written {
				if !slices.Contains(snapshotKinds, w.Job.ID) {
					continue
				}
				seen++
				comparePages(t, w.Path, engine+"-"+w.Job.ID)
			}
			if seen != len(snapshotKinds) {
				t.Errorf("%d of the %d handouts looked at were written", seen, len(snapshotKinds))
			}
		})
	}
}

// comparePages draws a PDF's pages and compares each with its snapshot.
func comparePages(t *testing.T, pdfPath, name string) {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("pdftoppm", "-r", snapshotDPI, "-gray", "-png", pdfPath, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm %s: %v\n%s", pdfPath, err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "p-*.png"))
	slices.Sort(pages)
	for i, got := range pages {
		golden := filepath.Join("testdata", "snapshots", fmt.Sprintf("%s-p%d.png", name, i+1))
		if *update {
			data, err := os.ReadFile(got)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if share, err := pixelsDiffer(got, golden); err != nil {
			t.Errorf("%s: %v; run go test ./render -run TestSnapshots -update and look at the PNGs", golden, err)
		} else if share > 0.006 {
			t.Errorf("%s: %.2f%% of the pixels differ; run go test ./render -run TestSnapshots -update and look at the PNGs' diff", golden, 100*share)
		}
	}
	extra := filepath.Join("testdata", "snapshots", fmt.Sprintf("%s-p%d.png", name, len(pages)+1))
	if _, err := os.Stat(extra); err == nil {
		if *update {
			os.Remove(extra)
		} else {
			t.Errorf("%s: the handout has %d pages, the snapshots more", name, len(pages))
		}
	}
}

// pixelsDiffer is the share of pixels whose grey differs by more than a
// quarter of the scale.
func pixelsDiffer(a, b string) (float64, error) {
	ia, err := readPNG(a)
	if err != nil {
		return 0, err
	}
	ib, err := readPNG(b)
	if err != nil {
		return 0, err
	}
	if ia.Bounds() != ib.Bounds() {
		return 0, fmt.Errorf("page is %v, the snapshot %v", ia.Bounds().Size(), ib.Bounds().Size())
	}
	r := ia.Bounds()
	differ := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ga, _, _, _ := ia.At(x, y).RGBA()
			gb, _, _, _ := ib.At(x, y).RGBA()
			if d := int(ga>>8) - int(gb>>8); d > 64 || d < -64 {
				differ++
			}
		}
	}
	return float64(differ) / float64(r.Dx()*r.Dy()), nil
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}
