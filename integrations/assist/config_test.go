package assist

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// Ensure configuration comes only from the environment, is off when
// nothing is set, and names the variable at fault when it is wrong.
func TestConfigFromEnv(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte(testKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     map[string]string
		on      bool
		key     bool
		timeout time.Duration
		wantErr string
	}{
		{name: "nothing set: off", env: map[string]string{}},
		{name: "only a key: still off", env: map[string]string{EnvAPIKey: testKey}},
		{name: "local server, no key", env: map[string]string{EnvBaseURL: "http://127.0.0.1:11434/v1", EnvModel: "llama3.1:8b"}, on: true},
		{name: "key", env: map[string]string{EnvBaseURL: "https://api.example.test/v1/", EnvModel: "m", EnvAPIKey: testKey}, on: true, key: true},
		{name: "key file", env: map[string]string{EnvBaseURL: "http://localhost:8080/v1", EnvModel: "m", EnvAPIKeyFile: keyFile}, on: true, key: true},
		{name: "timeout", env: map[string]string{EnvBaseURL: "http://localhost:8000/v1", EnvModel: "m", EnvTimeout: "15s"}, on: true, timeout: 15 * time.Second},
		{name: "model without URL", env: map[string]string{EnvModel: "m"}, wantErr: "FRONTDOOR_LLM_MODEL is set but FRONTDOOR_LLM_BASE_URL is not"},
		{name: "URL without model", env: map[string]string{EnvBaseURL: "http://localhost:11434/v1"}, wantErr: "FRONTDOOR_LLM_BASE_URL is set but FRONTDOOR_LLM_MODEL is not"},
		{name: "not a URL", env: map[string]string{EnvBaseURL: "localhost:11434", EnvModel: "m"}, wantErr: "FRONTDOOR_LLM_BASE_URL: want an http or https URL"},
		{name: "key in URL", env: map[string]string{EnvBaseURL: "https://user:" + testKey + "@api.example.test/v1", EnvModel: "m"}, wantErr: "put the key in FRONTDOOR_LLM_API_KEY"},
		{name: "key and key file", env: map[string]string{EnvBaseURL: "http://x.test/v1", EnvModel: "m", EnvAPIKey: testKey, EnvAPIKeyFile: keyFile}, wantErr: "not both"},
		{name: "missing key file", env: map[string]string{EnvBaseURL: "http://x.test/v1", EnvModel: "m", EnvAPIKeyFile: filepath.Join(dir, "nope")}, wantErr: "cannot read the key file"},
		{name: "empty key file", env: map[string]string{EnvBaseURL: "http://x.test/v1", EnvModel: "m", EnvAPIKeyFile: empty}, wantErr: "is empty"},
		{name: "bad timeout", env: map[string]string{EnvBaseURL: "http://x.test/v1", EnvModel: "m", EnvTimeout: "soon"}, wantErr: `FRONTDOOR_LLM_TIMEOUT: want a duration such as 30s, not "soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, on, err := ConfigFromEnv(envOf(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), testKey) {
					t.Errorf("the error shows the key: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if on != tt.on || cfg.HasAPIKey() != tt.key {
				t.Errorf("on = %v, key = %v; want %v, %v", on, cfg.HasAPIKey(), tt.on, tt.key)
			}
			if tt.timeout != 0 && cfg.Timeout != tt.timeout {
				t.Errorf("timeout = %v", cfg.Timeout)
			}
			if on && strings.HasSuffix(cfg.BaseURL, "/") {
				t.Errorf("base URL keeps its trailing slash: %s", cfg.BaseURL)
			}
		})
	}
}

// Ensure the key is never printed, whatever verb formats the Config.
func TestConfigNeverPrintsKey(t *testing.T) {
	cfg := Config{BaseURL: "https://api.example.test/v1", Model: "m"}.WithAPIKey(testKey)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if s := fmt.Sprintf(verb, cfg); strings.Contains(s, testKey) {
			t.Errorf("%s prints the key: %s", verb, s)
		}
		if s := fmt.Sprintf(verb, &cfg); strings.Contains(s, testKey) {
			t.Errorf("%s of a pointer prints the key: %s", verb, s)
		}
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	holder := struct{ c *Client }{c}
	for _, v := range []any{c, holder, struct{ cfg Config }{cfg}} {
		if s := fmt.Sprintf("%+v", v); strings.Contains(s, testKey) {
			t.Errorf("%%+v of %T prints the key: %s", v, s)
		}
	}
	if got := cfg.String(); got != "model m at https://api.example.test/v1 (key set)" {
		t.Errorf("String() = %q", got)
	}
}
