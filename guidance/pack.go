// Package guidance holds a council's threshold guidance as data (a
// guidance pack) and the router that says which route a concern needs.
//
// The router errs towards protection: the level it suggests is never below
// what any matched indicator demands, and it asks when it cannot tell. See
// FORMAT.md for the pack format.
package guidance

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"unsafe"

	yaml "go.yaml.in/yaml/v3"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// packs/oxfordshire.yaml is the pack people edit; packs/oxfordshire.pack is
// the same pack in a compact binary form (encodeCompact), which decodes
// many times faster than the YAML at every start (each `frontdoor check`
// loads it).
// TestDefaultPackCurrent keeps them in step:
//
//	go test ./guidance -run TestDefaultPackCurrent -update-pack

//go:embed packs/oxfordshire.yaml
var defaultPackYAML []byte

//go:embed packs/oxfordshire.pack
var defaultPack []byte

// defaultIndex is the built-in pack's word index, compiled (compiled.go).
//
//go:embed packs/oxfordshire.index
var defaultIndex string

// Pack is a loaded guidance pack.
type Pack struct {
	ID           string              `yaml:"id" json:"id,omitempty"`
	Area         string              `yaml:"area" json:"area,omitempty"`
	Version      string              `yaml:"version" json:"version,omitempty"`
	Effective    string              `yaml:"effective" json:"effective,omitempty"`
	Sources      []Source            `yaml:"sources" json:"sources,omitempty"`
	Levels       []Level             `yaml:"levels" json:"levels,omitempty"`
	Routes       []Route             `yaml:"routes" json:"routes,omitempty"`
	Cues         map[string][]string `yaml:"cues" json:"cues,omitempty"`
	CueUnless    map[string][]string `yaml:"cue_unless" json:"cue_unless,omitempty"`
	Indicators   []Indicator         `yaml:"indicators" json:"indicators,omitempty"`
	Combinations []Combination       `yaml:"combinations" json:"combinations,omitempty"`
	Questions    []Question          `yaml:"questions" json:"questions,omitempty"`

	routeByID map[string]*Route
	levelByN  map[int]*Level
	compiled  []compiledIndicator
	index     *wordIndex
	full      func() (*Pack, error) // the pack with its match lines, when they were left unread
}

// Source is a document the pack is drawn from.
type Source struct {
	Name string `yaml:"name" json:"name"`
	URL  string `yaml:"url" json:"url,omitempty"`
}

// Level is one step of the threshold scale.
type Level struct {
	Number          int    `yaml:"number" json:"number"`
	Name            string `yaml:"name" json:"name"`
	Responds        string `yaml:"responds" json:"responds,omitempty"`
	AgreementNeeded bool   `yaml:"agreement_needed" json:"agreement_needed"`
	Route           string `yaml:"route" json:"route"`
}

// Contact is a phone number or address for a route.
type Contact struct {
	Name  string `yaml:"name" json:"name"`
	Phone string `yaml:"phone" json:"phone,omitempty"`
	Email string `yaml:"email" json:"email,omitempty"`
	URL   string `yaml:"url" json:"url,omitempty"`
	Hours string `yaml:"hours" json:"hours,omitempty"`
	Note  string `yaml:"note" json:"note,omitempty"`
}

// Route is where a concern goes, and what to do.
type Route struct {
	ID        string    `yaml:"id" json:"id"`
	Name      string    `yaml:"name" json:"name"`
	Level     int       `yaml:"level" json:"level,omitempty"`
	Urgency   string    `yaml:"urgency" json:"urgency"`
	Contacts  []Contact `yaml:"contacts" json:"contacts,omitempty"`
	Timescale string    `yaml:"timescale" json:"timescale,omitempty"`
	NextSteps []string  `yaml:"next_steps" json:"next_steps"`
	Consent   string    `yaml:"consent" json:"consent,omitempty"`
	Note      string    `yaml:"note" json:"note,omitempty"`
	// Primary puts this route first whenever a matched indicator or
	// combination demands it, ahead of the level's route (which then goes
	// in `also`); a more protective route that is no level's route (999)
	// still comes first. For LADO: an allegation against an adult who
	// works with children goes to the LADO even when the child was harmed.
	Primary bool `yaml:"primary" json:"primary,omitempty"`
}

