package servicedesk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/dost-platform/dost/internal/platform/workdays"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/notify"
	"github.com/dost-platform/dost/internal/programs"
)

// Application statuses: submitted → registered → in_review → granted | refused → delivered,
// or withdrawn by the citizen before a decision.
const (
	Submitted  = "submitted"
	Registered = "registered"
	InReview   = "in_review"
	Granted    = "granted"
	Refused    = "refused"
	Delivered  = "delivered"
	Withdrawn  = "withdrawn"
)

// OpenStatuses are the statuses in which an application waits for a decision.
var OpenStatuses = []string{Submitted, Registered, InReview}

// Moves are the transitions an application may take.
var Moves = map[string][]string{
	Submitted:  {Registered, Refused, Withdrawn},
	Registered: {InReview, Withdrawn},
	InReview:   {Granted, Refused, Withdrawn},
	Granted:    {Delivered},
	Refused:    {Delivered},
}

// Application is a citizen's request for a service, routed to the institution responsible.
type Application struct {
	ID            int64
	UUID          string
	Number        string
	ServiceID     int64
	Service       Passport
	PersonID      int64
	PersonFIN     string
	PersonName    string
	PersonPhone   string
	PersonEmail   string
	InstitutionID int64
	Channel       string
	CentreID      int64
	TicketID      int64
	Status        string
	Outcome       string // granted or refused, kept after delivery
	FiledOn       clock.Date
	DueOn         clock.Date
	DecidedOn     clock.Date
	RefusalGround string
	Note          string // the decision's explanation, in the citizen's language
	DecisionUUID  string
	FiledBy       string
	OperatorID    int64
	AssignedTo    string
	AssignedBy    string    // the manager who assigned it, or the officer who took it
	AssignedAt    time.Time // when; zero if never assigned
	EscalatedAt   time.Time
	Lang          string
	Version       int64
	CreatedAt     time.Time
	Documents     []Document
	Events        []Event
}

// Decided reports whether the application has a decision: granted or refused. A referral to
// an officer (the programme's rule could not decide: outcome "review") is not one — it gets
// no letter, no certificate and no appeal hint.
func (a Application) Decided() bool { return a.Outcome != "" && a.Outcome != programs.Review }

// Document is a file attached to an application; the content is kept with its SHA-256 so
// that a later copy can be checked against what was filed.
type Document struct {
	ID          int64
	Type        string
	FileName    string
	ContentType string
	Size        int64
	SHA256      string
	Content     []byte
	UploadedAt  time.Time
	OnPaper     bool // presented on paper at a centre and seen by the operator: no file
}

// Event is a step in an application's life.
type Event struct {
	Status string
	Actor  string
	Note   string
	At     time.Time
}

// ApplicationFilter selects a back office's queue.
type ApplicationFilter struct {
	Institutions []int64 // empty: every institution
	Statuses     []string
	PersonID     int64
	Escalated    bool
	AfterID      int64 // keyset: applications with a larger id
	Limit        int

	// The work queue's filters (#12 item 7); zero values select everything.
	ServiceID int64
	CentreID  int64
	FiledFrom string          // YYYY-MM-DD, inclusive
	FiledTo   string          // YYYY-MM-DD, inclusive
	Deadline  string          // one of DeadlineFilters, judged on Today
	Today     string          // YYYY-MM-DD, set by the service
	Risk      []workdays.Step // on Today, the at-risk boundary, set by the service for OnTrack and AtRisk
	Assignees []string        // assigned to any of these logins; Unassigned for nobody
	Sort      string          // one of ApplicationSorts; "" is the first
	After     []string        // keyset: the sort key of the last row of the previous page
}

// Limits on uploaded documents.
const (
	MaxDocumentSize = 5 << 20
	MaxDocuments    = 10
	// MaxUpload is the largest body of a form that files an application: every document at
	// its largest, and room for the other fields and the multipart framing.
	MaxUpload = MaxDocuments*MaxDocumentSize + 1<<20
)

// AcceptedTypes are the content types a document may have: scans and PDFs.
var AcceptedTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// NewApplication is what is filed: the service, the applicant and the documents.
type NewApplication struct {
	ServiceCode string
	FIN         string
	Channel     string
	CentreID    int64
	TicketUUID  string
	Lang        string
	Documents   []Document
	// OnPaper are the required documents the operator at a centre saw on paper instead of a
	// file; only staff filing at a centre may say so.
	OnPaper []string
}

