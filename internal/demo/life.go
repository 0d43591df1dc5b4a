package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/payments/banksim"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/programs"
	"github.com/dost-platform/dost/internal/queue"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// Life is what the demo's last five weeks are lived through: the domains' own services on a
// clock the seeder moves forward, day by day, so that everything left behind (deadlines,
// events, notifications, the audit log, the queue's waits) is what those services wrote on
// those days — nothing is inserted behind their backs. The services must be built on Clock.
type Life struct {
	DB       *db.DB
	Clock    *clock.Fixed
	Desk     *servicedesk.Service
	Queue    *queue.Service
	Appeals  *appeals.Service
	Programs *programs.Service
	Payments *payments.Service
	// ActAs gives a context acting as a demo member of staff.
	ActAs func(ctx context.Context, login string) (context.Context, error)
	// Dir is where the month's bank file is written.
	Dir string
	// Payer is the account the payroll debits, which the bank's notification names.
	Payer string
	// start is the instant the weeks are lived up to (Clock's when Live begins): no event
	// is stamped later, or pages would show an afternoon that has not come yet.
	start time.Time
}

// LifeWeeks is how far back the demo's activity goes: bounded, so that a large benchmark
// load is as comparable as before, and recent, so that every page shows something.
const LifeWeeks = 5

// deciders are the demo officers who decide an institution's applications (the back office
// of the State Social Protection Fund); the other institutions' applications wait, as they
// would where no demo officer works.
var deciders = map[string]string{"SSPF": "officer"}

// step is a move of an application planned for a later day.
type step struct {
	on     clock.Date
	app    servicedesk.Application
	to     string
	ground string
}

// Live fills the weeks before today: every working day citizens take tickets at the first
// centre and file applications (at the centres, with their documents seen on paper), officers
// take them into review and decide them in the following days — some late, some never —
// decisions are delivered and rated, appeals arrive and most are answered; today leaves
// tickets waiting; finally this month's TSSA payroll is prepared from the benefits granted,
// approved by a second finance officer and exported. size bounds the activity (applications
// a day ≈ size/25, at least 2).
func (l Life) Live(ctx context.Context, today clock.Date, size int) error {
	l.start = l.Clock.T
	rnd := rand.New(rand.NewPCG(2026, 12))
	fins, err := l.adults(ctx, today, size)
	if err != nil || len(fins) == 0 {
		return err
	}
	services, err := l.services(ctx)
	if err != nil {
		return err
	}
	centres, err := l.Desk.Centres(ctx)
	if err != nil {
		return err
	}
	perDay := max(2, size/25)
	var plan []step
	var open []appeals.Appeal
	next := 0 // the next applicant in fins
	for d := today.AddDays(-7 * LifeWeeks); !today.Before(d); d = d.AddDays(1) {
		if wd := d.Time().Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		l.at(d, 9, 0)
		if plan, err = l.carryOut(ctx, d, plan); err != nil {
			return err
		}
		waiting := 0
		if d == today {
			waiting = 5
		}
		if err := l.visits(ctx, d, perDay+waiting, waiting, services); err != nil {
			return err
		}
		for i := range perDay {
			l.at(d, 11, 7*i)
			p := services[rnd.IntN(len(services))]
			a, err := l.file(ctx, p, fins[next%len(fins)], centres[i%len(centres)].ID)
			next++
			if errors.Is(err, fail.ErrDuplicate) {
				continue // a small demo comes back to the same applicant: the desk refuses a second open one
			}
			if err != nil {
				return err
			}
			plan = append(plan, fate(rnd, d, a, p)...)
		}
		if open, err = l.appeals(ctx, rnd, d, today, fins[next%len(fins)], open); err != nil {
			return err
		}
		next++
	}
	l.at(today, 16, 0)
	if err := l.reviews(ctx, today, size); err != nil {
		return err
	}
	l.at(today, 17, 0)
	if _, err := l.Desk.Escalate(ctx); err != nil { // what the night's escalation job does
		return err
	}
	return l.payroll(ctx, today)
}

