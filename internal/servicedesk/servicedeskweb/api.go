package servicedeskweb

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/servicedesk"
)

type passportsOut struct{ Body []servicedesk.Passport }
type passportOut struct{ Body servicedesk.Passport }
type codeIn struct {
	Code string `path:"code" example:"02-01-01-00"`
}
type passportIn struct {
	Code string `path:"code"`
	Body servicedesk.Passport
}

type documentIn struct {
	Type     string `json:"type" example:"id_card"`
	FileName string `json:"file_name"`
	Content  []byte `json:"content" doc:"the file, base64-encoded; PDF, JPEG or PNG up to 5 MiB"`
}
type applicationIn struct {
	Body struct {
		Service   string       `json:"service" example:"02-01-01-00"`
		FIN       string       `json:"fin"`
		Centre    string       `json:"centre,omitempty" example:"DOST-1"`
		Ticket    string       `json:"ticket,omitempty"`
		Lang      web.Lang     `json:"lang,omitempty"`
		Documents []documentIn `json:"documents,omitempty"`
	}
}
type applicationDTO struct {
	UUID          string     `json:"uuid"`
	Number        string     `json:"number"`
	Service       string     `json:"service"`
	Status        string     `json:"status"`
	Outcome       string     `json:"outcome,omitempty"`
	FiledOn       clock.Date `json:"filed_on"`
	DueOn         clock.Date `json:"due_on"`
	Deadline      string     `json:"deadline" enum:"on_track,at_risk,breached,met,late"`
	RefusalGround string     `json:"refusal_ground,omitempty"`
	Explanation   string     `json:"explanation,omitempty"`
	DecisionUUID  string     `json:"decision,omitempty"`
	AssignedTo    string     `json:"assigned_to,omitempty" doc:"the officer's login"`
}
type applicationOut struct{ Body applicationDTO }
type uuidIn struct {
	UUID string `path:"uuid"`
}
type moveIn struct {
	UUID string `path:"uuid"`
	Body struct {
		To     string `json:"to" enum:"registered,in_review,granted,refused,delivered,withdrawn"`
		Ground string `json:"ground,omitempty" doc:"refusal ground, from the service passport"`
		Note   string `json:"note,omitempty"`
	}
}
type verifyIn struct {
	Code string `path:"code" example:"ABCD-EFGH-JKMN"`
}
type verifyOut struct {
	Body struct {
		Valid      bool       `json:"valid"`
		Expired    bool       `json:"expired"`
		Title      string     `json:"title,omitempty"`
		Holder     string     `json:"holder,omitempty"`
		SHA256     string     `json:"sha256,omitempty" doc:"hash of the PDF as issued; a copy must hash the same"`
		ValidUntil clock.Date `json:"valid_until,omitzero"`
	}
}

