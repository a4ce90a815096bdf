package checker

import (
	"regexp"
	"strings"
)

// The word lists below read a concern's free text. They are deliberately
// plain: each names what it looks for, and the tests show a document that
// triggers it and one that does not.

// vagueRE finds wording that says there is a worry without saying what
// happened ("concerns about home life", "things don't seem right").
var vagueRE = regexp.MustCompile(`\b(?:(?:some|a few|several|various|general|ongoing|low[- ]level|a number of|safeguarding|wellbeing|welfare|many|lots of|growing|long[- ]standing)\s+(?:concerns?|worries|issues)|concerns?\s+(?:about|around|regarding|re)\s+(?:home|home life|the family|family life|his home|her home|their home|parenting|things)|(?:issues|problems|difficulties)\s+at\s+home|home\s+life|things\s+(?:don'?t|do not|doesn'?t|does not)\s+(?:seem|feel|look)\s+right|(?:not|isn'?t|is not)\s+(?:quite\s+)?right|something\s+(?:is\s+|seems\s+|might be\s+)?(?:going on|wrong|not right|off)|(?:we|staff|i)\s+(?:are|am|have been|feel)\s+(?:a bit\s+|a little\s+|quite\s+|very\s+|increasingly\s+)?(?:worried|concerned)(?:\s+about\s+(?:him|her|them|the child))?\s*(?:\.|$)|gut feeling|(?:seems?|appears?)\s+(?:a bit\s+)?(?:off|unhappy|sad|withdrawn|down))`)

// factRE finds what makes an account specific: times, quoted or reported
// words, things seen, and named people acting.
var factRE = []*regexp.Regexp{
	// when
	regexp.MustCompile(`\b(?:on|last|this|yesterday|today|tonight|morning|afternoon|evening|night|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?|\d{1,2}(?::\d\d)?\s*(?:am|pm)|\d{1,2}:\d\d|since|ago|at break|at lunch)\b`),
	// how known: told, said, seen
	regexp.MustCompile(`\b(?:said|says|told|disclosed|disclosure|reported|explained|alleged|stated|asked|saw|seen|observed|noticed|witnessed|heard|found|showed|shown|wrote|messaged|text(?:ed)?|called|phoned|arrived|came in|did not attend|absent)\b`),
	// what: concrete harms and events
	regexp.MustCompile(`\b(?:hit|hits|hitting|punch\w*|kick\w*|slap\w*|smack\w*|beat\w*|belt|bruis\w*|marks?|injur\w*|burn\w*|cuts?|scratch\w*|bleed\w*|black eye|swollen|pushed|shoved|grabbed|strangl\w*|choked|threw|thrown|locked|shouted|screamed|drunk|drugs?|alcohol|cannabis|knife|weapon|police|hungry|food|dirty|smell\w*|unwashed|head lice|missing|ran away|self[- ]harm\w*|suicid\w*|sex\w*|touch\w*|naked|photos?|images?|video|online|money|gifts?|pregnan\w*|fight\w*|argu\w*|violence|violent|attendance|absence|late)\b`),
	// quoted speech
	regexp.MustCompile(`["“”‘’'][^"“”‘’']{4,}["“”‘’']`),
}

// factCount counts how many kinds of specific detail a text holds (0-4).
func factCount(s string) int {
	n := 0
	for _, re := range factRE {
		if re.MatchString(s) {
			n++
		}
	}
	return n
}

// Account elements: when, where, who, how known.
var (
	whenRE  = factRE[0]
	whereRE = regexp.MustCompile(`\b(?:at home|at school|in school|in class|classroom|playground|corridor|toilets?|changing room|bus|park|street|shop|flat|house|bedroom|kitchen|garden|car|outside|inside|at (?:the|his|her|their|a|dad'?s|mum'?s|nan'?s|gran'?s)\b|in (?:the|his|her|their)\b|online|on (?:snapchat|instagram|tiktok|whatsapp|facebook|discord|xbox|playstation|roblox)|address|room)\b`)
	whoRE   = regexp.MustCompile(`\b(?:mum|mother|mom|dad|father|parents?|step[- ]?(?:mum|dad|father|mother)|carer|guardian|grand(?:ma|pa|mother|father)|nan|nana|gran|grandad|uncle|aunt(?:ie)?|brother|sister|sibling|cousin|partner|boyfriend|girlfriend|friend|peer|pupil|student|teacher|staff|coach|adult|man|woman|men|women|stranger|neighbou?r|lodger|he|she|they|him|her|them|[a-z]+'s (?:mum|dad|mother|father|partner))\b`)
	howRE   = factRE[1]
)

