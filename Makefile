# frontdoor: `make test` is what CI runs (.ci/run); `make run` checks the sample referrals.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all build test vet fmt-check unit fuzz-short bench eval run clean

all: build

# build: frontdoor and its document worker, frontdoor-sandbox, side by side
# (frontdoor starts the worker from its own directory when it is there).
# Static (no cgo) and without urfave/cli's man-page generator: both start
# faster, which every `frontdoor check` and every document worker pays.
# The frontdoor_no_self_worker tag leaves the document parsers out of
# frontdoor, which then never serves as its own worker (as it does under
# go run): their initialisation, most of a millisecond, no longer runs at
# its every start. Such a frontdoor needs frontdoor-sandbox beside it for
# PDF and DOCX files (cmd/frontdoor/worker_separate.go).
# The linker writes its output through a memory mapping, which leaves the
# new binary in the page cache as 4 KB pages; each later start then maps it
# a page at a time, 1-2 ms slower for frontdoor (measured on Linux 6.18,
# ext4) than the same file written with write(2), held in large folios, as
# a binary read back from disk is too. So the binaries are linked into
# bin/.link and copied into place (renamed, so a running copy is not
# disturbed). cmd/frontdoor/bench_test.go builds the same way.
BINARIES := frontdoor frontdoor-sandbox
build:
	CGO_ENABLED=0 $(GO) build -tags urfave_cli_no_docs,frontdoor_no_self_worker -ldflags "$(LDFLAGS)" -o bin/.link/ ./cmd/frontdoor ./cmd/frontdoor-sandbox
	@for b in $(BINARIES); do cp bin/.link/$$b bin/.$$b.new && mv -f bin/.$$b.new bin/$$b || exit 1; done; rm -rf bin/.link

# test: formatting, vet, every test with the race detector, and a short run
# of each fuzz target.
test: fmt-check vet unit fuzz-short

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	$(GO) vet -tags frontdoor_no_self_worker ./cmd/frontdoor

unit:
	$(GO) test -race -count=1 ./...

# fuzz-short: FUZZTIME per target (5s by default) under a 4 GB address-space
# cap, so a parser bug cannot take the machine down. A failure prints the
# run's output and any new failing input. One outcome is not a failure: Go's
# fuzzing engine sometimes reports "context deadline exceeded" when -fuzztime
# runs out while a worker is mid-input, with no failing input written.
# Longer runs:
#   make fuzz-short FUZZTIME=5m
FUZZTIME ?= 5s
FUZZ_TARGETS := ./guidance:FuzzDecodeIndex ./checker/intake:FuzzStructured ./checker/intake/text:FuzzRead ./checker/intake/docx:FuzzRead \
	./checker/intake/docx:FuzzDocumentXML ./checker/intake/mapping:FuzzMap ./checker/intake/pdf:FuzzExtract \
	./integrations/assist:FuzzRedact ./checker/intake/sandbox:FuzzDecodeWire
fuzz-short:
	@set -e; log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
		if ! ( ulimit -v 4000000; $(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 200x $$pkg ) >"$$log" 2>&1; then \
			new=""; for f in $$pkg/testdata/fuzz/$$fn/*; do [ -f "$$f" ] || continue; \
				git ls-files --error-unmatch "$$f" >/dev/null 2>&1 || new="$$new $$f"; done; \
			if [ -z "$$new" ] && grep -q '^    context deadline exceeded$$' "$$log"; then \
				echo "  (the fuzzing engine's own time limit ran out while a worker was busy: no failing input; not a failure)"; \
				continue; \
			fi; \
			echo "fuzzing $$pkg $$fn failed:"; cat "$$log"; \
			for f in $$new; do echo "new failing input $$f:"; cat "$$f"; done; \
			exit 1; \
		fi; \
	done

# bench: the figures the issues name (see README, "Performance").
bench:
	$(GO) test -run '^$$' -bench . -benchmem -cpu 1 ./checker/...
	$(GO) test -run '^$$' -bench 'BenchmarkRoute$$|BenchmarkLoadDefault' -benchmem -cpu 1 ./guidance/
	$(GO) test -run '^$$' -bench 'BenchmarkSandbox' -benchmem -cpu 1 ./cmd/frontdoor/
	$(GO) test -run '^$$' -bench 'BenchmarkWholeProcess' -benchtime 40x ./cmd/frontdoor/
	$(GO) test -run '^$$' -bench 'BenchmarkBatch' -benchtime 1x -timeout 60m ./cmd/frontdoor/
	FRONTDOOR_LOADTEST=1 $(GO) test -count=1 -run 'TestLoad|TestThreadMemory' -v ./integrations/server/ 

# eval: score the router on the labelled concerns in fixtures/scenarios
# (route accuracy, under- and over-triage, special-route recall).
eval:
	$(GO) run ./guidance/eval/cmd -v fixtures/scenarios

# run: check the built-in sample referrals (exit status 1 means findings, as designed).
run:
	$(GO) run ./cmd/frontdoor check fixtures/referrals/ || test $$? -eq 1

clean:
	rm -rf bin