// API registers the single window's JSON operations.
func (h *Handler) API(api huma.API, routes *[]web.Route) {
	h.letterAPI(api, routes)
	web.Register(api, routes, authz.Public, huma.Operation{OperationID: "list-services", Method: http.MethodGet, Path: "/api/v1/services",
		Summary: "The service catalogue", Tags: []string{"Single window"}}, func(ctx context.Context, _ *struct{}) (*passportsOut, error) {
		ps, err := h.svc.Catalogue(ctx, false)
		return &passportsOut{Body: ps}, problem(ctx, err)
	})
	web.Register(api, routes, authz.Public, huma.Operation{OperationID: "get-service", Method: http.MethodGet, Path: "/api/v1/services/{code}",
		Summary: "A service passport", Tags: []string{"Single window"}}, func(ctx context.Context, in *codeIn) (*passportOut, error) {
		p, err := h.svc.Passport(ctx, in.Code)
		return &passportOut{Body: p}, problem(ctx, err)
	})
	web.Register(api, routes, authz.CatalogueManage, huma.Operation{OperationID: "put-service", Method: http.MethodPut, Path: "/api/v1/services/{code}",
		Summary: "Add or change a service passport (send the version you read)", Tags: []string{"Single window"}}, h.putPassport)
	web.Register(api, routes, authz.QueueServe, huma.Operation{OperationID: "file-application", Method: http.MethodPost, Path: "/api/v1/applications",
		Summary: "File an application at a centre", Tags: []string{"Applications"}, DefaultStatus: http.StatusCreated,
		MaxBodyBytes: servicedesk.MaxUpload / 3 * 4}, h.file) // the documents in base64
	web.Register(api, routes, authz.PersonRead, huma.Operation{OperationID: "get-application", Method: http.MethodGet, Path: "/api/v1/applications/{uuid}",
		Summary: "An application with its deadline state", Tags: []string{"Applications"}}, func(ctx context.Context, in *uuidIn) (*applicationOut, error) {
		a, err := h.svc.Application(ctx, in.UUID)
		return h.out(a), problem(ctx, err)
	})
	web.Register(api, routes, authz.Decide, huma.Operation{OperationID: "move-application", Method: http.MethodPost, Path: "/api/v1/applications/{uuid}/status",
		Summary: "Register, review, decide or deliver an application", Tags: []string{"Applications"}}, func(ctx context.Context, in *moveIn) (*applicationOut, error) {
		a, err := h.svc.Move(ctx, in.UUID, in.Body.To, in.Body.Ground, in.Body.Note)
		return h.out(a), problem(ctx, err)
	})
	h.workAPI(api, routes)
	web.Register(api, routes, authz.Public, huma.Operation{OperationID: "verify-certificate", Method: http.MethodGet, Path: "/api/v1/certificates/{code}",
		Summary: "Check an e-certificate by its code", Tags: []string{"Certificates"}}, h.verifyAPI)
}

func (h *Handler) putPassport(ctx context.Context, in *passportIn) (*passportOut, error) {
	in.Body.Code = in.Code
	if old, err := h.svc.Passport(ctx, in.Code); err == nil {
		in.Body.ID = old.ID
	}
	p, err := h.svc.SavePassport(ctx, in.Body)
	return &passportOut{Body: p}, problem(ctx, err)
}

func (h *Handler) file(ctx context.Context, in *applicationIn) (*applicationOut, error) {
	n := servicedesk.NewApplication{ServiceCode: in.Body.Service, FIN: in.Body.FIN, Channel: servicedesk.ChannelCentre, TicketUUID: in.Body.Ticket, Lang: string(in.Body.Lang)}
	if c, err := h.svc.Centre(ctx, in.Body.Centre); err == nil {
		n.CentreID = c.ID
	}
	for _, d := range in.Body.Documents {
		n.Documents = append(n.Documents, servicedesk.Document{Type: d.Type, FileName: d.FileName, ContentType: http.DetectContentType(d.Content), Content: d.Content})
	}
	a, err := h.svc.File(ctx, n)
	return h.out(a), problem(ctx, err)
}

func (h *Handler) out(a servicedesk.Application) *applicationOut {
	cal, today := h.svc.Calendar().Get(), h.svc.Today()
	return &applicationOut{Body: applicationDTO{UUID: a.UUID, Number: a.Number, Service: a.Service.Code, Status: a.Status, Outcome: a.Outcome,
		FiledOn: a.FiledOn, DueOn: a.DueOn, Deadline: a.Deadline(cal, today), RefusalGround: a.RefusalGround, Explanation: a.Note, DecisionUUID: a.DecisionUUID,
		AssignedTo: a.AssignedTo}}
}

func (h *Handler) verifyAPI(ctx context.Context, in *verifyIn) (*verifyOut, error) {
	v, err := h.svc.Verify(ctx, in.Code, nil)
	out := &verifyOut{}
	if err != nil || !v.Found {
		return out, problem(ctx, err)
	}
	c := v.Certificate
	out.Body.Valid, out.Body.Expired, out.Body.Title, out.Body.Holder, out.Body.SHA256, out.Body.ValidUntil = !v.Expired, v.Expired, c.Title, c.Holder, c.SHA256, c.ValidUntil
	return out, nil
}

func problem(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	return web.ToProblem(ctx, err, "body.")
}