// reviews has the officer assess households for TSSA from what the registry holds, as a
// proactive review would, from the last registered households back, until a few are granted
// (or size households were assessed): the month's payroll then has families to pay.
func (l Life) reviews(ctx context.Context, today clock.Date, size int) error {
	heads, err := db.Collect(ctx, l.DB, func(r db.Scanner) (fin string, err error) { return fin, r.Scan(&fin) },
		`SELECT p.fin FROM persons p JOIN household_members m ON m.person_id = p.id AND m.relationship = 'head'
		WHERE p.death_date IS NULL ORDER BY p.id DESC LIMIT $1`, size)
	if err != nil {
		return fmt.Errorf("demo life: households: %w", err)
	}
	officer, err := l.ActAs(ctx, "officer")
	if err != nil {
		return err
	}
	granted := 0
	for _, fin := range heads {
		if granted == max(5, size/20) {
			break
		}
		d, err := l.Programs.Decide(officer, "TSSA", fin, today)
		if err != nil {
			return fmt.Errorf("demo life: TSSA review: %w", err)
		}
		if d.Outcome == programs.Granted {
			granted++
		}
	}
	return nil
}

// at moves the clock to a time of day in Baku, but never past the start: today's afternoon
// work (reviews, the payroll) happens at the moment the demo is made when that is earlier.
func (l Life) at(d clock.Date, hour, minute int) {
	t := time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, clock.Baku).UTC()
	if !l.start.IsZero() && t.After(l.start) {
		t = l.start
	}
	l.Clock.T = t
}

// adults are living adult members of households, the applicants of the demo's weeks.
func (l Life) adults(ctx context.Context, today clock.Date, size int) ([]string, error) {
	fins, err := db.Collect(ctx, l.DB, func(r db.Scanner) (fin string, err error) { return fin, r.Scan(&fin) },
		`SELECT p.fin FROM persons p JOIN household_members m ON m.person_id = p.id
		WHERE p.death_date IS NULL AND p.birth_date <= $1 ORDER BY p.id LIMIT $2`, today.AddDays(-20*365), size)
	if err != nil {
		return nil, fmt.Errorf("demo life: applicants: %w", err)
	}
	return fins, nil
}

// services are the passports filed at centres, in catalogue order.
func (l Life) services(ctx context.Context) ([]servicedesk.Passport, error) {
	all, err := l.Desk.ForChannel(ctx, servicedesk.ChannelCentre)
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(all, func(p servicedesk.Passport) bool { return p.ManyOpen }) // references are issued on the spot
	if len(out) == 0 {
		return nil, fmt.Errorf("demo life: no service is filed at a centre")
	}
	return out, nil
}

// file files an application at a centre as the front office, its documents seen on paper.
func (l Life) file(ctx context.Context, p servicedesk.Passport, fin string, centre int64) (servicedesk.Application, error) {
	front, err := l.ActAs(ctx, "front")
	if err != nil {
		return servicedesk.Application{}, err
	}
	a, err := l.Desk.File(front, servicedesk.NewApplication{ServiceCode: p.Code, FIN: fin, Channel: servicedesk.ChannelCentre,
		CentreID: centre, Lang: "az", OnPaper: p.Documents})
	if err != nil {
		return a, fmt.Errorf("demo life: filing %s: %w", p.Code, err)
	}
	return a, nil
}

// fate plans an application's days: most are taken into review the next working days and
// decided within their deadline, some late, about one in eight never (it stays open and,
// past its deadline, overdue); an institution without a demo officer decides nothing.
func fate(rnd *rand.Rand, filed clock.Date, a servicedesk.Application, p servicedesk.Passport) []step {
	if deciders[p.Institution] == "" || rnd.IntN(8) == 0 {
		return nil
	}
	review := filed.AddDays(1 + rnd.IntN(3))
	decide := review.AddDays(1 + rnd.IntN(p.DeadlineDays+4)) // now and then past the deadline
	out := []step{{on: review, app: a, to: servicedesk.InReview}}
	switch {
	case p.ProgramCode != "":
		out = append(out, step{on: decide, app: a, to: servicedesk.Granted}) // the programme's rule decides
	case rnd.IntN(4) == 0 && len(p.RefusalGrounds) > 0:
		out = append(out, step{on: decide, app: a, to: servicedesk.Refused, ground: p.RefusalGrounds[0]})
	default:
		out = append(out, step{on: decide, app: a, to: servicedesk.Granted})
	}
	if rnd.IntN(2) == 0 {
		out = append(out, step{on: decide.AddDays(2), app: a, to: servicedesk.Delivered})
	}
	return out
}

