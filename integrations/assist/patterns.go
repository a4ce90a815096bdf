package assist

import (
	"strings"
	"sync"
	"unicode"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// The patterns that find personal data in free text. Each value found is
// registered with the Redactor, so every later occurrence (and, for names,
// each part of the name) is replaced too.

const (
	// nameWord is one capitalised word of a name: "Jamie", "O'Neil",
	// "Brennan-Lowe", "SMITH", "Łukasz".
	nameWord = `\p{Lu}[\p{L}'’]+(?:-\p{L}[\p{L}'’]*)*`
	// nameSeq is one to three such words on one line.
	nameSeq   = nameWord + `(?:[ \t]+` + nameWord + `){0,2}`
	titleWord = `(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Master)\.?`
	// rankWord is a rank or office written before a surname: "PC Smith",
	// "PCSO Ward", "Rev Jones".
	rankWord  = `(?:PC|PCSO|DC|DS|DI|DCI|Sgt|Constable|Sergeant|Inspector|Detective|Cllr|Councillor|Rev|Revd|Reverend|Pastor|Imam|Rabbi)\.?`
	monthWord = `(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`
)

var (
	emailRE = lazy(`[A-Za-z0-9._%+\-']+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`)
	// A unique pupil number is a letter, 11 digits and a check character.
	upnRE      = lazy(`\b[A-Za-z]\d{11}[0-9A-Za-z]\b`)
	pupilIDRE  = lazy(`(?i:\b(?:upn|uln|unique pupil number|unique learner number|pupil (?:number|no\.?|id|ref(?:erence)?)|student (?:number|no\.?|id)|mis (?:number|id)))[ \t]*(?:is|:|-|–|#)?[ \t]*([A-Za-z0-9][A-Za-z0-9\-/]{3,20})`)
	nhsLabelRE = lazy(`(?i:\bnhs(?:[ \t]+(?:number|no\.?|num))?)[ \t]*(?:is|:|-|–|#)?[ \t]*(\d{3}[ \t\-]?\d{3}[ \t\-]?\d{4})\b`)
	tenDigitRE = lazy(`\b\d{3}[ \t\-]?\d{3}[ \t\-]?\d{4}\b`)
	dateRE     = lazy(`\b\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?i:` + monthWord + `),?[ \t]+\d{4}\b|(?i:\b` + monthWord + `)[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+\d{4}\b`)
	dobNearRE  = lazy(`(?i)(?:\bd\.?\s?o\.?\s?b\b\.?|date of birth|birth ?date|\bborn\b|birthday)[^.\n\d]{0,20}$`)
	phoneRE    = lazy(`(?:\+[ \t]?44[ \t]?(?:\(0\)[ \t]?)?\d|\(?\b0\d)[\d \t\-()]{7,16}\d\b`)
	postcodeRE = lazy(`\b([A-Za-z]{1,2}\d[A-Za-z\d]?)[ \t]*(\d[A-Za-z]{2})\b`)
	// "lives at ...", "Address: ...": up to the end of the clause.
	addressAtRE = lazy(`(?i:\b(?:lives at|living at|live at|lived at|resides at|residing at|home address is|address is|staying at|moved to|home is at|address)[ \t]*:?[ \t]+)([^\n.;!?]{3,100})`)
	addressCut  = lazy(`(?i)\s+(?:with|and|since|because|but|who|where|when|while|from|until|for|on|in order)\s`)
	streetRE    = lazy(`\b(?:(?i:flat|apartment|apt|unit)[ \t]+\d+[A-Za-z]?,?[ \t]*)?\d{1,4}[A-Za-z]?,?[ \t]+(?:\p{Lu}[\p{L}'’\-]*[ \t]+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Way|Court|Ct|Crescent|Cres|Place|Pl|Gardens|Gdns|Terrace|Grove|Hill|Park|Square|Sq|Walk|Row|Mews|View|Rise|Green|Parade|Estate|Meadow|Meadows|Fields|End|Yard|Wharf|Quay|Cottages|Boulevard|Chase|Croft|Vale|Paddock|Orchard|Gate|Heights|Bank|Leys)\b\.?(?:,[ \t]*\p{Lu}[\p{L}\-]+(?:[ \t]+\p{Lu}[\p{L}\-]+)?\b){0,2}`)
	longNumRE   = lazy(`\b\d(?:[ \t\-/]?\d){7,}\b`)

	titleNameRE = lazy(`\b(?:` + titleWord + `|` + rankWord + `)[ \t]+(?:\p{Lu}\.?[ \t]+){0,2}` + nameWord + `(?:[ \t]+` + nameWord + `)?`)
	// "Child: Jamie Smith", "Mother - Karen Smith", "From: Sarah Patel".
	labelNameRE = lazy(`(?i:\b(?:child(?:'s|’s)?(?:[ \t]+full)?[ \t]+name|name[ \t]+of[ \t]+(?:the[ \t]+)?(?:child|young person|pupil|student)|full[ \t]+name|name|child|pupil(?:[ \t]+name)?|student(?:[ \t]+name)?|young[ \t]+person|referrer(?:'s|’s)?(?:[ \t]+name)?|referred[ \t]+by|completed[ \t]+by|signed|from|to|parent(?:/carer)?(?:[ \t]+name)?|carer(?:[ \t]+name)?|(?:consent[ \t]+)?given[ \t]+by|contact|dsl|social[ \t]+worker|key[ \t]+worker|(?:also[ \t]+)?known[ \t]+as|aka|alias|mother|mum|father|dad|step-?(?:mum|dad|mother|father)|guardian|sibling|brother|sister))[ \t]*[:\-–][ \t]*((?:` + titleWord + `[ \t]+)?` + nameSeq + `)`)
	// "her mother Karen Smith", "mum, Karen", "his brother Tom (9)".
	relNameRE = lazy(`(?i:\b(?:mum|mom|mummy|mother|dad|daddy|father|step-?dad|step-?father|step-?mum|step-?mother|step-?brother|step-?sister|half-?brother|half-?sister|brother|sister|sibling|twin|grandmother|grandma|gran|granny|nan|nana|nanna|grandfather|grandad|granddad|grandpa|aunt|auntie|aunty|uncle|cousin|partner|ex-?partner|boyfriend|girlfriend|husband|wife|carer|guardian|son|daughter|baby|friend|neighbour|neighbor|lodger|teacher|tutor|coach)(?:'s|’s)?)\b[ \t]*(?:,[ \t]*|\([ \t]*)?(?:(?i:called|named|is|was)[ \t]+)?(` + nameSeq + `)`)
	// "worried about Jamie Smith", "my name is Sarah Patel".
	triggerNameRE = lazy(`(?i:\b(?:worried about|concerned about|concerns? (?:about|regarding|for)|refer(?:ring)?|referral (?:for|about|regarding|re)|regarding|in relation to|re|pupil|student|young person|my name is|i am|i'm|this is|named|called|spoke (?:to|with)|told by|seen by|met with|signed))[ \t]*:?[ \t]+(` + nameSeq + `)`)
	// "Jamie Smith (DOB ...", "Tom, aged 9", "Mia (14)".
	agedNameRE = lazy(`(` + nameSeq + `)[ \t]*(?:,|\()[ \t]*(?:(?i:aged?|dob|d\.o\.b|born|date of birth)|\d{1,2}[ \t]*(?:\)|(?i:years?|yrs?|yo|y/o|months?)))`)
	// Two or three capitalised words inside a sentence: "told me that Jamie Smith hit".
	pairNameRE = lazy(`[\p{Ll},;][ \t]+(` + nameWord + `[ \t]+` + nameWord + `(?:[ \t]+` + nameWord + `)?)`)
	// The name on the line after a closing: "Kind regards,\nSarah Patel".
	signatureRE = lazy(`(?im)^[ \t]*(?:kind(?:est)? regards|best regards|warm(?:est)? regards|regards|many thanks|thanks|thank you|best wishes|yours sincerely|yours faithfully|sincerely|best)[ \t]*[,.!]?[ \t]*\r?\n[ \t]*((?:` + titleWord + `[ \t]+)?` + nameSeq + `)`)
)

// spans records the parts of a text already claimed by a pattern.
type spans [][2]int

func (s *spans) claim(lo, hi int) bool {
	for _, sp := range *s {
		if lo < sp[1] && sp[0] < hi {
			return false
		}
	}
	*s = append(*s, [2]int{lo, hi})
	return true
}

// discover finds personal values in text and registers them. The patterns
// run from the most specific (an email address) to the least (two
// capitalised words), and a later pattern cannot claim text an earlier one
// did.
func (x *Redactor) discover(text string) []formMatch {
	var taken spans
	var found []formMatch
	rec := func(lo, hi int, e *entity) {
		if e != nil {
			found = append(found, formMatch{lo: lo, hi: hi, ent: e})
		}
	}
	// each calls fn for every match's group that is whole words: a value
	// cut off inside a word would not be found again when replacing.
	eachRaw := func(matches [][]int, group int, fn func(v string, lo, hi int)) {
		for _, m := range matches {
			if lo, hi := m[2*group], m[2*group+1]; lo >= 0 {
				fn(text[lo:hi], lo, hi)
			}
		}
	}
	each := func(matches [][]int, group int, fn func(v string, lo, hi int)) {
		eachRaw(matches, group, func(v string, lo, hi int) {
			if boundary(text, lo, hi) {
				fn(v, lo, hi)
			}
		})
	}
	claimAs := func(kind Kind) func(v string, lo, hi int) {
		return func(v string, lo, hi int) {
			if taken.claim(lo, hi) {
				rec(lo, hi, x.add(kind, v, v, true))
			}
		}
	}
	each(emailRE().FindAllStringSubmatchIndex(text, -1), 0, claimAs(KindEmail))
	each(pupilIDRE().FindAllStringSubmatchIndex(text, -1), 1, func(v string, lo, hi int) {
		if strings.ContainsAny(v, "0123456789") && taken.claim(lo, hi) {
			rec(lo, hi, x.add(KindUPN, v, v, true))
		}
	})
	each(upnRE().FindAllStringSubmatchIndex(text, -1), 0, claimAs(KindUPN))
	each(nhsLabelRE().FindAllStringSubmatchIndex(text, -1), 1, claimAs(KindNHS))
	each(tenDigitRE().FindAllStringSubmatchIndex(text, -1), 0, func(v string, lo, hi int) {
		if referral.ValidNHSNumber(v) && taken.claim(lo, hi) {
			rec(lo, hi, x.add(KindNHS, v, v, true))
		}
	})
	each(dateRE().FindAllStringSubmatchIndex(text, -1), 0, func(v string, lo, hi int) {
		if !taken.claim(lo, hi) {
			return
		}
		kind := KindDate
		if dobNearRE().MatchString(text[max(0, lo-40):lo]) {
			kind = KindDOB
		}
		if e := x.byKey[entityKey(KindDate, v)]; e != nil {
			kind = e.kind // a known date of birth written another way
		}
		rec(lo, hi, x.add(kind, v, v, true))
	})
	// An address after "lives at" may run to the length limit inside a
	// word: it is cut back to whole words here rather than dropped.
	eachRaw(addressAtRE().FindAllStringSubmatchIndex(text, -1), 1, func(v string, lo, hi int) {
		if cut := addressCut().FindStringIndex(v); cut != nil {
			v, hi = v[:cut[0]], lo+cut[0]
		}
		if hi < len(text) && !boundary(text, lo, hi) {
			// cut off inside a word at the length limit: end at the last whole word
			if i := strings.LastIndexAny(v, " \t,"); i > 0 {
				v, hi = v[:i], lo+i
			}
		}
		trimmed := strings.TrimRight(v, " ,\t")
		hi -= len(v) - len(trimmed)
		v = trimmed
		if !plausibleAddress(v) || !boundary(text, lo, hi) || !taken.claim(lo, hi) {
			return
		}
		rec(lo, hi, x.add(KindAddress, v, v, true))
	})
	each(streetRE().FindAllStringSubmatchIndex(text, -1), 0, claimAs(KindAddress))
	each(phoneRE().FindAllStringSubmatchIndex(text, -1), 0, func(v string, lo, hi int) {
		v = strings.TrimRight(v, " \t-(")
		hi = lo + len(v)
		if _, ok := referral.PhoneDigits(v); ok && taken.claim(lo, hi) {
			rec(lo, hi, x.add(KindPhone, v, v, true))
		}
	})
	each(postcodeRE().FindAllStringSubmatchIndex(text, -1), 0, func(v string, lo, hi int) {
		inward := text[postcodeInward(text, lo, hi):hi]
		if ordinal()[inward] || !referral.ValidPostcode(v) || !taken.claim(lo, hi) {
			return
		}
		rec(lo, hi, x.add(KindPostcode, v, v, true))
	})
	each(longNumRE().FindAllStringSubmatchIndex(text, -1), 0, func(v string, lo, hi int) {
		if taken.claim(lo, hi) {
			kind := KindNumber
			if _, ok := referral.PhoneDigits(v); ok {
				kind = KindPhone
			}
			rec(lo, hi, x.add(kind, v, v, true))
		}
	})
	name := func(kind Kind, minWords int) func(v string, lo, hi int) {
		return func(v string, lo, hi int) {
			n, ok := nameCandidate(v, minWords)
			if !ok {
				return
			}
			hi = lo + prefixEnd(v, n)
			if !taken.claim(lo, hi) {
				return
			}
			rec(lo, hi, x.addName(kind, n, false))
		}
	}
	public := protectPhrases(text, &taken)
	x.findOrganisations(text, &taken, rec)
	each(titleNameRE().FindAllStringSubmatchIndex(text, -1), 0, name(KindPerson, 1))
	each(labelNameRE().FindAllStringSubmatchIndex(text, -1), 1, name(KindPerson, 1))
	each(signatureRE().FindAllStringSubmatchIndex(text, -1), 1, name(KindPerson, 1))
	each(relNameRE().FindAllStringSubmatchIndex(text, -1), 1, name(KindPerson, 1))
	each(triggerNameRE().FindAllStringSubmatchIndex(text, -1), 1, name(KindPerson, 1))
	each(agedNameRE().FindAllStringSubmatchIndex(text, -1), 1, name(KindPerson, 1))
	each(pairNameRE().FindAllStringSubmatchIndex(text, -1), 1, name(KindPerson, 2))
	x.findBareNames(text, &taken, public, rec)
	return found
}

// prefixEnd returns where, in v, the words of n (the first words of v,
// the last perhaps without its possessive) end.
func prefixEnd(v, n string) int {
	words := strings.Fields(n)
	if len(words) == 0 {
		return 0
	}
	pos := 0
	for i, w := range words {
		j := strings.Index(v[pos:], w)
		if j < 0 {
			return len(v)
		}
		pos += j
		if i < len(words)-1 {
			pos += len(w)
		}
	}
	return pos + len(words[len(words)-1])
}

// postcodeInward returns where the inward part ("1AA") of a postcode match
// starts: its last three characters.
func postcodeInward(text string, lo, hi int) int { return max(lo, hi-3) }

// ordinal are inward parts that are really ordinals: "Y6 2nd".
var ordinal = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for d := '0'; d <= '9'; d++ {
		for _, s := range []string{"st", "nd", "rd", "th"} {
			m[string(d)+s] = true
		}
	}
	return m
})