// File records an application, routes it to the institution responsible for the service and
// sets its deadline in working days. Filed at a centre, the operator has checked the
// documents, so it is registered at once; filed in the portal it waits to be registered.
func (s *Service) File(ctx context.Context, in NewApplication) (Application, error) {
	p, err := s.catalogue.Passport(ctx, in.ServiceCode)
	if err != nil || !p.Active || !p.Offers(in.Channel) {
		return Application{}, fail.Fields{{Name: "service", Key: "invalid.service"}}
	}
	if err := checkDocuments(p, in.Documents); err != nil {
		return Application{}, err
	}
	paper, err := onPaper(ctx, p, in)
	if err != nil {
		return Application{}, err
	}
	var ticketID int64
	if in.TicketUUID != "" { // the visit the application was filed at, for the centre's records
		id, err := s.applications.VisitID(ctx, in.TicketUUID)
		if err != nil {
			return Application{}, fail.Fields{{Name: "ticket", Key: "invalid.choice"}}
		}
		ticketID = id
	}
	person, err := s.registry.Person(ctx, in.FIN, "application")
	if err != nil {
		return Application{}, err
	}
	if pr := authz.From(ctx); pr != nil && pr.PersonID != 0 && pr.PersonID != person.ID {
		return Application{}, fail.ErrForbidden
	}
	now := s.clock.Now()
	today := clock.DateOf(now)
	a := Application{UUID: uuid.Must(uuid.NewV7()).String(), ServiceID: p.ID, Service: p, PersonID: person.ID, PersonFIN: person.FIN,
		InstitutionID: p.InstitutionID, Channel: in.Channel, CentreID: in.CentreID, Status: Submitted, FiledOn: today,
		DueOn: s.calendar.Get().Add(today, p.DeadlineDays), FiledBy: authz.Actor(ctx), Lang: i18n.Or(in.Lang), CreatedAt: now}
	if pr := authz.From(ctx); pr != nil && pr.PersonID == 0 {
		a.OperatorID = pr.UserID
	}
	a.TicketID = ticketID
	for i := range in.Documents {
		sum := sha256.Sum256(in.Documents[i].Content)
		in.Documents[i].SHA256, in.Documents[i].Size, in.Documents[i].UploadedAt = hex.EncodeToString(sum[:]), int64(len(in.Documents[i].Content)), now
	}
	for _, t := range paper {
		in.Documents = append(in.Documents, Document{Type: t, UploadedAt: now, OnPaper: true, Content: []byte{}})
	}
	a.Events = []Event{{Status: Submitted, Actor: a.FiledBy, At: now}}
	if in.Channel == ChannelCentre {
		a.Status = Registered
		a.Events = append(a.Events, Event{Status: Registered, Actor: a.FiledBy, At: now})
	}
	e := audit.For(ctx, audit.Create, "application", "person", fmt.Sprint(person.ID), audit.Msg("service", "Service", p.Code))
	tell := func(a Application) []notify.Message {
		return s.tell(a, person.Phone, "application.msg.filed", a.Status)
	}
	if err := s.applications.FileApplication(ctx, &a, in.Documents, e, tell); err != nil {
		return a, err
	}
	return a, nil
}

// onPaper checks that every document the passport requires is filed, or — at a centre, by
// staff — was seen on paper, and returns the ones seen on paper to record.
func onPaper(ctx context.Context, p Passport, in NewApplication) ([]string, error) {
	pr := authz.From(ctx)
	staff := in.Channel == ChannelCentre && pr != nil && pr.PersonID == 0
	var bad fail.Fields
	var paper []string
	for _, t := range p.Documents {
		switch {
		case slices.ContainsFunc(in.Documents, func(d Document) bool { return d.Type == t }):
		case staff && slices.Contains(in.OnPaper, t):
			paper = append(paper, t)
		default:
			bad.Add("doc_"+t, "invalid.document_required", nil)
		}
	}
	for _, t := range in.OnPaper {
		if !staff || !slices.Contains(p.Documents, t) {
			bad.Add("paper_"+t, "invalid.choice", nil)
		}
	}
	return paper, bad.Err()
}

func checkDocuments(p Passport, docs []Document) error {
	var bad fail.Fields
	if len(docs) > MaxDocuments {
		bad.Add("documents", "invalid.too_many_documents", map[string]any{"Count": MaxDocuments})
	}
	for i, d := range docs {
		field := fmt.Sprintf("documents[%d]", i)
		switch {
		case !slices.Contains(p.Documents, d.Type):
			bad.Add(field, "invalid.document_type", nil)
		case len(d.Content) == 0:
			bad.Add(field, "invalid.document_empty", nil)
		case len(d.Content) > MaxDocumentSize:
			bad.Add(field, "invalid.document_size", map[string]any{"Max": MaxDocumentSize >> 20})
		case !slices.Contains(AcceptedTypes, http.DetectContentType(d.Content)): // what the bytes are, whatever the browser claimed
			bad.Add(field, "invalid.document_format", nil)
		}
	}
	return bad.Err()
}