// physicalRE finds a concern about physical harm or injury.
var physicalRE = regexp.MustCompile(`\b(?:hit|hits|hitting|punch\w*|kick\w*|slap\w*|smack\w*|beat(?:s|en|ing)?|belt(?:ed)?|bruis\w*|marks? on|injur\w*|burns?|burnt|scald\w*|cuts? (?:to|on)|scratch\w*|black eye|swollen|swelling|pushed|shoved|grabbed|strangl\w*|chok(?:ed|ing)|throttl\w*|threw (?:him|her|them)|bite marks?|fractur\w*|broken (?:arm|leg|wrist|bone|rib|nose)|bleeding|physical(?:ly)? (?:abuse|harm|hurt|chastis\w*|punish\w*)|hurt (?:him|her|them|me)|lash\w*)\b`)

// disclosureRE finds a child telling someone about harm, or reported speech
// from the child.
var disclosureRE = regexp.MustCompile(`\b(?:disclos\w*|(?:he|she|they|the child|the pupil|child|pupil|[a-z]+) (?:told|said|says|explained|reported|alleged|wrote|confided)|told (?:me|us|staff|her teacher|his teacher|the teacher|a teacher|a member of staff|the dsl|her friend|his friend|a friend|her tutor|his tutor)|(?:stated|shared) that|made an allegation|alleges?)\b`)

// languageSignalRE finds a sign in the text that a parent or carer may not
// speak English well (EAL, limited English, speaks Polish).
var languageSignalRE = regexp.MustCompile(`\b(?:eal|english as an additional language|english as a second language|esol|(?:limited|little|no|poor|basic|some) (?:spoken )?english|(?:doesn'?t|does not|don'?t|do not|cannot|can'?t) (?:speak|read|understand) (?:much )?english|english (?:is not|isn'?t) (?:her|his|their|the family'?s|mum'?s|dad'?s) first language|first language (?:is not|isn'?t) english|needs? an interpreter|interpreter (?:is )?(?:needed|required)|speaks? (?:only )?(?:polish|urdu|arabic|punjabi|bengali|romanian|portuguese|somali|tigrinya|farsi|dari|pashto|kurdish|turkish|lithuanian|russian|ukrainian|mandarin|cantonese|tamil|gujarati|albanian|spanish|french|italian|bulgarian|slovak|czech|hungarian|latvian|amharic|swahili|shona|yoruba|igbo|twi|vietnamese|thai|nepali|sinhala|malayalam|hindi|urdu))\b`)

// familyInterpreterRE finds a child, sibling, relative or friend acting as
// interpreter, which guidance forbids.
var familyInterpreterRE = regexp.MustCompile(`\b(?:(?:her|his|their|the|mum'?s|dad'?s|mother'?s|father'?s|an?|older|eldest|younger|(?:[a-z]+)'?s)\s+(?:\w+\s+)?(?:son|daughter|child|children|brother|sister|sibling|cousin|uncle|aunt|auntie|niece|nephew|relative|husband|wife|partner|friend|neighbou?r|family member|grandchild|boy|girl)\s+(?:\w+\s+)?(?:translat\w*|interpret\w*)|(?:translat\w*|interpret\w*)\s+(?:was\s+)?(?:done\s+|provided\s+)?by\s+(?:her|his|their|the|mum'?s|dad'?s|an?|older|eldest|younger)?\s*(?:\w+\s+)?(?:son|daughter|child|brother|sister|sibling|cousin|uncle|aunt|auntie|niece|nephew|relative|husband|wife|partner|friend|neighbou?r|family member|pupil|student)|(?:the child|the pupil|(?:he|she)|(?:son|daughter|brother|sister|sibling|cousin|uncle|aunt|relative|friend|neighbou?r))\s+(?:acted|was used|were used|was asked|helped)\s+(?:as\s+(?:an?\s+)?interpreter|to\s+(?:translate|interpret))|(?:used|using|via)\s+(?:her|his|their|the)\s+(?:\w+\s+)?(?:son|daughter|child|brother|sister|sibling|cousin|relative|friend|neighbou?r)\s+(?:to\s+|as\s+(?:an?\s+)?)(?:translat\w*|interpret\w*))\b`)

