package intake

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/frontdoorhq/frontdoor/checker/referral"
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
	"github.com/frontdoorhq/frontdoor/internal/plain"
	yaml "go.yaml.in/yaml/v3"
)

// Structured input (JSON and YAML) is read leniently: all keys are optional,
// a number where text is expected is taken as its text (phone numbers
// written without quotes keep their leading zero), a single object where a
// list is expected becomes a list of one, a value that cannot be stored
// becomes a referral.Unparsed entry (which the checker reports), and unknown
// keys are kept as referral.Extra so their text still counts.

// lit is a scalar as written in the source.
type lit struct {
	text string
	kind byte // 's' string, 'n' number, 'b' bool, 'z' null
}

// obj is a mapping with its keys in source order, and the line each key
// is on (0 when not known), so that findings can say where a field is.
type obj struct {
	fields []objField
	index  map[string]int // the place of each key in fields, once there are many
	line   int            // where the mapping starts
}

type objField struct {
	key  string
	val  any
	line int
}

// objIndexFrom is the number of keys from which an obj finds keys through
// a map rather than by looking through them all.
const objIndexFrom = 32

// find returns the place of key k in o.fields, or -1.
func (o *obj) find(k string) int {
	if o.index != nil {
		if i, ok := o.index[k]; ok {
			return i
		}
		return -1
	}
	for i := range o.fields {
		if o.fields[i].key == k {
			return i
		}
	}
	return -1
}

// get returns the value of key k, or nil.
func (o *obj) get(k string) any {
	if i := o.find(k); i >= 0 {
		return o.fields[i].val
	}
	return nil
}

func (o *obj) set(k string, v any) { o.setAt(k, v, 0) }

// setAt sets key k to v, written on line (0 when not known). A key met
// again keeps its place and takes the new value, and the new line if known.
func (o *obj) setAt(k string, v any, line int) {
	if i := o.find(k); i >= 0 {
		o.fields[i].val = v
		if line > 0 {
			o.fields[i].line = line
		}
		return
	}
	o.fields = append(o.fields, objField{k, v, line})
	switch {
	case o.index != nil:
		o.index[k] = len(o.fields) - 1
	case len(o.fields) >= objIndexFrom:
		o.index = make(map[string]int, 2*len(o.fields))
		for i, f := range o.fields {
			o.index[f.key] = i
		}
	}
}

// addSource records the line a field was written on (a section's key line
// is kept over the line its mapping starts on).
func addSource(r *referral.Referral, field string, line int) {
	if line <= 0 {
		return
	}
	if r.Sources == nil {
		r.Sources = referral.Sources{}
	}
	if _, ok := r.Sources[field]; !ok {
		r.Sources[field] = referral.Location{Line: line}
	}
}

// lineCounter turns byte offsets of one document, taken in increasing
// order, into line numbers (from 1), reading each byte once.
type lineCounter struct {
	b    []byte
	pos  int
	line int
}

func (c *lineCounter) at(off int64) int {
	end := min(int(off), len(c.b))
	if end > c.pos {
		c.line += bytes.Count(c.b[c.pos:end], []byte{'\n'})
		c.pos = end
	}
	return c.line + 1
}

// maxNodes bounds the work done on one structured document (YAML aliases can
// otherwise expand exponentially).
const maxNodes = 200000

var errTooComplex = errors.New("the file is too large or too deeply nested to read safely; check that it was exported correctly")

// decodeJSON reads JSON into the generic tree: by hand (scanJSON) when it
// can, else with json.Decoder (decodeJSONTokens), for the same tree or the
// error.
func decodeJSON(b []byte) (any, error) {
	if v, ok := scanJSON(b); ok {
		return v, nil
	}
	return decodeJSONTokens(b)
}

// decodeJSONTokens reads JSON into the generic tree with json.Decoder's
// tokens, and writes its syntax errors in plain words.
func decodeJSONTokens(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	budget := maxNodes
	v, err := jsonValue(dec, &budget, 0, &lineCounter{b: b})
	if err != nil {
		var je *jsonError
		if errors.As(err, &je) {
			return nil, je.plain(b)
		}
		return nil, err
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err == nil {
		end += int64(len(b[end:]) - len(bytes.TrimLeft(b[end:], " \t\r\n")))
		line, col := lineCol(b, end)
		return nil, fmt.Errorf("invalid JSON at line %s, column %s: there is more after the end of the referral data; remove it, or save or export the file again (unexpected data after the JSON value)",
			plain.Count(line), plain.Count(col))
	}
	return v, nil
}

// jsonError is a JSON syntax error at a byte offset, turned into a plain
// message with a line and column by jsonError.plain.
type jsonError struct {
	off    int64  // of the offending byte, roughly, or of the end for eof
	eof    bool   // the input ended inside a value
	detail string // the decoder's message without quoted input
}

func (e *jsonError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.off, e.detail)
}

