// Package limits holds the one rule every reader's safety limits follow: a
// zero (or negative) limit means "use the default", so callers and tests
// can lower a single cap and leave the rest alone.
package limits

// Default sets *v to def when *v is zero or negative.
func Default[T ~int | ~int64](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}
