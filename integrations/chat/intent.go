package chat

import (
	"encoding/json"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/intake"
	"github.com/frontdoorhq/frontdoor/guidance"
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
)

// command is an explicit request recognised from a message's first words.
type command int

const (
	cmdNone     command = iota // no command: a concern, a follow-up or a pasted referral
	cmdHelp                    // "help", "hi"
	cmdReset                   // "new", "reset": forget the thread
	cmdExplain                 // "explain FD704", "FD704", "what is FD704"
	cmdContacts                // "contacts", "contacts lado", "who do I call about prevent"
	cmdRoute                   // "route <concern>": route, whatever it looks like
	cmdCheck                   // "check <referral>"
)

var (
	ruleIDRe   = lazyre.New(`(?i)^fd\d{2,4}$`)
	whatIsRe   = lazyre.New(`(?i)^what(?:'s| is| does)\s+(fd\d{2,4})(?:\s+mean)?$`)
	whoCallRe  = lazyre.New(`(?i)^who (?:do|should|can|must) (?:i|we) (?:call|ring|phone|contact|tell)\b\s*(.*)$`)
	labelLine  = lazyre.New(`^\s*[\p{L}][^:\n]{0,60}:[ \t]*\S`)
	codeFences = lazyre.New("(?m)^\\s*```[a-zA-Z]*\\s*$")
)

var helpWords = map[string]bool{
	"": true, "help": true, "hi": true, "hello": true, "hey": true, "start": true, "usage": true,
	"commands": true, "menu": true, "what can you do": true, "how does this work": true,
}

var resetWords = map[string]bool{
	"new": true, "reset": true, "clear": true, "forget": true, "start again": true, "start over": true,
	"new concern": true, "new thread": true, "forget this": true,
}

// parseCommand recognises an explicit command and returns its argument.
func parseCommand(p *guidance.Pack, t string) (command, string) {
	bare := strings.ToLower(strings.Trim(t, " \t\r\n.!?"))
	bare = strings.Join(strings.Fields(bare), " ")
	switch {
	case helpWords[bare]:
		return cmdHelp, ""
	case resetWords[bare]:
		return cmdReset, ""
	case ruleIDRe.MatchString(bare):
		return cmdExplain, bare
	}
	if m := whatIsRe.FindStringSubmatch(bare); m != nil {
		return cmdExplain, m[1]
	}
	if m := whoCallRe.FindStringSubmatch(bare); m != nil {
		return cmdContacts, trimFor(m[1])
	}
	first, rest := cutWord(t)
	switch strings.ToLower(strings.TrimRight(first, ":")) {
	case "help":
		return cmdHelp, ""
	case "explain", "rule":
		if len(strings.Fields(rest)) == 1 {
			return cmdExplain, rest
		}
	case "why":
		if len(strings.Fields(rest)) == 1 && ruleIDRe.MatchString(strings.Trim(rest, " ?")) {
			return cmdExplain, rest
		}
	case "contacts":
		if len(strings.Fields(rest)) <= 5 {
			return cmdContacts, trimFor(rest)
		}
	case "contact", "numbers", "phone":
		// Only when what follows names a route: "Contact from mum today ..."
		// is a concern that happens to start with the word.
		if strings.EqualFold(first, "phone") {
			if !strings.HasPrefix(strings.ToLower(rest), "number") {
				break
			}
			_, rest = cutWord(rest)
		}
		arg := trimFor(rest)
		if arg == "" || len(strings.Fields(arg)) <= 5 && len(resolveRoutes(p, arg)) > 0 {
			return cmdContacts, arg
		}
	case "route", "triage":
		return cmdRoute, rest
	case "check":
		return cmdCheck, rest
	}
	return cmdNone, ""
}

// cutWord splits off the first word.
func cutWord(t string) (string, string) {
	t = strings.TrimSpace(t)
	i := strings.IndexAny(t, " \t\r\n")
	if i < 0 {
		return t, ""
	}
	return t[:i], strings.TrimSpace(t[i+1:])
}

