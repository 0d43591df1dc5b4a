// Package programsweb serves programmes, rules, decisions and entitlements: the JSON API and
// the back-office pages.
package programsweb

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/eligibility"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs"
)

// Handler holds the programmes service.
type Handler struct{ svc *programs.Service }

// New returns the handlers.
func New(svc *programs.Service) *Handler { return &Handler{svc: svc} }

type programsOut struct {
	Body struct {
		Items []programs.Program `json:"items"`
	}
}

type ruleDTO struct {
	Version     int              `json:"version"`
	Status      string           `json:"status"`
	CreatedBy   string           `json:"created_by"`
	ActivatedBy string           `json:"activated_by,omitempty"`
	Rule        eligibility.Rule `json:"rule"`
}

type rulesOut struct {
	Body struct {
		Items []ruleDTO `json:"items"`
	}
}

type codeIn struct {
	Code string `path:"code" example:"TSSA"`
}

type saveRuleIn struct {
	Code string `path:"code"`
	Body eligibility.Rule
}

type activateIn struct {
	Code    string `path:"code"`
	Version int    `path:"version"`
}

type decideIn struct {
	Body struct {
		Program string `json:"program" example:"TSSA"`
		FIN     string `json:"fin" example:"5ABCD12"`
		Date    string `json:"date,omitempty" format:"date" doc:"the day the decision is for; today by default"`
	}
}

// DecisionDTO is a decision as the API shows it.
type DecisionDTO struct {
	UUID           string             `json:"uuid"`
	Rule           string             `json:"rule"`
	DecidedOn      string             `json:"decided_on" format:"date"`
	Eligible       bool               `json:"eligible" doc:"what the rule said"`
	RuleAmount     string             `json:"rule_amount" doc:"what the rule computed, AZN"`
	Outcome        string             `json:"outcome" doc:"what was decided, after any override: granted or refused; review when the rule referred the case to an officer (nothing decided or stored: no uuid)"`
	Amount         string             `json:"amount" doc:"AZN a month (once for a one-off programme)"`
	Explanation    string             `json:"explanation" doc:"in the caller's language"`
	Explanations   eligibility.Text   `json:"explanations"`
	Steps          []eligibility.Step `json:"steps"`
	Checks         []eligibility.Step `json:"checks,omitempty" doc:"the rule's review conditions: one that failed referred the case to an officer"`
	Inputs         eligibility.Input  `json:"inputs"`
	OverrideReason string             `json:"override_reason,omitempty"`
	OverriddenBy   string             `json:"overridden_by,omitempty"`
	DecidedBy      string             `json:"decided_by"`
	// PendingOverride is set when the override asked for waits for a second person's
	// approval (GET /api/v1/overrides); the decision is shown as it still stands.
	PendingOverride string `json:"pending_override,omitempty" doc:"id of an override awaiting a second person's approval"`
}

type decisionOut struct{ Body DecisionDTO }

type uuidIn struct {
	UUID string `path:"uuid"`
}

type overrideIn struct {
	UUID string `path:"uuid"`
	Body struct {
		Outcome string `json:"outcome" enum:"granted,refused"`
		Amount  string `json:"amount,omitempty" doc:"AZN, e.g. 300.00; for granted"`
		Reason  string `json:"reason" minLength:"1"`
	}
}

