package assist

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Ensure bare names are replaced wherever they stand (at the start of a
// sentence, inside one, in lists, in appositions, in quotations, in lower
// case, in capitals), the same name always by the same placeholder.
func TestRedactBareNames(t *testing.T) {
	tests := []struct{ in, want string }{
		// the cases that leaked before
		{"Jayden (13) said Dwayne punched him; Kiera, his sister, saw it.", "[PERSON_1] (13) said [PERSON_2] punched him; [PERSON_3], his sister, saw it."},
		{`Poppy told me: "Daddy hurt my private parts".`, `[PERSON_1] told me: "Daddy hurt my private parts".`},
		{"Mohammed and Aisha Begum have not brought Zain to school since September.", "[PERSON_2] and [PERSON_1] have not brought [PERSON_3] to school since September."},
		{"The PE teacher Mr Green grabbed Leo by the collar.", "The PE teacher [PERSON_1] grabbed [PERSON_2] by the collar."},
		// names not in the list: known by what follows them, or by a capital inside a sentence
		{"Tiwa told her teacher that her stepdad hits her.", "[PERSON_1] told her teacher that her stepdad hits her."},
		{"Tiwa also said he hits her.", "[PERSON_1] also said he hits her."},
		{"Tiwa and Kiera were seen at the park.", "[PERSON_1] and [PERSON_2] were seen at the park."},
		{"Tiwa, his sister, saw it.", "[PERSON_1], his sister, saw it."},
		{"Tiwa's mum rang at 9.", "[PERSON_1]'s mum rang at 9."},
		{"Deano, 17, picks her up. Deano has a car.", "[PERSON_1], 17, picks her up. [PERSON_1] has a car."},
		{"Her boyfriend Zak (19) and his mate Deano pick her up.", "Her boyfriend [PERSON_1] (19) and his mate [PERSON_2] pick her up."},
		{"Okafor has been absent. The Okafor family moved.", "[PERSON_1] has been absent. The [PERSON_1] family moved."},
		{"Ali and his cousin Ahmed were seen with an older man called Baz.", "[PERSON_3] and his cousin [PERSON_1] were seen with an older man called [PERSON_2]."},
		{"Kacper was hit by Bartosz at the bus stop.", "[PERSON_1] was hit by [PERSON_2] at the bus stop."},
		{"Hi, Deano here (Year 5 teacher).", "Hi, [PERSON_1] here (Year 5 teacher)."},
		{"Health visitor for the baby (Jo Marsh).", "Health visitor for the baby ([PERSON_1])."},
		{"Zorbek (Year 2) is doing well.", "[PERSON_1] (Year 2) is doing well."},
		{"Name\tRelationship\nZorbek\tbrother\n", "Name\tRelationship\n[PERSON_1]\tbrother\n"},
		{"Mr Ahmadi rang.\nZorbek Ahmadi - brother, 7.", "[PERSON_1] rang.\n[PERSON_2] [PERSON_1] - brother, 7."},
		{"Nguyen family: Minh (Y3) and Linh (Y5).", "[PERSON_1] family: [PERSON_2] (Y3) and [PERSON_3] (Y5)."},
		{"PC Harris attended with PCSO Ward.", "[PERSON_1] attended with [PERSON_2]."},
		{"Jaxx said he lived on the Leys.", "[PERSON_1] said he lived on the [PLACE_1]."},
		{"Skye's dad, Connor, is in prison.", "[PERSON_2]'s dad, [PERSON_1], is in prison."},
		{"Breakfast club staff noticed Faith was hungry.", "Breakfast club staff noticed [PERSON_1] was hungry."},
		{"Bobbi-Jo told her teacher, Miss Amber Hale, that Nanny Pat hits her.", "[PERSON_2] told her teacher, [PERSON_1], that Nanny [PERSON_3] hits her."},
		// shapes of names
		{"Aaliyah-Rose told her TA about it.", "[PERSON_1] told her TA about it."},
		{"Ms O'Brien said Ellie-May was fine.", "[PERSON_1] said [PERSON_2] was fine."},
		{"JAYDEN SMITH told me that DWAYNE hit him.", "[PERSON_1] told me that [PERSON_2] hit him."},
		{"mum said that liam has been hitting his sister", "mum said that [PERSON_1] has been hitting his sister"},
		{`She said "ask jayden" and cried.`, `She said "ask [PERSON_1]" and cried.`},
		{"Sienna and Skye are twins in Year 2.", "[PERSON_1] and [PERSON_2] are twins in Year 2."},
		{"Kiera Green said so. Kiera said it again.", "[PERSON_1] said so. [PERSON_1] said it again."},
		{"He told Osama bin Hassan to leave.", "He told [PERSON_1] to leave."},
		// names that are also words: names only where written as names
		{"Grace was upset. There is a grace period.", "[PERSON_1] was upset. There is a grace period."},
		{"She told Will about it. Will you call me back?", "She told [PERSON_1] about it. Will you call me back?"},
		{"In May she moved. May said she was scared.", "In May she moved. [PERSON_1] said she was scared."},
		{"Mark on her arm. Mark said it was from football.", "Mark on her arm. [PERSON_1] said it was from football."},
		{"Mum is from India and dad from Jordan. Jordan hit him. He told Jordan no.", "Mum is from India and dad from Jordan. [PERSON_1] hit him. He told [PERSON_1] no."},
		{"A Christian family; Christian hit his brother.", "A Christian family; [PERSON_1] hit his brother."},
		{"A message from Jordan upset her.", "A message from [PERSON_1] upset her."},
		// places and organisations
		{"Dad took him to Thornbury and then to Leeds.", "Dad took him to [PLACE_1] and then to Leeds."},
		{"He came back from Didcot. Kyle was with him.", "He came back from Didcot. [PERSON_1] was with him."},
		{"Kyle was allocated a place from Oakfield Primary. Oakfield say the family moved.", "[PERSON_1] was allocated a place from [ORGANISATION_1]. [ORGANISATION_1] say the family moved."},
		{"The twins start at St Mary's on Monday.", "The twins start at [ORGANISATION_1] on Monday."},
		{"Father is in HMP Bullingdon.", "Father is in HMP [PLACE_1]."},
	}
	for _, tt := range tests {
		x := NewRedactor()
		got := x.Redact(tt.in)
		if got != tt.want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
		if leaks := x.Leaks(got); len(leaks) > 0 {
			t.Errorf("Redact(%q) leaves %q", tt.in, leaks)
		}
	}
}

// Ensure what the model needs to route survives: roles, ages, year
// groups, days and months, agencies, apps, languages, nationalities,
// faiths, countries, large places, place types, and the public names a
// Prevent concern turns on; ordinary words at the start of a sentence are
// not taken for names.
func TestRedactKeepsMeaning(t *testing.T) {
	for _, s := range []string{
		"Mum, Dad, stepdad and Nan were told; the DSL, the TA and the PE teacher know.",
		"Year 9 girl, 14, Polish speaking, Muslim, lives with her stepdad in Banbury.",
		"Y7 boy (11) is White British; Mum is Somali and speaks Arabic; an interpreter is needed.",
		"CAMHS, the GP, MASH, LADO, NSPCC, Childline and the police are involved; Early Help was offered.",
		"He uses Snapchat, TikTok, WhatsApp and Roblox, and has a Gucci belt and a black Audi picks him up.",
		"On Monday 3 March she said it happened at Easter, in May, and over Christmas.",
		"She was cut in Somalia; her sister is going to Sierra Leone; the family are from Pakistan.",
		"He watches Andrew Tate videos, praises Hitler and the Christchurch shooter, and sends Islamic State nasheeds.",
		"Found at Didcot station by British Transport Police; parcels taken to Reading and London.",
		"Attendance has dropped. Bruising on her arm. Noticed marks. Kids are tired. Site was cleared.",
		"Reading is hard for him. Marks on his legs. Will you call me back? Grace period over.",
		"She wore a green coat to the park, the shop and the mosque.",
		"Reception girl said \"my stepdad touches my minnie when mummy is at work\".",
		"We've had an attendance plan since September; I'm worried; I'll call; they're fine.",
		"Dad says he's finding it hard to manage his son's ADHD; Mum (EAL, Arabic) agrees.",
		"Two Y8 boys were sent home. Mum's moved to a flat. Grandma collected her.",
		"Y10 English class studying Romeo and Juliet: a boy wrote about why Juliet wanted to die.",
		"Child Protection Plan ended in June; Child in Need since July; Early Help and the Family Hub were told.",
		"He talks about Jesus, Allah and God, plays Fortnite and supports Arsenal.",
		"Roofers working next door shouted at the pupils. Dad works in Dubai.",
	} {
		x := NewRedactor()
		if got := x.Redact(s); got != s {
			t.Errorf("Redact(%q)\n got %q", s, got)
		}
	}
}

var (
	scenarioWordRE = regexp.MustCompile(`[\p{L}\p{M}][\p{L}\p{M}'’\-]*[\p{L}\p{M}]|\p{L}`)
	placeholderRE  = regexp.MustCompile(`\[[A-Z][A-Z_]*[A-Z0-9]\]`)
	ageRE          = regexp.MustCompile(`(?i)\b(?:aged?\s+\d{1,2}|\d{1,2}\s*(?:yo|y/o|yrs?|years?(?:\s+old)?|-year-old)|y(?:ear|r)?\s*\d{1,2}|reception)\b|\(\d{1,2}\)`)
	roleRE         = regexp.MustCompile(`(?i)\b(?:mum|mummy|mother|dad|daddy|father|step-?dad|step-?mum|stepfather|stepmother|nan|gran|grandma|grandad|uncle|aunt|auntie|brother|sister|cousin|boyfriend|girlfriend|partner|teacher|tutor|TA|DSL|SENCO|head|coach|carer|foster|social worker|police|GP|CAMHS|MASH|LADO|NSPCC|nurse|doctor)\b`)
)

// scenarioTexts returns the labelled concerns in fixtures/scenarios.
func scenarioTexts(t *testing.T) map[string]string {
	files, err := filepath.Glob("../../fixtures/scenarios/*.yaml")
	if err != nil || len(files) == 0 {
		t.Skip("no scenarios")
	}
	texts := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var items []struct{ ID, Text string }
		if err := yaml.Unmarshal(b, &items); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, it := range items {
			texts[it.ID] = it.Text
		}
	}
	return texts
}

