package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/frontdoorhq/frontdoor/guidance"
)

var guidanceFlag = &cli.StringFlag{Name: "guidance", Usage: "guidance pack file (default: $FRONTDOOR_GUIDANCE, else the built-in Oxfordshire pack)"}

// loadPack returns the guidance pack named by --guidance or
// FRONTDOOR_GUIDANCE, or the built-in one.
func loadPack(c *cli.Context, e *env) (*guidance.Pack, error) {
	path := c.String("guidance")
	if path == "" {
		path = e.getenv("FRONTDOOR_GUIDANCE")
	}
	if path == "" {
		p, err := guidance.Default()
		if err != nil {
			return nil, fmt.Errorf("built-in guidance: %w", err)
		}
		return p, nil
	}
	p, err := guidance.LoadFile(path)
	if err != nil {
		return nil, &usageError{err.Error()}
	}
	return p, nil
}

func routeCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "route",
		Usage:     "say which route a concern needs, why, and what to do next",
		ArgsUsage: `"concern text" | -`,
		Description: `Reads a concern (the words as arguments, or - for stdin) and answers with the
level, the route and any duties beside it, the words that drove it, the next steps
and what it still needs to know.

Examples:
   frontdoor route "A 12 year old says she has a 17 year old boyfriend and they have had sex"
   echo "Year 4 boy says dad hit him with a belt" | frontdoor route --format json -`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "text or json"},
			&cli.BoolFlag{Name: "pretty", Usage: "indent the JSON"},
			guidanceFlag,
			assistFlag,
		},
		Action: func(c *cli.Context) error {
			text := strings.Join(c.Args().Slice(), " ")
			fromStdin := text == "-"
			if fromStdin {
				b, err := io.ReadAll(io.LimitReader(e.stdin, 1<<20))
				if err != nil {
					return fmt.Errorf("read stdin: %w", err)
				}
				text = string(b)
			}
			if strings.TrimSpace(text) == "" {
				if fromStdin {
					return usagef("route: nothing to route: stdin was empty")
				}
				return usagef("route: give the concern as text, or - to read it from stdin")
			}
			format := c.String("format")
			if format != "text" && format != "json" {
				return usagef("route: --format: want text or json, not %q", format)
			}
			p, err := loadPack(c, e)
			if err != nil {
				return err
			}
			a := p.Route(text, guidance.Facts{})
			if c.Bool("assist") {
				return runRouteAssist(c, e, p, text, a, format)
			}
			if format == "json" {
				var b []byte
				if c.Bool("pretty") {
					b, err = json.MarshalIndent(a, "", "  ")
				} else {
					b, err = json.Marshal(a)
				}
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(e.stdout, "%s\n", b)
				return err
			}
			_, err = io.WriteString(e.stdout, renderAnswer(p, a))
			return err
		},
	}
}

// renderAnswer writes a route answer for a person to read.
func renderAnswer(p *guidance.Pack, a guidance.Answer) string {
	var b strings.Builder
	name := a.Route
	if r, ok := p.RouteInfo(a.Route); ok && r.Name != "" {
		name = r.Name + " (" + a.Route + ")"
	}
	fmt.Fprintf(&b, "Route: %s\n", name)
	if a.Level != nil {
		fmt.Fprintf(&b, "Level: %d, %s\n", *a.Level, a.LevelName)
	}
	if len(a.Also) > 0 {
		var also []string
		for _, id := range a.Also {
			if r, ok := p.RouteInfo(id); ok && r.Name != "" {
				also = append(also, r.Name+" ("+id+")")
			} else {
				also = append(also, id)
			}
		}
		fmt.Fprintf(&b, "Also: %s\n", strings.Join(also, "; "))
	}
	fmt.Fprintf(&b, "Urgency: %s. Confidence: %s.\n", a.Urgency, a.Confidence)
	if len(a.Reasons) > 0 {
		b.WriteString("\nWhy:\n")
		for _, r := range a.Reasons {
			lvl := ""
			if r.Level > 0 {
				lvl = fmt.Sprintf(" (Level %d)", r.Level)
			}
			fmt.Fprintf(&b, "  - %s%s: %q\n", r.Indicator, lvl, r.Evidence)
		}
	}
	if len(a.NextSteps) > 0 {
		b.WriteString("\nNext steps:\n")
		for i, s := range a.NextSteps {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, s)
		}
	}
	if len(a.Ask) > 0 {
		b.WriteString("\nStill to find out:\n")
		for _, q := range a.Ask {
			fmt.Fprintf(&b, "  - %s\n", q)
		}
	}
	if a.Consent != "" {
		fmt.Fprintf(&b, "\nConsent: %s\n", a.Consent)
	}
	fmt.Fprintf(&b, "\nGuidance: %s\n", a.Guidance)
	return b.String()
}