// API registers the operations.
func (h *Handler) API(api huma.API, routes *[]web.Route) {
	tags := []string{"Programmes"}
	documentCounts(api)
	web.Register(api, routes, authz.Authenticated, huma.Operation{OperationID: "list-programs", Method: http.MethodGet,
		Path: "/api/v1/programs", Summary: "Benefit programmes", Tags: tags}, h.apiPrograms)
	web.Register(api, routes, authz.ProgramManage, huma.Operation{OperationID: "list-rules", Method: http.MethodGet,
		Path: "/api/v1/programs/{code}/rules", Summary: "A programme's rule versions", Tags: tags}, h.apiRules)
	web.Register(api, routes, authz.ProgramManage, huma.Operation{OperationID: "save-rule", Method: http.MethodPost,
		Path: "/api/v1/programs/{code}/rules", Summary: "Save a rule as the next draft version",
		Description: "Every CEL expression is type-checked; errors come back with line and column.", Tags: tags, DefaultStatus: http.StatusCreated}, h.apiSaveRule)
	web.Register(api, routes, authz.ProgramManage, huma.Operation{OperationID: "activate-rule", Method: http.MethodPost,
		Path: "/api/v1/programs/{code}/rules/{version}/activate", Summary: "Put a draft rule in force from its effective date", Tags: tags}, h.apiActivate)
	web.Register(api, routes, authz.ProgramManage, huma.Operation{OperationID: "dry-run-rule", Method: http.MethodPost,
		Path: "/api/v1/programs/{code}/rules/{version}/dry-run", Summary: "Try a rule version over the whole registry and compare it with the version in force",
		Description: "Counts eligible cases and the monthly cost under both versions, the cases whose outcome changes, and sample decisions with explanations. Decides nothing. Waits for the run, which is on record all the same; over a national registry prefer start-dry-run.", Tags: tags}, h.apiDryRun)
	h.dryRunAPI(api, routes, tags)
	web.Register(api, routes, authz.Decide, huma.Operation{OperationID: "decide", Method: http.MethodPost,
		Path: "/api/v1/decisions", Summary: "Decide a person's application under a programme's rule", Tags: tags, DefaultStatus: http.StatusCreated}, h.apiDecide)
	web.Register(api, routes, authz.PersonRead, huma.Operation{OperationID: "get-decision", Method: http.MethodGet,
		Path: "/api/v1/decisions/{uuid}", Summary: "A decision with its rule version, inputs and explanation", Tags: tags}, h.apiDecision)
	web.Register(api, routes, authz.Decide, huma.Operation{OperationID: "set-entitlement-status", Method: http.MethodPost,
		Path: "/api/v1/entitlements/{uuid}/status", Summary: "Suspend, resume or terminate an entitlement from a date, for a reason", Tags: tags}, h.apiSetStatus)
	web.Register(api, routes, authz.Decide, huma.Operation{OperationID: "override-decision", Method: http.MethodPost,
		Path: "/api/v1/decisions/{uuid}/override", Summary: "Override a decision, with a reason kept beside the rule's outcome", Tags: tags}, h.apiOverride)
	h.overrideAPI(api, routes)
}

func (h *Handler) apiPrograms(ctx context.Context, _ *struct{}) (*programsOut, error) {
	ps, err := h.svc.Programs(ctx)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	out := &programsOut{}
	out.Body.Items = ps
	return out, nil
}

func (h *Handler) apiRules(ctx context.Context, in *codeIn) (*rulesOut, error) {
	rs, err := h.svc.Rules(ctx, in.Code)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	out := &rulesOut{}
	for _, r := range rs {
		out.Body.Items = append(out.Body.Items, ruleDTO{Version: r.Rule.Version, Status: r.Status, CreatedBy: r.CreatedBy, ActivatedBy: r.ActivatedBy, Rule: r.Rule})
	}
	return out, nil
}

func (h *Handler) apiSaveRule(ctx context.Context, in *saveRuleIn) (*struct{ Body ruleDTO }, error) {
	rv, err := h.svc.SaveRule(ctx, in.Code, in.Body)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &struct{ Body ruleDTO }{ruleDTO{Version: rv.Rule.Version, Status: rv.Status, CreatedBy: rv.CreatedBy, Rule: rv.Rule}}, nil
}

func (h *Handler) apiActivate(ctx context.Context, in *activateIn) (*struct{}, error) {
	if err := h.svc.Activate(ctx, in.Code, in.Version); err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return &struct{}{}, nil
}