// Application loads an application with its documents' descriptions and history, and records
// the read. A citizen may read only their own.
func (s *Service) Application(ctx context.Context, id string) (Application, error) {
	a, err := s.applications.Application(ctx, id)
	if err != nil {
		return a, err
	}
	if err := s.mayRead(ctx, a); err != nil {
		return a, err
	}
	return a, s.audit.Record(ctx, audit.For(ctx, audit.Read, "application", "application", a.UUID, audit.Msg("status", "Status", audit.Word("application.status."+a.Status))))
}

// Explanation is what the page shows under "explanation" for a reader of lang. A programme's
// decision explains itself in every language, so where one decided the application its
// sentence is read from the decision; the note (kept in the applicant's language) stands for
// what an officer typed, and for a reader who may not see the person's benefits.
func (s *Service) Explanation(ctx context.Context, a Application, lang string) (string, error) {
	if a.DecisionUUID == "" {
		return a.Note, nil
	}
	b, err := s.programs.BenefitsOf(ctx, a.PersonFIN)
	switch {
	case errors.Is(err, fail.ErrForbidden):
		return a.Note, nil
	case err != nil:
		return "", err
	}
	for _, d := range b.Decisions {
		if d.UUID == a.DecisionUUID {
			return d.Explanation.In(lang), nil
		}
	}
	return a.Note, nil
}

// mayRead lets a citizen read their own applications and staff read those of institutions
// in their scope (or filed at their desk).
func (s *Service) mayRead(ctx context.Context, a Application) error {
	p := authz.From(ctx)
	switch {
	case p == nil:
		return fail.ErrForbidden
	case p.PersonID != 0:
		if p.PersonID != a.PersonID {
			return fmt.Errorf("application: %w", fail.ErrNotFound)
		}
	case p.CanIn(authz.Decide, a.InstitutionID), p.Can(authz.QueueServe) && a.OperatorID == p.UserID:
	default:
		return fail.ErrForbidden
	}
	return nil
}

// Applications lists applications for a back office, oldest deadline first.
func (s *Service) Applications(ctx context.Context, f ApplicationFilter) ([]Application, error) {
	if f.Limit <= 0 || f.Limit > 201 { // a page of 200 and the row that says there is a next
		f.Limit = 50
	}
	list, err := s.applications.Applications(ctx, f)
	if err != nil || len(list) == 0 {
		return list, err
	}
	numbers := make([]string, len(list))
	for i, a := range list {
		numbers[i] = a.Number
	}
	// the list shows applicants' names: which applications were shown is recorded
	return list, s.audit.Record(ctx, audit.For(ctx, audit.Read, "applications list", "application", strings.Join(numbers, ","), audit.Msg("shown", "Count", len(list))))
}

// Move takes an application to its next status on behalf of the officer in ctx: register,
// take into review, decide, deliver, or (for the citizen) withdraw. A benefit application's
// decision comes from the programme's rule; the officer gives the grounds of any other
// refusal. Each step that concerns the citizen is announced to them.
func (s *Service) Move(ctx context.Context, id, to, ground, note string) (Application, error) {
	a, err := s.applications.Application(ctx, id)
	if err != nil {
		return a, err
	}
	if err := s.mayMove(ctx, a, to); err != nil {
		return a, err
	}
	if !slices.Contains(Moves[a.Status], to) {
		return a, fail.Fields{{Name: "status", Key: "invalid.status_change", Args: map[string]any{"From": a.Status, "To": to}}}
	}
	now := s.clock.Now()
	ev := Event{Status: to, Actor: authz.Actor(ctx), Note: note, At: now}
	a.Status = to
	switch to {
	case InReview: // the officer who takes it into review has it, unless a manager gave it to someone
		if a.AssignedTo == "" {
			a.AssignedTo, a.AssignedBy, a.AssignedAt = ev.Actor, ev.Actor, now
		}
	case Granted, Refused:
		if err := s.decide(ctx, &a, to, ground, note); err != nil {
			return a, err
		}
		ev.Status, ev.Note = a.Status, a.Note
	}
	var r *Rating
	if to == Delivered {
		r = &Rating{Token: NewToken(), ApplicationID: a.ID, ServiceID: a.ServiceID, CentreID: a.CentreID, OperatorID: a.OperatorID,
			PersonID: a.PersonID, RequestedAt: now}
	}
	e := audit.For(ctx, audit.Update, "application", "application", a.UUID, audit.Msg("status", "Status", audit.Word("application.status."+a.Status)))
	n := s.tell(a, a.PersonPhone, "application.msg."+announced(a), announced(a))
	if r != nil {
		n = append(n, s.askRating(a, r.Token)...)
	}
	return s.applications.MoveApplication(ctx, a, ev, e, n, r)
}

