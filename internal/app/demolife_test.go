package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
)

// TestTheDemoIsLivedIn: a new demo opens on a country where work has been going on (#12
// item 17) — applications in every state and some overdue, tickets waiting today, appeals
// open and answered, benefits granted and refused, an exported payroll cycle with lines, and
// ratings — all written by the domains' own services (the audit chain still verifies), and
// bounded: a larger registry does not bring more than a few hundred applications.
func TestTheDemoIsLivedIn(t *testing.T) {
	eachURL(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		cfg := demoConfig(dbURL)
		cfg.DemoLife, cfg.FilesDir = true, filepath.Join(t.TempDir(), "payments")
		a, err := app.New(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		if _, err := a.SeedDemo(ctx, 3000, 0, nil); err != nil {
			t.Fatal(err)
		}
		count := func(query string) (n int) {
			if err := a.DB.QueryRowContext(ctx, query).Scan(&n); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
			return n
		}
		for _, status := range []string{"registered", "in_review", "granted", "refused", "delivered"} {
			if n := count(`SELECT COUNT(*) FROM applications WHERE status = '` + status + `'`); n == 0 {
				t.Errorf("no application %s", status)
			}
		}
		for what, query := range map[string]string{
			"overdue application": `SELECT COUNT(*) FROM applications WHERE escalated_at IS NOT NULL`,
			"ticket waiting":      `SELECT COUNT(*) FROM queue_tickets WHERE status = 'waiting'`,
			"ticket served":       `SELECT COUNT(*) FROM queue_tickets WHERE status = 'done'`,
			// served and closed in the same minute, every visit once took 0:00 on the report
			"visit with a service time": `SELECT COUNT(*) FROM queue_tickets WHERE status = 'done' AND service_seconds > 0`,
			"open appeal":               `SELECT COUNT(*) FROM appeals WHERE status = 'registered'`,
			"answered appeal":           `SELECT COUNT(*) FROM appeals WHERE status = 'answered'`,
			"granted benefit":           `SELECT COUNT(*) FROM decisions WHERE outcome = 'granted'`,
			"refused benefit":           `SELECT COUNT(*) FROM decisions WHERE outcome = 'refused'`,
			"paid payroll line":         `SELECT COUNT(*) FROM payment_lines WHERE status = 'paid'`,
			"reconciled statement":      `SELECT COUNT(*) FROM statements`,
			"rating":                    `SELECT COUNT(*) FROM ratings WHERE score IS NOT NULL`,
		} {
			if count(query) == 0 {
				t.Errorf("no %s", what)
			}
		}
		if n := count(`SELECT COUNT(*) FROM applications`); n > 500 {
			t.Errorf("%d applications: the demo's life is not bounded", n)
		}
		// a manager's "decided late" list finds the weeks' late decisions without asking for
		// every status (the open default once made it empty)
		var late string
		a.DB.QueryRowContext(ctx, `SELECT number FROM applications WHERE decided_on > due_on ORDER BY id LIMIT 1`).Scan(&late)
		if late == "" {
			t.Fatal("the lived weeks decided nothing late")
		}
		srv := httptest.NewServer(a.Handler())
		defer srv.Close()
		if page := login(t, srv, a, "manager").page(t, "GET", "/applications?deadline=late", nil, 200); !strings.Contains(page, late) {
			t.Errorf("the late decision %s is not on the manager's \"decided late\" list", late)
		}
		// the service report in Russian writes its days, shares and averages as a Russian reader
		// does (once "2026-11-02", "100.0%" and "5.00")
		manager := login(t, srv, a, "manager")
		manager.page(t, "POST", "/lang", url.Values{"lang": {"ru"}}, http.StatusSeeOther)
		report := manager.page(t, "GET", "/reports/service", nil, 200)
		for what, re := range map[string]string{"a day": `<th scope="row">\d\d\.\d\d\.\d{4}</th>`, "a share": `\d,\d\x{a0}%`,
			"an average rating": `<td>\d,\d\d</td>`, "a day on the chart's axis": `>\d\d\.\d\d</text>`} {
			if !regexp.MustCompile(re).MatchString(report) {
				t.Errorf("the service report in Russian writes no %s in the reader's form", what)
			}
		}
		if bad := regexp.MustCompile(`\d{4}-\d\d-\d\d</th>|\d\.\d%|<td>\d\.\d\d</td>`).FindString(report); bad != "" {
			t.Errorf("the service report in Russian writes %q", bad)
		}
		if res, err := a.Audit.Verify(ctx, audit.VerifyOptions{}); err != nil || res.Broken != nil {
			t.Fatalf("the audit chain of the lived weeks: %v %+v", err, res.Broken)
		}
	})
}

// TestTheDemoLivesAtAnySize: the weeks are lived at the sizes people start a demo with — a
// handful of persons (the same applicants come back) and make run's 20,000 (where the rule
// refers some renewals to an officer, who has nothing to deliver yet). Either failure stops
// the demo from starting at all. SQLite only: what varies here is the demo, not the engine.
func TestTheDemoLivesAtAnySize(t *testing.T) {
	for _, persons := range []int{10, 20000} {
		cfg := demoConfig("sqlite:" + filepath.Join(t.TempDir(), "dost.db"))
		cfg.DemoLife, cfg.FilesDir = true, filepath.Join(t.TempDir(), "payments")
		a, err := app.New(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.SeedDemo(context.Background(), persons, 0, nil); err != nil {
			t.Errorf("%d persons: %v", persons, err)
		}
		a.Close()
	}
}

// TestTheDemoLivesNothingLaterThanItsStart (walk finding 16): a demo made at 11:20 in Baku
// shows no event of the afternoon to come — today's reviews, payroll approval, statement and
// escalation are stamped no later than the moment the demo was made.
func TestTheDemoLivesNothingLaterThanItsStart(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 12, 1, 11, 20, 0, 0, clock.Baku)
	cfg := demoConfig("sqlite:" + filepath.Join(t.TempDir(), "dost.db"))
	cfg.DemoLife, cfg.FilesDir, cfg.Clock = true, filepath.Join(t.TempDir(), "payments"), &clock.Fixed{T: start.UTC()}
	a, err := app.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.SeedDemo(ctx, 400, 0, nil); err != nil {
		t.Fatal(err)
	}
	for table, cols := range map[string][]string{"audit_log": {"at"}, "payment_cycles": {"started_at", "prepared_at", "approved_at"},
		"statements": {"imported_at"}, "queue_tickets": {"issued_at", "called_at", "served_at", "closed_at"},
		"applications": {"escalated_at", "created_at", "updated_at"}, "decisions": {"created_at"}, "appeals": {"created_at"},
		"ratings": {"requested_at", "rated_at"}, "notifications": {"created_at", "sent_at"}} {
		for _, col := range cols {
			rows, err := a.DB.QueryContext(ctx, `SELECT `+col+` FROM `+table+` WHERE `+col+` IS NOT NULL`)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			for rows.Next() {
				var at time.Time
				if err := rows.Scan(&at); err != nil {
					t.Fatalf("%s.%s: %v", table, col, err)
				}
				if n++; at.After(start) {
					t.Errorf("%s.%s = %s, after the demo's start %s", table, col, at.In(clock.Baku), start)
					break
				}
			}
			rows.Close()
			if table == "audit_log" && n == 0 {
				t.Error("the demo lived nothing")
			}
		}
	}
	var approved int
	a.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM payment_cycles WHERE approved_at IS NOT NULL`).Scan(&approved)
	if approved == 0 {
		t.Error("the lived weeks approved no payroll")
	}
}