// DecisionBody renders a decision for the caller's language.
func DecisionBody(ctx context.Context, d programs.Decision) DecisionDTO {
	return DecisionDTO{UUID: d.UUID, Rule: d.Rule.Rule, DecidedOn: d.DecidedOn.String(), Eligible: d.Rule.Eligible,
		RuleAmount: d.Rule.Amount.String(), Outcome: d.Outcome, Amount: d.FinalAmount.String(),
		Explanation: d.Explanation.In(i18n.Lang(ctx)), Explanations: d.Explanation, Steps: d.Rule.Steps, Checks: d.Rule.Checks, Inputs: d.Rule.Input,
		OverrideReason: d.OverrideReason, OverriddenBy: d.OverriddenBy, DecidedBy: d.DecidedBy, PendingOverride: d.PendingOverride}
}

func (h *Handler) apiDecide(ctx context.Context, in *decideIn) (*decisionOut, error) {
	day := clock.Today(clock.System{})
	if in.Body.Date != "" {
		var err error
		if day, err = clock.ParseDate(in.Body.Date); err != nil {
			return nil, web.ToProblem(ctx, fail.Fields{{Name: "date", Key: "invalid.date"}}, "body.")
		}
	}
	d, err := h.svc.Decide(ctx, in.Body.Program, in.Body.FIN, day)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &decisionOut{Body: DecisionBody(ctx, d)}, nil
}

func (h *Handler) apiDecision(ctx context.Context, in *uuidIn) (*decisionOut, error) {
	d, err := h.svc.Decision(ctx, in.UUID)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return &decisionOut{Body: DecisionBody(ctx, d)}, nil
}

func (h *Handler) apiOverride(ctx context.Context, in *overrideIn) (*decisionOut, error) {
	var amount money.Amount
	if in.Body.Amount != "" {
		var err error
		if amount, err = money.Parse(in.Body.Amount); err != nil {
			return nil, web.ToProblem(ctx, fail.Fields{{Name: "amount", Key: "invalid.amount"}}, "body.")
		}
	}
	d, err := h.svc.Override(ctx, in.UUID, in.Body.Outcome, amount, in.Body.Reason)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &decisionOut{Body: DecisionBody(ctx, d)}, nil
}

type dryRunIn struct {
	Code    string `path:"code"`
	Version int    `path:"version"`
	Body    struct {
		Date string `json:"date,omitempty" format:"date" doc:"the day to evaluate on; today by default"`
	}
}

func (h *Handler) apiDryRun(ctx context.Context, in *dryRunIn) (*struct{ Body programs.DryRun }, error) {
	day, err := dryRunDay(in.Body.Date)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	rec, err := h.svc.RecordedDryRun(ctx, in.Code, in.Version, day, i18n.Lang(ctx), nil)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return &struct{ Body programs.DryRun }{*rec.Result}, nil
}

type statusIn struct {
	UUID string `path:"uuid"`
	Body struct {
		Status string `json:"status" enum:"active,suspended,terminated"`
		From   string `json:"from" format:"date"`
		Reason string `json:"reason" minLength:"1"`
	}
}

type entitlementDTO struct {
	UUID         string `json:"uuid"`
	Start        string `json:"start" format:"date"`
	End          string `json:"end,omitempty" format:"date"`
	Amount       string `json:"amount"`
	Status       string `json:"status"`
	StatusReason string `json:"status_reason"`
	StatusSince  string `json:"status_since" format:"date"`
}

func (h *Handler) apiSetStatus(ctx context.Context, in *statusIn) (*struct{ Body entitlementDTO }, error) {
	from, err := clock.ParseDate(in.Body.From)
	if err != nil {
		return nil, web.ToProblem(ctx, fail.Fields{{Name: "from", Key: "invalid.date"}}, "body.")
	}
	ent, err := h.svc.EntitlementByUUID(ctx, in.UUID)
	if err == nil {
		ent, err = h.svc.SetStatus(ctx, ent, in.Body.Status, in.Body.Reason, from)
	}
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &struct{ Body entitlementDTO }{entitlementDTO{UUID: ent.UUID, Start: ent.Start.String(), End: ent.End.String(),
		Amount: ent.Amount.String(), Status: ent.Status, StatusReason: ent.StatusReason, StatusSince: ent.StatusSince.String()}}, nil
}