// plain writes e for a reader who is not a programmer: where the problem is
// as a line and column of b, what it probably is and what to do.
func (e *jsonError) plain(b []byte) error {
	// The offsets of syntax errors met by Decoder.Token are not always
	// those of the offending byte; a check of the whole input (which
	// allocates nothing) finds it.
	var se *json.SyntaxError
	if !e.eof && errors.As(json.Unmarshal(b, new(json.RawMessage)), &se) && se.Offset > 0 {
		if se.Error() == "unexpected end of JSON input" {
			e.eof = true
		} else {
			e.off, e.detail = se.Offset-1, jsonDetail(se.Error())
		}
	}
	if e.eof {
		line, col := lineCol(b, int64(len(bytes.TrimRight(b, " \t\r\n"))))
		return fmt.Errorf("invalid JSON at line %s, column %s: the file ends too soon — part of it may be missing; save or export it again",
			plain.Count(line), plain.Count(col))
	}
	line, col := lineCol(b, e.off)
	return fmt.Errorf("invalid JSON at line %s, column %s: something is out of place here, such as a missing comma, quote mark or bracket; correct it, or save or export the file again (%s)",
		plain.Count(line), plain.Count(col), e.detail)
}

// lineCol returns the line and column (from 1, in characters) of byte
// offset off of b.
func lineCol(b []byte, off int64) (line, col int) {
	off = max(0, min(off, int64(len(b))))
	before := b[:off]
	start := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte{'\n'}) + 1, utf8.RuneCount(before[start:]) + 1
}

// jsonDetail is an encoding/json message without the character it quotes
// ("invalid character 'x' after object key"): input, so it is dropped.
func jsonDetail(msg string) string {
	return strings.ReplaceAll(quotedChar.ReplaceAllString(msg, ""), " (expecting)", "")
}

var quotedChar = lazyre.New(` ?'(?:\\.|[^'\\])+'`) // compiled on first use: most runs read no broken JSON

func jsonValue(dec *json.Decoder, budget *int, depth int, lc *lineCounter) (any, error) {
	*budget--
	if *budget < 0 || depth > 64 {
		return nil, errTooComplex
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonErr(dec, err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &obj{line: lc.at(dec.InputOffset())}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, jsonErr(dec, err)
				}
				k, _ := kt.(string)
				line := lc.at(dec.InputOffset()) // just after the key
				v, err := jsonValue(dec, budget, depth+1, lc)
				if err != nil {
					return nil, err
				}
				o.setAt(k, v, line)
			}
			if _, err := dec.Token(); err != nil {
				return nil, jsonErr(dec, err)
			}
			return o, nil
		case '[':
			var a []any
			for dec.More() {
				v, err := jsonValue(dec, budget, depth+1, lc)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, jsonErr(dec, err)
			}
			return a, nil
		}
		return nil, fmt.Errorf("unexpected %q", t)
	case string:
		return lit{t, 's'}, nil
	case json.Number:
		return lit{t.String(), 'n'}, nil
	case bool:
		return lit{strconv.FormatBool(t), 'b'}, nil
	case nil:
		return lit{"", 'z'}, nil
	}
	return nil, fmt.Errorf("unexpected token")
}

func jsonErr(dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, errTooComplex):
		return err
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.As(err, &se) && se.Error() == "unexpected end of JSON input":
		return &jsonError{off: dec.InputOffset(), eof: true, detail: "unexpected end"}
	case errors.As(err, &se):
		return &jsonError{off: se.Offset, detail: jsonDetail(se.Error())}
	}
	return &jsonError{off: dec.InputOffset(), detail: jsonDetail(err.Error())}
}