// plausibleAddress rejects "staying at her nan's house": an address found
// after "lives at" must hold a number or a capitalised word.
func plausibleAddress(v string) bool {
	if len(strings.TrimSpace(v)) < 3 {
		return false
	}
	for _, w := range strings.Fields(v) {
		r := []rune(w)
		if unicode.IsDigit(r[0]) || (unicode.IsUpper(r[0]) && !stopWords()[strings.Trim(w, ",")] && !plainWord(strings.Trim(w, ","))) {
			return true
		}
	}
	return false
}

// nameCandidate cleans a name a pattern found: it drops a possessive and
// trailing ordinary words, and rejects text that starts with an ordinary
// capitalised word ("The", "Year", "MASH") or names an organisation.
func nameCandidate(v string, minWords int) (string, bool) {
	words := strings.Fields(v)
	titled := len(words) > 1 && titles[strings.ToLower(strings.TrimSuffix(words[0], "."))]
	if titled {
		// After "Mrs" every word is a name, ordinary or not ("Mrs May").
		for _, w := range words {
			if orgWords()[trimPossessive(w)] {
				return "", false
			}
		}
		return trimPossessive(strings.Join(words, " ")), true
	}
	for _, w := range words {
		if orgWords()[trimPossessive(w)] {
			return "", false
		}
	}
	for len(words) > 0 && ordinaryWord(trimPossessive(words[len(words)-1])) {
		words = words[:len(words)-1]
	}
	if len(words) < minWords || len(words) == 0 || ordinaryWord(trimPossessive(words[0])) || plainWord(trimPossessive(words[0])) {
		return "", false
	}
	n := trimPossessive(strings.Join(words, " "))
	return n, len([]rune(n)) >= 2
}

