package guidance

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func featuresPack(t testing.TB) *Pack {
	t.Helper()
	b, err := os.ReadFile("testdata/features.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse("features.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// matched lists the indicators behind an answer.
func matched(p *Pack, text string) []string {
	var ids []string
	for _, r := range p.Route(text, Facts{}).Reasons {
		ids = append(ids, r.Indicator)
	}
	return ids
}

type matchCase struct {
	text string
	id   string // the indicator in question
	want bool   // whether it matches
}

func runMatchCases(t *testing.T, p *Pack, cases []matchCase) {
	t.Helper()
	for _, tc := range cases {
		got := matched(p, tc.text)
		if slices.Contains(got, tc.id) != tc.want {
			t.Errorf("%q: %s matched = %v, want %v (matched %v)", tc.text, tc.id, !tc.want, tc.want, got)
		}
	}
}

// Ensure the proximity operator: `A ~N B` (B at most N words after A) and
// `A ~~N B` (either order), with ( | ) sets and @cues as parts, a stem on
// any word, and a negation between the parts.
func TestProximity(t *testing.T) {
	runMatchCases(t, featuresPack(t), []matchCase{
		{"Dad hit her with a belt.", "hit-with-implement", true},
		{"He whacked him with the wooden spoon.", "hit-with-implement", true},
		{"She was hit with a belt", "hit-with-implement", true},
		{"He hit her hard with his old belt.", "hit-with-implement", false}, // four words between
		{"The belt was used to hit her.", "hit-with-implement", false},      // wrong order
		{"He hit her. The belt was on the floor.", "hit-with-implement", false},
		{"He did not hit her with a belt.", "hit-with-implement", false},
		{"Dad hit her.", "carer-then-verb", true},
		{"Her stepdad often slaps her.", "carer-then-verb", true},
		{"Her step dad has slapped her.", "carer-then-verb", true},
		{"Dad never hit her.", "carer-then-verb", false}, // negation between the parts
		{"Dad said he would not hit her.", "carer-then-verb", false},
		{"Bruises on both arms.", "bruise-near-limb", true},
		{"Her arm was bruised.", "bruise-near-limb", true},
		{"Her leg had some yellowing bruising.", "bruise-near-limb", true},
		{"Her arm was fine but there was old bruising.", "bruise-near-limb", false},
		{"He kicked off in class.", "stem-inside-phrase", true},
		{"He kicks off at home.", "stem-inside-phrase", true},
		{"He kicked the door off.", "stem-inside-phrase", false},
	})
	for _, bad := range []string{`"hit ~3"`, `"~3 belt"`, `"hit ~ belt"`, `"hit ~3 ~2 belt"`, `"(hit|slap belt"`, `"hit) belt"`, `"hit ~99 belt"`, `"hit ~2 @nosuch"`} {
		pack := "id: x\nindicators:\n  - {id: a, level: 2, match: [[" + bad + "]]}\n"
		_, err := Parse("bad.yaml", []byte(pack))
		if err == nil || !strings.Contains(err.Error(), "indicator a:") {
			t.Errorf("%s: want an error for indicator a, got %v", bad, err)
		}
	}
}

// Ensure `unless`: an indicator, or a cue, does not match in a clause that
// holds one of its exclusions, and still matches in another clause.
func TestUnless(t *testing.T) {
	runMatchCases(t, featuresPack(t), []matchCase{
		// the cue's exclusion
		{"She asked about her boyfriend in sex education.", "sexual-with-partner", false},
		{"In relationships and sex education she talked about her boyfriend", "sexual-with-partner", false},
		{"She says she has slept with her boyfriend.", "sexual-with-partner", true},
		{"We had sex education today, and afterwards she said she has had sex with her boyfriend.", "sexual-with-partner", true},
		// the indicator's own exclusions
		{"Questions in sex education were sensible.", "sex-word", false},
		{"Sex ed went well.", "sex-word", false},
		{"In biology they covered sexual reproduction.", "sex-word", false},
		{"She told us about sexual things at home.", "sex-word", true},
		{"After biology, she said a boy made sexual comments.", "sex-word", true},
		// a proximity exclusion on a two-group line
		{"Dad hit a tennis ball at her and it bounced off her tummy.", "hit-by-carer", false},
		{"Dad hit her.", "hit-by-carer", true},
		{"They played ball in the garden, then dad hit her.", "hit-by-carer", true},
	})
	// unless lists groups written as in match lines; cue_unless names cues;
	// a cue no line uses is checked all the same.
	for bad, want := range map[string]string{
		"id: x\ncues:\n  c: [\"(a\"]\n":                  "cue c: alternative",
		"id: x\ncue_unless:\n  c: [b]\n":                 "cue_unless: c is not a cue",
		"id: x\ncues:\n  c: [a]\ncue_unless:\n  c: []\n": "cue_unless: c is empty",
		"id: x\ncues:\n  c: [a]\ncue_unless:\n  c: [\"(b\"]\nindicators:\n  - {id: a, level: 2, match: [[\"@c\"]]}\n": "cue_unless c: alternative",
		"id: x\nindicators:\n  - {id: a, level: 2, unless: [\"(b\"], match: [[a]]}\n":                                 "indicator a: unless: alternative",
	} {
		if _, err := Parse("bad.yaml", []byte(bad)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: want an error with %q, got %v", bad, want, err)
		}
	}
}

// Ensure negation stays inside its clause, a later clause can still match,
// and negation before or inside a phrase is handled alike.
func TestNegationScope(t *testing.T) {
	const id = "disclosure-physical-harm-by-carer"
	runMatchCases(t, miniPack(t), []matchCase{
		// negated
		{"Dad did not hit her.", id, false},
		{"She says her dad didn't hit her.", id, false},
		{"She says dad has never hit her.", id, false},
		{"She denies that dad hits her.", id, false},
		{"She denies that anyone at home, including dad, hits her.", id, false},
		{"No one says dad hit her.", id, false},
		{"Dad did not hurt me, she said.", id, false},
		// negation does not reach into the next clause
		{"No marks but she said dad hit her.", id, true},
		{"No marks, she said dad hit her.", id, true},
		{"No marks; she said dad hit her.", id, true},
		{"No marks seen, however she says dad hit her.", id, true},
		{"There are no marks, although she says dad hit her.", id, true},
		{"He is not coming to school because dad hit him.", id, true},
		{"He's not sleeping and dad hits him.", id, true},
		{"She did not want to go home, dad hit her last night.", id, true},
		{"No bruises, Aimee says dad hit her.", id, true},
		{"Dad denies it, but the 7yo says dad hit her.", id, true},
		// a negated mention does not hide a later one in the sentence
		{"At first she said dad did not hit her but later she said he hit her with a belt.", id, true},
		{"Dad did not hit her at first, then he hit her with a belt.", id, true},
		// a list after a negation stays negated
		{"No bruises, marks or scratches, and no sign dad hit her.", id, false},
	})
}

// Ensure sentences are split at . ! ? ; and at line breaks that end a
// sentence, and joined across a line break that wraps one.
func TestSplitSentences(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Dad hit her. She cried! Why? No; yes", []string{"Dad hit her", "She cried", "Why", "No", "yes"}},
		{"Seen at 9.40am by Mr. Smith, e.g. in class.", []string{"Seen at 9.40am by Mr. Smith, e.g. in class"}},
		{"She said her dad hit her with a\nbelt last night.", []string{"She said her dad hit her with a\nbelt last night"}},
		{"She told her teacher that\nDad hit her.", []string{"She told her teacher that\nDad hit her"}},
		{"Aimee said her dad\nhit her.", []string{"Aimee said her dad\nhit her"}},
		{"No concerns about attendance\nDad hit her", []string{"No concerns about attendance", "Dad hit her"}},
		{"Concern\n- no marks\n- dad hit her", []string{"Concern", "- no marks", "- dad hit her"}},
		{"no marks\n\nshe said dad hit her", []string{"no marks", "she said dad hit her"}},
		{"Injuries: none\n1. Dad hit her", []string{"Injuries: none", "1. Dad hit her"}},
		{"first line,\r\nSecond line", []string{"first line,\r\nSecond line"}},
	} {
		var got []string
		for _, s := range splitSentences(tc.text) {
			got = append(got, s.text)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("splitSentences(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	runMatchCases(t, miniPack(t), []matchCase{
		{"Aimee said her dad\nhit her.", "disclosure-physical-harm-by-carer", true},
		{"Aimee said that her dad did not\nhit her.", "disclosure-physical-harm-by-carer", false},
		{"No concerns about attendance\nDad hit her with a belt", "disclosure-physical-harm-by-carer", true},
		{"- no marks seen\n- Dad hit her", "disclosure-physical-harm-by-carer", true},
	})
	runMatchCases(t, featuresPack(t), []matchCase{
		{"Dad hit her with a\nbelt.", "hit-with-implement", true},
	})
}

// Ensure the clauses that negation and unless work within.
func TestClauses(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"no marks but she said dad hit her", "no marks | but she said dad hit her"},
		{"no marks, she said dad hit her", "no marks | she said dad hit her"},
		{"no bruises, marks or scratches", "no bruises marks or scratches"},
		{"he's not sleeping and dad hits him", "he not sleeping | and dad hits him"},
		{"not eating and not sleeping", "not eating and not sleeping"},
		{"no marks, her dad hit her", "no marks | her dad hit her"},
		{"she denies that anyone at home, including dad, hits her", "she denies that anyone at home including dad hits her"},
		{"not in school because dad hit him", "not in school | because dad hit him"},
		{"no marks, Jayden said", "no marks | jayden said"},
		{"dad denies it - she says he did", "dad denies it | she says he did"},
	} {
		s := splitSentences(tc.text)[0]
		var b strings.Builder
		for i, w := range s.words {
			if i > 0 {
				if s.clause[i] != s.clause[i-1] {
					b.WriteString(" |")
				}
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
		if b.String() != tc.want {
			t.Errorf("clauses(%q) = %q, want %q", tc.text, b.String(), tc.want)
		}
	}
}

// Ensure `sentences: N` lets a line's groups spread over N sentences, and
// no further.
func TestSentencesWindow(t *testing.T) {
	p := featuresPack(t)
	runMatchCases(t, p, []matchCase{
		{"She had FGM when she was 7. Her sisters are 9 and 11.", "fgm-girls-at-risk", true},
		{"Her sisters are 9 and 11. She had FGM when she was 7.", "fgm-girls-at-risk", true},
		{"She had FGM. We spoke to her. Her sisters are 9 and 11.", "fgm-girls-at-risk", false},
		{"She had FGM when she was 7. She has no sisters.", "fgm-girls-at-risk", false},
	})
	a := p.Route("She had FGM when she was 7. Her sisters are 9 and 11.", Facts{})
	for _, r := range a.Reasons {
		if r.Indicator == "fgm-girls-at-risk" && r.Evidence != "She had FGM when she was 7. Her sisters are 9 and 11" {
			t.Errorf("evidence %q: want both sentences", r.Evidence)
		}
	}
}

// Ensure the checks on a pack's own keys.
func TestPackChecks(t *testing.T) {
	mini, err := os.ReadFile("testdata/mini.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ add, want string }{
		{"  - {id: q, text: Why, when: {missing: colour}}\n", `question q: missing "colour"`},
		{"  - {id: q, text: Why, when: {route: nowhere}}\n", `question q: unknown route "nowhere"`},
		{"  - {id: q}\n", "question q: text is missing"},
	} {
		_, err := Parse("mini.yaml", append(slices.Clone(mini), tc.add...))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: want an error with %q, got %v", tc.add, tc.want, err)
		}
	}
	twice := strings.Replace(string(mini), "{number: 2,", "{number: 1,", 1)
	if _, err := Parse("mini.yaml", []byte(twice)); err == nil || !strings.Contains(err.Error(), "level 1 is defined twice") {
		t.Errorf("a level twice: got %v", err)
	}
	long := strings.Replace(string(mini), "hit*|slap*", "hit*|"+strings.Repeat("s", maxWordLen+1)+"|slap*", 1)
	if _, err := Parse("mini.yaml", []byte(long)); err == nil || !strings.Contains(err.Error(), "longer than 1000 letters") {
		t.Errorf("a word of %d letters: got %v", maxWordLen+1, err)
	}
	atMost := strings.Replace(string(mini), "hit*|slap*", "hit*|"+strings.Repeat("s", maxWordLen)+"|slap*", 1)
	if _, err := Parse("mini.yaml", []byte(atMost)); err != nil {
		t.Errorf("a word of %d letters: %v", maxWordLen, err)
	}
	bad := strings.Replace(string(mini), "    match:\n", "    sentences: 9\n    match:\n", 1)
	if _, err := Parse("mini.yaml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "sentences 9") {
		t.Errorf("sentences 9: got %v", err)
	}
}
