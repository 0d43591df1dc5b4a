package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestInitAndUserCommands starts a real installation on each engine with dost init (the
// institutions from a CSV file, two administrators whose codes are printed once), refuses a
// second init, lets an administrator activate with the printed code, and manages an account
// from the command line: add (the code goes to the outbox, not the console), disable, enable,
// reset.
func TestInitAndUserCommands(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			url := demoDB(t, engine, "init")
			ctx := context.Background()
			csv := filepath.Join(t.TempDir(), "institutions.csv")
			os.WriteFile(csv, []byte("code,parent_code,name_az,name_en,name_ru\n"+
				"MIN,,Nazirlik,Ministry,Министерство\nFUND,MIN,Fond,Fund,Фонд\n"), 0o600)
			args := []string{"init", "--db", url, "--institutions", csv,
				"--admin", "leyla;Leyla Həsənova;+994501234567", "--admin", "orxan;Orxan Quliyev;orxan@example.az"}
			var out bytes.Buffer
			if err := run(ctx, args, &out); err != nil {
				t.Fatalf("init: %v\n%s", err, out.String())
			}
			m := regexp.MustCompile(`(?m)^\s+leyla\s+([A-Z0-9]{12})$`).FindStringSubmatch(out.String())
			if m == nil || !strings.Contains(out.String(), "orxan") {
				t.Fatalf("init printed no codes:\n%s", out.String())
			}
			if err := run(ctx, args, &out); err == nil || !strings.Contains(err.Error(), "already has staff accounts") {
				t.Fatalf("a second init: %v", err)
			}
			a, err := open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Identity.Activate(ctx, "leyla", m[1], "the first admin's own", "the first admin's own"); err != nil {
				t.Fatalf("activate with the printed code: %v", err)
			}
			p, err := a.Identity.Authenticate(ctx, "leyla", "the first admin's own", "127.0.0.1")
			if err != nil || !p.CanIn("user.manage", p.Grants[0].InstitutionID) || len(p.Scope("user.manage")) != 2 {
				t.Fatalf("the first admin: %v %+v", err, p)
			}
			var queued int
			a.DB.QueryRow(`SELECT COUNT(*) FROM notifications`).Scan(&queued)
			a.Close()
			if queued != 0 {
				t.Fatalf("init queued %d messages", queued)
			}

			out.Reset()
			if err := run(ctx, []string{"user", "add", "--db", url, "--login", "nigar", "--name", "Nigar", "--role", "back_office", "--institution", "FUND", "--phone", "+994 50 765 43 21"}, &out); err != nil {
				t.Fatal(err)
			}
			if codeLike(out.String()) {
				t.Fatalf("user add printed a code: %s", out.String())
			}
			for _, c := range [][]string{{"user", "disable", "nigar", "--db", url}, {"user", "enable", "--db", url, "nigar"}, {"user", "reset", "nigar", "--db", url}} {
				out.Reset()
				if err := run(ctx, c, &out); err != nil || codeLike(out.String()) {
					t.Fatalf("%v: %v %s", c, err, out.String())
				}
			}
			if err := run(ctx, []string{"user", "disable", "--db", url, "nobody"}, &out); err == nil {
				t.Fatal("disabled an account that does not exist")
			}
			out.Reset()
			run(ctx, []string{"user", "list", "--db", url}, &out)
			if !strings.Contains(out.String(), "nigar") || !strings.Contains(out.String(), "password not set") {
				t.Fatalf("user list: %s", out.String())
			}
			a, err = open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			a.DB.QueryRow(`SELECT COUNT(*) FROM notifications WHERE address = '+994507654321'`).Scan(&queued)
			var audited int
			a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity_id = 'nigar' AND entity = 'user'`).Scan(&audited)
			if queued != 2 || audited < 4 {
				t.Fatalf("%d codes queued (want add and reset), %d audit rows", queued, audited)
			}
		})
	}
}

// codeLike reports whether s holds something shaped like an activation code.
func codeLike(s string) bool { return regexp.MustCompile(`\b[A-HJ-NP-Z2-9]{12}\b`).MatchString(s) }

func TestInitHelpSaysCodesArePrinted(t *testing.T) {
	var out bytes.Buffer
	run(context.Background(), []string{"init", "--help"}, &out)
	if !strings.Contains(out.String(), "PRINTED ONCE") || !strings.Contains(out.String(), "outbox") {
		t.Fatalf("init --help: %s", out.String())
	}
	out.Reset()
	run(context.Background(), []string{"user", "reset", "--help"}, &out)
	if !strings.Contains(out.String(), "Usage") {
		t.Fatalf("user reset --help: %s", out.String())
	}
}

// TestInitInstitutionsFromJSON reads the institutions file in JSON, parents before children,
// and refuses a file whose first institution has a parent or lacks a name.
func TestInitInstitutionsFromJSON(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`[{"code":"MIN","name_az":"Nazirlik","name_en":"Ministry","name_ru":"Министерство"},
		{"code":"FUND","parent_code":"MIN","name_az":"Fond","name_en":"Fund","name_ru":"Фонд"}]`), 0o600)
	insts, parents, err := readInstitutions(good, "", "", "", "")
	if err != nil || len(insts) != 2 || parents[1] != "MIN" || insts[1].Name["ru"] != "Фонд" {
		t.Fatalf("%v %v %v", insts, parents, err)
	}
	named := filepath.Join(dir, "named.json")
	os.WriteFile(named, []byte(`[{"code":"MIN","name":{"az":"Nazirlik","en":"Ministry","ru":"Министерство"}}]`), 0o600)
	if insts, _, err := readInstitutions(named, "", "", "", ""); err != nil || insts[0].Name.In("en") != "Ministry" {
		t.Fatalf("the name as one object: %v %v", insts, err)
	}
	os.WriteFile(named, []byte(`[{"code":"MIN","name":{"az":"Nazirlik","en":"Ministry"}}]`), 0o600)
	if _, _, err := readInstitutions(named, "", "", "", ""); err == nil {
		t.Fatal("an institution without its Russian name was accepted")
	}
	reordered := filepath.Join(dir, "reordered.csv")
	os.WriteFile(reordered, []byte("code,name_ru,name_az,parent_code,name_en\nMIN,Министерство,Nazirlik,,Ministry\n"), 0o600)
	if insts, _, err := readInstitutions(reordered, "", "", "", ""); err != nil || insts[0].Name.In("ru") != "Министерство" || insts[0].Name.In("az") != "Nazirlik" {
		t.Fatalf("CSV columns by their header: %v %v", insts, err)
	}
	short := filepath.Join(dir, "short.csv")
	os.WriteFile(short, []byte("code,parent_code,name_az,name_en,name_ru,short_name_az,short_name_ru\nSSPF,,Dövlət Sosial Müdafiə Fondu,State Social Protection Fund,Государственный фонд социальной защиты,DSMF,ГФСЗ\n"), 0o600)
	if insts, _, err := readInstitutions(short, "", "", "", ""); err != nil || insts[0].Short("az") != "DSMF" || insts[0].Short("ru") != "ГФСЗ" || insts[0].Short("en") != "State Social Protection Fund" {
		t.Fatalf("short names from CSV: %v %v", insts, err)
	}
	os.WriteFile(named, []byte(`[{"code":"MIN","name":{"az":"Nazirlik","en":"Ministry","ru":"Министерство"},"short_name":{"az":"ƏƏSMN"}}]`), 0o600)
	if insts, _, err := readInstitutions(named, "", "", "", ""); err != nil || insts[0].Short("az") != "ƏƏSMN" {
		t.Fatalf("a short name from JSON: %v %v", insts, err)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`[{"code":"FUND","parent_code":"MIN","name_az":"Fond","name_en":"Fund","name_ru":"Фонд"}]`), 0o600)
	if _, _, err := readInstitutions(bad, "", "", "", ""); err == nil {
		t.Fatal("a top institution with a parent was accepted")
	}
	if _, _, err := readInstitutions("", "MIN", "Nazirlik", "", "Министерство"); err == nil {
		t.Fatal("an institution without its English name was accepted")
	}
}
