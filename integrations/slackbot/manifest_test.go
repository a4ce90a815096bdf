package slackbot_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/frontdoorhq/frontdoor/integrations/slackbot"
)

// Ensure the manifest asks for exactly the scopes and events the bot
// uses, and that the README carries it verbatim.
func TestManifest(t *testing.T) {
	var m struct {
		Features struct {
			AppHome struct {
				MessagesTab bool `yaml:"messages_tab_enabled"`
			} `yaml:"app_home"`
			SlashCommands []struct {
				Command string `yaml:"command"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				Bot []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				Enabled bool `yaml:"is_enabled"`
			} `yaml:"interactivity"`
			SocketMode bool `yaml:"socket_mode_enabled"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(slackbot.Manifest, &m); err != nil {
		t.Fatal(err)
	}
	scopes := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot))
	if want := []string{"app_mentions:read", "chat:write", "commands", "files:read", "im:history"}; !slices.Equal(scopes, want) {
		t.Errorf("scopes %v, want %v", scopes, want)
	}
	events := slices.Sorted(slices.Values(m.Settings.Events.Bot))
	if want := []string{"app_mention", "file_shared", "message.im"}; !slices.Equal(events, want) {
		t.Errorf("events %v, want %v", events, want)
	}
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/frontdoor" ||
		!m.Settings.Interactivity.Enabled || !m.Settings.SocketMode || !m.Features.AppHome.MessagesTab {
		t.Errorf("manifest %+v", m)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// The README shows it inside a numbered step, indented by three spaces.
	indented := "   ```yaml\n   " + strings.ReplaceAll(strings.TrimSuffix(string(slackbot.Manifest), "\n"), "\n", "\n   ") + "\n   ```"
	if !strings.Contains(string(readme), indented) {
		t.Error("the README's Slack manifest differs from integrations/slackbot/manifest.yaml")
	}
}
