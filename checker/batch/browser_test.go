package batch_test

import (
	"bytes"
	"context"
	"encoding/json"

	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/frontdoorhq/frontdoor/checker/batch"
)

// chromiumPath is Debian's chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// needChromium returns chromium's path, or skips the test when it is not
// installed, unless CI is set: CI must run the browser check.
func needChromium(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("the HTML report's browser check needs chromium at %s (apt-get install chromium; .ci/run installs it); skipped because CI is not set", chromiumPath)
		}
		t.Fatalf("CI is set but chromium is not installed at %s: .ci/run should have installed it", chromiumPath)
	}
	return chromiumPath
}

// runChromium loads a file in headless chromium with a fresh profile and
// the network log on, with extra arguments such as --dump-dom or
// --screenshot. It returns stdout and the network log.
func runChromium(t *testing.T, bin, page string, args ...string) (stdout []byte, netlog []byte) {
	t.Helper()
	dir := t.TempDir()
	netPath := filepath.Join(dir, "net.json")
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + filepath.Join(dir, "profile"), "--log-net-log=" + netPath, "--hide-scrollbars"}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(append(base, args...), "file://"+page)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errOut.String())
	}
	netlog, err := os.ReadFile(netPath)
	if err != nil {
		t.Fatalf("chromium wrote no network log: %v", err)
	}
	return out.Bytes(), netlog
}

// pageRequests lists the URLs the page itself asked for, from chromium's
// network log: requests made on behalf of a file:// page, as opposed to the
// browser's own background requests (which have no origin).
func pageRequests(t *testing.T, netlog []byte) []string {
	t.Helper()
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int            `json:"type"`
			Params map[string]any `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(netlog, &log); err != nil {
		// A log cut short by the browser's exit lacks its closing brackets.
		fixed := append(bytes.TrimRight(netlog, " \n\r\t,"), []byte("]}")...)
		if err2 := json.Unmarshal(fixed, &log); err2 != nil {
			t.Fatalf("chromium's network log: %v", err)
		}
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatal("chromium's network log has no URL_REQUEST_START_JOB event type")
	}
	var urls []string
	for _, e := range log.Events {
		if e.Type != start {
			continue
		}
		initiator, _ := e.Params["initiator"].(string)
		nik, _ := e.Params["network_isolation_key"].(string)
		url, _ := e.Params["url"].(string)
		if url == "" { // the end of a job: its start names the request
			continue
		}
		if initiator != "not an origin" || strings.Contains(nik, "file://") {
			urls = append(urls, url)
		}
	}
	return urls
}

// Ensure the HTML report renders in a real browser (Debian's chromium): the
// browser parses every chart as SVG, draws the bars in their colours, and
// the page asks the network for nothing.
func TestHTMLInBrowser(t *testing.T) {
	bin := needChromium(t)
	dir := t.TempDir()

	// The check is only worth something if it can see a request: a control
	// page that asks for an image on a closed local port must be caught.
	probe := filepath.Join(dir, "probe.html")
	if err := os.WriteFile(probe, []byte(`<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/probe.png"></body></html>`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, netlog := runChromium(t, bin, probe, "--dump-dom")
	if got := pageRequests(t, netlog); len(got) == 0 || !strings.Contains(strings.Join(got, " "), "127.0.0.1:9/probe.png") {
		t.Fatalf("the network-log check missed the control page's request (saw %q)", got)
	}

	var html bytes.Buffer
	if err := batch.WriteHTML(&html, sample(t), batch.HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, html.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	dom, netlog := runChromium(t, bin, page, "--dump-dom")
	if reqs := pageRequests(t, netlog); len(reqs) > 0 {
		t.Errorf("the report made network requests: %q", reqs)
	}
	charts := regexp.MustCompile(`<svg class="chart" data-chart="([a-z-]+)"[^>]*>([\s\S]*?)</svg>`).FindAllSubmatch(dom, -1)
	drawn := map[string]int{}
	for _, m := range charts {
		drawn[string(m[1])] = bytes.Count(m[2], []byte("<rect"))
	}
	for _, chart := range []string{"missing-fields", "consent", "route-mismatch", "routes", "suggested-routes", "organisations", "scores"} {
		if drawn[chart] < 2 {
			t.Errorf("chart %s: %d shapes in the browser's DOM", chart, drawn[chart])
		}
	}
	if !bytes.Contains(dom, []byte("Key information most often missing")) {
		t.Error("the DOM lacks the report's headings")
	}

	shot := filepath.Join(dir, "report.png")
	if _, netlog = runChromium(t, bin, page, "--screenshot="+shot, "--window-size=1100,7000"); len(pageRequests(t, netlog)) > 0 {
		t.Errorf("the report made network requests while drawing: %q", pageRequests(t, netlog))
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	// The CSS colours of the bars: blue (most charts), amber (consent, by
	// organisation), purple (aimed above, by organisation) and the matrix's
	// green outline.
	colours := map[string][3]uint8{"blue bars": {0x25, 0x63, 0xeb}, "amber bars": {0xd9, 0x77, 0x06}, "purple bars": {0x7c, 0x3a, 0xed}, "green": {0x1a, 0x7f, 0x37}}
	counts := countColours(img, colours)
	for name, n := range counts {
		if n < 200 {
			t.Errorf("the screenshot has %d %s pixels: the charts were not drawn", n, name)
		}
	}
	t.Logf("chart pixels: %v; DOM shapes per chart: %v", counts, drawn)
}

// countColours counts the pixels near each colour.
func countColours(img image.Image, colours map[string][3]uint8) map[string]int {
	counts := map[string]int{}
	near := func(a uint32, b uint8) bool {
		d := int(a>>8) - int(b)
		return d > -10 && d < 10
	}
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			for name, c := range colours {
				if near(r, c[0]) && near(g, c[1]) && near(b, c[2]) {
					counts[name]++
				}
			}
		}
	}
	for name := range colours {
		counts[name] += 0
	}
	return counts
}
