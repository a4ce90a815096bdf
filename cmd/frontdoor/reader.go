package main

import (
	"github.com/frontdoorhq/frontdoor/checker/intake"
)

// docReader is the intake reader the commands share, with whatever it
// holds open (sandboxed document workers) released by Close.
type docReader struct {
	intake.Reader
	closers []func() error
}

// newReader returns a reader for every supported format.
func newReader() *docReader {
	return &docReader{}
}

// Close stops any document workers.
func (d *docReader) Close() error {
	var first error
	for _, c := range d.closers {
		if err := c(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