// decodeYAML reads YAML into the generic tree. Only the first document is read.
func decodeYAML(b []byte) (any, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(b, &n); err != nil {
		return nil, yamlErr(err)
	}
	budget := maxNodes
	return yamlValue(&n, &budget, 0)
}

// yamlErr writes a YAML syntax error for a reader who is not a programmer:
// where it is, what it probably is and what to do, with the parser's words
// (less anything they quote from the file) for support.
func yamlErr(err error) error {
	msg := strings.TrimPrefix(strings.SplitN(err.Error(), "\n", 2)[0], "yaml: ")
	msg = yamlQuoted.ReplaceAllString(msg, "")
	at := ""
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			at = " at line " + plain.Count(n)
		}
		msg = m[2]
	}
	return fmt.Errorf("invalid YAML%s: the layout is wrong, often a missing or extra colon, or wrong indentation; correct it, or save or export the file again (%s)", at, msg)
}

// Compiled on first use: most runs read no broken YAML.
var (
	yamlLine   = lazyre.New(`^line (\d+): (.*)$`)
	yamlQuoted = lazyre.New(` ?(?:'[^'\s]{2,}'|` + "`[^`]*`" + `)`)
)

func yamlValue(n *yaml.Node, budget *int, depth int) (any, error) {
	*budget--
	if *budget < 0 || depth > 64 {
		return nil, errTooComplex
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return lit{"", 'z'}, nil
		}
		return yamlValue(n.Content[0], budget, depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			return lit{"", 'z'}, nil
		}
		return yamlValue(n.Alias, budget, depth+1)
	case yaml.MappingNode:
		o := &obj{line: n.Line}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			v, err := yamlValue(n.Content[i+1], budget, depth+1)
			if err != nil {
				return nil, err
			}
			if k.Value == "<<" { // merge key: copy the mapping's entries
				if m, ok := v.(*obj); ok {
					for _, f := range m.fields {
						if o.find(f.key) < 0 {
							o.set(f.key, f.val)
						}
					}
				}
				continue
			}
			o.setAt(k.Value, v, k.Line)
		}
		return o, nil
	case yaml.SequenceNode:
		a := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, budget, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		return a, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return lit{"", 'z'}, nil
		case "!!bool":
			return lit{n.Value, 'b'}, nil
		case "!!int", "!!float":
			return lit{n.Value, 'n'}, nil
		}
		return lit{n.Value, 's'}, nil
	}
	return lit{"", 'z'}, nil
}

// The shape of the model: which keys hold numbers, lists and objects.
var (
	numberKeys = map[string]bool{"version": true, "referrer_level": true, "child.attendance_percent": true, "family.age": true}
	listKeys   = map[string]bool{"family": true, "support.agencies": true, "concern.categories": true}
	objectKeys = map[string]bool{"child": true, "referrer": true, "concern": true, "support": true, "consent": true,
		"family": true, "support.agencies": true}
)

// knownKeyPaths is every key path of the model, sorted: the keys of a
// referral with one family member and one agency as encoding/json writes
// it (fields with omitempty are left out, empty there), with the
// omitempty keys of the model added by hand. TestKnownKeysMatchEncoding
// holds it to the model. A list rather than a map built from the model's
// JSON tags, which cost every JSON or YAML check a tenth of a millisecond.
var knownKeyPaths = [...]string{
	"child", "child.address", "child.age", "child.attendance_percent", "child.current_location",
	"child.date_of_birth", "child.disability_sen", "child.ehcp", "child.ethnicity",
	"child.expected_due_date", "child.first_language", "child.gender", "child.gp",
	"child.interpreter_needed", "child.name", "child.nhs_number", "child.other_names",
	"child.postcode", "child.religion", "child.school", "child.upn", "child.year_group",
	"concern", "concern.categories", "concern.child_voice", "concern.current_safety",
	"concern.description", "concern.history", "concern.immediate_risk", "concern.impact",
	"concern.incident_date", "concern.injuries", "concern.seen_alone", "concern.strengths",
	"consent", "consent.child_views", "consent.date", "consent.given_by", "consent.interpreter_used",
	"consent.parent_aware", "consent.reason_not_sought", "consent.status",
	"extra",
	"family", "family.address", "family.age", "family.date_of_birth", "family.email",
	"family.first_language", "family.interpreter_needed", "family.lives_with_child", "family.name",
	"family.parental_responsibility", "family.phone", "family.relationship",
	"outcome_sought", "referral_date",
	"referrer", "referrer.availability", "referrer.dsl_consulted", "referrer.email", "referrer.name",
	"referrer.organisation", "referrer.phone", "referrer.relationship_to_child", "referrer.role",
	"referrer_level", "referrer_route",
	"support", "support.actions_taken", "support.agencies", "support.agencies.contact",
	"support.agencies.name", "support.agencies.role", "support.early_help",
	"support.early_help_details",
	"version",
}

