package main

import (
	_ "embed"
	"fmt"

	"github.com/urfave/cli/v2"
)

//go:embed template.yaml
var templateYAML string

//go:embed template.txt
var templateText string

func templateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "template",
		Usage: "print a blank referral holding every field, with short hints",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "yaml", Usage: "yaml, or text for a plain-text form"},
		},
		Action: func(c *cli.Context) error {
			switch c.String("format") {
			case "yaml":
				_, err := fmt.Fprint(e.stdout, templateYAML)
				return err
			case "text", "txt":
				// The notes go to stderr: in the form they would be read
				// back as part of the concern.
				fmt.Fprintln(e.stderr, `frontdoor template: fill in every line; write "not known" rather than leaving a blank when you have asked and nobody knows. Then run: frontdoor check FILE`)
				_, err := fmt.Fprint(e.stdout, templateText)
				return err
			}
			return usagef("template: --format: want yaml or text, not %q", c.String("format"))
		},
	}
}
