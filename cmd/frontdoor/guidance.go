package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"
	yaml "go.yaml.in/yaml/v3"

	"github.com/frontdoorhq/frontdoor/guidance"
	"github.com/frontdoorhq/frontdoor/internal/lazyre"
)

func guidanceCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "guidance",
		Usage: "check or show a guidance pack",
		Subcommands: []*cli.Command{
			{
				Name:      "validate",
				Usage:     "check a guidance pack file, or the built-in pack, and report every problem",
				ArgsUsage: "[FILE]",
				Description: `Checks FILE (YAML, or JSON with the same keys) and lists every problem, with
the line it is on where the file cannot be read as a pack. With no FILE, checks
the built-in pack.`,
				Action: func(c *cli.Context) error {
					switch c.NArg() {
					case 0:
						p, err := guidance.Default()
						if err != nil {
							return fmt.Errorf("built-in guidance: %w", err)
						}
						_, err = fmt.Fprintf(e.stdout, "built-in pack (no file given): ok (%s)\n", packCounts(p))
						return err
					case 1:
					default:
						return usagef("guidance validate: name one pack file, or none for the built-in pack")
					}
					path := c.Args().First()
					p, err := guidance.LoadFile(path)
					if err != nil {
						return &usageError{withLines(path, err).Error()}
					}
					_, err = fmt.Fprintf(e.stdout, "%s: ok (%s)\n", path, packCounts(p))
					return err
				},
			},
			{
				Name:  "show",
				Usage: "summarise the guidance pack in use: levels, routes and contacts, indicators",
				Flags: []cli.Flag{guidanceFlag},
				Action: func(c *cli.Context) error {
					p, err := loadPack(c, e)
					if err != nil {
						return err
					}
					_, err = io.WriteString(e.stdout, showPack(p))
					return err
				},
			},
		},
	}
}

func packCounts(p *guidance.Pack) string {
	return fmt.Sprintf("%s %s: %d levels, %d routes, %d indicators", p.ID, p.Version, len(p.Levels), len(p.Routes), len(p.Indicators))
}

// withLines returns err, the error of loading the pack file at path, or,
// when the file cannot be read as a pack at all (an unknown key, a value of
// the wrong type, broken YAML or JSON), every such problem on the line the
// decoder found it: "guidance my.yaml: 2 problems:\n  - my.yaml:3: unknown
// key "colour" in the pack". Problems with a pack that reads (a route
// missing, a bad match line) are err's own.
func withLines(path string, err error) error {
	b, rerr := os.ReadFile(path)
	if rerr != nil {
		return err
	}
	probs := decodeProblems(b)
	if len(probs) == 0 {
		return err
	}
	lines := make([]string, len(probs))
	for i, p := range probs {
		if p.line > 0 {
			lines[i] = fmt.Sprintf("  - %s:%d: %s", path, p.line, p.msg)
		} else {
			lines[i] = fmt.Sprintf("  - %s: %s", path, p.msg)
		}
	}
	n := fmt.Sprintf("%d problems", len(probs))
	if len(probs) == 1 {
		n = "1 problem"
	}
	return fmt.Errorf("guidance %s: %s:\n%s", path, n, strings.Join(lines, "\n"))
}

// packProblem is one reason a pack file cannot be decoded, at a line
// (1-based; 0 when the decoder gives none).
type packProblem struct {
	line int
	msg  string
}

// decodeProblems decodes a pack file as guidance.Parse does (JSON when it
// starts with "{", else YAML; unknown keys refused) and returns what the
// decoder objects to, with lines.
func decodeProblems(b []byte) []packProblem {
	var p guidance.Pack
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		err := dec.Decode(&p)
		if err == nil {
			return nil
		}
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return []packProblem{{lineAt(b, se.Offset), strings.TrimPrefix(se.Error(), "json: ")}}
		case errors.As(err, &te):
			where := ""
			if te.Field != "" {
				where = " at " + te.Field
			}
			return []packProblem{{lineAt(b, te.Offset), fmt.Sprintf("want %s%s, not %s", goType(te.Type.String()), where, jsonKind(te.Value))}}
		}
		msg := strings.TrimPrefix(err.Error(), "json: ")
		if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
			// JSON is YAML: its decoder knows the line of the key.
			if name, err := strconv.Unquote(name); err == nil {
				for _, yp := range yamlProblems(b) {
					if strings.HasPrefix(yp.msg, fmt.Sprintf("unknown key %q", name)) {
						return []packProblem{yp}
					}
				}
				return []packProblem{{0, fmt.Sprintf("unknown key %q", name)}}
			}
		}
		return []packProblem{{0, msg}}
	}
	return yamlProblems(b)
}

