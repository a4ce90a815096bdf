package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/frontdoorhq/frontdoor/checker"
)

func rulesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "rules",
		Usage:     "list every rule, or explain the named ones",
		ArgsUsage: "[FD101|child-dob-missing ...]",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "text or json"},
		},
		Action: func(c *cli.Context) error {
			return runRules(e, c.Args().Slice(), c.String("format"))
		},
	}
}

// ruleJSON is a rule as `frontdoor rules --format json` prints it.
type ruleJSON struct {
	Rule     string `json:"rule"`
	Name     string `json:"name"`
	Area     string `json:"area"`
	Severity string `json:"severity"`
	Field    string `json:"field"`
	Message  string `json:"message"`
	Why      string `json:"why"`
	Fix      string `json:"fix"`
	Source   string `json:"source"`
}

func runRules(e *env, keys []string, format string) error {
	if format != "text" && format != "json" {
		return usagef("rules: --format: want text or json, not %q", format)
	}
	rules := checker.Rules()
	if len(keys) > 0 {
		rules = rules[:0:0]
		for _, k := range keys {
			r, ok := checker.Lookup(k)
			if !ok {
				return usagef("rules: no rule %q (run `frontdoor rules` for the list)", k)
			}
			rules = append(rules, r)
		}
	}
	if format == "json" {
		out := make([]ruleJSON, 0, len(rules))
		for _, r := range rules {
			out = append(out, ruleJSON{r.ID, r.Name, r.Area, r.Severity.String(), r.Field, r.Message, r.Why, r.Fix, r.Source})
		}
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(e.stdout, "%s\n", b)
		return err
	}
	if len(keys) == 0 {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "RULE\tSEVERITY\tNAME\tFIELD\tWHAT IT CHECKS")
		for _, r := range rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Name, r.Field, r.Message)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err := fmt.Fprintf(e.stdout, "\n%d rules. `frontdoor rules FD101` explains one; .frontdoor.yaml can change a rule's severity or turn it off.\n", len(rules))
		return err
	}
	var b strings.Builder
	for i, r := range rules {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s %s (%s, default %s)\n", r.ID, r.Name, r.Area, r.Severity)
		fmt.Fprintf(&b, "  Field:   %s\n", r.Field)
		fmt.Fprintf(&b, "  Checks:  %s\n", r.Message)
		fmt.Fprintf(&b, "  Why:     %s\n", r.Why)
		fmt.Fprintf(&b, "  Fix:     %s\n", r.Fix)
		fmt.Fprintf(&b, "  Source:  %s\n", r.Source)
	}
	_, err := fmt.Fprint(e.stdout, b.String())
	return err
}
