package pdf

import (
	"errors"

	"github.com/frontdoorhq/frontdoor/internal/limits"
)

// Limits bounds the work Precheck and Extract do on one file. A zero field
// means the default from DefaultLimits, so tests can lower just one cap.
type Limits struct {
	MaxFileSize     int64 // bytes accepted by Precheck
	MaxDeclared     int64 // largest /Size, /Count, /Columns, /N, /W entry or xref subsection end Precheck accepts
	MaxPages        int   // pages read; later pages are skipped with a warning
	MaxTreeVisits   int   // page-tree nodes visited
	MaxTreeDepth    int   // page-tree depth
	MaxFieldVisits  int   // AcroForm nodes visited
	MaxFieldDepth   int   // AcroForm nesting depth
	MaxFields       int   // form fields returned
	MaxXObjectDepth int   // nesting of Form XObjects drawn with Do
	MaxXObjectCalls int   // Form XObjects drawn per page
	MaxStreamBytes  int64 // decoded bytes read from any one stream
	MaxContentBytes int64 // decoded content-stream bytes for the whole document
	MaxOpsPerPage   int   // content-stream operators run per page (Form XObjects included)
	MaxRuns         int   // text runs kept for the whole document
	MaxTextBytes    int   // bytes of text in Lines for the whole document
	MaxCMapEntries  int   // bfchar and bfrange entries kept per ToUnicode CMap
	MaxFonts        int   // fonts parsed per document
}

// DefaultLimits returns the production limits.
func DefaultLimits() Limits {
	return Limits{
		MaxFileSize:     25 << 20,
		MaxDeclared:     1_000_000,
		MaxPages:        200,
		MaxTreeVisits:   10_000,
		MaxTreeDepth:    64,
		MaxFieldVisits:  20_000,
		MaxFieldDepth:   32,
		MaxFields:       5_000,
		MaxXObjectDepth: 8,
		MaxXObjectCalls: 500,
		MaxStreamBytes:  8 << 20,
		MaxContentBytes: 64 << 20,
		MaxOpsPerPage:   1_000_000,
		MaxRuns:         500_000,
		MaxTextBytes:    8 << 20,
		MaxCMapEntries:  65_536,
		MaxFonts:        500,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	limits.Default(&l.MaxFileSize, d.MaxFileSize)
	limits.Default(&l.MaxDeclared, d.MaxDeclared)
	limits.Default(&l.MaxPages, d.MaxPages)
	limits.Default(&l.MaxTreeVisits, d.MaxTreeVisits)
	limits.Default(&l.MaxTreeDepth, d.MaxTreeDepth)
	limits.Default(&l.MaxFieldVisits, d.MaxFieldVisits)
	limits.Default(&l.MaxFieldDepth, d.MaxFieldDepth)
	limits.Default(&l.MaxFields, d.MaxFields)
	limits.Default(&l.MaxXObjectDepth, d.MaxXObjectDepth)
	limits.Default(&l.MaxXObjectCalls, d.MaxXObjectCalls)
	limits.Default(&l.MaxStreamBytes, d.MaxStreamBytes)
	limits.Default(&l.MaxContentBytes, d.MaxContentBytes)
	limits.Default(&l.MaxOpsPerPage, d.MaxOpsPerPage)
	limits.Default(&l.MaxRuns, d.MaxRuns)
	limits.Default(&l.MaxTextBytes, d.MaxTextBytes)
	limits.Default(&l.MaxCMapEntries, d.MaxCMapEntries)
	limits.Default(&l.MaxFonts, d.MaxFonts)
	return l
}

var (
	// ErrNoText means the PDF has pages but no text layer and no filled
	// form fields: most likely a scan. Extract returns it with a non-nil
	// Document (Pages set) so that callers can make a finding of it.
	ErrNoText = errors.New("no text layer: scanned document?")

	// ErrEncrypted means the PDF is encrypted and could not be read with an
	// empty user password, or uses encryption the reader does not support.
	ErrEncrypted = errors.New("the file is password-protected or locked; open it, print it to a new PDF, and check that instead (encrypted PDF)")

	// ErrNotPDF means the bytes do not start with a PDF header.
	ErrNotPDF = errors.New("the file is not really a PDF, though it may be named like one; save it again as a PDF (no PDF header)")

	// ErrRejected is matched (errors.Is) by every Precheck refusal of a
	// file that declares absurd sizes or is too large.
	ErrRejected = errors.New("PDF rejected before parsing")

	// ErrUnreadable is matched by errors for files the parser could not read.
	ErrUnreadable = errors.New("could not read PDF")
)

// rejectError is a Precheck refusal with its own message.
type rejectError string

func (e rejectError) Error() string        { return string(e) }
func (e rejectError) Is(target error) bool { return target == ErrRejected }

// readError is a parse failure with a sanitised message.
type readError string

func (e readError) Error() string        { return "could not read PDF: " + string(e) }
func (e readError) Is(target error) bool { return target == ErrUnreadable }
