package app_test

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/dost-platform/dost/internal/app"
)

// rejectedCode returns the status and reason code of the first answer item.
func rejectedCode(m map[string]any) (string, string) {
	msg, _ := m["message"].(map[string]any)
	items, _ := msg["search_response"].([]any)
	if len(items) == 0 {
		return "", ""
	}
	it := items[0].(map[string]any)
	code, _ := it["status_reason_code"].(string)
	return it["status"].(string), code
}

// TestDCIAttackNameSearch: a client allowed only the FİN searches by a name prefix and by a
// name and guessed birth date, and is refused; a client allowed names and birth dates gets
// nothing for a prefix of a real name, nor for a one-letter name — only whole names match.
func TestDCIAttackNameSearch(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, srv *httptest.Server) {
		spec := loadDCISchema(t, srv.URL)
		var fin, last, first, born string
		a.DB.QueryRow(`SELECT fin, last_name, first_name, birth_date FROM persons ORDER BY id LIMIT 1`).Scan(&fin, &last, &first, &born)
		born = born[:10]
		pred := func(name, birth string) string {
			q := fmt.Sprintf(`[{"expression1": {"attribute_name": "name", "operator": "eq", "attribute_value": %q}`, name)
			if birth != "" {
				q += fmt.Sprintf(`, "condition": "and", "expression2": {"attribute_name": "birth_date", "operator": "eq", "attribute_value": %q}`, birth)
			}
			return q + "}]"
		}
		narrow := newPartner(t, a, "uin.gov.az", "uin")
		_, tok := narrow.token(t, srv.URL)
		for _, q := range []string{pred(string([]rune(last)[:2]), ""), pred(last+" "+first, born)} {
			_, m := spec.exchange(t, srv.URL, "/dci/registry/sync/search", tok, narrow.message("search", searchMessage("predicate", q)))
			if st, code := rejectedCode(m); st != "rjct" || code != "rjct.search_criteria.invalid" {
				t.Errorf("uin-only client searched %s: %v", q, m)
			}
		}
		wide := newPartner(t, a, "wide.gov.az", "uin", "name", "birth_date")
		_, tok = wide.token(t, srv.URL)
		prefix := pred(string([]rune(last)[:len([]rune(last))-1])+" "+first, born)
		_, m := spec.exchange(t, srv.URL, "/dci/registry/sync/search", tok, wide.message("search", searchMessage("predicate", prefix)))
		if containsFIN(records(t, m), fin) {
			t.Errorf("a prefix of the surname found %s: %v", fin, m)
		}
		for _, q := range []string{pred(string([]rune(last)[:2]), ""), pred("A", born), pred(". ,", born)} {
			status, m := spec.exchange(t, srv.URL, "/dci/registry/sync/search", tok, wide.message("search", searchMessage("predicate", q)))
			if st, code := rejectedCode(m); status != 200 || st != "rjct" || code != "rjct.search_criteria.invalid" {
				t.Errorf("%s: %d %v", q, status, m)
			}
		}
		_, m = spec.exchange(t, srv.URL, "/dci/registry/sync/search", tok, wide.message("search", searchMessage("predicate", pred(last+" "+first, born))))
		if !containsFIN(records(t, m), fin) {
			t.Errorf("the whole name did not find %s: %v", fin, m)
		}
	})
}
