package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestCommandErrorsAreWords refuses a new account's bad phone number and requires the error the
// operator reads to say why in the chosen language, not the message key a page translates
// ("invalid.phone").
func TestCommandErrorsAreWords(t *testing.T) {
	url := demoDB(t, "sqlite", "words")
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"demo", "--db", url, "--persons", "50"}, &out); err != nil {
		t.Fatal(err)
	}
	err := run(ctx, []string{"user", "add", "--db", url, "--login", "nigar", "--name", "Nigar Əliyeva", "--role", "back_office", "--institution", "SSPF", "--phone", "12"}, &out)
	if err == nil {
		t.Fatal("a phone number of two digits was accepted")
	}
	for _, lang := range []string{"en", "az", "ru"} {
		said := explain(err, lang)
		if strings.Contains(said, "invalid.") || !strings.Contains(said, "phone") {
			t.Errorf("%s: the operator reads %q", lang, said)
		}
	}
	if explain(err, "en") == explain(err, "az") {
		t.Errorf("the message is not in the chosen language: %q", explain(err, "az"))
	}
}

// TestRoutesListsThePagesAndWhoMayOpenThem reads `dost routes --json` as the browser test of
// every form does — with no database and outside demo mode (walk finding 20: it once needed
// both), from a directory where none is, creating none.
func TestRoutesListsThePagesAndWhoMayOpenThem(t *testing.T) {
	t.Setenv("DOST_DEMO", "")
	t.Setenv("DOST_DB", "")
	t.Chdir(t.TempDir())
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"routes", "--json"}, &out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("dost-data"); err == nil {
		t.Error("routes created a database")
	}
	var rs []route
	if err := json.Unmarshal(out.Bytes(), &rs); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rs {
		if r.Method == "GET" && r.Path == "/persons" {
			found = r.Permission == "person.read" && strings.Contains(strings.Join(r.Roles, " "), "back_office") && !strings.Contains(strings.Join(r.Roles, " "), "analyst")
		}
	}
	if len(rs) < 50 || !found {
		t.Fatalf("routes: %d, GET /persons as expected: %v", len(rs), found)
	}
}
