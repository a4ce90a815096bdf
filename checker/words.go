package checker

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// Word-level reading of free text. Most of what the rules look for is a
// word from a list; looking words up in a set is far cheaper than running a
// large regular expression over the whole text.

// boundary is the token put between sentences and clauses.
const boundary = "."

// tokenize splits lower-case text into words (letters, digits, apostrophes
// and hyphens inside words) and boundary tokens for . ; : ! ? and new lines.
func tokenize(s string) []string {
	toks := make([]string, 0, len(s)/5+1)
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		word := false
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z':
			word = true
		case c < utf8.RuneSelf:
			word = (c == '\'' || c == '-') && start >= 0
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r) || (r == '’' && start >= 0)
		}
		if word {
			if start < 0 {
				start = i
			}
			i += size
			continue
		}
		if start >= 0 {
			if w := strings.Trim(s[start:i], "'’-"); w != "" {
				toks = append(toks, w)
			}
			start = -1
		}
		if c == '.' || c == ';' || c == '!' || c == '?' || c == '\n' {
			if n := len(toks); n > 0 && toks[n-1] != boundary {
				toks = append(toks, boundary)
			}
		}
		i += size
	}
	if start >= 0 {
		if w := strings.Trim(s[start:], "'’-"); w != "" {
			toks = append(toks, w)
		}
	}
	return toks
}

// wordSet is a set of words, with optional stems (entries ending in "*"
// match any word starting with them). Its map is made on first use: the
// package's thirty-odd sets, made at initialisation, cost every start of
// frontdoor a third of a millisecond, most of it before main.
type wordSet struct {
	entries []string
	built   atomic.Bool // words and stems are made
	mu      sync.Mutex  // held while they are
	words   map[string]bool
	stems   []string
}

func newWordSet(entries ...string) *wordSet { return &wordSet{entries: entries} }

// build makes the set's map, once (a sync.Once, given the method value
// ws.build at each look-up, cost the checker a tenth of its speed).
func (ws *wordSet) build() {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if ws.built.Load() {
		return
	}
	ws.words = make(map[string]bool, len(ws.entries))
	for _, e := range ws.entries {
		if strings.HasSuffix(e, "*") {
			ws.stems = append(ws.stems, strings.TrimSuffix(e, "*"))
		} else {
			ws.words[e] = true
		}
	}
	ws.built.Store(true)
}

func (ws *wordSet) has(w string) bool {
	if !ws.built.Load() {
		ws.build()
	}
	if ws.words[w] {
		return true
	}
	for _, s := range ws.stems {
		if strings.HasPrefix(w, s) {
			return true
		}
	}
	return false
}

// first returns the index of the first token in the set, or -1.
func (ws *wordSet) first(toks []string) int {
	for i, t := range toks {
		if ws.has(t) {
			return i
		}
	}
	return -1
}

var (
	whoWords = newWordSet("mum", "mummy", "mother", "mom", "dad", "daddy", "father", "parent", "parents", "stepdad", "stepfather",
		"step-dad", "step-father", "stepmum", "stepmother", "step-mum", "step-mother", "carer", "carers", "guardian", "grandma", "grandpa",
		"grandmother", "grandfather", "nan", "nana", "nanna", "gran", "grandad", "uncle", "aunt", "auntie", "brother", "sister", "sibling",
		"siblings", "cousin", "partner", "boyfriend", "girlfriend", "friend", "friends", "peer", "peers", "pupil", "pupils", "student",
		"teacher", "staff", "coach", "adult", "adults", "man", "woman", "men", "women", "stranger", "neighbour", "neighbor", "lodger",
		"he", "she", "they", "him", "her", "them", "his")
	howWords = newWordSet("said", "says", "told", "tells", "disclosed", "disclosure", "reported", "explained", "alleged", "stated",
		"asked", "saw", "seen", "observed", "noticed", "witnessed", "heard", "found", "showed", "shown", "wrote", "written", "messaged",
		"texted", "called", "phoned", "arrived", "absent", "overheard", "admitted", "confided")
	whatWords = newWordSet("hit", "hits", "hitting", "punch*", "kick*", "slap*", "smack*", "beat*", "belt", "bruis*", "mark", "marks",
		"injur*", "burn*", "cut", "cuts", "scratch*", "bleed*", "bleeding", "swollen", "pushed", "shoved", "grabbed", "strangl*", "choked",
		"threw", "thrown", "locked", "shouted", "screamed", "drunk", "drug", "drugs", "alcohol", "cannabis", "knife", "weapon", "police",
		"hungry", "food", "dirty", "smell*", "unwashed", "lice", "missing", "self-harm*", "selfharm*", "suicid*", "sex*", "touch*", "naked",
		"photo", "photos", "image", "images", "video", "online", "money", "gift", "gifts", "pregnan*", "fight*", "argu*", "violence",
		"violent", "attendance", "absence", "late", "ran", "overdose*")
	whereWords = newWordSet("classroom", "playground", "corridor", "toilet", "toilets", "bus", "park", "street", "shop", "flat",
		"house", "bedroom", "kitchen", "garden", "car", "outside", "inside", "online", "address", "room", "home", "school", "class",
		"snapchat", "instagram", "tiktok", "whatsapp", "facebook", "discord", "xbox", "playstation", "roblox", "gate", "lesson", "hall")
	physicalWords = newWordSet("hit", "hits", "hitting", "punch*", "kick*", "slap*", "smack*", "beaten", "beating", "beats", "belted",
		"bruis*", "injur*", "burn", "burns", "burnt", "scald*", "scratch*", "swollen", "swelling", "pushed", "shoved", "grabbed",
		"strangl*", "choked", "choking", "throttl*", "fractur*", "bleeding", "lashed", "whipped", "stamped", "headbutt*")
	physicalPhrases = []string{"black eye", "marks on", "mark on", "cut to", "cuts to", "cut on", "cuts on", "bite mark", "broken arm",
		"broken leg", "broken wrist", "broken bone", "broken rib", "broken nose", "physical abuse", "physically abus", "physical harm",
		"physically hurt", "physical chastis", "physical punish", "hurt him", "hurt her", "hurt them", "hurt me", "with a belt",
		"threw him", "threw her", "beat him", "beat her", "beat them", "beat me"}
	disclosureWords = newWordSet("told", "said", "says", "explained", "reported", "alleged", "alleges", "allege", "wrote", "confided",
		"disclos*")
	disclosurePhrases = []string{"stated that", "shared that", "made an allegation"}
	relationWords     = newWordSet("son", "daughter", "child", "children", "brother", "sister", "sibling", "siblings", "cousin", "uncle",
		"aunt", "auntie", "niece", "nephew", "relative", "relatives", "husband", "wife", "partner", "friend", "neighbour", "neighbor",
		"grandchild", "boy", "girl", "pupil", "student", "family", "himself", "herself")
	professionalWords = newWordSet("qualified", "professional", "line", "telephone", "council", "service", "booked", "registered",
		"independent", "accredited", "big", "word", "no", "not", "never", "instead", "rather")
)