// carryOut makes the moves planned for day d (or earlier: a weekend's fall on Monday) as the
// institution's officer, and returns the moves still ahead. A delivered application's
// rating request is answered now and then; one the programme's rule referred to an officer
// (its income or utility cost not known) stays in review, with nothing more planned for it.
func (l Life) carryOut(ctx context.Context, d clock.Date, plan []step) ([]step, error) {
	var later []step
	referred := map[string]bool{} // the rule referred these to an officer: nothing to deliver
	for i, s := range plan {
		if referred[s.app.UUID] {
			continue
		}
		if d.Before(s.on) {
			later = append(later, s)
			continue
		}
		l.at(d, 10, i%50)
		officer, err := l.ActAs(ctx, deciders[s.app.Service.Institution])
		if err != nil {
			return nil, err
		}
		note := ""
		if s.to == servicedesk.Refused {
			note = "Təqdim olunan sənədlərə əsasən tələb olunan şərtlər ödənilmir."
		}
		moved, err := l.Desk.Move(officer, s.app.UUID, s.to, s.ground, note)
		if err != nil {
			return nil, fmt.Errorf("demo life: %s → %s: %w", s.app.Service.Code, s.to, err)
		}
		if moved.Outcome == programs.Review { // income or utility cost not known: the case waits for the officer
			referred[s.app.UUID] = true
			later = slices.DeleteFunc(later, func(x step) bool { return x.app.UUID == s.app.UUID })
			continue
		}
		if s.to == servicedesk.Delivered && moved.ID%3 != 0 {
			if err := l.rate(ctx, moved, int(moved.ID%5)+1); err != nil {
				return nil, err
			}
		}
	}
	return later, nil
}

// rate answers a delivered application's rating request as its citizen would.
func (l Life) rate(ctx context.Context, a servicedesk.Application, score int) error {
	var token string
	if err := l.DB.QueryRowContext(ctx, `SELECT token FROM ratings WHERE application_id = $1`, a.ID).Scan(&token); err != nil {
		return fmt.Errorf("demo life: rating request: %w", err)
	}
	return l.Desk.Rate(ctx, token, max(score, 3), "", "portal")
}

// visits are a day's tickets at the first centre: each taken, called and served, except the
// last `waiting`, who are still in the queue.
func (l Life) visits(ctx context.Context, d clock.Date, n, waiting int, services []servicedesk.Passport) error {
	front, err := l.ActAs(ctx, "front")
	if err != nil {
		return err
	}
	for i := range n {
		l.at(d, 9, 5*i)
		tk, err := l.Queue.Issue(ctx, "DOST-1", services[i%len(services)].Code)
		if err != nil {
			return fmt.Errorf("demo life: ticket: %w", err)
		}
		if i >= n-waiting {
			continue
		}
		l.at(d, 9, 5*i+2+i%9)
		if _, err := l.Queue.CallNext(front, "DOST-1", fmt.Sprint(1+i%3)); err != nil {
			return fmt.Errorf("demo life: call: %w", err)
		}
		// served from the fourth minute, for 3 to 10 minutes: a visit served and closed in
		// the same minute made every average service time on the report 0:00
		for j, to := range []string{queue.Serving, queue.Done} {
			l.at(d, 9, 5*i+4+i%9+j*(3+i%8))
			if _, err := l.Queue.MoveTicket(front, tk.UUID, to); err != nil {
				return fmt.Errorf("demo life: ticket %s: %w", to, err)
			}
		}
	}
	return nil
}

