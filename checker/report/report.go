// Package report writes check results in the formats of `frontdoor check`:
// text for people, JSON Lines for scripts, a compiler-style line format for
// editors and CI, and SARIF 2.1.0 for code-scanning dashboards.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker"
)

// Formats lists the output formats.
var Formats = []string{"text", "json", "line", "sarif"}

// Options control what is written.
type Options struct {
	MinSeverity checker.Severity // findings below this are not shown (they still count for the exit code and score)
	Color       bool             // ANSI colour in the text format
	Pretty      bool             // JSON as one indented array instead of JSON Lines
	Version     string           // tool version, for SARIF
}

// Writer writes results one at a time, so that a batch streams, and
// finishes with Close (which writes the SARIF document or the JSON array).
type Writer interface {
	Write(r checker.Result) error
	Close() error
}

// New returns a writer for the named format.
func New(format string, w io.Writer, opts Options) (Writer, error) {
	switch format {
	case "text", "":
		return &textWriter{w: w, opts: opts}, nil
	case "json":
		return &jsonWriter{w: w, opts: opts}, nil
	case "line":
		return &lineWriter{w: w, opts: opts}, nil
	case "sarif":
		return &sarifWriter{w: w, opts: opts}, nil
	}
	return nil, fmt.Errorf("unknown output format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// visible returns the findings at or above the display threshold.
func visible(fs []checker.Finding, min checker.Severity) []checker.Finding {
	if min <= checker.Info {
		return fs
	}
	out := make([]checker.Finding, 0, len(fs))
	for _, f := range fs {
		if f.Severity >= min {
			out = append(out, f)
		}
	}
	return out
}

type jsonWriter struct {
	w     io.Writer
	opts  Options
	items []checker.Result
}

func (j *jsonWriter) Write(r checker.Result) error {
	r.Findings = visible(r.Findings, j.opts.MinSeverity)
	if r.Findings == nil && r.Error == "" {
		r.Findings = []checker.Finding{}
	}
	if j.opts.Pretty {
		j.items = append(j.items, r)
		return nil
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = j.w.Write(b)
	return err
}

func (j *jsonWriter) Close() error {
	if !j.opts.Pretty {
		return nil
	}
	if j.items == nil {
		j.items = []checker.Result{}
	}
	b, err := json.MarshalIndent(j.items, "", "  ")
	if err != nil {
		return err
	}
	_, err = j.w.Write(append(b, '\n'))
	return err
}

type lineWriter struct {
	w    io.Writer
	opts Options
}

// Write prints `file:line:col: severity rule: message [field]`. The line
// is 0 when the finding has no location; PDF lines count within their page,
// so the page is added to the message.
func (l *lineWriter) Write(r checker.Result) error {
	name := displayName(r.File)
	if r.Error != "" {
		_, err := fmt.Fprintf(l.w, "%s:0:0: error read: %s\n", name, r.Error)
		return err
	}
	for _, f := range visible(r.Findings, l.opts.MinSeverity) {
		page := ""
		if f.Location.Page > 0 {
			page = fmt.Sprintf(" (page %d)", f.Location.Page)
		}
		col := 0
		if f.Location.Line > 0 {
			col = 1
		}
		if _, err := fmt.Fprintf(l.w, "%s:%d:%d: %s %s: %s [%s]%s\n", name, f.Location.Line, col, f.Severity, f.Rule, f.Message, f.Field, page); err != nil {
			return err
		}
	}
	return nil
}

func (l *lineWriter) Close() error { return nil }

func displayName(file string) string {
	if file == "" {
		return "-"
	}
	return file
}
