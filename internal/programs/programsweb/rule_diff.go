package programsweb

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
)

// diffRow is one line of two rule versions side by side: a condition, a value, the amount or
// a date, with what each version says and whether they differ.
type diffRow struct {
	Section string // "when", "conditions", "review", "values", "amount", "granted", "referred"
	Name    string // the condition's or value's name; "" for the rule's own fields
	A, B    []string
	Changed bool
}

type diffView struct {
	Program  programs.Program
	Versions []programs.RuleVersion
	A, B     eligibility.Rule
	Rows     []diffRow
}

// ruleDiff shows two versions of a programme's rule side by side (?a=1&b=2; the last two by
// default), changed rows marked.
func (h *Handler) ruleDiff(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	p, err := h.svc.Program(r.Context(), code)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	all, err := h.svc.Rules(r.Context(), code)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if len(all) == 0 {
		web.HTMLError(w, r, fmt.Errorf("no rule of %s: %w", code, fail.ErrNotFound))
		return
	}
	a, aok := versionOf(all, r.URL.Query().Get("a"), max(0, len(all)-2))
	b, bok := versionOf(all, r.URL.Query().Get("b"), len(all)-1)
	if !aok || !bok {
		web.HTMLError(w, r, fmt.Errorf("rule %s version %s or %s: %w", code, r.URL.Query().Get("a"), r.URL.Query().Get("b"), fail.ErrNotFound))
		return
	}
	lang := i18n.Lang(r.Context())
	web.Render(w, r, http.StatusOK, diffPage(diffView{Program: p, Versions: all, A: a, B: b, Rows: diffRules(a, b, lang)}))
}

// versionOf is the version numbered s of all, or all[fallback] when s is empty.
func versionOf(all []programs.RuleVersion, s string, fallback int) (eligibility.Rule, bool) {
	if s == "" {
		return all[fallback].Rule, true
	}
	n, err := strconv.Atoi(s)
	for _, rv := range all {
		if err == nil && rv.Rule.Version == n {
			return rv.Rule, true
		}
	}
	return eligibility.Rule{}, false
}

// diffRules lines a's and b's fields up: the dates, conditions, review conditions and values
// matched by name (in a's order, then those only b has), the amount and the sentences of a
// grant and of a referral in lang.
func diffRules(a, b eligibility.Rule, lang string) []diffRow {
	rows := []diffRow{
		row("when", "effective_from", []string{dateIn(a.EffectiveFrom, lang)}, []string{dateIn(b.EffectiveFrom, lang)}),
		row("when", "effective_to", []string{dateIn(a.EffectiveTo, lang)}, []string{dateIn(b.EffectiveTo, lang)}),
	}
	cond := func(c *eligibility.Condition) []string {
		if c == nil {
			return nil
		}
		return []string{c.Expr, c.Held.In(lang), c.Failed.In(lang), c.Held.AZ + c.Held.EN + c.Held.RU + c.Failed.AZ + c.Failed.EN + c.Failed.RU}
	}
	for _, list := range []struct {
		section string
		a, b    []eligibility.Condition
	}{{"conditions", a.Conditions, b.Conditions}, {"review", a.Review, b.Review}} {
		for _, name := range names(list.a, list.b, func(c eligibility.Condition) string { return c.Name }) {
			ra := row(list.section, name, cond(find(list.a, name)), cond(find(list.b, name)))
			ra.A, ra.B = visible(ra.A), visible(ra.B) // every language compared, the reader's shown
			rows = append(rows, ra)
		}
	}
	value := func(v *eligibility.Value) []string {
		if v == nil {
			return nil
		}
		return []string{v.Expr, kindOf(v.Money)}
	}
	for _, name := range names(a.Values, b.Values, func(v eligibility.Value) string { return v.Name }) {
		rows = append(rows, row("values", name, value(findValue(a.Values, name)), value(findValue(b.Values, name))))
	}
	sentence := func(t eligibility.Text) []string { return []string{t.In(lang), t.AZ + "\x00" + t.EN + "\x00" + t.RU} }
	return append(rows,
		row("amount", "", []string{a.Amount}, []string{b.Amount}),
		row("granted", "", sentence(a.Granted), sentence(b.Granted)),
		row("referred", "", sentence(a.Referred), sentence(b.Referred)))
}

// row is a line of the difference; it changed when the two sides differ in anything.
func row(section, name string, a, b []string) diffRow {
	r := diffRow{Section: section, Name: name, A: a, B: b, Changed: len(a) != len(b)}
	for i := range a {
		if !r.Changed && a[i] != b[i] {
			r.Changed = true
		}
	}
	if section == "granted" || section == "referred" {
		r.A, r.B = visible(a), visible(b)
	}
	return r
}

// visible drops the last entry of a side, the three languages joined: compared, not shown.
func visible(side []string) []string {
	if len(side) == 0 {
		return side
	}
	return side[:len(side)-1]
}

// names is every name of a's rows and then those only b has.
func names[T any](a, b []T, name func(T) string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range append(append([]T(nil), a...), b...) {
		if n := name(x); !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

func find(cs []eligibility.Condition, name string) *eligibility.Condition {
	for i := range cs {
		if cs[i].Name == name {
			return &cs[i]
		}
	}
	return nil
}

func findValue(vs []eligibility.Value, name string) *eligibility.Value {
	for i := range vs {
		if vs[i].Name == name {
			return &vs[i]
		}
	}
	return nil
}

// dateIn is a date in the reader's form, "—" when there is none (an open end).
func dateIn(d clock.Date, lang string) string {
	if d.IsZero() {
		return "—"
	}
	return d.In(lang)
}