// containsAnyPhrase returns the first phrase found in s, or "".
func containsAnyPhrase(s string, phrases []string) string {
	for _, p := range phrases {
		if strings.Contains(s, p) {
			return p
		}
	}
	return ""
}

// findPhysical returns the words that show physical harm is described, or "".
func findPhysical(s string, toks []string) string {
	if p := containsAnyPhrase(s, physicalPhrases); p != "" {
		return p
	}
	if i := physicalWords.first(toks); i >= 0 {
		return toks[i]
	}
	return ""
}

// childSubjects are the words that name the child as the one speaking.
var childSubjects = newWordSet("child", "pupil", "student", "he", "she", "they", "boy", "girl", "person")

// parentSubjects are words that make a pronoun more likely to mean a parent.
var parentSubjects = newWordSet("mum", "mother", "dad", "father", "parent", "parents", "carer", "grandmother", "nan", "aunt", "stepdad", "stepfather", "stepmum")

// findDisclosure returns the words showing someone told staff about harm,
// and whether it is clearly the child (by name, "the child", or a disclosure
// word) rather than possibly a parent ("she told me" after "mum came in").
func findDisclosure(s string, toks []string, childFirst string) (string, bool) {
	if p := containsAnyPhrase(s, disclosurePhrases); p != "" {
		return p, false
	}
	parentSource := parentSubjects.first(toks) >= 0
	weak := ""
	for i, t := range toks {
		if !disclosureWords.has(t) {
			continue
		}
		if strings.HasPrefix(t, "disclos") {
			if i > 0 && parentSubjects.has(toks[i-1]) {
				weak = toks[i-1] + " " + t
				continue
			}
			return t, true
		}
		if i == 0 || toks[i-1] == boundary {
			continue
		}
		prev := toks[i-1]
		ev := prev + " " + t
		switch {
		case childFirst != "" && prev == childFirst:
			return ev, true
		case prev == "child" || prev == "pupil" || prev == "student" || prev == "person":
			return ev, true
		case childSubjects.has(prev) && !parentSource:
			return ev, true
		case weak == "":
			weak = ev
		}
	}
	return weak, false
}

// findFamilyInterpreter returns the words showing a child, relative or
// friend interpreted, or "". It looks a few words either side of
// "translate"/"interpret" within one sentence, and ignores mentions of a
// qualified or telephone interpreter.
func findFamilyInterpreter(toks []string) string {
	for i, t := range toks {
		if !strings.HasPrefix(t, "translat") && !strings.HasPrefix(t, "interpret") {
			continue
		}
		lo, hi := i, i
		for lo > 0 && i-lo < 10 && toks[lo-1] != boundary {
			lo--
		}
		for hi < len(toks)-1 && hi-i < 5 && toks[hi+1] != boundary {
			hi++
		}
		professional := false
		for k := max(lo, i-3); k <= min(hi, i+1); k++ {
			if professionalWords.has(toks[k]) {
				professional = true
			}
		}
		if professional {
			continue
		}
		for k := lo; k <= hi; k++ {
			if relationWords.has(toks[k]) {
				a, b := min(k, i), max(k, i)
				return strings.Join(toks[a:b+1], " ")
			}
		}
	}
	return ""
}

