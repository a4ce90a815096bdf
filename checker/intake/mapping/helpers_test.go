package mapping

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// textDoc builds a document from lines of text, numbered from 1. A line
// starting with "# " is a heading; blank lines are skipped (keeping numbers).
func textDoc(s string) *document.Document {
	d := &document.Document{Format: "text"}
	for i, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		ln := document.Line{Text: l, Line: i + 1}
		if strings.HasPrefix(l, "# ") {
			ln.Text, ln.Heading = strings.TrimPrefix(l, "# "), true
		}
		d.Lines = append(d.Lines, ln)
	}
	return d
}

func mapText(s string) *referral.Referral { return Map(textDoc(s)) }

// get returns the value at a field path ("child.name", "family[1].phone",
// "support.agencies[0].name", "extra[0].label") as a string: "" when absent.
func get(r *referral.Referral, path string) string {
	b, _ := json.Marshal(r)
	var v any
	_ = json.Unmarshal(b, &v)
	for _, part := range strings.Split(path, ".") {
		idx := -1
		if i := strings.IndexByte(part, '['); i >= 0 {
			idx, _ = strconv.Atoi(strings.TrimSuffix(part[i+1:], "]"))
			part = part[:i]
		}
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[part]
		if idx >= 0 {
			l, ok := v.([]any)
			if !ok || idx >= len(l) {
				return ""
			}
			v = l[idx]
		}
	}
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		if x == 0 {
			return ""
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return fmt.Sprint(x)
	}
}

// expect checks field values; a want of "-" means the field must be empty.
func expect(t *testing.T, r *referral.Referral, want map[string]string) {
	t.Helper()
	for path, w := range want {
		got := get(r, path)
		if w == "-" {
			w = ""
		}
		if got != w {
			t.Errorf("%s = %q, want %q", path, got, w)
		}
	}
}

func dump(r *referral.Referral) string {
	b, _ := json.MarshalIndent(r, "", "  ")
	return string(b)
}

// extraHas reports whether an Extra entry has the label and its value contains val.
func extraHas(r *referral.Referral, label, val string) bool {
	for _, e := range r.Extra {
		if e.Label == label && strings.Contains(e.Value, val) {
			return true
		}
	}
	return false
}
