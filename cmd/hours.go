package cmd

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-coach/rapport/internal/termtext"
	"github.com/rapport-coach/rapport/records"
	"github.com/spf13/cobra"
	"golang.org/x/text/unicode/norm"
)

type hoursOptions struct {
	from, to string
	format   string // markdown | csv | json
	bom      bool
}

func newHoursCmd(a *App) *cobra.Command {
	o := &hoursOptions{}
	c := &cobra.Command{
		Use:   "hours",
		Short: "Export the coaching-hours log for accreditation, as Markdown, CSV or JSON",
		Long: `Export the coaching-hours log that accreditation bodies ask for: one row per
client and format (individual, or group with its size), with the client's name
and email, the first and last session in the range, the number of sessions and
the paid and pro-bono hours (minutes / 60, two decimals); then the totals.

A client whose agreement does not record consents: {named_in_hours_log: true}
appears as "Client N", with contact withheld. N is the client's place in the
whole log, ordered by first session, so it stays the same whatever the range.

Hours come from each session's minutes (the agreement's session length when a
session does not say) and billing (the agreement's fees when it does not say).

The default format is Markdown, which reads well in the terminal and prints as
a document. --format csv writes RFC 4180 CSV in UTF-8 with a byte-order mark,
so Excel shows accented and non-Latin names correctly; --bom=false leaves the
mark out for other tools. A name or contact that a spreadsheet would run as a
formula (starting with =, +, -, @) is written with a leading apostrophe, which
makes it plain text.

--format json is for other programs: one object,
  {"from": DATE|null, "to": DATE|null,
   "rows": [{"client", "named", "contact", "format", "group_size", "first",
             "last", "sessions", "paid_minutes", "pro_bono_minutes"}],
   "totals": {"clients", "sessions", "paid_minutes", "pro_bono_minutes"}}
where client is "Client N" and contact is left out for a client who has not
consented to being named, and dates are YYYY-MM-DD.`,
		Example: `  rapport hours
  rapport hours --from 2026-01-01 --to 2026-12-31 --format csv > hours-2026.csv`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			return runHours(a, o)
		},
	}
	c.Flags().StringVar(&o.from, "from", "", "only sessions on or after this `date` (YYYY-MM-DD)")
	c.Flags().StringVar(&o.to, "to", "", "only sessions on or before this `date` (YYYY-MM-DD)")
	c.Flags().StringVar(&o.format, "format", "markdown", "output `format`: markdown, csv or json")
	c.Flags().BoolVar(&o.bom, "bom", true, "start CSV with a UTF-8 byte-order mark, for Excel")
	return c
}

func runHours(a *App, o *hoursOptions) error {
	if o.format != "markdown" && o.format != "csv" && o.format != "json" {
		return usageError("use --format markdown, csv or json", "unknown format %q", o.format)
	}
	from, to, err := dateRange(o.from, o.to)
	if err != nil {
		return err
	}
	p, err := a.Practice()
	if err != nil {
		return err
	}
	ids, _, err := p.ClientIDs()
	if err != nil {
		return failure(err, "")
	}
	b := records.NewHoursBuilder(from, to)
	err = p.Each(ids, records.LoadOptions{}, func(c *records.Client, err error) error {
		if err != nil {
			return err
		}
		b.Add(c)
		return nil
	})
	if err != nil {
		return failure(err, "")
	}
	log := b.Log()
	switch o.format {
	case "csv":
		return writeHoursCSV(a.Stdout, log, o.bom)
	case "json":
		return writeJSON(a.Stdout, hoursJSON(log))
	}
	return writeHoursMarkdown(a.Stdout, log, p.Settings, a.Today())
}

// flagDate reads an optional YYYY-MM-DD flag value.
func flagDate(flag, v string) (records.Date, error) {
	if v == "" {
		return records.Date{}, nil
	}
	d, err := records.ParseDate(v)
	if err != nil {
		return d, usageError("write dates as YYYY-MM-DD, such as 2026-01-31", "%s: %v", flag, err)
	}
	return d, nil
}

// dateRange reads --from and --to, either of which may be empty.
func dateRange(fromFlag, toFlag string) (from, to records.Date, err error) {
	if from, err = flagDate("--from", fromFlag); err != nil {
		return
	}
	if to, err = flagDate("--to", toFlag); err != nil {
		return
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		err = usageError("swap the two dates", "--to %s is before --from %s", to, from)
	}
	return
}

