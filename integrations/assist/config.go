// Package assist is frontdoor's optional model assistance through any
// OpenAI-compatible chat completions server (OpenAI, Azure, or a local
// Ollama, llama.cpp or vLLM server), private by construction.
//
// It is off by default: without FRONTDOOR_LLM_BASE_URL and
// FRONTDOOR_LLM_MODEL there is no client and no network call, ever. When it
// is configured, it can
//
//   - extract the referral model's fields from an unstructured narrative
//     (Extract), each value marked as extracted and grounded in the text;
//   - give a second opinion on the rules' route (SecondOpinion), which never
//     changes the rules' level, route or duties: the rules' level is a
//     floor, and every difference is shown to the person;
//   - answer free-form questions about the guidance pack, grounded in the
//     pack's own levels, routes and indicators, citing their ids (Guide).
//
// Before anything leaves the machine, personal data is replaced by
// placeholders ([CHILD_NAME], [PERSON_1], [POSTCODE_1] ...; see Redactor),
// and the transport refuses to send a request in which any original value
// survives. Placeholders are restored only in what the person sees. Text
// inside a referral is data, never instructions. On any failure (server
// down, timeout, refusal, malformed reply, schema mismatch) the rules'
// answer stands and a note says why the model's was not used.
package assist

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"
)

// The environment variables that configure model assistance. Nothing else
// configures it: there are no flags for the server or the key, so that a key
// never appears in a process list or a shell history.
const (
	EnvBaseURL    = "FRONTDOOR_LLM_BASE_URL"     // e.g. http://127.0.0.1:11434/v1 (Ollama)
	EnvModel      = "FRONTDOOR_LLM_MODEL"        // e.g. llama3.1:8b
	EnvAPIKey     = "FRONTDOOR_LLM_API_KEY"      // optional: local servers need none
	EnvAPIKeyFile = "FRONTDOOR_LLM_API_KEY_FILE" // or the key in a file (a mounted secret)
	EnvTimeout    = "FRONTDOOR_LLM_TIMEOUT"      // optional: time allowed per request, retries included (default 60s)
)

// Defaults for the reliability settings.
const (
	DefaultTimeout      = 60 * time.Second       // per call, retries included: local models on a CPU are slow
	DefaultMaxRetries   = 2                      // after the first attempt, on 429 and 5xx only
	DefaultRetryBackoff = 500 * time.Millisecond // first wait; doubled each retry
	DefaultMaxRetryWait = 10 * time.Second       // cap on any one wait, Retry-After included
)

// Config configures the client. The API key is unexported and never
// printed: String and GoString leave it out, so a Config can be logged.
type Config struct {
	BaseURL      string        // the server's OpenAI-compatible base URL, ending in /v1 for most servers
	Model        string        // the model name the server knows
	Timeout      time.Duration // per call, retries included; DefaultTimeout when 0
	MaxRetries   int           // retries after the first attempt on 429 and 5xx; DefaultMaxRetries when 0, none when negative
	RetryBackoff time.Duration // first backoff; DefaultRetryBackoff when 0
	MaxRetryWait time.Duration // cap on one wait, Retry-After included; DefaultMaxRetryWait when 0

	// apiKey is behind a pointer so that even formatting that reaches
	// unexported fields (%+v of a struct holding a Config) prints an
	// address, never the key.
	apiKey *string
}

// WithAPIKey returns a copy of c that sends key as a bearer token.
func (c Config) WithAPIKey(key string) Config {
	k := strings.TrimSpace(key)
	c.apiKey = &k
	return c
}

// HasAPIKey reports whether a key is set (never what it is).
func (c Config) HasAPIKey() bool { return c.key() != "" }

func (c Config) key() string {
	if c.apiKey == nil {
		return ""
	}
	return *c.apiKey
}

// String describes the configuration without the key.
func (c Config) String() string {
	key := "none"
	if c.HasAPIKey() {
		key = "set"
	}
	return fmt.Sprintf("model %s at %s (key %s)", c.Model, c.BaseURL, key)
}

// GoString is String, so that %#v cannot print the key either.
func (c Config) GoString() string { return "assist.Config{" + c.String() + "}" }

// ConfigFromEnv reads the configuration from the environment through getenv
// (os.Getenv in the program; a map in tests). It reports on=false, with no
// error, when neither FRONTDOOR_LLM_BASE_URL nor FRONTDOOR_LLM_MODEL is set:
// model assistance is then off. A partial or invalid configuration is an
// error whose message names the variable, never the key.
func ConfigFromEnv(getenv func(string) string) (cfg Config, on bool, err error) {
	base := strings.TrimSpace(getenv(EnvBaseURL))
	model := strings.TrimSpace(getenv(EnvModel))
	if base == "" && model == "" {
		return Config{}, false, nil
	}
	if base == "" {
		return Config{}, false, fmt.Errorf("%s is set but %s is not: set both, or neither to turn model assistance off", EnvModel, EnvBaseURL)
	}
	if model == "" {
		return Config{}, false, fmt.Errorf("%s is set but %s is not: set both, or neither to turn model assistance off", EnvBaseURL, EnvModel)
	}
	u, perr := url.Parse(base)
	if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Config{}, false, fmt.Errorf("%s: want an http or https URL such as http://127.0.0.1:11434/v1", EnvBaseURL)
	}
	if u.User != nil {
		return Config{}, false, fmt.Errorf("%s: put the key in %s or %s, not in the URL", EnvBaseURL, EnvAPIKey, EnvAPIKeyFile)
	}
	cfg = Config{BaseURL: strings.TrimRight(base, "/"), Model: model}
	key, keyFile := getenv(EnvAPIKey), strings.TrimSpace(getenv(EnvAPIKeyFile))
	switch {
	case key != "" && keyFile != "":
		return Config{}, false, fmt.Errorf("set %s or %s, not both", EnvAPIKey, EnvAPIKeyFile)
	case keyFile != "":
		b, rerr := os.ReadFile(keyFile)
		if rerr != nil {
			return Config{}, false, fmt.Errorf("%s: cannot read the key file %s", EnvAPIKeyFile, keyFile)
		}
		if strings.TrimSpace(string(b)) == "" {
			return Config{}, false, fmt.Errorf("%s: the key file %s is empty", EnvAPIKeyFile, keyFile)
		}
		cfg = cfg.WithAPIKey(string(b))
	case key != "":
		cfg = cfg.WithAPIKey(key)
	}
	if t := strings.TrimSpace(getenv(EnvTimeout)); t != "" {
		d, derr := time.ParseDuration(t)
		if derr != nil || d <= 0 {
			return Config{}, false, fmt.Errorf("%s: want a duration such as 30s, not %q", EnvTimeout, t)
		}
		cfg.Timeout = d
	}
	return cfg, true, nil
}

func (c Config) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func (c Config) maxRetries() int {
	switch {
	case c.MaxRetries < 0:
		return 0
	case c.MaxRetries == 0:
		return DefaultMaxRetries
	}
	return c.MaxRetries
}

func (c Config) retryBackoff() time.Duration {
	if c.RetryBackoff > 0 {
		return c.RetryBackoff
	}
	return DefaultRetryBackoff
}

func (c Config) maxRetryWait() time.Duration {
	if c.MaxRetryWait > 0 {
		return c.MaxRetryWait
	}
	return DefaultMaxRetryWait
}
