package appealsweb

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/appeals"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/web"
)

type appealIn struct {
	Body struct {
		Channel     string   `json:"channel" enum:"portal,centre,call,letter" doc:"how the appeal arrived; the call centre 142 sends call"`
		FIN         string   `json:"fin,omitempty" doc:"the applicant's FİN, when known"`
		Applicant   string   `json:"applicant,omitempty"`
		Contact     string   `json:"contact,omitempty"`
		Anonymous   bool     `json:"anonymous,omitempty" doc:"registered and refused at once with the legal reason"`
		Category    string   `json:"category" enum:"complaint,proposal,request,information,benefit_decision,service_quality"`
		Subject     string   `json:"subject" maxLength:"200"`
		Body        string   `json:"body" maxLength:"10000"`
		Institution string   `json:"institution" example:"SSPF"`
		Lang        web.Lang `json:"lang,omitempty"`
	}
}

type appealDTO struct {
	UUID        string     `json:"uuid"`
	Number      string     `json:"number"`
	Status      string     `json:"status"`
	Institution string     `json:"institution"`
	ReceivedOn  clock.Date `json:"received_on"`
	DueOn       clock.Date `json:"due_on"`
	Answer      string     `json:"answer,omitempty"`
}

type appealOut struct{ Body appealDTO }

type statsIn struct {
	From string `query:"from" example:"2026-01-01" doc:"first day of the period; the month's first day by default"`
	To   string `query:"to" example:"2026-11-30" doc:"last day; today by default"`
}

type statsOut struct{ Body []appeals.Stat }

// API registers the appeals operations: intake (for the call centre and other channels) and
// the statistics per institution and period.
func (h *Handler) API(api huma.API, routes *[]web.Route) {
	tags := []string{"Appeals"}
	web.Register(api, routes, authz.AppealHandle, huma.Operation{OperationID: "receive-appeal", Method: http.MethodPost, Path: "/api/v1/appeals",
		Summary: "Register a citizen's appeal", Tags: tags, DefaultStatus: http.StatusCreated}, h.receiveAPI)
	web.Register(api, routes, authz.AppealHandle, huma.Operation{OperationID: "appeal-stats", Method: http.MethodGet, Path: "/api/v1/appeals/stats",
		Summary: "Appeals received, answered, answered late and open, per institution", Tags: tags}, h.statsAPI)
}

func (h *Handler) receiveAPI(ctx context.Context, in *appealIn) (*appealOut, error) {
	b := in.Body
	a, err := h.svc.Receive(ctx, appeals.New{Channel: b.Channel, FIN: b.FIN, Applicant: b.Applicant, Contact: b.Contact, Anonymous: b.Anonymous,
		Category: b.Category, Subject: b.Subject, Body: b.Body, Institution: b.Institution, Lang: string(b.Lang)})
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &appealOut{Body: appealDTO{UUID: a.UUID, Number: a.Number, Status: a.Status, Institution: b.Institution,
		ReceivedOn: a.ReceivedOn, DueOn: a.DueOn, Answer: a.Answer}}, nil
}

func (h *Handler) statsAPI(ctx context.Context, in *statsIn) (*statsOut, error) {
	from, to := web.ReportPeriod(in.From, in.To, h.svc.Today())
	st, err := h.svc.Stats(ctx, from, to)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	return &statsOut{Body: st}, nil
}