// surviving returns the words in redacted text that look like names,
// judged independently of the redactor's rules: a given name from the
// list (capitalised, or in lower case when it is no ordinary word), or a
// capitalised word inside a sentence that neither list knows. Words inside
// the public phrases the redactor keeps ("Andrew Tate") are not counted.
func surviving(redacted string) []string {
	text := placeholderRE.ReplaceAllStringFunc(redacted, func(m string) string { return strings.Repeat("·", len(m)/2) })
	public := map[string]bool{} // "Juliet" alone after "Romeo and Juliet"
	for _, m := range phraseSpans(text) {
		ws := strings.Fields(text[m[0]:m[1]])
		public[ws[len(ws)-1]] = true
		text = text[:m[0]] + strings.Repeat(" ", m[1]-m[0]) + text[m[1]:]
	}
	var out []string
	for _, loc := range scenarioWordRE.FindAllStringIndex(text, -1) {
		w := trimPossessive(trimContraction(text[loc[0]:loc[1]]))
		if public[w] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		upper := unicode.IsUpper(r)
		caps := strings.ToUpper(w) == w
		pre := strings.TrimRight(text[:loc[0]], " ")
		start := pre == "" || strings.ContainsAny(pre[len(pre)-1:], ".!?:;\"“'‘\n\t-–")
		given := givenNameList().lookup(w)
		switch {
		case given != notGiven && upper && !caps && !notNames().words[w]:
			if given == givenNameWord && start {
				continue // "Will you", "Grace period": a word, at a sentence start
			}
			out = append(out, w)
		case given == givenName && w == strings.ToLower(w) && utf8.RuneCountInString(w) >= 3 && !notNames().words[capitalise(w)]:
			out = append(out, w)
		case upper && !caps && !start && given == notGiven && !notName(w):
			out = append(out, w)
		}
	}
	return out
}

