// Package config reads .frontdoor.yaml: per-rule severity changes, rules
// turned off, and the default fail and display levels.
//
//	# .frontdoor.yaml
//	fail-on: error          # error | warning | info | never
//	min-severity: info      # what check shows
//	rules:
//	  FD111: off            # by id ...
//	  child-gp-missing: info  # ... or by name: off | error | warning | info
//
// The file is found by --config, then $FRONTDOOR_CONFIG, then by walking up
// from the checked file's directory.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker"
	yaml "go.yaml.in/yaml/v3"
)

// FileName is the name looked for when walking up from a file.
const FileName = ".frontdoor.yaml"

// Config is a loaded configuration.
type Config struct {
	Path        string                      // where it was read from; "" for the built-in default
	FailOn      checker.Severity            // 0 when not set
	MinSeverity checker.Severity            // 0 when not set
	Overrides   map[string]checker.Override // by rule id
}

type file struct {
	FailOn      string               `yaml:"fail-on"`
	MinSeverity string               `yaml:"min-severity"`
	Rules       map[string]yaml.Node `yaml:"rules"`
}

// Load reads and checks a configuration file. Errors name the file, the
// line and the key.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("config %s: %v", path, err)
	}
	return Parse(path, b)
}

// Parse reads a configuration from b; path is used in error messages.
func Parse(path string, b []byte) (*Config, error) {
	c := &Config{Path: path, Overrides: map[string]checker.Override{}}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			msgs := make([]string, len(te.Errors))
			for i, m := range te.Errors {
				msgs[i] = strings.Replace(m, " in type config.file", " (known keys: fail-on, min-severity, rules)", 1)
			}
			return nil, fmt.Errorf("config %s: %s", path, strings.Join(msgs, "; "))
		}
		return nil, fmt.Errorf("config %s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var err error
	if f.FailOn != "" {
		if c.FailOn, err = checker.ParseSeverity(f.FailOn, true); err != nil {
			return nil, fmt.Errorf("config %s: fail-on: %v", path, err)
		}
	}
	if f.MinSeverity != "" {
		if c.MinSeverity, err = checker.ParseSeverity(f.MinSeverity, false); err != nil {
			return nil, fmt.Errorf("config %s: min-severity: %v", path, err)
		}
	}
	for key, node := range f.Rules {
		rule, ok := checker.Lookup(key)
		if !ok {
			return nil, fmt.Errorf("config %s: line %d: unknown rule %q (see `frontdoor rules`)", path, node.Line, key)
		}
		v := strings.ToLower(strings.TrimSpace(node.Value))
		switch v {
		case "off", "false", "no", "disable", "disabled":
			c.Overrides[rule.ID] = checker.Override{Off: true}
			continue
		}
		sev, err := checker.ParseSeverity(v, false)
		if err != nil {
			return nil, fmt.Errorf("config %s: line %d: rule %s: %v, or off", path, node.Line, key, err)
		}
		c.Overrides[rule.ID] = checker.Override{Severity: sev}
	}
	return c, nil
}

// Find walks up from dir looking for FileName and returns its path, or "".
func Find(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, FileName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
