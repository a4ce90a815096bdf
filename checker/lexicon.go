package checker

import (
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
	"strings"
)

// The word lists below read a concern's free text. They are deliberately
// plain: each names what it looks for, and the tests show a document that
// triggers it and one that does not.

// whenRE finds when something happened: days, dates, times.
var whenRE = lazyre.New(`\b(?:last|this|yesterday|today|tonight|morning|afternoon|evening|night|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?|\d{1,2}(?::\d\d)?\s*(?:am|pm)|\d{1,2}:\d\d|since|ago|at break|at lunch)\b`)

// factCount counts how many kinds of specific detail a text holds (0-4):
// when, how it is known, concrete events, and quoted words.
func factCount(s string, toks []string) int {
	n := 0
	if whenRE.MatchString(s) {
		n++
	}
	if howWords.first(toks) >= 0 {
		n++
	}
	if whatWords.first(toks) >= 0 {
		n++
	}
	if hasQuote(s) {
		n++
	}
	return n
}

// languageSignalRE finds a sign in the text that a parent or carer may not
// speak English well (EAL, limited English, speaks Polish).
var languageSignalRE = newPattern(`\b(?:eal|english as an additional language|english as a second language|esol|(?:limited|little|no|poor|basic|some) (?:spoken )?english|(?:doesn'?t|does not|don'?t|do not|cannot|can'?t) (?:speak|read|understand) (?:much )?english|english (?:is not|isn'?t) (?:her|his|their|the family'?s|mum'?s|dad'?s) first language|first language (?:is not|isn'?t) english|needs? an interpreter|interpreter (?:is )?(?:needed|required)|speaks? (?:only )?(?:polish|urdu|arabic|punjabi|bengali|romanian|portuguese|somali|tigrinya|farsi|dari|pashto|kurdish|turkish|lithuanian|russian|ukrainian|mandarin|cantonese|tamil|gujarati|albanian|spanish|french|italian|bulgarian|slovak|czech|hungarian|latvian|amharic|swahili|shona|yoruba|igbo|twi|vietnamese|thai|nepali|sinhala|malayalam|hindi|urdu))\b`, " eal", "(eal", "english", "esol", "interpreter", "speak")

// Consent exceptions (domain 6.3): reasons recognised for referring without
// the family's agreement.
var consentExceptionRE = lazyre.New(`\b(?:significant harm|(?:increase|place|put|putting|placing|leave|leaving)s?\b.{0,40}\b(?:at|at greater|at increased|at further)\s+risk|risk (?:of|to) (?:harm|the child|her|him|them|mum|mother|the mother|the victim|staff|others?)|(?:increase|escalate)\w* (?:the )?risk|unsafe|retaliat\w*|reprisal|repercussion|punish\w*|serious harm|endanger\w*|violen\w*|domestic abuse|coercive control|police|investigation|s\.?\s?47|section 47|strategy (?:discussion|meeting)|evidence|prejudice|crime|criminal|offence|(?:undue|unjustified|cause|causing|avoid) delay|urgent\w*|immediate (?:risk|danger)|sexual abuse|sexually abus\w*|intra-?familial|fabricated|induced illness|\bfii\b|forced marriage|honou?r[- ]based|stop talking|retract\w*|silenc\w*|pressure (?:her|him|them|the child)|flee|abscond|(?:unable|not able|could not|couldn'?t|cannot|can'?t) (?:to )?(?:contact|reach|get hold of|speak to)|no (?:answer|response|reply)|(?:tried|attempted|attempts?) (?:to )?(?:call|phone|ring|contact|reach|visit|speak))`)

// contactAttemptRE finds a record of attempts to reach parents.
var contactAttemptRE = lazyre.New(`\b(?:tried|attempt\w*|called|phoned|rang|left (?:a )?(?:message|voicemail)|voicemail|texted|emailed|letter|home visit|visited|no answer|no response|\d+ times|twice|three times)\b`)
var unableToContactRE = lazyre.New(`\b(?:unable|not able|could not|couldn'?t|cannot|can'?t) (?:to )?(?:contact|reach|get hold of|speak to)|no (?:answer|response|reply)|uncontactable|not contactable\b`)

// deciderRE finds who decided not to seek consent.
var deciderRE = lazyre.New(`\b(?:dsl|designated safeguarding lead|deputy dsl|safeguarding lead|head ?teacher|head of school|principal|decided|decision|agreed with|agreed by|advised|advice|on the advice|discussed with|consulted|mash (?:said|advised|agreed)|lcss|social worker|police (?:said|advised|asked))\b`)

// onlyChildRE finds a statement that there are no other children in the household.
var onlyChildRE = lazyre.New(`\b(?:only child|no (?:other )?(?:siblings|brothers|sisters|children)|no other (?:children|child) (?:in|at) (?:the )?(?:household|home|house)|(?:lives|living) alone with)\b`)

// firstMatch returns the first match of re in s, for evidence, trimmed to a readable length.
func firstMatch(re matcher, s string) string {
	m := re.FindString(s)
	return strings.TrimSpace(m)
}
