// Package termtext lays text out for a terminal by how wide it shows, not by
// how many characters it has: a client's name in Chinese, Japanese or Korean
// takes two columns a character, and an accent combined onto a letter none.
// Every command that aligns or wraps text for the terminal uses it.
package termtext

import (
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
	"golang.org/x/term"
)

// cond measures East Asian ambiguous characters (Greek, Cyrillic, some
// symbols) as one column whatever the locale, so output does not change
// with the coach's LANG.
var cond = func() *runewidth.Condition {
	c := runewidth.NewCondition()
	c.EastAsianWidth = false
	return c
}()

// Width is how many terminal columns s takes.
func Width(s string) int { return cond.StringWidth(s) }

// Clip shortens s to at most n columns, marking a cut with an ellipsis.
func Clip(s string, n int) string {
	if Width(s) <= n {
		return s
	}
	return cond.Truncate(s, n, "…")
}

// Pad fills s with spaces on the right to n columns.
func Pad(s string, n int) string {
	return s + strings.Repeat(" ", max(n-Width(s), 0))
}

// Columns writes rows as left-aligned columns separated by gap spaces, the
// way text/tabwriter does but measured in columns on screen. The last cell
// of a row is not padded, so no line ends in spaces.
func Columns(w io.Writer, rows [][]string, gap int) error {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], Width(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i == len(r)-1 {
				b.WriteString(c)
				break
			}
			b.WriteString(Pad(c, widths[i]+gap))
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Limits on the width text is wrapped to: narrower than MinWidth nothing
// reads well, and lines wider than MaxWidth are hard to follow.
const (
	MinWidth = 40
	MaxWidth = 100
)

// TerminalWidth is the width to wrap output to: $COLUMNS when set, else the
// width of out when it is a terminal, else fallback; kept between MinWidth
// and MaxWidth.
func TerminalWidth(getenv func(string) string, out io.Writer, fallback int) int {
	w := fallback
	if n, err := strconv.Atoi(strings.TrimSpace(getenv("COLUMNS"))); err == nil && n > 0 {
		w = n
	} else if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if n, _, err := term.GetSize(int(f.Fd())); err == nil && n > 0 {
			w = n
		}
	}
	return min(max(w, MinWidth), MaxWidth)
}