var (
	yamlLineRe     = lazyre.New(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownRe  = lazyre.New(`^field (\S+) not found in type (\S+)$`)
	yamlTypeRe     = lazyre.New("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")
	yamlTwiceRe    = lazyre.New(`^mapping key "(.*)" already defined at line (\d+)$`)
	yamlValueWords = map[string]string{"seq": "a list", "map": "a mapping", "null": "nothing"}
)

// yamlProblems decodes b as YAML into a pack and returns the decoder's
// objections, worded for the person editing the file.
func yamlProblems(b []byte) []packProblem {
	var p guidance.Pack
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	err := dec.Decode(&p)
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	out := make([]packProblem, 0, len(msgs))
	for _, m := range msgs {
		pr := packProblem{msg: strings.TrimPrefix(m, "yaml: ")}
		if sm := yamlLineRe.FindStringSubmatch(m); sm != nil {
			pr.line, _ = strconv.Atoi(sm[1])
			pr.msg = sm[2]
		}
		if sm := yamlUnknownRe.FindStringSubmatch(pr.msg); sm != nil {
			in := goType(sm[2])
			if sm[2] == "guidance.Pack" {
				in = "the pack"
			}
			pr.msg = fmt.Sprintf("unknown key %q in %s", sm[1], in)
		} else if sm := yamlTypeRe.FindStringSubmatch(pr.msg); sm != nil {
			got := yamlValueWords[sm[1]]
			if got == "" {
				got = strconv.Quote(sm[2])
			}
			pr.msg = fmt.Sprintf("want %s, not %s", goType(sm[3]), got)
		} else if sm := yamlTwiceRe.FindStringSubmatch(pr.msg); sm != nil {
			pr.msg = fmt.Sprintf("key %q is given twice (first on line %s)", sm[1], sm[2])
		}
		out = append(out, pr)
	}
	return out
}

// goType names a Go type a pack value decodes into as the pack's format
// describes it.
func goType(t string) string {
	switch t {
	case "int", "int32", "int64":
		return "a whole number"
	case "float64", "float32":
		return "a number"
	case "bool":
		return "true or false"
	case "string":
		return "text"
	case "[]string":
		return "a list of text"
	case "[][]string":
		return "a list of lists of text"
	case "map[string][]string":
		return "a mapping of names to lists"
	case "guidance.Pack":
		return "a mapping of the pack's keys"
	}
	if elem, ok := strings.CutPrefix(t, "[]"); ok {
		return "a list of " + strings.TrimPrefix(goType(elem), "a ") + "s"
	}
	if name, ok := strings.CutPrefix(strings.TrimPrefix(t, "*"), "guidance."); ok {
		name = strings.ToLower(name)
		if strings.ContainsRune("aeiou", rune(name[0])) {
			return "an " + name
		}
		return "a " + name
	}
	return t
}

// jsonKind names the JSON value json.UnmarshalTypeError describes.
func jsonKind(v string) string {
	switch v {
	case "array":
		return "a list"
	case "object":
		return "a mapping"
	case "string":
		return "text"
	}
	return v
}

// lineAt is the 1-based line of byte offset off in b.
func lineAt(b []byte, off int64) int {
	off = max(0, min(off, int64(len(b))))
	return bytes.Count(b[:off], []byte("\n")) + 1
}

func showPack(p *guidance.Pack) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s, version %s (effective %s)\n", p.ID, p.Area, p.Version, p.Effective)
	for _, s := range p.Sources {
		fmt.Fprintf(&b, "  source: %s %s\n", s.Name, s.URL)
	}
	b.WriteString("\nLevels:\n")
	for _, l := range p.Levels {
		fmt.Fprintf(&b, "  %d  %s -> %s (%s)\n", l.Number, l.Name, l.Route, l.Responds)
	}
	b.WriteString("\nRoutes:\n")
	for _, r := range p.Routes {
		fmt.Fprintf(&b, "  %-22s %s [%s]\n", r.ID, r.Name, r.Urgency)
		for _, c := range r.Contacts {
			fmt.Fprintf(&b, "      %s %s %s\n", c.Name, c.Phone, c.Email)
		}
	}
	counts := map[int]int{}
	for _, ind := range p.Indicators {
		counts[ind.Level]++
	}
	fmt.Fprintf(&b, "\nIndicators: %d (level 1: %d, 2: %d, 3: %d, 4: %d, duty-only: %d)\n",
		len(p.Indicators), counts[1], counts[2], counts[3], counts[4], counts[0])
	return b.String()
}
