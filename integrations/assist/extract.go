package assist

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/sashabaranov/go-openai/jsonschema"

	"github.com/frontdoorhq/frontdoor/checker/referral"
)

// Extraction is what the model extracted from a referral's narrative. The
// values are in the referral already (Extract sets them); this is the
// record of which ones came from the model, for the person to check.
type Extraction struct {
	Model     string      `json:"model,omitempty"`
	Extracted []Extracted `json:"extracted"`         // fields filled from the model's extraction, in the model's order
	Dropped   int         `json:"dropped,omitempty"` // values the model gave that failed validation and were not used
	Note      string      `json:"note,omitempty"`    // why nothing was extracted, or what was dropped
}

// Extracted is one field filled from the model's extraction.
type Extracted struct {
	Field string `json:"field"` // the field path: "child.date_of_birth", "family[0].name"
	Value string `json:"value"` // the value set, with placeholders restored
}

// notConfigured is the note when --assist was asked for without a server.
const notConfigured = "Model assistance is not configured (set " + EnvBaseURL + " and " + EnvModel + "); the rules' answer stands."

// maxFamily bounds the household members taken from one extraction.
const maxFamily = 12

type extractReply struct {
	Fields []extractItem   `json:"fields"`
	Family []extractMember `json:"family"`
}

type extractItem struct {
	Field string `json:"field"`
	Value string `json:"value"`
	Quote string `json:"quote"`
}

type extractMember struct {
	Name                   string `json:"name"`
	Relationship           string `json:"relationship"`
	DateOfBirth            string `json:"date_of_birth"`
	Age                    string `json:"age"`
	ParentalResponsibility string `json:"parental_responsibility"`
	LivesWithChild         string `json:"lives_with_child"`
	Phone                  string `json:"phone"`
	Email                  string `json:"email"`
	FirstLanguage          string `json:"first_language"`
	InterpreterNeeded      string `json:"interpreter_needed"`
	Quote                  string `json:"quote"`
}

var triValues = []string{"yes", "no", "unknown"}

func extractSchema() *jsonschema.Definition {
	item := object(map[string]jsonschema.Definition{
		"field": enum("the field's path", fieldPaths()),
		"value": str("the value, copied word for word from the text (placeholders included); for yes/no fields yes or no; for consent.status given, refused or not_sought"),
		"quote": str("the exact words of the text that state the value"),
	}, "one field the text states")
	member := object(map[string]jsonschema.Definition{
		"name":                    str("the person's name as written (a placeholder), or empty"),
		"relationship":            str("their relationship to the child as written (mother, stepfather, brother), or empty"),
		"date_of_birth":           str("their date of birth as written, or empty"),
		"age":                     str("their age in years as written, or empty"),
		"parental_responsibility": enum("whether the text says they have parental responsibility", triValues),
		"lives_with_child":        enum("whether the text says they live with the child", triValues),
		"phone":                   str("their phone number as written, or empty"),
		"email":                   str("their email address as written, or empty"),
		"first_language":          str("their first language as written, or empty"),
		"interpreter_needed":      enum("whether the text says they need an interpreter", triValues),
		"quote":                   str("the exact words of the text that mention this person"),
	}, "one person in the child's household, or a parent or carer living elsewhere")
	d := object(map[string]jsonschema.Definition{
		"fields": array(item, "every field the text states; leave out what it does not"),
		"family": array(member, "the household members and parents or carers the text names or describes"),
	}, "")
	return &d
}

func extractInstructions() string {
	var b strings.Builder
	b.WriteString(`You read a school's safeguarding referral that arrived as a letter or email, and pick out the facts it states for the fields of a referral form. `)
	b.WriteString(dataRule)
	b.WriteString(`

Rules:
- Fill a field only when the text states it. Never infer, guess or fill in a likely value.
- Copy each value word for word from the text, placeholders included (a date of birth is "[DOB_1]", a name "[PERSON_2]").
- For yes/no fields answer "yes" or "no" only when the text says so.
- In "quote" give the exact words of the text that state the value.
- List each person in the child's household, and parents or carers living elsewhere, under "family".

The fields:
`)
	for _, f := range fields {
		fmt.Fprintf(&b, "- %s: %s\n", f.path, f.desc)
	}
	return b.String()
}