// Age is an age condition in whole years, inclusive.
type Age struct {
	Min *float64 `yaml:"min" json:"min,omitempty"`
	Max *float64 `yaml:"max" json:"max,omitempty"`
}

// Indicator is one sign in the guidance, with what it demands.
type Indicator struct {
	ID        string     `yaml:"id" json:"id,omitempty"`
	Level     int        `yaml:"level" json:"level,omitempty"`
	Route     string     `yaml:"route" json:"route,omitempty"`
	Also      []string   `yaml:"also" json:"also,omitempty"`
	Urgent    bool       `yaml:"urgent" json:"urgent,omitempty"`
	Category  string     `yaml:"category" json:"category,omitempty"`
	Domain    string     `yaml:"domain" json:"domain,omitempty"`
	Match     [][]string `yaml:"match" json:"match,omitempty"`
	Age       *Age       `yaml:"age" json:"age,omitempty"`
	Negatable *bool      `yaml:"negatable" json:"negatable,omitempty"`
	Unless    []string   `yaml:"unless" json:"unless,omitempty"`
	Sentences int        `yaml:"sentences" json:"sentences,omitempty"`
	Ask       []string   `yaml:"ask" json:"ask,omitempty"`
	Source    string     `yaml:"source" json:"source,omitempty"`
	Note      string     `yaml:"note" json:"note,omitempty"`
}

// Combination raises the level when several needs add up.
type Combination struct {
	ID         string   `yaml:"id" json:"id,omitempty"`
	Kind       string   `yaml:"kind" json:"kind,omitempty"` // cumulative | together
	FromLevel  int      `yaml:"from_level" json:"from_level,omitempty"`
	Count      int      `yaml:"count" json:"count,omitempty"`
	Domains    int      `yaml:"domains" json:"domains,omitempty"`
	Level      int      `yaml:"level" json:"level,omitempty"`
	Categories []string `yaml:"categories" json:"categories,omitempty"`
	Raise      int      `yaml:"raise" json:"raise,omitempty"`
	Require    []string `yaml:"require" json:"require,omitempty"`     // together: one of these categories must be among those matched
	MinLevel   int      `yaml:"min_level" json:"min_level,omitempty"` // together: only when the level is at least this
	Also       []string `yaml:"also" json:"also,omitempty"`           // routes the combination adds
	Ask        []string `yaml:"ask" json:"ask,omitempty"`
}

// Question is asked when the text cannot settle a point.
type Question struct {
	ID   string `yaml:"id" json:"id,omitempty"`
	Text string `yaml:"text" json:"text,omitempty"`
	When struct {
		MinLevel   int      `yaml:"min_level" json:"min_level,omitempty"`
		MaxLevel   int      `yaml:"max_level" json:"max_level,omitempty"`
		Missing    string   `yaml:"missing" json:"missing,omitempty"`       // asked only when the text does not already say it
		Route      string   `yaml:"route" json:"route,omitempty"`           // asked only when this route is suggested
		Categories []string `yaml:"categories" json:"categories,omitempty"` // asked only when an indicator of these categories matched
	} `yaml:"when" json:"when,omitempty"`
}

var (
	defaultOnce sync.Once
	defaultP    *Pack
	defaultErr  error
)

// Default returns the embedded default pack (Oxfordshire), loaded once.
func Default() (*Pack, error) {
	defaultOnce.Do(func() { defaultP, defaultErr = loadDefault() })
	return defaultP, defaultErr
}

