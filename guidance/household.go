package guidance

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// readHousehold reads the household's names in the sentences as their
// relationship to the child: in a sentence that names one of them (a first
// name, or a title and surname, as written: "Dwayne", "Ms Hughes"), the
// words are those of the sentence with the name replaced ("mum's partner
// punched me"). The sentence's text, shown as evidence, is left as written.
func readHousehold(sents []sentence, people []Person) {
	var names []householdName
	for _, p := range people {
		role := householdRole(p.Relationship)
		if role == "" {
			continue
		}
		for _, n := range personNames(p.Name) {
			names = append(names, householdName{n, role})
		}
	}
	if len(names) == 0 {
		return
	}
	for i := range sents {
		t := sents[i].text
		changed := false
		for _, n := range names {
			if r, ok := replaceName(t, n.name, n.role); ok {
				t, changed = r, true
			}
		}
		if !changed {
			continue
		}
		s := &sents[i]
		s.words, s.clause, s.kind = clauses(t)
		s.hedged = false
		for _, k := range s.kind {
			if k&wHedge != 0 {
				s.hedged = true
				break
			}
		}
		s.denialBefore, s.clauseStart = nil, nil
	}
}

type householdName struct{ name, role string }

// titles come before a surname: "Ms Hughes".
var titles = setOf("mr", "mrs", "ms", "miss", "mx", "dr")

// commonWordNames are first names that are also words a sentence may
// start with or a date may hold ("Will she be safe?", "since August"):
// they are not read as the person.
var commonWordNames = setOf("will", "may", "mark", "grace", "hope", "faith", "joy", "rose", "dawn", "bill", "sue",
	"pat", "art", "amber", "summer", "sunny", "honey", "april", "june", "july", "august", "autumn", "destiny",
	"harmony", "crystal", "chance", "frank", "guy", "jack", "rich", "sky", "storm", "river", "brook", "star")

// personNames are the ways the text may name a person: the first name,
// and the title with the surname ("Ms Lorraine Hughes": "Lorraine", "Ms
// Hughes").
func personNames(full string) []string {
	f := strings.FieldsFunc(full, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' })
	var title string
	if len(f) > 0 && titles[strings.ToLower(strings.TrimSuffix(f[0], "."))] {
		title, f = f[0], f[1:]
	}
	var out []string
	if len(f) > 0 && utf8.RuneCountInString(f[0]) >= 2 && !commonWordNames[strings.ToLower(f[0])] {
		if r, _ := utf8.DecodeRuneInString(f[0]); unicode.IsUpper(r) {
			out = append(out, f[0])
		}
	}
	if title != "" && len(f) > 0 {
		out = append(out, title+" "+f[len(f)-1])
	}
	return out
}

// householdRole is how the router reads a relationship to the child: a
// word or phrase its cues know ("Mother's partner": "mum's partner"), or ""
// for one it does not.
func householdRole(rel string) string {
	r := strings.ToLower(rel)
	has := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(r, w) {
				return true
			}
		}
		return false
	}
	male := has("father", "dad", "grandpa", "grandad")
	switch {
	case r == "":
		return ""
	case has("foster"):
		return "foster carer"
	case has("godparent", "godmother", "godfather"):
		return "godparent"
	case has("grand", "nan", "gran"):
		if male {
			return "grandad"
		}
		return "grandma"
	case has("partner", "boyfriend", "girlfriend", "husband", "wife", "fiance"):
		if has("father", "dad") {
			return "dad's partner"
		}
		return "mum's partner"
	case has("step"):
		switch {
		case has("father", "dad"):
			return "stepdad"
		case has("mother", "mum"):
			return "stepmum"
		case has("brother", "sister"):
			return ""
		}
		return "carer"
	case has("mother", "mum", "mam", "mom"):
		return "mum"
	case has("father", "dad"):
		return "dad"
	case has("uncle"):
		return "uncle"
	case has("aunt"):
		return "aunt"
	case has("brother", "sister", "sibling", "cousin", "son", "daughter", "twin"):
		// A brother or sister named in the concern is more often the one
		// harmed than the one harming ("Dwayne hits Kiera too"): the name
		// is left as written.
		return ""
	case has("lodger"):
		return "lodger"
	case has("friend"):
		return "family friend"
	case has("carer", "guardian"):
		return "carer"
	}
	return ""
}

// replaceName replaces each whole-word use of name in t, as written (case
// and all), with role.
func replaceName(t, name, role string) (string, bool) {
	var b strings.Builder
	done, found := 0, false
	for i := 0; i < len(t); {
		k := strings.Index(t[i:], name)
		if k < 0 {
			break
		}
		at := i + k
		end := at + len(name)
		before, _ := utf8.DecodeLastRuneInString(t[:at])
		after, _ := utf8.DecodeRuneInString(t[end:])
		if (at == 0 || !unicode.IsLetter(before) && !unicode.IsDigit(before)) &&
			(end == len(t) || !unicode.IsLetter(after) && !unicode.IsDigit(after)) {
			b.WriteString(t[done:at])
			b.WriteString(role)
			done, found = end, true
		}
		i = end
	}
	if !found {
		return t, false
	}
	b.WriteString(t[done:])
	return b.String(), true
}
