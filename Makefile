# frontdoor: `make test` is what CI runs (.ci/run); `make run` checks the sample referrals.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: all build test vet fmt-check unit fuzz-short bench run clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/frontdoor ./cmd/frontdoor

# test: formatting, vet, and every test with the race detector.
test: fmt-check vet unit

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race -count=1 ./...

# bench: the figures the issues name (see README, "Performance").
bench:
	$(GO) test -run '^$$' -bench . -benchmem -cpu 1 ./checker/...
	$(GO) test -run '^$$' -bench 'BenchmarkWholeProcess' -benchtime 40x ./cmd/frontdoor/

# run: check the built-in sample referrals (exit status 1 means findings, as designed).
run:
	$(GO) run ./cmd/frontdoor check fixtures/referrals/ || test $$? -eq 1

clean:
	rm -rf bin
