package registryweb

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/registry"
)

// incomeDTO is an income record as the API shows it.
type incomeDTO struct {
	Month      string `json:"month" example:"2026-10" doc:"YYYY-MM"`
	Amount     string `json:"amount" example:"450.50" doc:"manat with at most two decimals"`
	Source     string `json:"source" enum:"tax,sspf,employer,declaration,import"`
	RecordedBy string `json:"recorded_by,omitempty"`
	RecordedAt string `json:"recorded_at,omitempty" format:"date-time"`
}

func incomeBody(r registry.IncomeRecord) incomeDTO {
	d := incomeDTO{Month: r.Month.String(), Amount: r.Amount.String(), Source: r.Source, RecordedBy: r.RecordedBy}
	if !r.RecordedAt.IsZero() {
		d.RecordedAt = r.RecordedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	return d
}

type incomesIn struct {
	FIN  string `path:"fin" example:"5ABCD12"`
	From string `query:"from" example:"2025-11" doc:"first month (YYYY-MM); twelve months before to when empty"`
	To   string `query:"to" example:"2026-10" doc:"last month (YYYY-MM); the month before this one when empty"`
}

type incomesOut struct {
	Body struct {
		Items []incomeDTO `json:"items"`
	}
}

type addIncomeIn struct {
	FIN  string `path:"fin" example:"5ABCD12"`
	Body struct {
		Month  string `json:"month" example:"2026-10" doc:"YYYY-MM, not after this month"`
		Amount string `json:"amount" example:"450.50" doc:"manat, a dot or a comma before at most two decimals; 0 allowed"`
		Source string `json:"source" example:"declaration" doc:"tax, sspf, employer, declaration or import"`
	}
}

type addIncomeOut struct {
	Body struct {
		Outcome string    `json:"outcome" enum:"added,changed,unchanged" doc:"a new record, a corrected amount, or the same record again"`
		Income  incomeDTO `json:"income"`
	}
}

// incomeAPI registers the income operations.
func (h *Handler) incomeAPI(api huma.API, routes *[]web.Route) {
	tags := []string{"Registry"}
	web.Register(api, routes, authz.PersonRead, huma.Operation{OperationID: "person-incomes", Method: http.MethodGet,
		Path: "/api/v1/persons/{fin}/incomes", Summary: "The person's income records", Tags: tags,
		Description: "Records of the months from..to, newest first: at most one per month and source. A month without a record is unknown income, not zero."}, h.apiIncomes)
	web.Register(api, routes, authz.PersonWrite, huma.Operation{OperationID: "add-person-income", Method: http.MethodPost,
		Path: "/api/v1/persons/{fin}/incomes", Summary: "Add or correct a month's income", Tags: tags,
		Description: "A record for a month and source that exists gets the new amount (outcome changed); the same amount again changes nothing (unchanged). Invalid fields are refused together (422)."}, h.apiAddIncome)
}

func (h *Handler) apiIncomes(ctx context.Context, in *incomesIn) (*incomesOut, error) {
	from, to := incomeWindow(clock.Today(clock.System{}))
	var errs fail.Fields
	if in.To != "" {
		m, err := clock.ParseMonth(in.To)
		if err != nil {
			errs.Add("to", "invalid.income_month", nil)
		}
		to, from = m, m.Add(1-incomeMonths)
	}
	if in.From != "" {
		m, err := clock.ParseMonth(in.From)
		if err != nil {
			errs.Add("from", "invalid.income_month", nil)
		}
		from = m
	}
	if err := errs.Err(); err != nil {
		return nil, web.ToProblem(ctx, err, "query.")
	}
	p, err := h.svc.Person(ctx, in.FIN, "api income")
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	records, err := h.svc.Incomes(ctx, p, from, to)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "")
	}
	out := &incomesOut{}
	out.Body.Items = make([]incomeDTO, len(records))
	for i, r := range records {
		out.Body.Items[i] = incomeBody(r)
	}
	return out, nil
}

func (h *Handler) apiAddIncome(ctx context.Context, in *addIncomeIn) (*addIncomeOut, error) {
	p, err := h.svc.Person(ctx, in.FIN, "api income")
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	r, o, err := h.svc.RecordIncome(ctx, p, registry.IncomeInput{Month: in.Body.Month, Amount: in.Body.Amount, Source: in.Body.Source})
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	out := &addIncomeOut{}
	out.Body.Outcome, out.Body.Income = outcomeName[o], incomeBody(r)
	return out, nil
}