// Extract asks the model to extract the referral model's fields from r's
// narrative (its description and unplaced text), after redaction, and sets
// the fields the readers left empty. It never overwrites a value the
// readers found.
//
// Every value is checked before it is used: the quoted words must be in the
// text that was sent; a copied value must be in it too; a placeholder must
// be one that was issued and of the right kind (a name field holds a name);
// yes/no, consent and level answers must be valid and stated by the quote.
// Values that fail are dropped and counted. The values set are then checked
// by the rules like any other (dates, phone numbers, postcodes ...). The
// fields set are recorded in r.Sources at the narrative's location.
//
// x is the Redactor for this referral (NewRedactorFor(r) when nil); pass
// the same one to SecondOpinion so that the two calls use the same
// placeholders. On any failure r is unchanged and the Note says why. A nil
// Client returns a note that model assistance is not configured.
func (c *Client) Extract(ctx context.Context, r *referral.Referral, x *Redactor) Extraction {
	if c == nil {
		return Extraction{Extracted: []Extracted{}, Note: notConfigured}
	}
	out := Extraction{Model: c.cfg.Model, Extracted: []Extracted{}}
	text := narrative(r)
	if text == "" {
		out.Note = "There was no narrative to extract fields from."
		return out
	}
	if x == nil {
		x = NewRedactorFor(r)
	}
	text, cut := capText(text)
	sent := x.Redact(text)
	schema := extractSchema()
	content, err := c.complete(ctx, request{
		name: "frontdoor_extraction", system: extractInstructions(),
		user:   "Extract the fields from this referral.\n\n" + dataBlock("referral", sent),
		schema: schema, maxTokens: 2000, redactor: x,
	})
	if err != nil {
		out.Note = noteFor(err) + " The fields are as the readers found them."
		return out
	}
	var reply extractReply
	check := loosen(*schema) // an unknown field path is dropped on its own, below
	if err := decodeReply(content, &check, &reply); err != nil {
		out.Note = noteFor(err) + " The fields are as the readers found them."
		return out
	}
	v := &validator{x: x, sent: normText(sent)}
	loc := r.Sources["concern.description"]
	if r.Sources == nil {
		r.Sources = referral.Sources{}
	}
	for _, it := range reply.Fields {
		f := fieldByPath()[it.Field]
		if f == nil {
			out.Dropped++
			continue
		}
		if f.get(r) != "" {
			continue // the readers found it, or an earlier item did
		}
		val, ok := v.value(f.kind, it.Value, it.Quote)
		if !ok {
			out.Dropped++
			continue
		}
		f.set(r, val)
		if _, known := r.Sources[f.path]; !known {
			r.Sources[f.path] = loc
		}
		out.Extracted = append(out.Extracted, Extracted{Field: f.path, Value: val})
	}
	if len(r.Family) == 0 {
		for _, m := range reply.Family {
			if len(r.Family) == maxFamily {
				break
			}
			mem, set, ok := v.member(m)
			if !ok {
				out.Dropped++
				continue
			}
			i := len(r.Family)
			r.Family = append(r.Family, mem)
			for _, s := range set {
				path := fmt.Sprintf("family[%d].%s", i, s.Field)
				r.Sources[path] = loc
				out.Extracted = append(out.Extracted, Extracted{Field: path, Value: s.Value})
			}
		}
	}
	switch {
	case len(out.Extracted) == 0 && out.Dropped == 0:
		out.Note = "The model found no further details in the narrative."
	case out.Dropped > 0:
		out.Note = fmt.Sprintf("%d %s the model gave %s not used: not found in the referral's text, or not valid.",
			out.Dropped, plural(out.Dropped, "value", "values"), plural(out.Dropped, "was", "were"))
	}
	if cut {
		out.Note = strings.TrimSpace(out.Note + cutNote)
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// validator checks extracted values against the text that was sent.
type validator struct {
	x    *Redactor
	sent string // normalised
}

// value checks one value of the given kind and returns it as it is to be
// stored (placeholders restored).
func (v *validator) value(kind valueKind, value, quote string) (string, bool) {
	value = collapse(value)
	if value == "" || len(value) > 1000 || !v.quoted(quote) {
		return "", false
	}
	switch kind {
	case vTri:
		t, ok := referral.ParseTriState(value)
		if !ok || !t.Known() {
			return "", false
		}
		return string(t), true
	case vConsent:
		s := strings.ReplaceAll(strings.ToLower(value), " ", "_")
		switch s {
		case referral.ConsentGiven, referral.ConsentRefused, referral.ConsentNotSought:
			return s, true
		}
		return "", false
	case vPercent:
		n := strings.TrimSpace(strings.TrimSuffix(value, "%"))
		if _, err := strconv.ParseFloat(n, 64); err != nil || !strings.Contains(quote, n) {
			return "", false
		}
		return n, true
	case vLevel:
		if len(value) != 1 || value[0] < '1' || value[0] > '4' || !strings.Contains(quote, value) {
			return "", false
		}
		return value, true
	case vRoute:
		for _, id := range referral.RouteIDs {
			if value == id {
				return value, true
			}
		}
		return "", false
	}
	// Copied words: they must be in the text sent, and any placeholder in
	// them must be one that was issued, of a kind the field can hold.
	if !strings.Contains(v.sent, normText(value)) {
		return "", false
	}
	phs := restoreRE().FindAllString(value, -1)
	allowed := allowedPlaceholders[kind]
	for _, ph := range phs {
		ph = "[" + strings.TrimSpace(strings.Trim(ph, "[]")) + "]"
		e, ok := v.x.byPH[ph]
		if !ok || !kindIn(e.kind, allowed) {
			return "", false
		}
	}
	if kind == vEmail && len(phs) == 0 {
		return "", false // every email address in the text was replaced: this one is made up
	}
	return v.x.Restore(value), true
}

func kindIn(k Kind, list []Kind) bool {
	for _, x := range list {
		if x == k {
			return true
		}
	}
	return false
}

// quoted reports whether the model's quote is in the text that was sent.
func (v *validator) quoted(quote string) bool {
	q := normText(quote)
	return len(q) >= 2 && strings.Contains(v.sent, q)
}

// member checks one household member. It returns the member and the
// fields set, or false when the member is not grounded in the text.
func (v *validator) member(m extractMember) (referral.Member, []Extracted, bool) {
	var mem referral.Member
	var set []Extracted
	if !v.quoted(m.Quote) {
		return mem, nil, false
	}
	str := func(field string, kind valueKind, val string, dst *string) bool {
		if strings.TrimSpace(val) == "" {
			return true
		}
		s, ok := v.value(kind, val, m.Quote)
		if !ok {
			return false
		}
		*dst = s
		set = append(set, Extracted{Field: field, Value: s})
		return true
	}
	tri := func(field, val string, dst *referral.TriState) {
		if t, ok := referral.ParseTriState(val); ok && t.Known() {
			*dst = t
			set = append(set, Extracted{Field: field, Value: string(t)})
		}
	}
	if !str("name", vName, m.Name, &mem.Name) || !str("relationship", vText, m.Relationship, &mem.Relationship) ||
		!str("date_of_birth", vDate, m.DateOfBirth, &mem.DateOfBirth) || !str("phone", vPhone, m.Phone, &mem.Phone) ||
		!str("email", vEmail, m.Email, &mem.Email) || !str("first_language", vText, m.FirstLanguage, &mem.FirstLanguage) {
		return mem, nil, false
	}
	if a := strings.TrimSpace(m.Age); a != "" {
		n, err := strconv.Atoi(strings.Fields(a)[0])
		if err != nil || n < 0 || n > 120 || !strings.Contains(m.Quote, strconv.Itoa(n)) {
			return mem, nil, false
		}
		mem.Age = n
		set = append(set, Extracted{Field: "age", Value: strconv.Itoa(n)})
	}
	tri("parental_responsibility", m.ParentalResponsibility, &mem.ParentalResponsibility)
	tri("lives_with_child", m.LivesWithChild, &mem.LivesWithChild)
	tri("interpreter_needed", m.InterpreterNeeded, &mem.InterpreterNeeded)
	if mem.Name == "" && mem.Relationship == "" {
		return mem, nil, false
	}
	return mem, set, true
}

// normText lower-cases s and reduces everything but letters, digits and
// placeholder brackets to single spaces, so that a quote matches the text
// whatever the model did to punctuation and line breaks.
func normText(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '[' || r == ']' || r == '_' {
			b.WriteRune(r)
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}
