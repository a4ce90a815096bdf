package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker"
)

type textWriter struct {
	w                   io.Writer
	opts                Options
	files, ready, fails int
	unreadable          int
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGreen  = "\x1b[32m"
)

func (t *textWriter) paint(code, s string) string {
	if !t.opts.Color {
		return s
	}
	return code + s + ansiReset
}

func (t *textWriter) sevColour(s checker.Severity) string {
	switch s {
	case checker.Error:
		return ansiRed
	case checker.Warning:
		return ansiYellow
	}
	return ansiCyan
}

// Write prints one referral's findings for a person to read: what is
// wrong, why it matters and how to fix it, most important first within each
// part of the document.
func (t *textWriter) Write(r checker.Result) error {
	t.files++
	var b strings.Builder
	name := displayName(r.File)
	if r.Error != "" {
		t.unreadable++
		fmt.Fprintf(&b, "%s\n  %s could not be read: %s\n\n", t.paint(ansiBold, name), t.paint(ansiRed, "error"), r.Error)
		_, err := io.WriteString(t.w, b.String())
		return err
	}
	if r.OK {
		t.ready++
	} else {
		t.fails++
	}
	var ne, nw, ni int
	for _, f := range r.Findings {
		switch f.Severity {
		case checker.Error:
			ne++
		case checker.Warning:
			nw++
		default:
			ni++
		}
	}
	fmt.Fprintf(&b, "%s (%s): score %d, %s, %s, %s\n", t.paint(ansiBold, name), r.Format, r.Score,
		plural(ne, "error"), plural(nw, "warning"), plural(ni, "info"))
	if s, ok := r.Route.(interface{ Summary() string }); ok {
		fmt.Fprintf(&b, "  Suggested route: %s\n", s.Summary())
	}
	shown := visible(r.Findings, t.opts.MinSeverity)
	for _, f := range shown {
		where := ""
		switch {
		case f.Location.Page > 0 && f.Location.Line > 0:
			where = fmt.Sprintf(" page %d line %d", f.Location.Page, f.Location.Line)
		case f.Location.Line > 0:
			where = fmt.Sprintf(" line %d", f.Location.Line)
		}
		fmt.Fprintf(&b, "  %s %s %s%s %s\n", t.paint(t.sevColour(f.Severity), fmt.Sprintf("%-7s", f.Severity)),
			f.Rule, f.Name, where, t.paint(ansiDim, "["+f.Field+"]"))
		fmt.Fprintf(&b, "          %s\n", f.Message)
		if f.Evidence != "" {
			fmt.Fprintf(&b, "          Found: %s\n", f.Evidence)
		}
		fmt.Fprintf(&b, "          Fix: %s\n", f.Fix)
	}
	if hidden := len(r.Findings) - len(shown); hidden > 0 {
		fmt.Fprintf(&b, "  (%s below --min-severity not shown)\n", plural(hidden, "finding"))
	}
	if len(r.Findings) == 0 {
		fmt.Fprintf(&b, "  %s\n", t.paint(ansiGreen, "No problems found."))
	}
	b.WriteString("\n")
	_, err := io.WriteString(t.w, b.String())
	return err
}

// Close prints a one-line summary when more than one referral was checked.
func (t *textWriter) Close() error {
	if t.files < 2 {
		return nil
	}
	msg := fmt.Sprintf("%s checked: %d ready to send, %d need changes", plural(t.files, "referral"), t.ready, t.fails)
	if t.unreadable > 0 {
		msg += fmt.Sprintf(", %d could not be read", t.unreadable)
	}
	_, err := fmt.Fprintln(t.w, msg+".")
	return err
}

func plural(n int, word string) string {
	if n == 1 || word == "info" {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
