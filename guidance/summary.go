package guidance

import (
	"fmt"
	"strings"
)

// Summary is the answer in one line, for reports: the route, the level,
// urgency and confidence, and any further routes.
func (a Answer) Summary() string {
	var b strings.Builder
	b.WriteString(a.Route)
	if a.Level != nil {
		fmt.Fprintf(&b, " (Level %d", *a.Level)
		if a.LevelName != "" {
			b.WriteString(", " + a.LevelName)
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, ", %s, %s confidence", a.Urgency, a.Confidence)
	if len(a.Also) > 0 {
		b.WriteString("; also " + strings.Join(a.Also, ", "))
	}
	return b.String()
}