// Ensure that in every scenario text no given name and no unknown
// capitalised word inside a sentence survives redaction, and that the
// roles and ages the router needs do. Logs how many name-like words the
// texts hold before and after.
func TestRedactScenarioNames(t *testing.T) {
	texts := scenarioTexts(t)
	ids := make([]string, 0, len(texts))
	for id := range texts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	before, after := 0, 0
	for _, id := range ids {
		in := texts[id]
		out := NewRedactor().Redact(in)
		before += len(surviving(in))
		if left := surviving(out); len(left) > 0 {
			after += len(left)
			t.Errorf("%s: %q survive in\n%s", id, left, out)
		}
		if a, b := len(roleRE.FindAllString(in, -1)), len(roleRE.FindAllString(out, -1)); a != b {
			t.Errorf("%s: %d role words in, %d out:\n%s\n%s", id, a, b, in, out)
		}
		if a, b := len(ageRE.FindAllString(in, -1)), len(ageRE.FindAllString(out, -1)); a != b {
			t.Errorf("%s: %d ages in, %d out:\n%s\n%s", id, a, b, in, out)
		}
	}
	t.Logf("%d texts: %d name-like words before redaction, %d after", len(texts), before, after)
}

// Ensure the name lists are well formed: the given names sorted (the
// lookup is a binary search), unique and in lower case; no list entry
// blank or padded.
func TestNameLists(t *testing.T) {
	l := givenNameList()
	if len(l.names) < 2500 {
		t.Errorf("only %d given names", len(l.names))
	}
	for i, n := range l.names {
		if n != strings.ToLower(n) || strings.TrimSpace(n) != n || n == "" {
			t.Errorf("given name %q: not lower case and trimmed", n)
		}
		if i > 0 && l.names[i-1] >= n {
			t.Errorf("given names out of order or repeated: %q, %q", l.names[i-1], n)
		}
	}
	for _, n := range []string{"jayden", "kiera", "dwayne", "poppy", "mohammed", "aisha", "zain", "leo", "łukasz", "zoë", "siobhan", "kwame", "priya", "bartosz"} {
		if l.lookup(n) == notGiven {
			t.Errorf("%q is not a given name", n)
		}
	}
	for _, w := range []string{"Grace", "Will", "May", "Mark"} {
		if c := classify(w); c != wWordName && c != wAmbiguous {
			t.Errorf("classify(%q) = %d, want a name that is also a word", w, c)
		}
	}
	for w := range notNames().words {
		if strings.TrimSpace(w) != w || w == "" {
			t.Errorf("not-name %q is padded", w)
		}
	}
}