// Consent exceptions (domain 6.3): reasons recognised for referring without
// the family's agreement.
var consentExceptionRE = regexp.MustCompile(`\b(?:significant harm|(?:increase|place|put|putting|placing|leave|leaving)s?\b.{0,40}\b(?:at|at greater|at increased|at further)\s+risk|risk (?:of|to) (?:harm|the child|her|him|them|mum|mother|the mother|the victim|staff|others?)|(?:increase|escalate)\w* (?:the )?risk|unsafe|retaliat\w*|reprisal|repercussion|punish\w*|serious harm|endanger\w*|violen\w*|domestic abuse|coercive control|police|investigation|s\.?\s?47|section 47|strategy (?:discussion|meeting)|evidence|prejudice|crime|criminal|offence|(?:undue|unjustified|cause|causing|avoid) delay|urgent\w*|immediate (?:risk|danger)|sexual abuse|sexually abus\w*|intra-?familial|fabricated|induced illness|\bfii\b|forced marriage|honou?r[- ]based|stop talking|retract\w*|silenc\w*|pressure (?:her|him|them|the child)|flee|abscond|(?:unable|not able|could not|couldn'?t|cannot|can'?t) (?:to )?(?:contact|reach|get hold of|speak to)|no (?:answer|response|reply)|(?:tried|attempted|attempts?) (?:to )?(?:call|phone|ring|contact|reach|visit|speak))`)

// contactAttemptRE finds a record of attempts to reach parents.
var contactAttemptRE = regexp.MustCompile(`\b(?:tried|attempt\w*|called|phoned|rang|left (?:a )?(?:message|voicemail)|voicemail|texted|emailed|letter|home visit|visited|no answer|no response|\d+ times|twice|three times)\b`)
var unableToContactRE = regexp.MustCompile(`\b(?:unable|not able|could not|couldn'?t|cannot|can'?t) (?:to )?(?:contact|reach|get hold of|speak to)|no (?:answer|response|reply)|uncontactable|not contactable\b`)

// deciderRE finds who decided not to seek consent.
var deciderRE = regexp.MustCompile(`\b(?:dsl|designated safeguarding lead|deputy dsl|safeguarding lead|head ?teacher|head of school|principal|decided|decision|agreed with|agreed by|advised|advice|on the advice|discussed with|consulted|mash (?:said|advised|agreed)|lcss|social worker|police (?:said|advised|asked))\b`)

// onlyChildRE finds a statement that there are no other children in the household.
var onlyChildRE = regexp.MustCompile(`\b(?:only child|no (?:other )?(?:siblings|brothers|sisters|children)|no other (?:children|child) (?:in|at) (?:the )?(?:household|home|house)|(?:lives|living) alone with)\b`)

// firstMatch returns the first match of re in s, for evidence, trimmed to a readable length.
func firstMatch(re *regexp.Regexp, s string) string {
	m := re.FindString(s)
	return strings.TrimSpace(m)
}

// allMatches returns up to n distinct matches of re in s, joined for evidence.
func allMatches(re *regexp.Regexp, s string, n int) string {
	ms := re.FindAllString(s, -1)
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		m = strings.TrimSpace(m)
		if seen[m] {
			continue
		}
		seen[m] = true
		out = append(out, `"`+m+`"`)
		if len(out) == n {
			break
		}
	}
	return strings.Join(out, ", ")
}
