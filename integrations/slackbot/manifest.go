package slackbot

import _ "embed"

// Manifest is the Slack app manifest to paste into api.slack.com/apps
// ("Create New App", "From an app manifest"): the bot with the fewest scopes
// it needs, Socket Mode on. The README carries the same text.
//
//go:embed manifest.yaml
var Manifest []byte