// knownPath returns the model's key path for key k of the mapping at path
// ("" at the top level), and whether the model has one. The path returned
// is a string of knownKeyPaths, so that no new one is made.
func knownPath(path, k string) (string, bool) {
	i, ok := slices.BinarySearchFunc(knownKeyPaths[:], [2]string{path, k}, compareKeyPath)
	if !ok {
		return "", false
	}
	return knownKeyPaths[i], true
}

// compareKeyPath compares key path e with the path of key p[1] in the
// mapping at path p[0], without joining them.
func compareKeyPath(e string, p [2]string) int {
	prefix, k := p[0], p[1]
	if prefix == "" {
		return strings.Compare(e, k)
	}
	n := len(prefix)
	if len(e) <= n {
		if c := strings.Compare(e, prefix[:len(e)]); c != 0 {
			return c
		}
		return -1 // e is a proper prefix of the joined path
	}
	if c := strings.Compare(e[:n], prefix); c != 0 {
		return c
	}
	if e[n] != '.' {
		return cmp.Compare(e[n], '.')
	}
	return strings.Compare(e[n+1:], k)
}

// toReferral turns the generic tree into a Referral: it normalises the
// tree and stores the result field by field (storeReferral), or, for a tree
// that holds a value the model's fields cannot take, as toReferralEncoded
// does, for the same error.
func toReferral(tree any) (*referral.Referral, error) {
	root, ok := tree.(*obj)
	if !ok {
		return nil, errors.New("expected a referral object at the top level")
	}
	r := &referral.Referral{Sources: make(referral.Sources, min(countKeys(root), 512))}
	norm, ok := normalise(root, "", "", r).(map[string]any)
	if ok && storeReferral(r, norm) {
		if len(r.Sources) == 0 {
			r.Sources = nil // as addSource leaves it
		}
		r.Compact()
		return r, nil
	}
	return toReferralEncoded(root)
}

// countKeys returns the number of keys in the tree: at most the number of
// r.Sources a referral read from it has, so that the map is made once.
func countKeys(v any) int {
	n := 0
	switch x := v.(type) {
	case *obj:
		n += len(x.fields)
		for _, f := range x.fields {
			n += countKeys(f.val)
		}
	case []any:
		for _, e := range x {
			n += countKeys(e)
		}
	}
	return n
}

// toReferralEncoded turns the generic tree into a Referral by encoding the
// normalised tree as JSON and decoding that into the model, as the reader
// first did.
func toReferralEncoded(root *obj) (*referral.Referral, error) {
	r := &referral.Referral{}
	norm := normalise(root, "", "", r)
	b, err := json.Marshal(norm)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	if err := json.Unmarshal(b, r); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	r.Compact()
	return r, nil
}

