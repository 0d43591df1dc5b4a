package programsweb

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// ruleForm is the rule editor's form as the analyst typed it: every field a string, rows in
// the order sent (blank ones too, so that a row keeps its place and its errors), so that a
// refused form comes back exactly as it was sent.
type ruleForm struct {
	EffectiveFrom string
	EffectiveTo   string
	Amount        string
	Granted       eligibility.Text
	Conditions    []eligibility.Condition
	Review        []eligibility.Condition // what the rule must know to decide alone (eligibility.Rule)
	Referred      eligibility.Text        // the sentence of a case sent to an officer
	Values        []valueRow
	// Base is the version the form started from, as JSON: the rule's fields the form does not
	// show are kept from it, so that saving from the form never drops one.
	Base string
	// Errors is the message of each field, keyed as fieldKey makes them ("cond.2.expr",
	// "amount"); General lists what belongs to no one field.
	Errors  map[string]string
	General []string
}

// valueRow is one of the rule's values as typed; Kind is "money" or "number".
type valueRow struct {
	Name, Expr, Kind string
}

// rows maps, for each list of the rule ("conditions", "review", "values"), the rule's row
// numbers (blank rows left out) to the form's.
type rows map[string][]int

// rowKinds names each list of the rule as the form's keys and fields do ("cond.2.expr",
// cond_expr).
var rowKinds = map[string]string{"conditions": "cond", "review": "review", "values": "value"}

// texts are the languages of a rule's sentences (eligibility.Text).
var texts = []string{"az", "en", "ru"}

// formOf is the editor's form holding rule r, with a spare blank row of each kind.
func formOf(r eligibility.Rule) ruleForm {
	base, _ := json.Marshal(r)
	f := ruleForm{EffectiveFrom: dateText(r.EffectiveFrom), EffectiveTo: dateText(r.EffectiveTo), Amount: r.Amount, Granted: r.Granted,
		Conditions: append([]eligibility.Condition(nil), r.Conditions...), Review: append([]eligibility.Condition(nil), r.Review...),
		Referred: r.Referred, Base: string(base)}
	for _, v := range r.Values {
		f.Values = append(f.Values, valueRow{Name: v.Name, Expr: v.Expr, Kind: kindOf(v.Money)})
	}
	return f.withSpareRows()
}

