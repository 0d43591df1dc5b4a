package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

const initSummary = `Start a real installation (no demo data): create the institutions and the first two
administrators, each an administrator of the top institution at once (these first grants need
no second approval). Refused on a database that already has staff accounts.

Institutions come from --institutions FILE, CSV with the header
  code,parent_code,name_az,name_en,name_ru
(a name_LANG column for each language of the interface, in any order; optional
short_name_LANG columns give the short name a person reads, e.g. DSMF, ГФСЗ) or JSON, a list of
  {"code", "parent_code", "name": {"az", "en", "ru"}, "short_name": {"az", "en", "ru"}}
(the older {"name_az", "name_en", "name_ru"} is read too); parents before their children; the
first row is the top institution. Or, for one institution, from --code and --name-az,
--name-en, --name-ru.

Each --admin is "LOGIN;FULL NAME;PHONE OR E-MAIL", given twice. Each administrator's one-time
activation code is PRINTED ONCE on this console: the only time dost ever shows a code, because
nobody is yet in the system to vouch for where the outbox would send it — whoever installs dost
hands each code to its owner privately, in person; the owner signs in with login and code and sets a password. Codes expire
after --code-ttl. Every later account gets its code through the outbox, never on a screen.`

// adminFlags collects the repeated --admin values.
type adminFlags []string

func (a *adminFlags) String() string     { return strings.Join(*a, ", ") }
func (a *adminFlags) Set(v string) error { *a = append(*a, v); return nil }

func runInit(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("init", initSummary, out)
	dbURL := dbFlag(fs)
	file := fs.String("institutions", "", "institutions file, .csv or .json")
	code := fs.String("code", "", "code of the one (top) institution, without --institutions")
	nameAZ := fs.String("name-az", "", "its name in Azerbaijani")
	nameEN := fs.String("name-en", "", "its name in English")
	nameRU := fs.String("name-ru", "", "its name in Russian")
	ttl := fs.Duration("code-ttl", identity.DefaultActivationTTL, "how long the activation codes are valid")
	var admins adminFlags
	fs.Var(&admins, "admin", `an administrator: "LOGIN;FULL NAME;PHONE OR E-MAIL" (give it twice)`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	insts, parents, err := readInstitutions(*file, *code, *nameAZ, *nameEN, *nameRU)
	if err != nil {
		return err
	}
	if len(admins) != 2 {
		return fmt.Errorf("init: want exactly two --admin, so that every later grant can be approved by a second administrator")
	}
	var users []identity.NewUser
	for _, s := range admins {
		parts := strings.SplitN(s, ";", 3)
		if len(parts) != 3 {
			return fmt.Errorf("init: --admin %q: want LOGIN;FULL NAME;PHONE OR E-MAIL", s)
		}
		n := identity.NewUser{Login: parts[0], FullName: parts[1]}
		if c := strings.TrimSpace(parts[2]); strings.Contains(c, "@") {
			n.Email = c
		} else {
			n.Phone = c
		}
		users = append(users, n)
	}
	a, err := openMode(ctx, *dbURL, demoEnv()) // init creates the installation: not open()
	if err != nil {
		return err
	}
	defer a.Close()
	a.Identity.ActivationTTL = *ttl
	made, err := a.Identity.Bootstrap(ctx, insts, parents, users)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "dost initialised: %d institutions, %d administrators of %s.\n\n", len(insts), len(made), insts[0].Code)
	fmt.Fprintf(out, "One-time activation codes, shown this once (valid until %s):\n", time.Now().Add(*ttl).UTC().Format("2006-01-02 15:04 UTC"))
	for _, m := range made {
		fmt.Fprintf(out, "  %-20s %s\n", m.User.Login, m.Code)
	}
	fmt.Fprintln(out, "\nEach owner signs in with login and code and sets a password. Then configure the SMS or e-mail gateway before creating other accounts.")
	return nil
}

// instRow is one institution as a file gives it: its name as one object in every language,
// or, as files written before names became i18n.Text gave it, a field per language.
type instRow struct {
	Code       string    `json:"code"`
	ParentCode string    `json:"parent_code"`
	Name       i18n.Text `json:"name"`
	NameAZ     string    `json:"name_az"`
	NameEN     string    `json:"name_en"`
	NameRU     string    `json:"name_ru"`
	ShortName  i18n.Text `json:"short_name"` // optional: DSMF, ГФСЗ…; the name is shown where none is given
}

// name is the row's name, the older fields filling the languages the object lacks.
func (r instRow) name() i18n.Text {
	t := i18n.Text{}
	for lang, s := range map[string]string{"az": r.NameAZ, "en": r.NameEN, "ru": r.NameRU} {
		t[lang] = s
	}
	for lang, s := range r.Name {
		t[lang] = s
	}
	return t.Trimmed()
}

// readInstitutions reads the institutions from file, or makes the one the flags name; it
// returns them with their parents' codes.
func readInstitutions(file, code, az, en, ru string) ([]identity.Institution, []string, error) {
	var rows []instRow
	switch {
	case file != "":
		var err error
		if rows, err = readInstitutionFile(file); err != nil {
			return nil, nil, fmt.Errorf("init: %s: %w", file, err)
		}
	case code != "":
		rows = []instRow{{Code: code, Name: i18n.Text{"az": az, "en": en, "ru": ru}}}
	default:
		return nil, nil, fmt.Errorf("init: want --institutions FILE or --code with the names")
	}
	var insts []identity.Institution
	var parents []string
	for i, r := range rows {
		r.Code = strings.TrimSpace(r.Code)
		name := r.name()
		if r.Code == "" || len(name.Missing()) > 0 {
			return nil, nil, fmt.Errorf("init: institution %d: want a code and names in %s", i+1, strings.Join(i18n.Languages, ", "))
		}
		if i == 0 && r.ParentCode != "" {
			return nil, nil, fmt.Errorf("init: the first institution is the top one: it has no parent")
		}
		insts = append(insts, identity.Institution{Code: r.Code, Name: name, ShortName: r.ShortName.Trimmed()})
		parents = append(parents, strings.TrimSpace(r.ParentCode))
	}
	return insts, parents, nil
}

func readInstitutionFile(path string) ([]instRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []instRow
	if strings.EqualFold(filepath.Ext(path), ".json") {
		err := json.NewDecoder(f).Decode(&rows)
		return rows, err
	}
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	header := "code,parent_code"
	for _, lang := range i18n.Languages {
		header += ",name_" + lang
	}
	col := map[string]int{}
	if len(records) > 0 {
		for i, h := range records[0] {
			col[strings.TrimSpace(h)] = i
		}
	}
	for _, h := range strings.Split(header, ",") {
		if _, ok := col[h]; !ok || len(records) < 2 {
			return nil, fmt.Errorf("want the header %s and at least one row", header)
		}
	}
	for _, r := range records[1:] {
		row := instRow{Code: r[col["code"]], ParentCode: r[col["parent_code"]], Name: i18n.Text{}, ShortName: i18n.Text{}}
		for _, lang := range i18n.Languages {
			row.Name[lang] = r[col["name_"+lang]]
			if i, ok := col["short_name_"+lang]; ok && i < len(r) {
				row.ShortName[lang] = r[i]
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}