// trimFor drops a leading "for", "about" or "numbers for" from a contacts argument.
func trimFor(s string) string {
	s = strings.Trim(strings.TrimSpace(s), ".?!")
	for _, p := range []string{"numbers for ", "number for ", "for the ", "for a ", "for ", "about the ", "about a ", "about ", "the "} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
		}
	}
	return strings.TrimSpace(s)
}

// cleanText trims a message, drops code fences (a referral pasted in a
// code block) and straightens curly quotes in pasted JSON.
func cleanText(t string) string {
	t = codeFences.ReplaceAllString(t, "")
	t = strings.TrimSpace(t)
	if strings.HasPrefix(t, "```") && strings.HasSuffix(t, "```") && len(t) >= 6 {
		t = strings.TrimSpace(t[3 : len(t)-3])
	}
	// JSON pasted through an editor that "smartens" quotes.
	if strings.HasPrefix(t, "{") && strings.ContainsAny(t, "“”") {
		t = smartQuotes.Replace(t)
	}
	return t
}

var smartQuotes = strings.NewReplacer("“", `"`, "”", `"`)

// looksLikeReferral says whether pasted text is a referral rather than a
// concern: a JSON object, YAML with the model's keys, or a form with at
// least four "Label: value" lines.
func looksLikeReferral(t string) bool {
	b := []byte(t)
	switch intake.Sniff(b) {
	case intake.JSON:
		return json.Valid(b)
	case intake.YAML:
		return true
	}
	n := 0
	for _, line := range strings.Split(t, "\n") {
		if labelLine.MatchString(line) {
			if n++; n >= 4 {
				return true
			}
		}
	}
	return false
}

// routeWords are the everyday names of routes, for "contacts <route>".
var routeWords = []struct{ phrase, id string }{
	{"999", "emergency"}, {"ambulance", "emergency"}, {"emergency", "emergency"},
	{"101", "police"}, {"police", "police"},
	{"fgm", "police-fgm"}, {"female genital mutilation", "police-fgm"},
	{"lado", "lado"}, {"designated officer", "lado"}, {"allegation", "lado"}, {"staff", "lado"},
	{"prevent", "prevent"}, {"radicalisation", "prevent"}, {"radicalization", "prevent"}, {"extremism", "prevent"},
	{"private fostering", "private-fostering"},
	{"children missing education", "cme"}, {"missing education", "cme"}, {"cme", "cme"},
	{"forced marriage", "forced-marriage-unit"}, {"honour", "forced-marriage-unit"}, {"honor", "forced-marriage-unit"}, {"fmu", "forced-marriage-unit"},
	{"nrm", "nrm"}, {"trafficking", "nrm"}, {"modern slavery", "nrm"}, {"county lines", "nrm"},
	{"early help", "early-help"}, {"child protection", "mash-urgent"}, {"urgent", "mash-urgent"},
	{"mash", "mash"}, {"universal", "universal"}, {"edt", "mash"}, {"out of hours", "mash"},
}

// resolveRoutes finds the routes a "contacts" argument names, by id or by an
// everyday name, in the pack's order.
func resolveRoutes(p *guidance.Pack, arg string) []string {
	norm := " " + strings.Join(strings.FieldsFunc(strings.ToLower(arg), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
	}), " ") + " "
	if strings.TrimSpace(norm) == "" {
		return nil
	}
	want := map[string]bool{}
	for _, r := range p.Routes {
		if strings.Contains(norm, " "+r.ID+" ") {
			want[r.ID] = true
		}
	}
	if len(want) == 0 {
		for _, w := range routeWords {
			if strings.Contains(norm, " "+w.phrase+" ") {
				want[w.id] = true
			}
		}
	}
	var out []string
	for _, r := range p.Routes {
		if want[r.ID] {
			out = append(out, r.ID)
		}
	}
	return out
}
