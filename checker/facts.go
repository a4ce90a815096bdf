package checker

import (
	"strings"

	"github.com/frontdoorhq/frontdoor/checker/referral"
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
)

// Facts a DSL may write in another field, or in the description, than the
// one a rule is about. A rule that says something is missing looks for it
// here first, so that it never reports as missing what the referral plainly
// says. Every reader below takes lower-case text.

// joinLower joins free-text answers, lower case, one to a line.
func joinLower(ss ...string) string {
	var b strings.Builder
	for _, s := range ss {
		if !referral.Blank(s) {
			b.WriteString(strings.ToLower(s))
			b.WriteString("\n")
		}
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// The child's quoted words.

// quoteSpan is a quotation in a text: the byte offsets of its opening and
// closing marks.
type quoteSpan struct{ open, close int }

// maxQuotes bounds the work on a hostile text full of quotation marks.
const maxQuotes = 64

// quotations returns the quotations in s: words between double quotes
// (straight or curly), or between single quotes that open before a word and
// close after one (so the apostrophes of "didn't" and "Jayden's" are not
// taken for quotation marks).
func quotations(s string) []quoteSpan {
	var out []quoteSpan
	isLetter := func(i int) bool { return i >= 0 && i < len(s) && isWordByte(s[i]) }
	// Double quotes, straight or curly, in pairs.
	open := -1
	for i := 0; i < len(s) && len(out) < maxQuotes; i++ {
		switch {
		case s[i] == '"':
			if open >= 0 {
				out = append(out, quoteSpan{open, i})
				open = -1
			} else {
				open = i
			}
		case strings.HasPrefix(s[i:], "“"):
			open = i
		case strings.HasPrefix(s[i:], "”"):
			if open >= 0 {
				out = append(out, quoteSpan{open, i})
				open = -1
			}
		case s[i] == '\n':
			open = -1
		}
	}
	// Single quotes: an opening mark after a space or punctuation and
	// before a letter; a closing mark after a letter or punctuation and
	// before a space, punctuation or the end.
	open = -1
	for i := 0; i < len(s) && len(out) < maxQuotes; i++ {
		var w int
		switch {
		case s[i] == '\'':
			w = 1
		case strings.HasPrefix(s[i:], "‘"), strings.HasPrefix(s[i:], "’"):
			w = len("‘")
		case s[i] == '\n':
			open = -1
			continue
		default:
			continue
		}
		before, after := isLetter(i-1), isLetter(i+w)
		switch {
		case open < 0 && !before && after:
			open = i
		case open >= 0 && !after && i > open+w:
			out = append(out, quoteSpan{open, i})
			open = -1
		}
		i += w - 1
	}
	return out
}

var (
	speechVerbs = newWordSet("said", "says", "say", "told", "tells", "replied", "replies", "answered", "explained", "disclosed",
		"stated", "added", "shouted", "screamed", "cried", "whispered", "wrote", "writes", "asked", "commented", "responded",
		"continued", "repeated", "mentioned", "described", "reported", "alleged", "alleges", "shared", "admitted", "confided",
		"insisted", "yelled", "sobbed", "muttered", "exclaimed", "messaged", "texted", "typed", "words", "quote", "quoted", "saying")
	// speakerSkip are words that may sit between a speaker and the verb:
	// "Jayden then said", "she has told", "he quietly said".
	speakerSkip = newWordSet("then", "later", "also", "quietly", "clearly", "spontaneously", "had", "has", "have", "was", "were",
		"again", "just", "immediately", "tearfully", "calmly", "suddenly", "first", "finally", "eventually", "own", "in",
		"initially", "subsequently", "freely", "openly", "further", "her", "his", "their")
	// quoteLeadIn are words that may come between a speech verb and the
	// quotation: "told me", "said to her teacher", "wrote in her own words".
	quoteLeadIn = newWordSet("me", "us", "him", "her", "them", "to", "the", "teacher", "staff", "dsl", "mr", "mrs", "miss", "ms", "sir",
		"own", "in", "was", "were", "quietly", "simply", "just", "then", "again", "clearly", "class", "form", "tutor", "a", "member",
		"of", "that", "i", "we", "and", "on", "note", "text", "message", "exactly", "verbatim", "these", "words", "ta", "mentor",
		"nurse", "senco", "head", "year", "session", "lesson", "group", "assembly", "break", "lunch", "lunchtime", "at", "this",
		"last", "during", "today", "yesterday", "morning", "afternoon", "weekend", "monday", "tuesday", "wednesday", "thursday",
		"friday", "saturday", "sunday", "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
		"jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december",
		// "told me she had 'the sunna' done", "told us she's 'engaged'"
		"she", "he", "they", "she's", "he's", "they're", "i'm", "had", "has", "have", "is", "would", "will", "did", "got", "been", "it")
	// staffSpeakers are the referrer's side: a pronoun never stands for
	// them, but a speaker who is one of them is not the child.
	staffSpeakers = newWordSet("i", "we", "teacher", "staff", "dsl", "ta", "tutor", "mentor", "nurse", "senco", "head", "headteacher",
		"officer", "worker", "police", "doctor", "gp", "coach", "supervisor", "volunteer", "leader")
	femaleWords = newWordSet("mum", "mummy", "mother", "mom", "stepmum", "step-mum", "stepmother", "step-mother", "nan", "nana",
		"nanna", "gran", "granny", "grandma", "grandmother", "aunt", "auntie", "aunty", "sister", "girlfriend", "wife", "woman",
		"lady", "mrs", "miss", "ms", "she", "her", "girl", "daughter")
	maleWords = newWordSet("dad", "daddy", "father", "stepdad", "step-dad", "stepfather", "step-father", "grandad", "grandpa",
		"grandfather", "uncle", "brother", "boyfriend", "husband", "man", "mr", "he", "him", "his", "boy", "son")
	// adultSpeakers are people other than the child who may be quoted.
	// otherSpeakers are people other than the child who may be quoted: a
	// pronoun after one of them may mean them. Staff are left out: "her
	// teacher asked what was wrong and she said ..." is the child speaking.
	otherSpeakers = newWordSet("mum", "mummy", "mother", "mom", "stepmum", "step-mum", "stepmother", "step-mother", "nan", "nana",
		"nanna", "gran", "granny", "grandma", "grandmother", "aunt", "auntie", "aunty", "girlfriend", "wife", "woman", "lady", "mrs",
		"dad", "daddy", "father", "stepdad", "step-dad", "stepfather", "step-father", "grandad", "grandpa",
		"grandfather", "uncle", "boyfriend", "husband", "man", "mr", "parent", "parents", "carer", "carers",
		"neighbour", "neighbor", "partner", "caller", "friend", "brother", "sister", "witness", "lodger")
	childNouns = newWordSet("child", "pupil", "student", "yp", "person", "boy", "girl", "baby", "toddler", "learner", "lad", "kid")
	pronouns   = newWordSet("he", "she", "they", "her", "him", "his", "their", "them")
)

// childID describes how a text may name the child: their first names, and
// the pronouns their gender allows.
type childID struct {
	names  map[string]bool
	male   bool // he/him may be the child
	female bool // she/her may be the child
}

func (in *Input) childID() childID {
	id := childID{names: map[string]bool{}, male: true, female: true}
	for _, n := range []string{in.R.Child.Name, in.R.Child.OtherNames} {
		for _, part := range strings.FieldsFunc(lower(n), func(r rune) bool { return r == ' ' || r == ',' || r == '/' || r == '(' || r == ')' }) {
			if len(part) > 1 && part != "none" && part != "known" && part != "as" && part != "aka" {
				id.names[part] = true
			}
		}
	}
	switch g := lower(in.R.Child.Gender); {
	case g == "m" || g == "male" || g == "boy" || strings.HasPrefix(g, "male"):
		id.female = false
	case g == "f" || g == "female" || g == "girl" || strings.HasPrefix(g, "female"):
		id.male = false
	}
	return id
}

// isChild reports whether a word names the child: a name, a word such as
// "pupil", or a pronoun their gender allows ("they" always).
func (id childID) isChild(w string) bool {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	if id.names[w] || childNouns.has(w) {
		return true
	}
	// "Y10", "15yo": a pupil named by year group or age.
	if len(w) >= 2 && len(w) <= 4 && (w[0] == 'y' && allDigitsWord(w[1:]) || strings.HasSuffix(w, "yo") && allDigitsWord(w[:len(w)-2])) {
		return true
	}
	return false
}

func (id childID) pronounFits(w string) bool {
	switch w {
	case "he", "him", "his":
		return id.male
	case "she", "her":
		return id.female
	case "they", "them", "their":
		return true
	}
	return false
}

// speakerIsChild decides whether the speaker word w (at index i of toks)
// is the child. A pronoun is resolved to the subject of its own sentence
// (the first person named in it before the pronoun) or, failing that, of
// the sentences before: the child if that is the child or nobody, someone
// else if it is a parent or another person the pronoun can stand for.
// Staff are passed over: "her teacher asked what was wrong and she said"
// is the child speaking.
func (id childID) speakerIsChild(toks []string, i int) bool {
	w := toks[i]
	if id.isChild(w) {
		return true
	}
	if !pronouns.has(w) || !id.pronounFits(w) {
		return false
	}
	male := w == "he" || w == "him" || w == "his"
	female := w == "she" || w == "her"
	end := i
	for steps := 0; end > 0 && steps < 6 && i-end < 80; steps++ {
		start := end
		for start > 0 && toks[start-1] != boundary {
			start--
		}
		for k := start; k < end; k++ {
			t := strings.TrimSuffix(strings.TrimSuffix(toks[k], "'s"), "’s")
			if id.isChild(t) {
				return true
			}
			if otherSpeakers.has(t) {
				if (male && femaleWords.has(t)) || (female && maleWords.has(t)) {
					continue
				}
				return false
			}
		}
		end = start - 1 // the boundary before this sentence
	}
	return true
}

// speakerBefore reports whether the speaker of the speech verb at toks[v]
// is the child: the first word before it that is not an adverb, an
// auxiliary or an age ("Jayden then said", "she has told", "Jayden (13)
// said"), or, for "... and said", the subject of the sentence ("she fell
// off the frame and said").
func (id childID) speakerBefore(toks []string, v int) bool {
	for k := v - 1; k >= 0 && v-k <= 5 && toks[k] != boundary; k-- {
		t := toks[k]
		if t == "and" || t == "but" {
			// The subject of the sentence: its first person word.
			start := k
			for start > 0 && toks[start-1] != boundary && k-start < 25 {
				start--
			}
			for j := start; j < k; j++ {
				w := toks[j]
				if id.isChild(w) || w == "he" || w == "she" || w == "they" || otherSpeakers.has(w) || staffSpeakers.has(w) {
					return !staffSpeakers.has(w) && id.speakerIsChild(toks, j)
				}
			}
			return false
		}
		if allDigitsWord(t) || (speakerSkip.has(t) && !(toks[v] == "words" && (t == "her" || t == "his" || t == "their"))) {
			continue
		}
		return id.speakerIsChild(toks, k)
	}
	return false
}

func allDigitsWord(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// childQuote returns the first quotation in s that is attributed to the
// child ("She said: "Daddy hurt me"", "Jayden said 'Dwayne punched me'",
// "'It hurts,' he said", "in her own words 'I want to go home'"), or "".
func (in *Input) childQuote(s string) string {
	if !strings.ContainsAny(s, "\"'‘’“”") {
		return ""
	}
	id := in.childID()
	for _, q := range quotations(s) {
		body := s[q.open:q.close]
		if len(strings.Fields(strings.Trim(body, "\"'‘’“”"))) == 0 || len(body) < 3 {
			continue
		}
		// The words before it: its own sentence for the speaker, and some
		// earlier ones for resolving a pronoun.
		lo := max(0, q.open-600)
		for lo > 0 && isWordByte(s[lo-1]) {
			lo--
		}
		before := s[lo:q.open]
		btoks := tokenize(before)
		if n := len(btoks); n > 0 {
			// "Jayden: 'Dwayne punched me'"
			if strings.HasSuffix(strings.TrimSpace(before), ":") && id.isChild(btoks[n-1]) {
				return quote(strings.Trim(body, "\"'‘’“”"))
			}
			for v := n - 1; v >= 0 && n-v <= 9 && btoks[v] != boundary; v-- {
				if !speechVerbs.has(btoks[v]) {
					if !quoteLeadIn.has(btoks[v]) && !allDigitsWord(btoks[v]) {
						break // "told her teacher that there are 'problems'": not her words
					}
					continue
				}
				// The speaker is the first word before the verb that is not
				// an adverb or auxiliary: "Jayden then said", "she has told".
				if id.speakerBefore(btoks, v) {
					return quote(strings.Trim(body, "\"'‘’“”"))
				}
				// "said Jayden", "told by Jayden"
				if v+1 < n && id.isChild(btoks[v+1]) {
					return quote(strings.Trim(body, "\"'‘’“”"))
				}
			}
		}
		// After it: '"It hurts," she said' or '"Daddy hurt me," said Leo'.
		end := q.close + 1
		if end < len(s) && (s[q.close] == 0xe2) { // a curly mark is three bytes
			end = q.close + 3
		}
		after := tokenize(s[min(end, len(s)):min(len(s), end+60)])
		// "Maya (6) said": skip an age in brackets.
		for i := 1; i < len(after) && i < 3; i++ {
			if allDigitsWord(after[i]) {
				after = append(after[:i:i], after[i+1:]...)
			}
		}
		if len(after) >= 2 && after[0] != boundary {
			switch {
			case speechVerbs.has(after[1]) && id.speakerIsChild(append(btoks, after[0]), len(btoks)):
				return quote(strings.Trim(body, "\"'‘’“”"))
			case speechVerbs.has(after[0]) && id.isChild(after[1]):
				return quote(strings.Trim(body, "\"'‘’“”"))
			}
		}
	}
	return ""
}

// ---------------------------------------------------------------------------
// Injuries.

// injuryRE finds injuries described, or a statement that none were seen.
var injuryRE = newPattern(`\b(?:bruis(?:e|es|ed|ing)|black eye|(?:cut|split|fat|swollen|bleeding|burst) lip|(?:a|the|small|deep|fresh|healing) (?:cut|cuts|graze|grazes|scratch|scratches|wound|burn|burns|scald|lump|bump|welt|welts|mark|marks)\b|cuts? (?:to|on|above|below|under|across)|graze[ds]?|scratch(?:es|ed)? (?:to|on|across)|(?:red|pink|purple|blue|yellow|linear|finger|fingertip|finger-tip|hand|belt|bite|slap|loop|grip|ligature) ?marks?|marks? (?:on|to|across|around)|handprint|hand print|swelling|swollen|burns? (?:to|on)|cigarette burn|scald(?:s|ed|ing)?|welts?|fractur\w*|broken (?:arm|leg|wrist|bone|rib|ribs|nose|finger|tooth|teeth|collarbone)|nosebleed|bloody nose|bleeding|petechia\w*|bald patch|injur(?:y|ies) (?:to|on|was|were|seen|observed|noted)|(?:visible|physical|obvious|apparent|any|no|new|old|fresh) (?:injur\w*|marks?|bruis\w*)|(?:injur\w*|marks?|bruis\w*) (?:were|was )?(?:not )?(?:seen|visible|observed|noted|found|evident|apparent)|(?:did not|didn't|could not|couldn't) (?:see|observe|notice|find) (?:any )?(?:injur\w*|marks?|bruis\w*)|none (?:seen|visible|observed|noted|evident)|body ?map)`,
	"bruis", "black eye", "lip", "cut", "graze", "scratch", "wound", "burn", "scald", "lump", "bump", "welt", "mark", "handprint",
	"hand print", "swell", "swollen", "fractur", "broken", "nosebleed", "bloody nose", "bleeding", "petechia", "bald patch",
	"injur", "none", "body map", "bodymap")

// injuriesRecorded returns the words in s that describe an injury, or say
// none was seen, or "".
func injuriesRecorded(s string) string {
	return firstMatch(injuryRE, s)
}

// ---------------------------------------------------------------------------
// Where the child is now, and whether they are safe.

// whereaboutsRE finds a statement of where someone is now: "Leo is at
// school now", "she is with me in the office", "he is at home with his
// grandmother tonight", "she will stay in the school office". The first
// group is the person; childWhereabouts checks it is the child.
var whereaboutsRE = newPattern(`\b([a-z][a-z'’-]*)(?:'s|’s|\s+(?:is|are|remains?|will (?:be|stay|remain|sleep|spend (?:the night|tonight)|go)|has been|is going to (?:stay|be|go)))\s+(?:(?:now|currently|still|safely|presently|staying|sleeping|waiting|sitting|being (?:kept|cared for|looked after|supervised)|going|safe(?: and well)?|taken|collected|placed|moved|back|here|tonight|today)\s+)*(?:at (?:the )?(?:school|home|hospital|(?:(?:the|her|his|their|a|an) )?(?:[a-z'’-]+ ){0,2}(?:house|home|flat|office|room|place|address))|in (?:school|lessons?|hospital|care|foster care|police protection|(?:the|a|an|her|his|their) (?:[a-z'’-]+ ){0,2}(?:office|room|base|unit|hub|library|hospital|ward|refuge|station|centre|center|house|home|flat|care|bay|building))|on (?:site|the school site)|with (?:me|us|(?:the |a )?(?:dsl|staff|police|foster carers?|member of staff|teacher|social worker)|(?:her|his|their|a|the|an) (?:[a-z'’-]+ ){0,2}(?:grandmother|grandfather|grandma|grandad|grandpa|grandparents|nan|nana|nanna|gran|granny|aunt|auntie|aunty|uncle|mum|mother|dad|father|sister|brother|friend|friends|teacher|carer|carers|family|relative|relatives|neighbour|godmother|godparents|social worker|parents?|cousin|tutor))|home (?:now|with|tonight|today|alone|safely)\b|to (?:hospital|a refuge|foster)|staying with|by (?:her|his|their) (?:[a-z'’-]+ ){0,2}(?:mum|mother|dad|father|nan|gran|grandmother|grandfather|aunt|uncle|carer|parents?))`,
	" is ", " are ", "'s ", "’s ", " remain", " will ", " has been ")

// safetyRE finds a statement about whether the child is safe now or safe to
// go home.
var safetyRE = newPattern(`\b(?:(?:not |un)?safe to (?:go|return|be) (?:home|back)|(?:will|will not|won'?t|is|is not|isn'?t|are|are not) (?:be )?(?:going|returning|able to go|able to return) (?:home|back home) (?:tonight|today|with|to|at|after)|going home (?:tonight|with)|(?:is|are|remains?|will be) (?:currently |now |)(?:not )?safe(?: and well)?\b|(?:stay|stays|staying|sleep|sleeping|spend the night) (?:with|at) [^.;\n]{1,50}(?:tonight|overnight|until)|collected (?:from school )?by|(?:police|officers) (?:have |has )?(?:taken|collected) (?:her|him|them)|safety plan)`,
	"safe", "going", "returning", "able to", "stay", "sleep", "night", "collected", "police", "officers")

// subjectIsChild reports whether the person a match m of p (found in s)
// begins with, its first group, is the child: by name or a word such as
// "pupil", or a pronoun that stands for the child (see speakerIsChild).
func (id childID) subjectIsChild(s, m string, p *pattern) bool {
	sub := p.re.FindStringSubmatch(m)
	if len(sub) < 2 {
		return false
	}
	w := sub[1]
	if id.isChild(w) {
		return true
	}
	if !pronouns.has(w) {
		return false
	}
	at := strings.Index(s, m)
	if at < 0 {
		return false
	}
	toks := tokenize(s[max(0, at-600):at])
	toks = append(toks, w)
	return id.speakerIsChild(toks, len(toks)-1)
}

// childWhereabouts returns a statement in s of where the child is now, or "".
func (in *Input) childWhereabouts(s string) string {
	if s == "" {
		return ""
	}
	id := in.childID()
	for _, m := range whereaboutsRE.FindAllString(s) {
		if id.subjectIsChild(s, m, whereaboutsRE) {
			return strings.TrimSpace(m)
		}
	}
	return ""
}

// ---------------------------------------------------------------------------
// Early help.

var (
	earlyHelpTerms = []string{"early help", "strengths and needs", "strengths & needs", "team around the family", "team around the child",
		"team around family", "common assessment framework", "targeted early help", "family solutions plus",
		"lead professional"}
	earlyHelpTokens   = newWordSet("eha", "taf", "tac", "caf", "s&n")
	earlyHelpTried    = newWordSet("offered", "declined", "refused", "tried", "attempted", "withdrew", "disengaged", "engage", "engaged")
	earlyHelpState    = newWordSet("opened", "open", "started", "start", "completed", "complete", "done", "place", "met", "meets", "meeting", "meetings", "held", "set", "began", "begun", "closed", "ended", "ongoing", "current", "currently", "since", "reviewed", "review", "reviews", "attended", "lead", "was", "were", "been", "had", "previous", "previously", "involved", "involvement", "worked", "working", "plan", "stepped", "closure", "running", "active", "allocated", "undertaken", "carried", "convened", "times", "weekly", "monthly", "attends", "attend", "attending", "meet", "support", "supported", "supporting")
	earlyHelpNegator  = newWordSet("no", "not", "never", "hasn't", "haven't", "hadn't", "wasn't", "weren't", "isn't", "without", "none", "nor", "neither")
	earlyHelpAfterNeg = newWordSet("not", "never", "hasn't", "haven't", "hadn't", "wasn't", "weren't", "isn't")
	// earlyHelpFuture are words of a plan or a request, not of something done.
	earlyHelpFuture = newWordSet("planned", "planning", "will", "next", "going", "would", "request", "requesting", "requested", "consider",
		"considering", "propose", "proposed", "proposing", "intend", "intending", "hope", "hoping", "suggest", "suggested", "recommend",
		"recommended", "could", "should", "want", "wants", "like", "asked", "asking", "ask")
)

// earlyHelpInText reads whether early help has been tried from free text:
// yes when an Early Help Assessment, Strengths and Needs, TAF or the like
// is described as in place, done, offered or declined; no when it is said
// not to have been; unknown otherwise. It returns the words it relied on.
//
// listed says the text is a list of what was done (support.actions_taken):
// there a bare mention ("TAF", "EHA") counts as done.
func earlyHelpInText(s string, listed bool) (referral.TriState, string) {
	toks := tokenize(strings.ReplaceAll(s, "&", " and "))
	joined := " " + strings.Join(toks, " ") + " "
	yes, no := "", ""
	// Find each mention as a token index.
	var hits [][2]int // start, end (exclusive) token indexes
	for i, t := range toks {
		if earlyHelpTokens.has(t) {
			hits = append(hits, [2]int{i, i + 1})
		}
	}
	for _, term := range earlyHelpTerms {
		term = strings.ReplaceAll(term, "&", "and")
		n := len(strings.Fields(term))
		for off := 0; ; {
			j := strings.Index(joined[off:], " "+term+" ")
			if j < 0 {
				break
			}
			j += off
			idx := len(strings.Fields(joined[:j+1]))
			hits = append(hits, [2]int{idx, idx + n})
			off = j + len(term) + 1
		}
	}
	for _, h := range hits {
		lo, hi := h[0], h[1]
		for lo > 0 && toks[lo-1] != boundary && h[0]-lo < 12 {
			lo--
		}
		for hi < len(toks) && toks[hi] != boundary && hi-h[1] < 14 {
			hi++
		}
		ev := strings.Join(toks[lo:hi], " ")
		tried, state, neg := false, false, false
		for k := lo; k < hi; k++ {
			switch {
			case earlyHelpTried.has(toks[k]):
				tried = true
			case earlyHelpState.has(toks[k]):
				state = true
			}
		}
		for k := max(lo, h[0]-4); k < h[0]; k++ {
			if earlyHelpNegator.has(toks[k]) {
				neg = true
			}
		}
		future := false
		for k := lo; k < hi; k++ {
			if earlyHelpFuture.has(toks[k]) {
				future = true
			}
		}
		for k := h[1]; k < min(hi, h[1]+3); k++ {
			if earlyHelpAfterNeg.has(toks[k]) {
				neg = true
			}
		}
		bare := listed
		if future && !tried {
			state, bare = false, false
		}
		switch {
		case neg:
			if no == "" {
				no = ev
			}
		case (tried || state || bare) && yes == "":
			yes = ev
		}
	}
	switch {
	case yes != "":
		return referral.Yes, yes
	case no != "":
		return referral.No, no
	}
	return referral.Unknown, ""
}

// earlyHelpNoneRE finds early-help details that say there was none.
var earlyHelpNoneRE = lazyre.New(`^(?:none|no|nil|n/?a|not applicable|not yet|never)\b|\b(?:has|have|had|was|were)(?: not|n'?t) (?:yet )?been (?:offered|tried|started|opened|completed|done|set up|in place)|\bnot (?:yet )?(?:been )?(?:offered|tried|started|opened|completed|done|in place)\b`)

// earlyHelpStated returns whether early help has been tried as the
// referral writes it outside support.early_help: in the early-help details
// (any account there is an answer), in what the school has done, or in the
// description or history. It returns the words it relied on.
func (in *Input) earlyHelpStated() (referral.TriState, string) {
	s := in.R.Support
	if d := lower(s.EarlyHelpDetails); !referral.Blank(d) && !referral.NotKnown(d) {
		if v, ev := earlyHelpInText(d, true); v.Known() {
			return v, ev
		}
		if earlyHelpNoneRE.MatchString(d) {
			return referral.No, quote(s.EarlyHelpDetails)
		}
		return referral.Yes, quote(s.EarlyHelpDetails)
	}
	if v, ev := earlyHelpInText(lower(s.ActionsTaken), true); v.Known() {
		return v, ev
	}
	return earlyHelpInText(joinLower(in.R.Concern.Description, in.R.Concern.History), false)
}

// earlyHelp returns whether early help has been tried: the answer given,
// else what the referral's text says.
func (in *Input) earlyHelp() referral.TriState {
	if in.R.Support.EarlyHelp.Known() {
		return in.R.Support.EarlyHelp
	}
	v, _ := in.earlyHelpStated()
	return v
}

// ---------------------------------------------------------------------------
// Dates in consent text.

// datedRE finds a date written in free text: 24/11/2026, 23.11.26,
// 2026-11-24, 24 November, 24th Nov 2026, November 24, today, yesterday.
var datedRE = lazyre.New(`\b(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?(?: of)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|(?:january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec) \d{1,2}(?:st|nd|rd|th)?\b|today|yesterday|this (?:morning|afternoon))\b`)

// ---------------------------------------------------------------------------
// Parental responsibility.

var (
	motherWords = newWordSet("mother", "mum", "mom", "mummy", "mam", "mumma", "mama")
	// notBirthMother are words that make a "mother" someone else: a
	// stepmother, foster or adoptive mother, grandmother, a mother's partner.
	notBirthMother = newWordSet("step", "foster", "fostering", "adoptive", "adopted", "grand", "great", "god", "in-law", "law",
		"partner", "boyfriend", "girlfriend", "husband", "wife", "friend", "aunt", "sister", "carer", "kinship", "special",
		"guardian", "sgo", "surrogate", "of", "ex", "former", "late", "deceased")
)

// isBirthMother reports whether a relationship (or a consent giver's
// description) names the child's mother: "mother", "Mum", "birth mother",
// "mother (lives with child)", and not "stepmother", "foster mum",
// "grandmother" or "mum's partner".
func isBirthMother(rel string) bool {
	toks := tokenize(lower(rel))
	found := false
	for _, t := range toks {
		switch {
		case motherWords.has(t):
			found = true
		case notBirthMother.has(t), strings.HasPrefix(t, "step"), strings.HasPrefix(t, "grand"), strings.HasPrefix(t, "foster"):
			return false
		}
	}
	return found
}

// isFather reports whether a relationship names the child's father (not a
// stepfather or grandfather).
func isFather(rel string) bool {
	toks := tokenize(lower(rel))
	found := false
	for _, t := range toks {
		switch {
		case t == "father" || t == "dad" || t == "daddy":
			found = true
		case notBirthMother.has(t), strings.HasPrefix(t, "step"), strings.HasPrefix(t, "grand"), strings.HasPrefix(t, "foster"):
			return false
		}
	}
	return found
}

// hasPR reports whether a family member has parental responsibility: as
// recorded, or, when nothing is recorded, because she is the child's mother
// (a birth mother always has it, Children Act 1989 s2). A recorded "no" is
// believed: a birth mother loses it on adoption.
func hasPR(m referral.Member) bool {
	if m.ParentalResponsibility == referral.Yes {
		return true
	}
	return !m.ParentalResponsibility.Known() && isBirthMother(m.Relationship)
}

// ---------------------------------------------------------------------------
// The young person's own consent and view.

var competenceRE = lazyre.New(`\b(?:gillick|fraser|competen(?:t|ce|cy)|capacity|understands? (?:what|the referral|why|the reasons?))\b`)

// ypConsent reports whether consent was given by the young person
// themselves, and whether that consent stands without more: they are 16 or
// over (presumed competent), or a judgement of their competence is recorded.
func (in *Input) ypConsent() (own, stands bool) {
	k := in.R.Consent
	if k.Status != referral.ConsentGiven || referral.Blank(k.GivenBy) {
		return false, false
	}
	if !isChildGiver(lower(k.GivenBy), in.R.Child.Name) && !in.namesChildOnly(lower(k.GivenBy)) {
		return false, false
	}
	if in.HasAge && in.Age >= 16 {
		return true, true
	}
	text := joinLower(k.GivenBy, k.ChildViews, k.ReasonNotSought)
	return true, competenceRE.MatchString(text)
}

// namesChildOnly reports whether a consent giver is the child named by
// first name ("Chloe", "Chloe herself"), when no family member shares it.
func (in *Input) namesChildOnly(giver string) bool {
	first := firstName(in.R.Child.Name)
	if len(first) < 2 || !containsWord(giver, first) {
		return false
	}
	for _, m := range in.R.Family {
		if containsWord(giver, firstName(m.Name)) && firstName(m.Name) != "" {
			return false
		}
	}
	return !containsAny(giver, []string{"mum", "mother", "dad", "father", "parent", "carer", "'s ", "’s "})
}

// referralViewRE finds the young person's view of the referral: "Chloe
// wants us to refer", "she agrees to the referral", "he does not want his
// parents told". The first group is the person; childViewOfReferral checks
// it is the child.
var referralViewRE = newPattern(`\b([a-z][a-z'’-]*) (?:(?:has |had |also |clearly |then )?(?:wants?|wanted|would like|would prefer|agrees?|agreed|consents?|consented|is happy|was happy|is keen|was keen|is willing|was willing|understands?|understood|is aware|was aware|requested|supports?|supported|welcomes?|welcomed|is content|was content|accepts?|accepted|refused|refuses|objects?|objected|(?:does|did|would) not (?:want|agree|consent|mind|object)|(?:doesn'?t|didn'?t|wouldn'?t) (?:want|agree|consent|mind|object)|is not happy|isn'?t happy|was not happy|wasn'?t happy|is worried|was worried|is anxious|was anxious|has been told|was told|has agreed|has consented|has asked|gave (?:her|his|their) (?:own )?(?:consent|agreement))\b[^.;\n]{0,40}?\b(?:refer\w*|social (?:care|services|worker)|mash|children'?s services|us to (?:tell|contact|call|speak|share|pass|get|ask)|(?:tell|told|telling|contact|contacting|inform|informing) (?:her|his|their) (?:mum|mother|dad|father|parents?|family|carers?)|(?:parents?|mum|dad|mother|father) (?:to be |being )?(?:told|informed|knowing|to know)|this (?:going|being passed) (?:further|on)|share (?:this|it|the information)|information (?:being )?shared|help from|support from|get help|getting help|an assessment|assessment))`,
	"refer", "social", "mash", "children", "tell", "told", "contact", "inform", "parent", "mum", "dad", "mother", "father", "share", "help", "assessment", "support", "passed")

// childViewOfReferral returns the young person's view of the referral as
// written in the consent answers or the concern, or "".
func (in *Input) childViewOfReferral() string {
	if own, _ := in.ypConsent(); own {
		return quote(in.R.Consent.GivenBy)
	}
	k := in.R.Consent
	text := joinLower(in.R.Concern.ChildVoice, k.GivenBy, k.ReasonNotSought) + in.Concern
	id := in.childID()
	for _, m := range referralViewRE.FindAllString(text) {
		if id.subjectIsChild(text, m, referralViewRE) {
			return strings.TrimSpace(m)
		}
	}
	return ""
}

// ---------------------------------------------------------------------------
// Other answers a DSL often writes in the account rather than in their field.

// immediateRiskRE finds a statement about immediate risk: "no immediate
// risk identified today", "she is not at immediate risk", "in immediate danger".
var immediateRiskRE = newPattern(`\b(?:(?:no|not|nor|is|are|was|at|in|any|without|there is|there's|isn'?t) (?:an? |any |currently |at |in )?(?:immediate|imminent) (?:risk|danger|threat)|(?:immediate|imminent) (?:risk|danger) (?:is |was |has been )?(?:identified|not identified|present|assessed|ruled out|none|low|high))\b`,
	"immediate", "imminent")

// seenAloneRE finds a statement of whether the child was seen or spoken to
// alone: "spoke to her alone in the office", "seen on his own", "was not
// seen alone", "without mum present".
var seenAloneRE = newPattern(`\b(?:(?:seen|spoken to|spoke to|spoke with|talked to|talked with|met|interviewed|asked)\b[^.;\n]{0,30}?\b(?:alone|on (?:her|his|their) own|by (?:her|him|them)sel(?:f|ves)|privately|in private|one[- ]to[- ]one|1[:-]1|without (?:(?:her|his|their|a) )?(?:mum|mother|dad|father|parents?|carers?|family|stepdad|stepfather|anyone else)(?: being)? (?:present|there))|(?:mum|mother|dad|father|parents?|carers?) (?:was|were) present)`,
	"alone", "own", "self", "selves", "private", "one", "1:1", "1-1", "present", "there")

// interpreterUsedRE finds a record that a qualified interpreter was used.
var interpreterUsedRE = newPattern(`\b(?:(?:through|via|with|using|used|by|booked) (?:an? |the )?(?:qualified |professional |independent |telephone |phone |face[- ]to[- ]face |registered |council |booked |[a-z]+[- ]speaking |(?:polish|urdu|arabic|dari|pashto|punjabi|bengali|romanian|portuguese|somali|tigrinya|farsi|kurdish|turkish|lithuanian|russian|ukrainian|mandarin|cantonese|tamil|gujarati|albanian|spanish|french|italian|bulgarian|slovak|czech|hungarian|latvian|amharic|vietnamese|nepali|hindi|language line) )*interpreter|language ?line|the ?big ?word|interpreter (?:was |were )?(?:present|used|booked|attended|provided|joined))`,
	"interpreter", "language line", "languageline", "bigword", "big word")

// dslConsultedRE finds a record that the DSL made or agreed the referral.
var dslConsultedRE = newPattern(`\b(?:(?:discussed with|consulted(?: with)?|agreed with|spoke(?:n)? (?:to|with)|informed|told|advice from|approved by|signed off by|checked with|passed (?:it |this )?to|reported (?:it |this )?to) (?:the |our |my |a )?(?:deputy |school'?s? )?(?:dsl|ddsl|designated safeguarding lead|safeguarding lead)|(?:dsl|ddsl|designated safeguarding lead|safeguarding lead) (?:has |had |was |is |then )?(?:consulted|informed|aware|agreed|advised|decided|decision|approved|made|completed|discussed|spoke|told|was told|reviewed))\b`,
	"dsl", "safeguarding lead")

// historyRE finds an account of previous concerns or involvement, or a
// statement that there is none.
var historyRE = newPattern(`\b(?:no (?:known |previous |prior |other |earlier |past |recorded )+(?:concerns?|involvement|referrals?|history|social care|cp|incidents?|contact)|(?:previous|prior|earlier|past|historic(?:al)?|historic) (?:concerns?|referrals?|involvement|incidents?|social care|cp plans?|child protection|cin plans?|child in need)|previously (?:known|referred|open|involved|on a|subject|had)|(?:known|open) to (?:social care|children'?s (?:social care|services)|the police|police|camhs|early help|yot|youth justice|the mash|mash)|not (?:previously )?known to|(?:first|only) (?:time|concern|referral)|no history|concerns? (?:were |have been |has been )?(?:logged|recorded|raised) (?:since|in|on|before|previously)|(?:cp|child protection|child in need|cin) plans? (?:in|from|until|ended|closed|since|between))`,
	"previous", "prior", "earlier", "past", "historic", "known", "open to", "first", "only", "history", "logged", "recorded", "raised", "plan")

// notToldRE finds a sentence saying the parents have not been told or asked.
var notToldRE = lazyre.New(`(?:\bnot|n't|n’t|\bnever) (?:yet )?(?:been )?(?:told|informed|contacted|spoken to|asked|sought|made aware|consulted|approached|aware)\b|\b(?:without|before) (?:telling|informing|contacting|asking|consent)\b|\bconsent (?:was |has )?(?:not|n't) (?:been )?sought`)

// reasonInText returns a sentence of the account or of what the school has
// done that says the parents were not told or asked and why (a recognised
// exception), or "".
func (in *Input) reasonInText() string {
	text := in.Concern
	for _, sent := range strings.FieldsFunc(text, func(r rune) bool { return r == '.' || r == '\n' || r == ';' }) {
		if !containsAny(sent, []string{"mum", "mother", "dad", "father", "parent", "carer", "family", "consent", "stepdad", "stepfather"}) {
			continue
		}
		if notToldRE.MatchString(sent) && consentExceptionRE.MatchString(sent) {
			return quote(sent)
		}
	}
	return ""
}