func (s *Service) mayMove(ctx context.Context, a Application, to string) error {
	p := authz.From(ctx)
	switch {
	case p == nil:
		return fail.ErrForbidden
	case p.PersonID != 0:
		if p.PersonID != a.PersonID || to != Withdrawn {
			return fail.ErrForbidden
		}
	case !p.CanIn(authz.Decide, a.InstitutionID):
		return fmt.Errorf("application %s belongs to another institution: %w", a.Number, fail.ErrForbidden)
	}
	return nil
}

// decide records the outcome. With a programme behind the service, the rule decides and its
// explanation becomes the note; the officer's choice of outcome is only a request to decide.
//
// When the rule refers the case to an officer (the household's income is not known, say), the
// application stays in review, marked with outcome Review and the rule's reasons as its note:
// it waits on the officer's worklist, who completes the record and asks the rule again, or
// refuses it on one of the service's grounds. Nothing is granted or refused on a referral.
func (s *Service) decide(ctx context.Context, a *Application, to, ground, note string) error {
	a.DecidedOn = s.today()
	if a.Service.ProgramCode != "" {
		if a.Outcome == programs.Review && to == Refused {
			return officersRefusal(a, ground, note)
		}
		d, err := s.programs.Decide(ctx, a.Service.ProgramCode, a.PersonFIN, a.DecidedOn)
		if err != nil {
			return err
		}
		if d.Outcome == programs.Review {
			a.Status, a.Outcome, a.Note, a.DecidedOn = InReview, programs.Review, d.Explanation.In(a.Lang), clock.Date{}
			return nil
		}
		a.DecisionUUID, a.Outcome, a.Status = d.UUID, d.Outcome, d.Outcome
		a.Note = d.Explanation.In(a.Lang)
		if d.Outcome == programs.Refused {
			a.RefusalGround = "not_eligible"
		}
		return nil
	}
	switch {
	case to == Refused && !slices.Contains(a.Service.RefusalGrounds, ground):
		return fail.Fields{{Name: "ground", Key: "invalid.refusal_ground"}}
	case to == Granted && ground != "": // a form that lost its outcome must not grant a refusal
		return fail.Fields{{Name: "ground", Key: "invalid.ground_with_grant"}}
	}
	a.Outcome, a.RefusalGround, a.Note = to, ground, note
	return nil
}

// officersRefusal is an officer's refusal of a case the rule referred to them, on one of the
// service's grounds.
func officersRefusal(a *Application, ground, note string) error {
	if !slices.Contains(a.Service.RefusalGrounds, ground) {
		return fail.Fields{{Name: "ground", Key: "invalid.refusal_ground"}}
	}
	a.Status, a.Outcome, a.RefusalGround, a.Note = Refused, Refused, ground, note
	return nil
}

// tell is the message announcing an application's new status to the citizen, in the
// language they filed in.
func (s *Service) tell(a Application, phone, key, status string) []notify.Message {
	body := i18n.Tr(a.Lang, key, map[string]any{"Number": a.Number, "Service": a.Service.Name.In(a.Lang), "Due": a.DueOn.In(a.Lang)})
	return []notify.Message{{DedupKey: "application:" + a.UUID + ":" + status, PersonID: a.PersonID, Channel: notify.SMS,
		Address: phone, Lang: a.Lang, Body: body}}
}

// announced is what the citizen is told of an application's new state: its status, or
// "referred" when the rule sent it to an officer — a message of its own, said once however
// often the rule is asked again while the record is incomplete (tell's key is per state).
func announced(a Application) string {
	if a.Status == InReview && a.Outcome == programs.Review {
		return "referred"
	}
	return a.Status
}

// askRating invites the citizen to rate a delivered service by a link that needs no login.
func (s *Service) askRating(a Application, token string) []notify.Message {
	body := i18n.Tr(a.Lang, "rating.msg", map[string]any{"Service": a.Service.Name.In(a.Lang), "Link": s.BaseURL + "/rate/" + token})
	return []notify.Message{{DedupKey: "rating:" + token, PersonID: a.PersonID, Channel: notify.SMS, Address: a.PersonPhone, Lang: a.Lang, Body: body}}
}

// Document returns one document of an application the caller may read.
func (s *Service) Document(ctx context.Context, appID string, docID int64) (Document, error) {
	a, err := s.Application(ctx, appID)
	if err != nil {
		return Document{}, err
	}
	d, content, err := s.applications.Document(ctx, a.ID, docID)
	d.Content = content
	return d, err
}

// Escalate marks the applications whose deadline has passed without a decision, so that
// they rise to the top of the supervisor's list. It is idempotent.
func (s *Service) Escalate(ctx context.Context) (int64, error) {
	return s.applications.Escalate(ctx, s.today(), s.clock.Now())
}
