package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

// TestRulesDryRun runs a dry run from the command line on both engines, as an analyst; a
// finance officer is refused, and so is a version that does not exist.
func TestRulesDryRun(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			url := demoDB(t, engine, "dost")
			cli := func(args ...string) (string, error) {
				var out bytes.Buffer
				err := run(context.Background(), append(args, "--db", url), &out)
				return out.String(), err
			}
			if out, err := cli("demo", "--life=false", "--persons", "3000"); err != nil { // enough households for 3% eligible to be shown (≥ 10)
				t.Fatalf("demo: %v\n%s", err, out)
			}
			out, err := cli("rules", "dry-run", "--program", "TSSA", "--version", "1", "--date", "2026-11-01", "--lang", "en", "--as", "analyst")
			cases := regexp.MustCompile(`dry run on 2026-11-01 over (\d+) cases`).FindStringSubmatch(out)
			if err != nil || cases == nil || cases[1] == "0" || !regexp.MustCompile(`TSSA v1\s+\d+\s+[0-9.]+\s+< 10\n`).MatchString(out) ||
				!strings.Contains(out, "so the family is eligible for") || !regexp.MustCompile(`dry run \d+, on record`).MatchString(out) {
				t.Fatalf("dry run: %v\n%s", err, out)
			}
			if _, err := cli("rules", "dry-run", "--program", "TSSA", "--version", "1", "--as", "finance"); err == nil || !strings.Contains(err.Error(), "program.manage") {
				t.Fatalf("a finance officer's dry run: %v", err)
			}
			if _, err := cli("rules", "dry-run", "--program", "TSSA", "--version", "9", "--as", "analyst"); err == nil {
				t.Fatal("a dry run of a missing version was accepted")
			}
		})
	}
}
