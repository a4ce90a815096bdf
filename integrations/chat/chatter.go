package chat

import (
	"strings"
	"sync"
	"unicode"

	"github.com/frontdoorhq/frontdoor/internal/lazyre"
)

// chatter is what a message in a thread amounts to when it adds nothing to
// the concern. Such a message gets a short reply and leaves the thread's
// concern as it was: added to the concern, it would change nothing the
// guidance can use, and could only blur the route.
type chatter int

const (
	chatterNone  chatter = iota // has words that may describe the concern: a follow-up
	chatterAck                  // an acknowledgement or reaction: "ok thanks", "lol", "yes", "👍"
	chatterNoise                // keyboard noise: "asdfgh", "zxcvb", "jkljkl"
)

// smallTalk says whether a message is chatter rather than detail: it holds
// no number and no word beyond acknowledgements, reactions and the small
// words between them, and what is left is either nothing (an
// acknowledgement) or keyboard noise. A word it does not know counts as
// detail, so a follow-up in plain words is never dropped.
func smallTalk(t string) chatter {
	t = emojiCode.ReplaceAllString(strings.ToLower(t), " ")
	noise := false
	for _, w := range strings.FieldsFunc(t, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	}) {
		w = strings.NewReplacer("'", "", "’", "").Replace(w)
		switch {
		case w == "":
		case strings.IndexFunc(w, unicode.IsDigit) >= 0:
			return chatterNone // an age, a date, a time
		case ackWords()[w] || ackWords()[squeeze(w)] || smallWords()[w]:
		case keyboardNoise(w):
			noise = true
		default:
			return chatterNone
		}
	}
	if noise {
		return chatterNoise
	}
	return chatterAck
}

// emojiCode is an emoji as Slack and Teams write it: ":thumbsup:".
var emojiCode = lazyre.New(`:[a-z0-9_+'-]+:`)

// ackWords acknowledge, thank, react or apologise: on their own they say
// nothing about a child. Bare yes and no are here too: they cannot be read
// without the question they answer, which the concern does not hold.
var ackWords = setOf(`ok okay okey oki okie k kk alright alrighty fine sure cool great good nice lovely brilliant
	brill perfect excellent awesome amazing super fab fantastic wonderful cheers thanks thank thankyou thanx thx ty
	tyvm ta appreciated appreciate helpful useful noted understood gotcha got it yes yeah yep yup ya yea aye no nope
	nah maybe hmm hm mm um umm uh er erm ah ahh aah oh ooh wow lol lolz lmao lmfao rofl haha hah ha hehe heh xd
	x xx xxx bye goodbye cya ttyl brb np nw welcome sorry soz oops whoops ignore nevermind nvm wrong chat thread
	channel test testing hello hi hey hiya yo done will do idk dunno unsure jk tbh omg smh ikr lmk`)

// smallWords carry no content of their own.
var smallWords = setOf(`a an the and or but so to of for in on at with i im ive ill id me my we us our you youre
	your it its this that thats these those is am are was were be been do does did can could would should just
	really very much many too also all for now then there here please pls plz anyway though not dont know`)

// setOf returns the set of words, built on first use: every start of
// frontdoor would otherwise build it, and most never chat.
func setOf(words string) func() map[string]bool {
	return sync.OnceValue(func() map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(words) {
			m[w] = true
		}
		return m
	})
}

// squeeze shortens a letter said three or more times to one: "thanksss",
// "hmmmm", "okkk".
func squeeze(w string) string {
	rs := []rune(w)
	out := rs[:0:0]
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j] == rs[i] {
			j++
		}
		n := j - i
		if n >= 3 {
			n = 1
		}
		for range n {
			out = append(out, rs[i])
		}
		i = j
	}
	return string(out)
}

// keyboardNoise says whether a lower-case word is a key pressed at random
// rather than a word: a single letter, four or more letters with no vowel,
// six consonants running, or letters that run along a row of the keyboard
// ("asdfgh", "jkljkl"). Only plain a-z is judged; a word in another script
// is a word.
func keyboardNoise(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	if len(w) == 1 {
		return true
	}
	vowels, run, maxRun := 0, 0, 0
	for _, r := range w {
		if strings.ContainsRune("aeiouy", r) {
			vowels++
			run = 0
			continue
		}
		run++
		maxRun = max(maxRun, run)
	}
	if vowels == 0 && len(w) >= 4 || maxRun >= 6 {
		return true
	}
	return rowRuns(w)
}

// keyRows are the letter rows of a QWERTY keyboard.
var keyRows = [...]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// rowRuns says whether a word is made of keys next to each other along one
// row, three or more at a time ("qwerty", "asdasd", "lkjh"), or holds five
// such keys in a row anywhere. Real words hold at most four ("property").
func rowRuns(w string) bool {
	key := func(c byte) (row, col int) {
		for i, r := range keyRows {
			if j := strings.IndexByte(r, c); j >= 0 {
				return i, j
			}
		}
		return -1, -1
	}
	covered := true
	for i := 0; i < len(w); {
		j := i + 1
		r0, _ := key(w[i])
		dir := 0
		for j < len(w) {
			r, c := key(w[j])
			pr, pc := key(w[j-1])
			d := c - pc
			if r != r0 || pr != r0 || (d != 1 && d != -1) || (dir != 0 && d != dir) {
				break
			}
			dir = d
			j++
		}
		n := j - i
		if n >= 5 {
			return true
		}
		if n < 3 {
			covered = false
		}
		i = j
	}
	return covered
}
