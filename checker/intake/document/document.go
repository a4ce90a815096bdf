// Package document is the normalised form every document reader produces
// before labels are matched to the referral model: lines of text with their
// location, plus any form fields. Text, DOCX and PDF readers all produce it,
// so that one pairing step serves every format.
package document

// Document is the text and form data read from one input.
type Document struct {
	Format   string   `json:"format"`             // "pdf", "docx", "text", ...
	Pages    int      `json:"pages,omitempty"`    // number of pages, 0 where the format has none
	Lines    []Line   `json:"lines"`              // text in reading order
	Fields   []Field  `json:"fields,omitempty"`   // form fields (PDF AcroForm, DOCX legacy fields and content controls)
	Warnings []string `json:"warnings,omitempty"` // problems that did not stop reading, e.g. "page 3: could not read text"
}

// CellSep separates table cells, or runs of text separated by a wide gap, in a Line.
const CellSep = " | "

// Line is one line of text. Table rows are one line with cells joined by
// CellSep. For DOCX, Page is 0 and Line counts paragraphs and table rows.
type Line struct {
	Text    string `json:"text"`
	Page    int    `json:"page,omitempty"`
	Line    int    `json:"line"`              // 1-based
	Heading bool   `json:"heading,omitempty"` // the reader knows this line is a heading (DOCX heading style, Markdown #)
}

// Field kinds.
const (
	KindText     = "text"
	KindCheckbox = "checkbox"
	KindRadio    = "radio"
	KindChoice   = "choice" // dropdown or combo box
	KindDate     = "date"
)

// Field is one form field with its value. For checkboxes, Value is "yes" when
// ticked and "no" when not; for radio groups it is the chosen option's label.
type Field struct {
	Name  string `json:"name"`            // the field's own name (PDF /T path, DOCX bookmark or tag)
	Label string `json:"label,omitempty"` // the human label: tooltip, alias, or nearest text on the page
	Value string `json:"value"`
	Kind  string `json:"kind"`
	Page  int    `json:"page,omitempty"`
	Line  int    `json:"line,omitempty"` // the line the field sits on, when known
}