// normalise rewrites a node of the tree into plain JSON values of the
// model's shape. path is the key path without list indexes (for shape
// lookups); field is the contract field path with indexes (for messages).
func normalise(v any, path, field string, r *referral.Referral) any {
	switch x := v.(type) {
	case *obj:
		if listKeys[path] && path != "concern.categories" && !strings.HasSuffix(field, "]") {
			// One object where a list is expected: a list of one.
			return []any{normalise(x, path, field+"[0]", r)}
		}
		if path != "" && !objectKeys[path] {
			// An object where text is expected: keep its text.
			return flattenText(x)
		}
		if field != "" {
			addSource(r, field, x.line)
		}
		out := make(map[string]any, len(x.fields))
		var extra []referral.Extra
		for _, f := range x.fields {
			k, kf := f.key, f.key
			if path != "" {
				kf = field + "." + k
			}
			if path == "" && k == "extra" {
				extra = append(extra, extrasOf(f.val)...)
				continue
			}
			kp, known := knownPath(path, k)
			if !known {
				if t := flattenText(f.val); t != "" {
					extra = append(extra, referral.Extra{Label: kf, Value: t})
				}
				continue
			}
			addSource(r, kf, f.line)
			out[k] = normalise(f.val, kp, kf, r)
		}
		r.Extra = append(r.Extra, extra...)
		return out
	case []any:
		if !listKeys[path] {
			// A list where text is expected: join it.
			parts := make([]string, 0, len(x))
			for _, e := range x {
				if t := flattenText(e); t != "" {
					parts = append(parts, t)
				}
			}
			return strings.Join(parts, "; ")
		}
		out := make([]any, 0, len(x))
		for i, e := range x {
			if path == "concern.categories" { // a list of words
				if t := flattenText(e); t != "" {
					out = append(out, t)
				}
				continue
			}
			out = append(out, normalise(e, path, fmt.Sprintf("%s[%d]", field, i), r))
		}
		return out
	case lit:
		switch {
		case listKeys[path]:
			if x.kind == 'z' || strings.TrimSpace(x.text) == "" {
				return []any{}
			}
			if path == "concern.categories" {
				return splitList(x.text)
			}
			if path == "support.agencies" {
				var out []any
				for _, s := range splitList(x.text) {
					out = append(out, map[string]any{"name": s})
				}
				return out
			}
			r.Unparsed = append(r.Unparsed, referral.Unparsed{Field: field, Value: x.text})
			return []any{}
		case objectKeys[path]:
			if x.kind != 'z' && strings.TrimSpace(x.text) != "" {
				r.Unparsed = append(r.Unparsed, referral.Unparsed{Field: field, Value: x.text})
			}
			return map[string]any{}
		case numberKeys[path]:
			if x.kind == 'z' || strings.TrimSpace(x.text) == "" {
				return 0
			}
			if f, ok := parseNumber(x.text); ok {
				return f
			}
			r.Unparsed = append(r.Unparsed, referral.Unparsed{Field: field, Value: x.text})
			return 0
		}
		if x.kind == 'b' {
			if t, _ := referral.ParseTriState(x.text); t != "" {
				return string(t)
			}
		}
		return x.text
	}
	return nil
}

// parseNumber reads "87", "87.5", "87%", "Level 3", "34 years".
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	s = strings.TrimPrefix(s, "level")
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.' || (end == 0 && s[end] == '-')) {
		end++
	}
	if end == 0 {
		return 0, false
	}
	rest := strings.TrimSpace(s[end:])
	switch rest {
	case "", "%", "percent", "years", "year", "yrs", "y", "years old", "yo":
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(s[:end], 64)
	return f, err == nil
}

func splitList(s string) []any {
	var out []any
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// flattenText writes any node as readable text, for unknown keys and for
// objects found where text was expected.
func flattenText(v any) string {
	switch x := v.(type) {
	case lit:
		return x.text
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			if t := flattenText(e); t != "" {
				parts = append(parts, t)
			}
		}
		return strings.Join(parts, "; ")
	case *obj:
		parts := make([]string, 0, len(x.fields))
		for _, f := range x.fields {
			if t := flattenText(f.val); t != "" {
				parts = append(parts, f.key+": "+t)
			}
		}
		return strings.Join(parts, "; ")
	}
	return ""
}

// extrasOf reads an explicit "extra" list of {label, value} entries.
func extrasOf(v any) []referral.Extra {
	var out []referral.Extra
	list, ok := v.([]any)
	if !ok {
		if t := flattenText(v); t != "" {
			out = append(out, referral.Extra{Label: "extra", Value: t})
		}
		return out
	}
	for _, e := range list {
		if o, ok := e.(*obj); ok {
			out = append(out, referral.Extra{Label: flattenText(o.get("label")), Value: flattenText(o.get("value"))})
		} else if t := flattenText(e); t != "" {
			out = append(out, referral.Extra{Label: "extra", Value: t})
		}
	}
	return out
}

// looksLikeReferral reports whether a parsed YAML tree is a structured
// referral (a mapping with at least one of the model's top-level keys),
// rather than prose that happens to parse as YAML.
func looksLikeReferral(tree any) bool {
	o, ok := tree.(*obj)
	if !ok {
		return false
	}
	n := 0
	for _, f := range o.fields {
		if _, known := knownPath("", f.key); known && !strings.Contains(f.key, ".") {
			n++
		}
	}
	return n >= 1 && n*2 >= len(o.fields)
}