// appeals receives an appeal every third working day and answers those of open that have
// waited their turn; the last ones, and one in five, stay open (some past their deadline).
func (l Life) appeals(ctx context.Context, rnd *rand.Rand, d, today clock.Date, fin string, open []appeals.Appeal) ([]appeals.Appeal, error) {
	officer, err := l.ActAs(ctx, "officer")
	if err != nil {
		return nil, err
	}
	var still []appeals.Appeal
	for _, a := range open {
		if d.Before(a.ReceivedOn.AddDays(8)) || a.ID%5 == 0 {
			still = append(still, a)
			continue
		}
		l.at(d, 15, int(a.ID%50))
		if _, err := l.Appeals.Answer(officer, a.UUID, "Müraciətiniz araşdırıldı; qərar qanuna uyğundur. Əlavə sənəd təqdim etsəniz, yenidən baxılacaq."); err != nil {
			return nil, fmt.Errorf("demo life: answer: %w", err)
		}
	}
	if rnd.IntN(3) != 0 && d != today {
		return still, nil
	}
	front, err := l.ActAs(ctx, "front")
	if err != nil {
		return nil, err
	}
	l.at(d, 14, rnd.IntN(50))
	a, err := l.Appeals.Receive(front, appeals.New{Channel: "centre", FIN: fin, Category: "benefit_decision", Institution: "SSPF", Lang: "az",
		Subject: "Ünvanlı sosial yardımın məbləği", Body: "Ailəmizə təyin edilmiş yardımın məbləği gəlirimizə uyğun hesablanmayıb, yenidən baxılmasını xahiş edirəm."})
	if err != nil {
		return nil, fmt.Errorf("demo life: appeal: %w", err)
	}
	return append(still, a), nil
}

// payroll prepares this month's TSSA cycle from the benefits the weeks granted, has the
// second finance officer approve it and exports the bank file.
func (l Life) payroll(ctx context.Context, today clock.Date) error {
	tssa, err := l.Programs.Program(ctx, "TSSA")
	if err != nil {
		return err
	}
	finance, err := l.ActAs(ctx, "finance")
	if err != nil {
		return err
	}
	c, err := l.Payments.Prepare(finance, tssa.ID, "TSSA", clock.MonthOf(today), nil)
	if err != nil {
		return fmt.Errorf("demo life: payroll: %w", err)
	}
	t, err := l.Payments.Totals(finance, c.ID)
	if err != nil || t[payments.LinePending].Lines == 0 {
		return err // nothing to pay (no benefit granted in the weeks, or all held): the prepared cycle says so itself
	}
	second, err := l.ActAs(ctx, "finance2")
	if err != nil {
		return err
	}
	l.at(today, 17, 30)
	if _, err := l.Payments.Approve(second, c.ID); err != nil {
		return fmt.Errorf("demo life: approve: %w", err)
	}
	if _, err = l.Payments.Export(second, c.ID, payments.Pain00109, l.Dir); err != nil {
		return err
	}
	return l.reconcile(finance, today, c.ID)
}

// reconcile has the bank answer the exported file (banksim, the demo's bank) — every transfer
// booked but the last, returned for a closed account — and finance apply the notification
// through the statement path a real bank's file takes.
func (l Life) reconcile(finance context.Context, today clock.Date, cycle int64) error {
	var sent []banksim.Transfer
	err := l.Payments.EachLine(finance, cycle, payments.LinePending, func(line payments.Line) error {
		sent = append(sent, banksim.Transfer{EndToEndID: line.EndToEndID, Amount: line.Net})
		return nil
	})
	if err != nil || len(sent) == 0 {
		return err
	}
	if len(sent) > 1 {
		sent[len(sent)-1].Return = "AC04" // closed account
	}
	l.at(today, 18, 0)
	note := banksim.Camt054(fmt.Sprintf("DEMO-%d", cycle), l.Payer, l.Clock.T, sent)
	if _, _, err := l.Payments.Reconcile(finance, []byte(note), nil, nil); err != nil {
		return fmt.Errorf("demo life: reconcile: %w", err)
	}
	return nil
}