// hoursJSON is the log in the shape --format json documents. An anonymous
// client's contact is left out, as the other formats withhold it.
func hoursJSON(l *records.HoursLog) any {
	type row struct {
		Client         string  `json:"client"`
		Named          bool    `json:"named"`
		Contact        string  `json:"contact,omitempty"`
		Format         string  `json:"format"`
		GroupSize      int     `json:"group_size,omitempty"`
		First          *string `json:"first"`
		Last           *string `json:"last"`
		Sessions       int     `json:"sessions"`
		PaidMinutes    int     `json:"paid_minutes"`
		ProBonoMinutes int     `json:"pro_bono_minutes"`
	}
	type totals struct {
		Clients        int `json:"clients"`
		Sessions       int `json:"sessions"`
		PaidMinutes    int `json:"paid_minutes"`
		ProBonoMinutes int `json:"pro_bono_minutes"`
	}
	out := struct {
		From   *string `json:"from"`
		To     *string `json:"to"`
		Rows   []row   `json:"rows"`
		Totals totals  `json:"totals"`
	}{From: jsonDate(l.From), To: jsonDate(l.To), Rows: []row{},
		Totals: totals{l.Clients, l.Sessions, l.PaidMinutes, l.ProBonoMinutes}}
	for _, r := range l.Rows {
		jr := row{Client: r.Label, Named: r.Named, Format: r.Format, First: jsonDate(r.First), Last: jsonDate(r.Last),
			Sessions: r.Sessions, PaidMinutes: r.PaidMinutes, ProBonoMinutes: r.ProBonoMinutes}
		if r.Named {
			jr.Contact = r.Contact
		}
		if r.Format == records.FormatGroup {
			jr.GroupSize = r.GroupSize
		}
		out.Rows = append(out.Rows, jr)
	}
	return out
}

// withheld stands in for an anonymous client's contact details.
const withheld = "withheld"

var hoursHeader = []string{"Client", "Contact", "Format", "Group size", "First session", "Last session",
	"Sessions", "Paid hours", "Pro bono hours", "Total hours"}

func hoursCells(r records.HoursRow) []string {
	contact, size := r.Contact, ""
	if !r.Named {
		contact = withheld
	}
	if r.Format == records.FormatGroup && r.GroupSize > 0 {
		size = fmt.Sprint(r.GroupSize)
	}
	// Names and contacts come from records: escape what could disguise them.
	return []string{records.Visible(r.Label), records.Visible(contact), r.Format, size, r.First.String(), r.Last.String(), fmt.Sprint(r.Sessions),
		records.FormatHours(r.PaidMinutes), records.FormatHours(r.ProBonoMinutes), records.FormatHours(r.TotalMinutes())}
}

func hoursTotalCells(l *records.HoursLog) []string {
	first, last := "", ""
	for _, r := range l.Rows {
		if first == "" || r.First.String() < first {
			first = r.First.String()
		}
		if r.Last.String() > last {
			last = r.Last.String()
		}
	}
	return []string{"Total (" + nOf(l.Clients, "client") + ")", "", "", "", first, last, fmt.Sprint(l.Sessions),
		records.FormatHours(l.PaidMinutes), records.FormatHours(l.ProBonoMinutes), records.FormatHours(l.TotalMinutes())}
}