// ordinaryWord reports a capitalised word that is not a name ("The",
// "Year", "MASH"), leaving out words that are names as often as not
// ("May", "Young").
func ordinaryWord(w string) bool { return stopWords()[w] && !commonWords()[strings.ToLower(w)] }

// plainWord reports a word listed as no one's name that is not a given
// name either ("ADHD", "EAL", "Transport"): a pattern's name cannot start
// with one.
func plainWord(w string) bool {
	return notNames().words[w] && givenNameList().lookup(w) == notGiven && !commonWords()[strings.ToLower(w)]
}

// trimPossessive drops a final "'s".
func trimPossessive(s string) string {
	for _, suf := range []string{"'s", "’s", "'S", "’S", "'", "’"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf)+1 {
			return s[:len(s)-len(suf)]
		}
	}
	return s
}

// looksLikeName reports text such as "Jane Doe" or "Mrs J. O'Neil".
func looksLikeName(s string) bool {
	ws := strings.Fields(s)
	if len(ws) < 1 || len(ws) > 5 || len(s) > 60 {
		return false
	}
	for _, w := range ws {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) {
			return false
		}
	}
	n, ok := nameCandidate(s, 1)
	return ok && n != ""
}

// allStopWords reports whether a "name" is only ordinary words ("Mum",
// "Not known").
func allStopWords(s string) bool {
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, ".,()")
		if w == "" || titles[strings.ToLower(w)] {
			continue
		}
		if !ordinaryWord(w) && !ordinaryWord(capitalise(w)) {
			return false
		}
	}
	return true
}