func dateText(d clock.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func kindOf(money bool) string {
	if money {
		return "money"
	}
	return "number"
}

// withSpareRows adds a blank condition, review condition and value row when the last one is
// not blank: the way to add a row without JavaScript (a blank row is left out of the rule).
func (f ruleForm) withSpareRows() ruleForm {
	f.Conditions, f.Review = withSpare(f.Conditions), withSpare(f.Review)
	if n := len(f.Values); n == 0 || f.Values[n-1] != (valueRow{Kind: f.Values[n-1].Kind}) {
		f.Values = append(f.Values, valueRow{Kind: "number"})
	}
	return f
}

func withSpare(cs []eligibility.Condition) []eligibility.Condition {
	if n := len(cs); n == 0 || !blankCondition(cs[n-1]) {
		cs = append(cs, eligibility.Condition{})
	}
	return cs
}

func blankCondition(c eligibility.Condition) bool { return c == eligibility.Condition{} }

// readRuleForm reads the editor's fields from a request. Rows are positional: the n-th
// cond_expr belongs to the n-th cond_name.
func readRuleForm(r *http.Request) ruleForm {
	f := ruleForm{EffectiveFrom: r.PostFormValue("effective_from"), EffectiveTo: r.PostFormValue("effective_to"),
		Amount: r.PostFormValue("amount"), Granted: textOf(r, "granted_%s", 0), Referred: textOf(r, "referred_%s", 0),
		Base: r.PostFormValue("base"), Conditions: conditionsOf(r, "cond"), Review: conditionsOf(r, "review")}
	for i, name := range r.PostForm["value_name"] {
		f.Values = append(f.Values, valueRow{Name: name, Expr: nth(r, "value_expr", i), Kind: nth(r, "value_kind", i)})
	}
	return f
}

// conditionsOf reads the rows of conditions whose fields start with kind (cond_name,
// review_expr).
func conditionsOf(r *http.Request, kind string) []eligibility.Condition {
	var out []eligibility.Condition
	for i, name := range r.PostForm[kind+"_name"] {
		out = append(out, eligibility.Condition{Name: name, Expr: nth(r, kind+"_expr", i),
			Held: textOf(r, kind+"_held_%s", i), Failed: textOf(r, kind+"_failed_%s", i)})
	}
	return out
}

// nth is the i-th value sent under name, or "" when fewer were sent.
func nth(r *http.Request, name string, i int) string {
	if vs := r.PostForm[name]; i < len(vs) {
		return vs[i]
	}
	return ""
}

// textOf reads a sentence in the three languages from the fields pattern names (%s: the
// language), the i-th of each.
func textOf(r *http.Request, pattern string, i int) eligibility.Text {
	return eligibility.Text{AZ: nth(r, fmt.Sprintf(pattern, "az"), i), EN: nth(r, fmt.Sprintf(pattern, "en"), i), RU: nth(r, fmt.Sprintf(pattern, "ru"), i)}
}

// rule is the rule the form describes, blank rows left out, over the base version's other
// fields; a date that does not parse is refused at its field. The rows say where each of the
// rule's rows is on the form.
func (f ruleForm) rule() (rule eligibility.Rule, at rows, err error) {
	var errs fail.Fields
	at = rows{}
	if f.Base != "" && json.Unmarshal([]byte(f.Base), &rule) != nil {
		errs.Add("base", "invalid.rule_json", map[string]any{"Message": "base"})
	}
	rule.EffectiveFrom, rule.EffectiveTo, rule.Conditions, rule.Review, rule.Values = clock.Date{}, clock.Date{}, nil, nil, nil
	rule.Amount, rule.Granted, rule.Referred = f.Amount, f.Granted, f.Referred
	if f.EffectiveFrom != "" {
		if rule.EffectiveFrom, err = clock.ParseDate(f.EffectiveFrom); err != nil {
			errs.Add("effective_from", "invalid.date", nil)
		}
	}
	if f.EffectiveTo != "" {
		if rule.EffectiveTo, err = clock.ParseDate(f.EffectiveTo); err != nil {
			errs.Add("effective_to", "invalid.date", nil)
		}
	}
	rule.Conditions = nonBlank(f.Conditions, at, "conditions")
	rule.Review = nonBlank(f.Review, at, "review")
	for i, v := range f.Values {
		if v.Name != "" || v.Expr != "" {
			rule.Values, at["values"] = append(rule.Values, eligibility.Value{Name: v.Name, Expr: v.Expr, Money: v.Kind == "money"}), append(at["values"], i)
		}
	}
	return rule, at, errs.Err()
}

// nonBlank is the conditions of cs that are not blank, their places on the form noted in at
// under list.
func nonBlank(cs []eligibility.Condition, at rows, list string) []eligibility.Condition {
	var out []eligibility.Condition
	for i, c := range cs {
		if !blankCondition(c) {
			out, at[list] = append(out, c), append(at[list], i)
		}
	}
	return out
}

// rowField is a rule field of a row ("conditions[3].expr", "review[0].failed.en"), as
// eligibility.Compile and programs.CheckRule name it.
var rowField = regexp.MustCompile(`^(conditions|review|values)\[(\d+)\]\.(\w+)(?:\.(az|en|ru))?$`)

// fieldKey turns a field of the rule ("conditions[3].expr", counting non-blank rows) into the
// form's key ("cond.5.expr", counting the rows on the page; "review.1.failed_en" for a
// sentence); "" when the field is none of the form's (it is then shown above the form).
func fieldKey(name string, at rows) string {
	m := rowField.FindStringSubmatch(name)
	if m == nil {
		switch name {
		case "effective_from", "effective_to", "amount", "referred.az", "referred.en", "referred.ru":
			return name
		}
		return ""
	}
	i, _ := strconv.Atoi(m[2])
	if i >= len(at[m[1]]) {
		return ""
	}
	part := m[3]
	if m[4] != "" {
		part += "_" + m[4]
	}
	return fmt.Sprintf("%s.%d.%s", rowKinds[m[1]], at[m[1]][i], part)
}

// placeErrors puts each problem of err at its field of the form, in the reader's language;
// false when err is not about the rule's fields.
func (f *ruleForm) placeErrors(r *http.Request, err error, at rows) bool {
	var fields fail.Fields
	if !errors.As(err, &fields) {
		return false
	}
	f.Errors = map[string]string{}
	for _, fe := range fields {
		msg := i18n.TA(r.Context(), fe.Key, fe.Args)
		key := fieldKey(fe.Name, at)
		switch {
		case key == "":
			f.General = append(f.General, msg)
		case f.Errors[key] != "":
			f.Errors[key] += " " + msg
		default:
			f.Errors[key] = msg
		}
	}
	return true
}

// ruleJSON is the rule as the advanced view and the API show it.
func ruleJSON(rule eligibility.Rule) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // the editor shows "<" as typed; the page escapes it
	enc.SetIndent("", "  ")
	enc.Encode(rule)
	return b.String()
}

// factNames are the names an expression may read, offered as completions: the programme's
// parameters (params.x) and the facts the domains offer about the person and the household
// (eligibility.Offer; a member's facts are read inside household.members' macros).
func factNames(params []string) []string {
	var out []string
	for _, p := range params {
		out = append(out, "params."+p)
	}
	for _, o := range []string{eligibility.PersonObject, eligibility.HouseholdObject} {
		for _, f := range eligibility.Offered(o) {
			out = append(out, o+"."+f.Name)
		}
	}
	return out
}