// writeHoursCSV writes the log as RFC 4180 CSV (CRLF line ends), the totals as
// its last row.
func writeHoursCSV(w io.Writer, l *records.HoursLog, bom bool) error {
	if bom {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	_ = cw.Write(hoursHeader)
	for _, r := range l.Rows {
		cells := hoursCells(r)
		// Client, Contact and Format are text from records; the rest are
		// dates and numbers rapport computed, written as they are.
		for i := range hoursTextColumns {
			cells[i] = csvText(cells[i])
		}
		_ = cw.Write(cells)
	}
	_ = cw.Write(hoursTotalCells(l))
	cw.Flush()
	return cw.Error()
}

// hoursTextColumns are the leading CSV columns whose values come from records.
const hoursTextColumns = 3

// csvText keeps a spreadsheet from running a text cell as a formula
// (OWASP's rule for CSV injection): a cell whose first character is =, +,
// -, @, a tab or a carriage return gets a leading apostrophe, which Excel,
// LibreOffice and Google Sheets read as "this is text" and do not show.
// The same goes for their full-width and small forms (＝, ﹦, ...), which
// some spreadsheets fold to ASCII, and for any of them behind leading
// spaces or invisible characters, which some spreadsheets skip.
//
// Only text from records goes through it. Hours, counts and dates are
// numbers rapport wrote itself, never a formula, and must stay numbers a
// spreadsheet can add up; a name such as "-5" is text and is quoted.
func csvText(s string) string {
	if s == "" {
		return s
	}
	if s[0] == '\t' || s[0] == '\r' {
		return "'" + s
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if formulaStart(r) {
			return "'" + s
		}
		break
	}
	return s
}

// formulaStart is true for a character that makes a spreadsheet read a
// cell as a formula, in any of its Unicode compatibility forms.
func formulaStart(r rune) bool {
	switch r {
	case '=', '+', '-', '@':
		return true
	}
	if r < utf8.RuneSelf {
		return false
	}
	f := norm.NFKC.String(string(r))
	return f == "=" || f == "+" || f == "-" || f == "@" || f == "\u2212" // minus sign
}

func writeHoursMarkdown(w io.Writer, l *records.HoursLog, s *records.Settings, today records.Date) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Coaching hours log\n\n")
	coach := s.Coach.Name
	if s.Coach.Credential != "" {
		coach += ", " + s.Coach.Credential
	}
	if coach != "" {
		fmt.Fprintf(&b, "Coach: %s  \n", mdEscape(records.Visible(coach)))
	}
	if s.Name != "" {
		fmt.Fprintf(&b, "Practice: %s  \n", mdEscape(records.Visible(s.Name)))
	}
	fmt.Fprintf(&b, "Sessions: %s  \nPrepared: %s\n\n", hoursRange(l), today)
	if len(l.Rows) == 0 {
		b.WriteString("No sessions in this range.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	// The Markdown table folds the group size into the format column so
	// it stays narrow enough to print.
	fold := func(cells []string, format string) []string {
		return append(append(cells[:2:2], format), cells[4:]...)
	}
	rows := [][]string{fold(hoursHeader, "Format")}
	for _, r := range l.Rows {
		rows = append(rows, fold(hoursCells(r), r.FormatLabel()))
	}
	total := fold(hoursTotalCells(l), "")
	for i := range total {
		if total[i] != "" {
			total[i] = "**" + total[i] + "**"
		}
	}
	rows = append(rows, total)
	writeMarkdownTable(&b, rows, 5)
	fmt.Fprintf(&b, "\nTotal: %s hours (%s paid, %s pro bono) with %s in %s.\n",
		records.FormatHours(l.TotalMinutes()), records.FormatHours(l.PaidMinutes), records.FormatHours(l.ProBonoMinutes),
		nOf(l.Clients, "client"), nOf(l.Sessions, "session"))
	if anon := anonymousCount(l); anon > 0 {
		fmt.Fprintf(&b, "\n%s did not consent to being named; their contact details are withheld.\n",
			nOf(anon, "client"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func hoursRange(l *records.HoursLog) string {
	switch {
	case l.From.IsZero() && l.To.IsZero():
		return "all"
	case l.From.IsZero():
		return "up to " + l.To.String()
	case l.To.IsZero():
		return "from " + l.From.String()
	}
	return l.From.String() + " to " + l.To.String()
}

func anonymousCount(l *records.HoursLog) int {
	seen := map[string]bool{}
	for _, r := range l.Rows {
		if !r.Named {
			seen[r.Label] = true
		}
	}
	return len(seen)
}

// writeMarkdownTable writes rows (the first is the header) as a Markdown
// table with padded columns; columns from numericFrom on are right-aligned.
func writeMarkdownTable(b *strings.Builder, rows [][]string, numericFrom int) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], termtext.Width(mdEscape(c)), 3)
		}
	}
	for n, r := range rows {
		b.WriteString("|")
		for i, c := range r {
			c = mdEscape(c)
			pad := strings.Repeat(" ", widths[i]-termtext.Width(c))
			if i >= numericFrom {
				b.WriteString(" " + pad + c + " |")
			} else {
				b.WriteString(" " + c + pad + " |")
			}
		}
		b.WriteString("\n")
		if n == 0 {
			b.WriteString("|")
			for i, w := range widths {
				if i >= numericFrom {
					b.WriteString(" " + strings.Repeat("-", w-1) + ": |")
				} else {
					b.WriteString(" " + strings.Repeat("-", w) + " |")
				}
			}
			b.WriteString("\n")
		}
	}
}

// mdEscape keeps a value from breaking a Markdown table cell or line.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;").Replace(s)
}
