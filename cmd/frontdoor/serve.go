package main

import (
	"log/slog"

	"github.com/urfave/cli/v2"

	"github.com/frontdoorhq/frontdoor/integrations/server"
)

func serveCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "run the HTTP server: the JSON API, and the Slack and Teams bots when configured",
		Description: `Serves the JSON API (POST /v1/route, POST /v1/check, /healthz, /readyz) and,
when their settings are present in the environment, the chat bots. Secrets are
read only from the environment, never from the command line.

Settings (environment):
   FRONTDOOR_ADDR            host:port to listen on (default 127.0.0.1:8080; --addr overrides)
   SLACK_SIGNING_SECRET      Slack over HTTP: /slack/events, /slack/commands, /slack/interactive
   SLACK_BOT_TOKEN           the bot token (xoxb-), needed by either Slack transport
   SLACK_APP_TOKEN           Slack Socket Mode (xapp-): no public endpoint needed
   SLACK_API_URL             another Slack Web API base (a proxy)
   TEAMS_WEBHOOK_SECRET      the Teams outgoing webhook's security token: /teams/webhook
   FRONTDOOR_RATE_LIMIT      chat messages per user per minute (default 30; 0 turns it off)
   FRONTDOOR_API_RATE_LIMIT  JSON API requests per client address per minute (default 600; 0 off)
   FRONTDOOR_MAX_UPLOAD_MB   the largest document checked (default 10)

Logs are JSON lines on stderr with request ids, user ids, routes, rule ids and
timings, never message or file content. SIGINT or SIGTERM shuts down gracefully.

Examples:
   frontdoor serve
   curl -s localhost:8080/v1/route -d '{"text": "Year 4 boy says dad hit him with a belt"}'
   curl -s localhost:8080/v1/check -F file=@draft.docx`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Usage: "host:port to listen on (default: $FRONTDOOR_ADDR, else " + server.DefaultAddr + ")"},
			guidanceFlag,
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("serve: takes no arguments (settings come from the environment)")
			}
			getenv := e.getenv
			if c.IsSet("addr") {
				addr := c.String("addr")
				getenv = func(k string) string {
					if k == "FRONTDOOR_ADDR" {
						return addr
					}
					return e.getenv(k)
				}
			}
			cfg, err := server.ConfigFromEnv(getenv)
			if err != nil {
				return usagef("serve: %v", err)
			}
			p, err := loadPack(c, e)
			if err != nil {
				return err
			}
			rd, err := newReader(e)
			if err != nil {
				return err
			}
			defer rd.Close()
			log := slog.New(slog.NewJSONHandler(e.stderr, nil))
			ans, err := chatAnswerer(e, p)
			if err != nil {
				return err
			}
			srv, err := server.New(cfg, server.Deps{Pack: p, Reader: rd, Log: log, Answerer: ans})
			if err != nil {
				return usagef("serve: %v", err)
			}
			if err := srv.Run(c.Context); err != nil {
				return usagef("serve: %v", err)
			}
			return nil
		},
	}
}