// loadDefault decodes and checks the embedded pack. Its word index is
// builtinIndex, data laid out by the linker, rather than compiled; were
// that out of date, the embedded index is decoded, and were that to fail,
// the pack is compiled as any other.
func loadDefault() (*Pack, error) {
	return loadPack(defaultPack, func() (*wordIndex, error) {
		if x := builtinIndex(); x != nil {
			return x, nil
		}
		return decodeIndex(defaultIndex, defaultPack)
	})
}

// loadBuiltIn loads pack, in the embedded form, with index, its compiled
// word index, decoded.
func loadBuiltIn(pack []byte, index string) (*Pack, error) {
	return loadPack(pack, func() (*wordIndex, error) { return decodeIndex(index, pack) })
}

// builtinIndex returns the built-in pack's word index as builtin_index.go
// holds it, finished (builtinLoad) on first use, or nil if that file was
// not made from the embedded index (TestDefaultPackCurrent then fails).
// Every pack loaded from it shares it: a word index is not changed after
// it is made, but for its part indexes, each filled in once.
//
// Decoding the index took 3 ms of CPU and 2.4 MB of new memory in each
// one-shot check; here its data lies in the binary, read from the page
// cache where a concern needs it.
var builtinIndex = sync.OnceValue(func() *wordIndex {
	if len(defaultIndex) != builtinIndexLen || !strings.HasPrefix(defaultIndex, indexMagic) {
		return nil
	}
	if sum, n := uvarint(defaultIndex[len(indexMagic):]); n <= 0 || sum != builtinPackSum {
		return nil
	}
	return builtinLoad(defaultIndex)
})

// loadPack loads pack, in the embedded form, with the compiled word index
// that index returns: decoded side by side. Should index fail, the pack is
// compiled from its match lines.
func loadPack(pack []byte, index func() (*wordIndex, error)) (*Pack, error) {
	const name = "oxfordshire.yaml (built in)"
	type result struct {
		x   *wordIndex
		err error
	}
	idx := make(chan result, 1)
	go func() {
		x, err := index()
		idx <- result{x, err}
		warmRouter()
	}()
	p, rest, err := decodeCompactPart(pack)
	if err != nil {
		return nil, fmt.Errorf("guidance %s: %v", name, err)
	}
	if r := <-idx; r.err == nil && len(r.x.lines) > 0 {
		p.index = r.x
		p.full = sync.OnceValues(func() (*Pack, error) {
			m, err := rest()
			if err != nil {
				return nil, fmt.Errorf("guidance %s: %v", name, err)
			}
			q := *p
			q.full = nil
			q.Indicators = slices.Clone(p.Indicators)
			return &q, q.setMatch(m)
		})
	} else {
		// no usable index: read the match lines now and compile them
		m, err := rest()
		if err != nil {
			return nil, fmt.Errorf("guidance %s: %v", name, err)
		}
		if err := p.setMatch(m); err != nil {
			return nil, fmt.Errorf("guidance %s: %v", name, err)
		}
	}
	return p, p.finish(name)
}

// Full returns the pack with its match lines, exclusions and cues. Routing
// does not need them once the pack is compiled, and the built-in pack,
// whose index comes precompiled, reads them only when asked; any other
// pack has them already, and is returned as it is.
func (p *Pack) Full() (*Pack, error) {
	if p.full == nil {
		return p, nil
	}
	return p.full()
}

// LoadFile reads and checks a pack file.
func LoadFile(path string) (*Pack, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("guidance %s: %v", path, err)
	}
	return Parse(path, b)
}

