package app_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/programs"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// TestAskingAgainDoesNotTellAgain: the citizen is texted once that the rule referred their
// application to an officer; an officer who asks the rule again while the income is still
// not known does not text them again; the decision, once the record is complete, is.
func TestAskingAgainDoesNotTellAgain(t *testing.T) {
	engines(t, func(t *testing.T, a *app.App, _ *httptest.Server) {
		day := clock.Today(clock.System{})
		head, worker := knownIncomeWorker(t, a, day)
		var month string
		a.DB.QueryRow(`SELECT MAX(i.month) FROM person_incomes i JOIN persons p ON p.id = i.person_id WHERE p.fin = $1`, worker).Scan(&month)
		if _, err := a.DB.Exec(`DELETE FROM person_incomes WHERE month = $1 AND person_id = (SELECT id FROM persons WHERE fin = $2)`, month[:10], worker); err != nil {
			t.Fatal(err)
		}
		a.DB.Exec(`UPDATE persons SET phone = '+994501234567' WHERE fin = $1`, head)
		sd, officer := a.ServiceDesk, as(t, a, "officer")
		appl, err := sd.File(staff(t, a, "front"), servicedesk.NewApplication{ServiceCode: "02-01-01-00", FIN: head, Channel: servicedesk.ChannelCentre, Lang: "en", Documents: tssaDocuments()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sd.Move(officer, appl.UUID, servicedesk.InReview, "", ""); err != nil {
			t.Fatal(err)
		}
		texts := func() []string {
			t.Helper()
			rows, err := a.DB.Query(`SELECT body FROM notifications WHERE dedup_key LIKE $1 ORDER BY id`, "application:"+appl.UUID+":%")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var b string
				rows.Scan(&b)
				out = append(out, b)
			}
			return out
		}
		before := len(texts())
		for range 3 { // the first referral, and the rule asked twice more with nothing changed
			referred, err := sd.Move(officer, appl.UUID, servicedesk.Granted, "", "")
			if err != nil || referred.Outcome != programs.Review {
				t.Fatalf("referred: %+v, %v", referred, err)
			}
		}
		all := texts()
		if len(all) != before+1 || !strings.Contains(all[before], "goes to an officer for review") {
			t.Fatalf("texts after one referral asked three times, want one saying so: %q", all[before:])
		}

		// the record completed, the rule decides: the new outcome is announced
		a.DB.Exec(`INSERT INTO person_incomes (person_id, month, amount, source) SELECT id, $1, 0, 'declaration' FROM persons WHERE fin = $2`, month[:10], worker)
		decided, err := sd.Move(officer, appl.UUID, servicedesk.Granted, "", "")
		if err != nil || decided.DecisionUUID == "" {
			t.Fatalf("decided: %+v, %v", decided, err)
		}
		if all := texts(); len(all) != before+2 || !strings.Contains(all[before+1], "was "+decided.Status) {
			t.Fatalf("texts after the decision: %q", all[before:])
		}
	})
}
