# dost — the two commands a newcomer needs are `make run` and `make test`.
.PHONY: run test unit e2e build generate messages check-generated bench-demo bench-search fuzz

# The demo: made-up data, the demo logins printed at start. A real installation starts without
# --demo and with its settings (README: Running in production).
run:
	@echo "make run builds bin/dost (the first build compiles for a few minutes), then starts the DEMO (dost serve --demo): made-up data and published demo passwords, never real persons."
	go build -o bin/dost ./cmd/dost
	./bin/dost serve --demo

build:
	go build -o bin/dost ./cmd/dost

# The whole suite: vet, generated code up to date, Go tests (store tests on SQLite and on a
# throwaway PostgreSQL cluster), then browser tests in headless Chromium on both engines.
test: check-generated
	go vet ./...
	./scripts/with-postgres $(MAKE) --no-print-directory unit e2e

unit:
	go test -count=1 ./...

e2e: build
	cd e2e && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm test
	@if [ -n "$$DOST_TEST_POSTGRES" ]; then \
		db=e2e_$$$$; psql "$$DOST_TEST_POSTGRES" -qc "CREATE DATABASE $$db" && \
		url=$$(echo "$$DOST_TEST_POSTGRES" | sed "s#/postgres?#/$$db?#") && \
		cd e2e && DOST_E2E_DB="$$url" npm test; \
	fi

generate:
	go tool templ generate -path internal

# Checks the interface messages (each domain's messages/<language>.toml): every key in every
# language, every plural form each language needs, every catalogue registered. Nothing to
# generate: the binary embeds the catalogues as they are.
messages:
	go test -count=1 ./internal/platform/i18n/ ./internal/app/ -run 'TestEveryLanguageHasEveryKey|TestEveryPluralHasEveryForm|TestEveryCatalogueIsRegistered|TestTranslate'

# Fails when a .templ was edited without regenerating.
check-generated:
	@before=$$(cat $$(git ls-files -co --exclude-standard '*_templ.go') | sha256sum); \
	go tool templ generate -path internal >/dev/null 2>&1; \
	after=$$(cat $$(git ls-files -co --exclude-standard '*_templ.go') | sha256sum); \
	[ "$$before" = "$$after" ] || { echo "generated files were stale: regenerated them; commit the result"; exit 1; }
# Longer fuzzing of every parser of outside input (the seed corpora run in every `make test`).
fuzz:
	go test ./internal/registry -run XXX -fuzz FuzzNameKey -fuzztime 30s
	go test ./internal/registry -run XXX -fuzz FuzzNormalizeFIN -fuzztime 30s
	go test ./internal/registry -run XXX -fuzz FuzzNormalizeIBAN -fuzztime 30s
	go test ./internal/registry -run XXX -fuzz FuzzNormalizePhone -fuzztime 30s
	go test ./internal/platform/money -run XXX -fuzz FuzzParse -fuzztime 30s
	go test ./internal/platform/clock -run XXX -fuzz FuzzParseMonth -fuzztime 30s
	go test ./internal/platform/clock -run XXX -fuzz FuzzParseDate -fuzztime 30s
	go test ./internal/platform/export -run XXX -fuzz FuzzXLSXText -fuzztime 30s
	go test ./internal/payments -run XXX -fuzz FuzzParseStatement -fuzztime 60s
	go test ./internal/payments -run XXX -fuzz FuzzParseEndToEnd -fuzztime 30s
	go test ./internal/platform/workdays -run XXX -fuzz FuzzParse -fuzztime 30s
	go test ./internal/servicedesk -run XXX -fuzz FuzzNormalizeCode -fuzztime 30s