// Parse reads a pack (YAML, or JSON with the same keys) from b and checks
// it; name is used in errors. All problems are reported together.
func Parse(name string, b []byte) (*Pack, error) {
	p, err := decode(b)
	if err != nil {
		return nil, fmt.Errorf("guidance %s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if err := p.finish(name); err != nil {
		return nil, err
	}
	return p, nil
}

// decode reads a pack's keys, refusing any it does not know.
func decode(b []byte) (*Pack, error) {
	p := &Pack{}
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		return p, dec.Decode(p)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(p); err != nil && err != io.EOF {
		return nil, err
	}
	return p, nil
}

// finish checks a decoded pack and builds its indexes.
func (p *Pack) finish(name string) error {
	errs := p.check()
	if len(errs) == 0 {
		return nil
	}
	n := len(errs)
	if n > 20 {
		errs = append(errs[:20], fmt.Errorf("and %d more", n-20))
	}
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = "  - " + e.Error()
	}
	return fmt.Errorf("guidance %s: %d problems:\n%s", name, n, strings.Join(lines, "\n"))
}

// namedList is one entry of a map of lists, its items joined by NULs: one
// string of a cue's thousand words, not a thousand.
type namedList struct {
	Name  string
	Items string
}

const itemSep = "\x00"

func toList(m map[string][]string) []namedList {
	var out []namedList
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, namedList{k, strings.Join(m[k], itemSep)})
	}
	return out
}

func fromList(l []namedList) map[string][]string {
	if len(l) == 0 {
		return nil
	}
	m := make(map[string][]string, len(l))
	for _, e := range l {
		if e.Items == "" {
			m[e.Name] = []string{}
		} else {
			m[e.Name] = strings.Split(e.Items, itemSep)
		}
	}
	return m
}

// compactMatch is the second part of the embedded form: what only
// compiling the pack needs (each indicator's match lines and exclusions,
// the cues), which the built-in pack, whose index comes precompiled, reads
// only when asked (Pack.Full).
type compactMatch struct {
	Match     [][]namedList // per indicator: its lines, each a list of groups
	Unless    []namedList   // per indicator
	Cues      []namedList
	CueUnless []namedList
}

// encodeCompact writes a pack in the embedded form (packcodec.go): the
// pack without its match lines, exclusions and cues, then those, maps as
// lists in name order, so that the same pack always encodes to the same
// bytes.
func encodeCompact(p *Pack) ([]byte, error) {
	c := *p
	c.Cues, c.CueUnless = nil, nil
	c.Indicators = slices.Clone(p.Indicators)
	m := compactMatch{Cues: toList(p.Cues), CueUnless: toList(p.CueUnless)}
	for i, ind := range p.Indicators {
		c.Indicators[i].Match, c.Indicators[i].Unless = nil, nil
		var lines []namedList
		for _, line := range ind.Match {
			lines = append(lines, namedList{Items: strings.Join(line, itemSep)})
		}
		m.Match = append(m.Match, lines)
		m.Unless = append(m.Unless, namedList{Items: strings.Join(ind.Unless, itemSep)})
	}
	return encodePack(&c, &m)
}

// decodeCompact reads a pack in the embedded form, whole (not yet checked).
func decodeCompact(b []byte) (*Pack, error) {
	p, rest, err := decodeCompactPart(b)
	if err != nil {
		return nil, err
	}
	m, err := rest()
	if err != nil {
		return nil, err
	}
	return p, p.setMatch(m)
}

// decodeCompactPart reads the first part of the embedded form, and returns
// a function that reads the second (once).
//
// The pack's strings are slices of b, which must not change afterwards (it
// is the embedded pack, or a test's own bytes).
func decodeCompactPart(data []byte) (*Pack, func() (*compactMatch, error), error) {
	b := unsafe.String(unsafe.SliceData(data), len(data))
	p, n, err := decodePackPart(b)
	if err != nil {
		return nil, nil, err
	}
	rest := sync.OnceValues(func() (*compactMatch, error) {
		m, err := decodeMatchPart(b[n:])
		if err != nil {
			return nil, err
		}
		if len(m.Match) != len(p.Indicators) || len(m.Unless) != len(p.Indicators) {
			return nil, fmt.Errorf("match lines for %d indicators, not %d", len(m.Match), len(p.Indicators))
		}
		return m, nil
	})
	return p, rest, nil
}

