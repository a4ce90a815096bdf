package server_test

import (
	"strings"
	"testing"

	"github.com/frontdoorhq/frontdoor/integrations/server"
)

// A bad setting is named in the error, and its value never shown (it may be
// a secret pasted into the wrong variable).
func TestConfigErrorsNameNotValue(t *testing.T) {
	for _, name := range []string{"FRONTDOOR_RATE_LIMIT", "FRONTDOOR_API_RATE_LIMIT"} {
		env := map[string]string{name: "xoxb-not-a-number-s3cret"}
		_, err := server.ConfigFromEnv(func(k string) string { return env[k] })
		if err == nil {
			t.Fatalf("%s: a bad value was accepted", name)
		}
		if !strings.Contains(err.Error(), name) || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: error %q should name the setting and not show its value", name, err)
		}
	}
}