func capitalise(w string) string {
	r := []rune(strings.ToLower(w))
	if len(r) == 0 {
		return w
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// addressPart reports whether one comma-separated part of an address is
// worth replacing on its own: "12 Acacia Road", "Blackbird Leys" (not
// "Oxford").
func addressPart(p string) bool {
	if len(p) < 4 {
		return false
	}
	if strings.ContainsAny(p, "0123456789") {
		return true
	}
	return len(strings.Fields(p)) >= 2
}

// trimOrgType drops the kind of organisation from its name, so that "Brize
// Meadow" is found as well as "Brize Meadow Primary School".
func trimOrgType(s string) string {
	words := strings.Fields(s)
	for len(words) > 1 && (orgWords()[words[len(words)-1]] || orgTail[strings.ToLower(words[len(words)-1])]) {
		words = words[:len(words)-1]
	}
	return strings.Join(words, " ")
}

var orgTail = map[string]bool{"ce": true, "c": true, "of": true, "e": true, "rc": true, "&": true, "and": true, "the": true, "church": true, "infant": true, "junior": true, "infants": true}

// titles are honorifics, never names.
var titles = map[string]bool{"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "master": true,
	"pc": true, "pcso": true, "dc": true, "ds": true, "di": true, "dci": true, "sgt": true, "constable": true, "sergeant": true,
	"inspector": true, "detective": true, "cllr": true, "councillor": true, "rev": true, "revd": true, "reverend": true,
	"pastor": true, "imam": true, "rabbi": true}

// nameParticles join surnames ("de", "van") and are not names on their own.
var nameParticles = map[string]bool{"de": true, "da": true, "van": true, "von": true, "der": true, "den": true, "la": true, "le": true, "di": true, "du": true, "bin": true, "bint": true, "al": true, "el": true, "ibn": true}

// orgWords mark a capitalised phrase as an organisation or a place, not a
// person: "Brize Meadow Primary", "Thames Valley Police".
var orgWords = wordSet(`School Schools Primary Secondary Academy College University Nursery Infant Infants Junior
Police Council County City Borough Hospital Surgery Practice Health Centre Center Clinic Trust Service Services
Team Church Mosque Temple Gurdwara Synagogue Club Society Partnership Foundation Charity Housing Association
Court Road Street Avenue Lane Close Drive Way Crescent Place Gardens Terrace Grove Park Square Estate Station`)

// stopWords are capitalised words that start sentences or name things,
// not people.
var stopWords = wordSet(`A An The This That These Those There Then Than He She It We They I You His Her Hers Its Our
Their My Your Me Him Us Them Who What When Where Why How Which Whose If As At On In Of To For From By With Without
And But Or Nor So Yet Not No Yes Also After Before During Since Until While Although Because Today Yesterday Tomorrow
Tonight Last Next This Morning Afternoon Evening Night Week Weekend Term Half Monday Tuesday Wednesday Thursday Friday
Saturday Sunday Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun January February March April May June July August
September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Christmas Easter Halloween
Mum Mom Mummy Mother Dad Daddy Father Stepdad Stepmum Parent Parents Carer Carers Brother Sister Sibling Siblings
Grandmother Grandma Gran Granny Nan Nana Nanna Grandfather Grandad Granddad Grandpa Aunt Auntie Aunty Uncle Cousin
Partner Boyfriend Girlfriend Baby Child Children Children's Childrens Pupil Pupils Student Students Young Person
People Family Families Household Home Friend Friends Staff Teacher Teachers Headteacher Head Deputy Assistant Lead
Designated Safeguarding Officer Worker Nurse Doctor Manager Director Governor Governors Chair Class Form Tutor
Year Years Yr Level Levels Reception Key Stage School Schools Primary Secondary Academy College Nursery MASH DSL DDSL
NHS UPN ULN GP SEN SEND SENCO SENCo SENDCo EHCP EHC CAMHS LADO FGM EHA TAF LCSS PCSO CSE CCE NRM CP CIN CLA LAC
IRO ICPC RCPC TAC PEP PE RE ICT DT Maths Math English Science History Geography Art Music Drama Police Social Care
Services Service Team Council County City Borough Hospital Surgery Practice Health Centre Early Help Universal
Targeted Specialist Section Part Page Form Referral Referrals Concern Concerns Urgent Important Confidential
Official Sensitive Dear Hi Hello Kind Regards Best Thanks Thank Yours Sincerely Faithfully Regarding Re Subject
Name Names Date Address Postcode Phone Tel Telephone Mobile Email Contact Details DOB Age Aged Gender Male Female
Boy Girl Ethnicity Religion Language Interpreter School's Unknown Known None Other Please Note Notes Signed Signature
Strengths Needs Around Plan Assessment Meeting Consent Agreement Outcome Impact History Actions Support Operation
Encompass Prevent Channel Kingfisher Family Solutions Plus Thames Valley Oxford Oxfordshire England Britain UK
British English Polish Urdu Arabic Dari Pashto Punjabi Bengali Somali Romanian Portuguese Spanish French Turkish
Kurdish Farsi Tigrinya Lithuanian Latvian Russian Ukrainian Chinese Mandarin Cantonese Gujarati Tamil Hindi
Italian German Muslim Christian Catholic Hindu Sikh Jewish Buddhist White Black Asian Mixed Irish Traveller Roma
Gypsy African Caribbean Pakistani Indian Bangladeshi Afghan Syrian Eritrean Sudanese Iranian Iraqi Kurd
OK Ok Sir Madam Team's God Allah Covid Zoom Teams Snapchat Instagram TikTok WhatsApp Facebook YouTube Xbox
PlayStation Fortnite Roblox Discord Google Tesco Asda Lidl Aldi McDonald's McDonalds KFC Primark Amazon`)

// commonWords are given names and surnames that are also ordinary words;
// as parts of a name they are replaced only when capitalised.
var commonWords = wordSet(`will may mark rose hope grace faith joy amber summer autumn april june august
bill bob sky river ruby pearl dawn rich penny carol daisy holly ivy jade lily violet skye storm victor rock frank
miles earl king young little long white black green brown grey gray hill wood wells cook baker smith mason hunter
fisher page rice bell lane rivers may price hall park ward west north south east moss stone woods field fields
day hart love best good gold sharp fox wolf crane swan bird lamb nash bush short small strong sweet wise bright
chase chance case major gay guy jack max sonny sunny honey brook brooke dale glen heath art jean don bud cliff
kitty bliss star sterling reign royal rowan sage willow poppy iris heather fern hazel clay cole rusty shelby`)

// wordSet returns the set of the space-separated words in s, built on first
// use: building the package's word sets when the program starts would cost
// every frontdoor command, most of which never redact anything.
func wordSet(s string) func() map[string]bool {
	return sync.OnceValue(func() map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(s) {
			m[w] = true
		}
		return m
	})
}