// setMatch puts the second part of the embedded form into p.
func (p *Pack) setMatch(m *compactMatch) error {
	p.Cues, p.CueUnless = fromList(m.Cues), fromList(m.CueUnless)
	for i := range p.Indicators {
		ind := &p.Indicators[i]
		ind.Match = nil
		for _, l := range m.Match[i] {
			ind.Match = append(ind.Match, splitItems(l.Items))
		}
		ind.Unless = splitItems(m.Unless[i].Items)
	}
	return nil
}

func splitItems(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, itemSep)
}

// compactFromYAML converts a YAML pack to the embedded form.
func compactFromYAML(yamlData []byte) ([]byte, error) {
	p, err := decode(yamlData)
	if err != nil {
		return nil, err
	}
	return encodeCompact(p)
}

func rank(route string) int { return referral.ProtectiveRank(route) }

// check validates the pack and builds its indexes.
func (p *Pack) check() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if p.ID == "" {
		bad("id is missing")
	}
	p.routeByID = map[string]*Route{}
	for i := range p.Routes {
		r := &p.Routes[i]
		if r.ID == "" {
			bad("routes[%d]: id is missing", i)
			continue
		}
		if _, dup := p.routeByID[r.ID]; dup {
			bad("route %s is defined twice", r.ID)
		}
		p.routeByID[r.ID] = r
		switch r.Urgency {
		case "immediate", "same-day", "routine":
		default:
			bad("route %s: urgency %q (want immediate, same-day or routine)", r.ID, r.Urgency)
		}
	}
	for _, id := range referral.RouteIDs {
		if p.routeByID[id] == nil {
			bad("route %s (a contract route) is missing", id)
		}
	}
	p.levelByN = map[int]*Level{}
	for i := range p.Levels {
		l := &p.Levels[i]
		if l.Number < 1 || l.Number > 4 {
			bad("levels[%d]: number %d (want 1-4)", i, l.Number)
		}
		if p.routeByID[l.Route] == nil {
			bad("level %d: unknown route %q", l.Number, l.Route)
		}
		if p.levelByN[l.Number] != nil {
			bad("level %d is defined twice", l.Number)
		}
		p.levelByN[l.Number] = l
	}
	for n := 1; n <= 4; n++ {
		if p.levelByN[n] == nil {
			bad("level %d is missing", n)
		}
	}
	for k, words := range p.Cues { // (none when the index came precompiled)
		if len(words) == 0 {
			bad("cue %s is empty", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(p.CueUnless)) {
		if _, ok := p.Cues[k]; !ok {
			bad("cue_unless: %s is not a cue", k)
		} else if len(p.CueUnless[k]) == 0 {
			bad("cue_unless: %s is empty", k)
		}
	}
	seen := make(map[string]bool, len(p.Indicators))
	p.compiled = slices.Grow(p.compiled[:0], len(p.Indicators))
	// A pack whose index came precompiled (the built-in one) skips the
	// compiler; TestDefaultPackCurrent keeps that index the pack's.
	pre := p.index
	var cc *compiler
	if pre == nil {
		cc = newCompiler(p.Cues, p.CueUnless, len(p.Indicators))
	}
	for i := range p.Indicators {
		ind := &p.Indicators[i]
		where := indicatorAt{ind.ID, i}
		if ind.ID == "" {
			bad("%s: id is missing", where)
		}
		if seen[ind.ID] {
			bad("%s is defined twice", where)
		}
		seen[ind.ID] = true
		if ind.Level == 0 && ind.Route == "" {
			bad("%s: needs a level or a route", where)
		}
		if ind.Level < 0 || ind.Level > 4 {
			bad("%s: level %d (want 1-4)", where, ind.Level)
		}
		if ind.Route != "" && p.routeByID[ind.Route] == nil {
			bad("%s: unknown route %q", where, ind.Route)
		}
		for _, r := range ind.Also {
			if p.routeByID[r] == nil {
				bad("%s: unknown route %q", where, r)
			}
		}
		if len(ind.Match) == 0 && pre == nil {
			bad("%s: no match lines", where)
		}
		if ind.Sentences < 0 || ind.Sentences > maxWindow {
			bad("%s: sentences %d (want 1-%d)", where, ind.Sentences, maxWindow)
		}
		if cc != nil {
			if err := cc.indicator(int32(len(p.compiled)), ind); err != nil {
				bad("%s: %v", where, err)
				continue
			}
		}
		p.compiled = append(p.compiled, compiledIndicator{ind: ind, negatable: ind.Negatable == nil || *ind.Negatable})
	}
	// Cues no line uses are checked too.
	for _, k := range slices.Sorted(maps.Keys(p.Cues)) {
		if cc == nil {
			break
		}
		_, done := cc.cueSets[k]
		_, failed := cc.cueErr[k]
		if done || failed || len(p.Cues[k]) == 0 {
			continue
		}
		if _, err := cc.cue(k); err != nil {
			bad("%v", err)
		}
	}
	if cc != nil {
		if cc.longWord != "" {
			bad("a match word is longer than %d letters: %q...", maxWordLen, cc.longWord)
		}
		p.index = cc.index()
	} else if len(p.compiled) != int(pre.nindicators()) {
		bad("its compiled index is for %d indicators, not %d", pre.nindicators(), len(p.compiled))
	}
	for _, c := range p.Combinations {
		switch c.Kind {
		case "cumulative":
			if c.Count < 2 || c.Level < 1 || c.Level > 4 {
				bad("combination %s: cumulative needs count ≥ 2 and a level 1-4", c.ID)
			}
		case "together":
			if c.Count < 2 || len(c.Categories) < 2 || c.Raise < 0 || c.Raise == 0 && len(c.Also) == 0 {
				bad("combination %s: together needs categories, count ≥ 2 and raise ≥ 1 or also", c.ID)
			}
			for _, r := range c.Require {
				if !slices.Contains(c.Categories, r) {
					bad("combination %s: require %q is not one of its categories", c.ID, r)
				}
			}
			if c.MinLevel < 0 || c.MinLevel > 4 {
				bad("combination %s: min_level %d (want 1-4)", c.ID, c.MinLevel)
			}
		default:
			bad("combination %s: kind %q (want cumulative or together)", c.ID, c.Kind)
		}
		if (len(c.Require) > 0 || c.MinLevel > 0) && c.Kind != "together" {
			bad("combination %s: require and min_level are for kind together", c.ID)
		}
		for _, r := range c.Also {
			if p.routeByID[r] == nil {
				bad("combination %s: unknown route %q", c.ID, r)
			}
		}
	}
	for _, q := range p.Questions {
		if q.Text == "" {
			bad("question %s: text is missing", q.ID)
		}
		if m := q.When.Missing; m != "" && !missingSet[m] {
			bad("question %s: missing %q (want one of %s)", q.ID, m, strings.Join(missingKeys(), ", "))
		}
		if r := q.When.Route; r != "" && p.routeByID[r] == nil {
			bad("question %s: unknown route %q", q.ID, r)
		}
	}
	return errs
}

// indicatorAt names an indicator in check's errors: formatted only for an
// error (check runs at every load of the built-in pack).
type indicatorAt struct {
	id string
	i  int
}

func (w indicatorAt) String() string {
	if w.id == "" {
		return fmt.Sprintf("indicators[%d]", w.i)
	}
	return "indicator " + w.id
}

// RouteInfo returns a route of the pack by id.
func (p *Pack) RouteInfo(id string) (*Route, bool) {
	r, ok := p.routeByID[id]
	return r, ok
}

// LevelInfo returns a level of the pack by number.
func (p *Pack) LevelInfo(n int) (*Level, bool) {
	l, ok := p.levelByN[n]
	return l, ok
}
