package server

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/frontdoorhq/frontdoor/integrations/teams"
)

// DefaultAddr is where `frontdoor serve` listens unless told otherwise:
// loopback only, so nothing is exposed by accident.
const DefaultAddr = "127.0.0.1:8080"

// Config is the server's configuration, from the environment (secrets are
// never taken from the command line). Each chat transport is on when its
// settings are present; with none, the JSON API still runs.
type Config struct {
	Addr               string // FRONTDOOR_ADDR (or --addr): host:port to listen on
	SlackSigningSecret string // SLACK_SIGNING_SECRET: the Events API, slash command and buttons over HTTP
	SlackBotToken      string // SLACK_BOT_TOKEN (xoxb-): posting answers, downloading files
	SlackAppToken      string // SLACK_APP_TOKEN (xapp-): Socket Mode, for councils with no public endpoint
	SlackAPIURL        string // SLACK_API_URL: another Slack Web API base (a proxy; tests)
	TeamsWebhookSecret string // TEAMS_WEBHOOK_SECRET: the outgoing webhook's security token (base64)
	RateLimit          int    // FRONTDOOR_RATE_LIMIT: chat messages per user per minute; 0 turns the limit off
	APIRateLimit       int    // FRONTDOOR_API_RATE_LIMIT: JSON API requests per client address per minute; 0 turns it off
	MaxUploadMB        int    // FRONTDOOR_MAX_UPLOAD_MB: the largest document checked (API uploads, Slack files); DefaultMaxUploadMB when 0
}

// Defaults for the limits.
const (
	DefaultRateLimit    = 30
	DefaultAPIRateLimit = 600
	DefaultMaxUploadMB  = 10
)

// ConfigFromEnv reads the configuration from the environment and checks
// it. Its errors name the setting, never a secret's value.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Addr:               strings.TrimSpace(getenv("FRONTDOOR_ADDR")),
		SlackSigningSecret: strings.TrimSpace(getenv("SLACK_SIGNING_SECRET")),
		SlackBotToken:      strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		SlackAppToken:      strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		SlackAPIURL:        strings.TrimSpace(getenv("SLACK_API_URL")),
		TeamsWebhookSecret: strings.TrimSpace(getenv("TEAMS_WEBHOOK_SECRET")),
	}
	var err error
	if c.RateLimit, err = intSetting(getenv, "FRONTDOOR_RATE_LIMIT", DefaultRateLimit); err != nil {
		return c, err
	}
	if c.APIRateLimit, err = intSetting(getenv, "FRONTDOOR_API_RATE_LIMIT", DefaultAPIRateLimit); err != nil {
		return c, err
	}
	if c.MaxUploadMB, err = intSetting(getenv, "FRONTDOOR_MAX_UPLOAD_MB", DefaultMaxUploadMB); err != nil {
		return c, err
	}
	if c.MaxUploadMB == 0 {
		return c, errors.New("FRONTDOOR_MAX_UPLOAD_MB: want at least 1")
	}
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	return c, c.Validate()
}

func intSetting(getenv func(string) string, name string, def int) (int, error) {
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s: want a whole number, 0 or more", name)
	}
	return n, nil
}

// SlackHTTP reports whether the Slack HTTP endpoints are on.
func (c Config) SlackHTTP() bool { return c.SlackSigningSecret != "" }

// SlackSocketMode reports whether Socket Mode is on.
func (c Config) SlackSocketMode() bool { return c.SlackAppToken != "" }

// Teams reports whether the Teams outgoing webhook is on.
func (c Config) Teams() bool { return c.TeamsWebhookSecret != "" }

// Validate checks the configuration, reporting every problem at once.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		bad("address %q: want host:port, such as %s", c.Addr, DefaultAddr)
	}
	switch {
	case c.SlackBotToken == "" && c.SlackHTTP():
		bad("SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not: the bot needs its token to answer")
	case c.SlackBotToken == "" && c.SlackSocketMode():
		bad("SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: the bot needs its token to answer")
	case c.SlackBotToken != "" && !c.SlackHTTP() && !c.SlackSocketMode():
		bad("SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (the Events API over HTTP) nor SLACK_APP_TOKEN (Socket Mode) is")
	}
	if c.SlackBotToken != "" && !strings.HasPrefix(c.SlackBotToken, "xoxb-") {
		bad("SLACK_BOT_TOKEN: want the bot token, which starts xoxb-")
	}
	if c.SlackAppToken != "" && !strings.HasPrefix(c.SlackAppToken, "xapp-") {
		bad("SLACK_APP_TOKEN: want the app-level token, which starts xapp- (with the connections:write scope)")
	}
	if c.SlackAPIURL != "" {
		if u, err := url.Parse(c.SlackAPIURL); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			bad("SLACK_API_URL: want an http(s) URL such as https://slack.com/api/")
		}
	}
	if c.Teams() {
		if _, err := teams.DecodeSecret(c.TeamsWebhookSecret); err != nil {
			bad("TEAMS_WEBHOOK_SECRET: want the base64 security token Teams shows when the outgoing webhook is created")
		}
	}
	return errors.Join(errs...)
}