// hasQuote reports whether s holds quoted words (at least four characters
// between quotation marks).
func hasQuote(s string) bool {
	open := -1
	for i, r := range s {
		switch r {
		case '"', '“', '”':
			if open >= 0 && i-open > 4 {
				return true
			}
			open = i
		}
	}
	return false
}

var (
	vagueQualifiers = newWordSet("some", "few", "several", "various", "general", "ongoing", "low-level", "number", "safeguarding",
		"wellbeing", "welfare", "many", "lots", "growing", "long-standing", "longstanding", "numerous", "significant", "serious", "increasing")
	vagueNouns    = newWordSet("concern", "concerns", "worries", "issues")
	vagueObjects  = newWordSet("home", "family", "parenting", "things", "everything")
	vagueAbouts   = newWordSet("about", "around", "regarding", "re", "with")
	vagueFeelings = newWordSet("off", "unhappy", "sad", "withdrawn", "down", "quiet", "different", "unsettled")
)

// findVague returns the vague phrases in a text, as the words that make
// them: a worry with no facts ("ongoing concerns", "concerns about home
// life", "things don't seem right", "something is going on").
func findVague(s string, toks []string, limit int) []string {
	var out []string
	add := func(p string) {
		for _, x := range out {
			if x == p {
				return
			}
		}
		if len(out) < limit {
			out = append(out, p)
		}
	}
	at := func(i int) string {
		if i < 0 || i >= len(toks) {
			return boundary
		}
		return toks[i]
	}
	for i, t := range toks {
		switch {
		case vagueNouns.has(t):
			if vagueQualifiers.has(at(i - 1)) {
				p := at(i-1) + " " + t
				if at(i-1) == "few" || at(i-1) == "number" {
					p = at(i-2) + " " + p
				}
				add(p)
			} else if at(i-1) == "of" && (at(i-2) == "lots" || at(i-2) == "number") {
				add(at(i-2) + " of " + t)
			} else if vagueAbouts.has(at(i+1)) && vagueObjects.has(at(i+2)) {
				add(t + " " + at(i+1) + " " + at(i+2))
			}
		case (t == "issues" || t == "problems" || t == "difficulties") && at(i+1) == "at" && at(i+2) == "home":
			add(t + " at home")
		case t == "right":
			if at(i-1) == "not" || at(i-1) == "isn't" || (at(i-1) == "quite" && (at(i-2) == "not" || at(i-2) == "isn't")) {
				j := i - 1
				if at(j) == "quite" {
					j--
				}
				start := j
				if (at(j-1) == "seem" || at(j-1) == "feel" || at(j-1) == "look") && (at(j-2) == "do" || at(j-2) == "does") {
					start = j - 2
				}
				if at(start-1) == "things" || at(start-1) == "something" || at(start-1) == "is" || at(start-1) == "seems" {
					start--
				}
				add(strings.Join(toks[max(start, 0):i+1], " "))
			} else if (at(i-1) == "seem" || at(i-1) == "feel" || at(i-1) == "look") && (at(i-2) == "don't" || at(i-2) == "doesn't") {
				add(strings.Join(toks[max(i-3, 0):i+1], " "))
			}
		case t == "something":
			n := at(i + 1)
			if n == "is" || n == "seems" || n == "might" {
				if n == "might" && at(i+2) == "be" {
					n = "might be"
				}
				j := i + 1 + len(strings.Fields(n))
				if (at(j) == "going" && at(j+1) == "on") || at(j) == "wrong" || at(j) == "off" {
					add(strings.Join(toks[i:min(j+2, len(toks))], " "))
				}
			} else if n == "going" && at(i+2) == "on" || n == "wrong" || n == "off" {
				add(strings.Join(toks[i:min(i+3, len(toks))], " "))
			}
		case t == "seems" || t == "seem" || t == "appears" || t == "appear":
			j := i + 1
			if at(j) == "a" && at(j+1) == "bit" {
				j += 2
			}
			if vagueFeelings.has(at(j)) && (at(j+1) == boundary || at(j+1) == "and" || j+1 >= len(toks)) {
				add(strings.Join(toks[i:j+1], " "))
			}
		case t == "worried" || t == "concerned":
			// "staff are worried." with no object: a feeling, not a fact.
			if at(i+1) == boundary || (at(i+1) == "about" && (at(i+2) == "him" || at(i+2) == "her" || at(i+2) == "them") && at(i+3) == boundary) {
				add(strings.Join(toks[max(i-2, 0):i+1], " "))
			}
		}
	}
	if strings.Contains(s, "home life") {
		add("home life")
	}
	if strings.Contains(s, "gut feeling") {
		add("gut feeling")
	}
	return out
}
