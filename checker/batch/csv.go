package batch

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVHeader is the first row of WriteCSV's output.
var CSVHeader = []string{"measure", "kind", "value", "count", "of", "baseline", "change", "target", "status"}

// WriteCSV writes the summary as one row per measure, for a spreadsheet:
// the measure's name and kind (count, share or score), its value (shares as
// fractions to 4 places, scores to 1), the count and what it is of, the
// baseline's value and the change when there is a baseline, and any
// targets on it with their status. Measures only the baseline has come
// last, with an empty value. Unreadable files are not listed: see the JSON
// or HTML.
func WriteCSV(w io.Writer, s *Summary) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, m := range s.Measures() {
		seen[m.Name] = true
		row := []string{m.Name, string(m.Kind), num(m.Kind, m.Value), "", ""}
		if m.Kind != KindScore {
			row[3] = strconv.Itoa(m.Count)
			if m.Of > 0 {
				row[4] = strconv.Itoa(m.Of)
			}
		}
		row = append(row, baselineCells(s.Baseline, m.Name)...)
		row = append(row, targetCells(s.Targets, m.Name)...)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	if s.Baseline != nil {
		for _, ch := range s.Baseline.Changes {
			if seen[ch.Measure] {
				continue
			}
			row := []string{ch.Measure, string(ch.Kind), "", "", ""}
			row = append(row, baselineCells(s.Baseline, ch.Measure)...)
			row = append(row, targetCells(s.Targets, ch.Measure)...)
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func baselineCells(c *Comparison, name string) []string {
	ch, ok := c.change(name)
	if !ok {
		return []string{"", ""}
	}
	out := []string{"", ""}
	if ch.Before != nil {
		out[0] = num(ch.Kind, *ch.Before)
	}
	if ch.Change != nil {
		out[1] = num(ch.Kind, *ch.Change)
	}
	return out
}

func targetCells(rs []TargetResult, name string) []string {
	var targets, statuses []string
	for _, r := range targetsFor(rs, name) {
		targets = append(targets, opWords[r.Op]+" "+r.Target)
		statuses = append(statuses, r.Status)
	}
	return []string{strings.Join(targets, "; "), strings.Join(statuses, "; ")}
}

// num writes a value as stored: shares to 4 places, scores to 1, counts whole.
func num(k Kind, v float64) string {
	return strconv.FormatFloat(rounded(k, v), 'f', -1, 64)
}
