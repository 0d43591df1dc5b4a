package registryweb

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/registry"
)

// PersonDTO is a person as the API shows it.
type PersonDTO struct {
	FIN               string `json:"fin" example:"5ABCD12"`
	UUID              string `json:"uuid"`
	LastName          string `json:"last_name"`
	FirstName         string `json:"first_name"`
	Patronymic        string `json:"patronymic"`
	Sex               string `json:"sex" enum:"M,F"`
	BirthDate         string `json:"birth_date" format:"date"`
	DeathDate         string `json:"death_date,omitempty" format:"date"`
	Citizenship       string `json:"citizenship"`
	RegPlaceID        int64  `json:"reg_place_id,omitempty"`
	RegDistrictID     int64  `json:"reg_district_id,omitempty"`
	RegAddress        string `json:"reg_address"`
	ActPlaceID        int64  `json:"act_place_id,omitempty"`
	ActAddress        string `json:"act_address"`
	Phone             string `json:"phone"`
	Email             string `json:"email"`
	IBAN              string `json:"iban"`
	DisabilityGroup   int    `json:"disability_group"`
	DisabilityPercent int    `json:"disability_percent"`
	DisabilityUntil   string `json:"disability_until,omitempty" format:"date"`
	Version           int64  `json:"version" doc:"Send it back when you change the person; a stale version gets 409."`
}

func toDTO(p registry.Person) PersonDTO {
	return PersonDTO{FIN: p.FIN, UUID: p.UUID, LastName: p.LastName, FirstName: p.FirstName,
		Patronymic: p.Patronymic, Sex: p.Sex, BirthDate: p.BirthDate.String(), DeathDate: p.DeathDate.String(),
		Citizenship: p.Citizenship, RegPlaceID: p.RegPlaceID, RegDistrictID: p.RegDistrictID,
		RegAddress: p.RegAddress, ActPlaceID: p.ActPlaceID, ActAddress: p.ActAddress, Phone: p.Phone,
		Email: p.Email, IBAN: p.IBAN, DisabilityGroup: p.DisabilityGroup,
		DisabilityPercent: p.DisabilityPercent, DisabilityUntil: p.DisabilityUntil.String(), Version: p.Version}
}

type searchIn struct {
	Q         string `query:"q" doc:"FİN, or a name in any usual spelling" required:"true"`
	BirthYear int    `query:"birth_year"`
	BirthDate string `query:"birth_date" format:"date"`
	District  int64  `query:"district" doc:"district id from /api/v1/places"`
	After     string `query:"after" doc:"cursor from the previous page's next"`
	Limit     int    `query:"limit" minimum:"0" maximum:"200"`
}

type searchOut struct {
	Body struct {
		Items []PersonDTO `json:"items"`
		Next  string      `json:"next,omitempty"`
		Total int         `json:"total" doc:"how many persons the search selects, counted exactly up to 1000"`
		More  bool        `json:"more_than_total,omitempty" doc:"true: the search selects more than total (1000) persons"`
	}
}

type finIn struct {
	FIN string `path:"fin" example:"5ABCD12"`
}

type personOut struct {
	ETag string `header:"ETag"`
	Body PersonDTO
}

type patchIn struct {
	FIN  string `path:"fin"`
	Body struct {
		Version int64             `json:"version" minimum:"1" doc:"the version you read"`
		Fields  map[string]string `json:"fields" doc:"field name → new value as text; see registry.EditableFields"`
	}
}

type createIn struct {
	Body struct {
		FIN    string            `json:"fin"`
		Fields map[string]string `json:"fields"`
	}
}

type historyOut struct {
	Body struct {
		Items []registry.Change `json:"items"`
	}
}

type householdOut struct {
	Body householdDTO
}

type householdDTO struct {
	UUID    string      `json:"uuid"`
	Version int64       `json:"version"`
	PlaceID int64       `json:"place_id"`
	Address string      `json:"address"`
	Members []memberDTO `json:"members"`
	// the monthly utility and communication cost, AZN; absent when not known (never a zero)
	UtilityCost       *string `json:"utility_cost,omitempty"`
	UtilityCostSource string  `json:"utility_cost_source,omitempty" doc:"declaration, supplier, inspection (demo: demo)"`
}

type memberDTO struct {
	FIN          string `json:"fin"`
	FullName     string `json:"full_name"`
	Relationship string `json:"relationship"`
	BirthDate    string `json:"birth_date"`
	Deceased     bool   `json:"deceased"`
}

type categoriesOut struct {
	Body struct {
		Items []categoryDTO `json:"items"`
	}
}

type categoryDTO struct {
	Code       string `json:"code"`
	Evidence   string `json:"evidence"`
	Source     string `json:"source"`
	ValidFrom  string `json:"valid_from" format:"date"`
	ValidUntil string `json:"valid_until,omitempty" format:"date"`
}

// API registers the registry's JSON operations.
func (h *Handler) API(api huma.API, routes *[]web.Route) {
	tags := []string{"Registry"}
	web.Register(api, routes, authz.PersonRead, huma.Operation{OperationID: "search-persons", Method: http.MethodGet,
		Path: "/api/v1/persons", Summary: "Find persons by FİN or name", Tags: tags}, h.apiSearch)
	web.Register(api, routes, authz.PersonWrite, huma.Operation{OperationID: "create-person", Method: http.MethodPost,
		Path: "/api/v1/persons", Summary: "Register a person", Tags: tags, DefaultStatus: http.StatusCreated}, h.apiCreate)
	web.Register(api, routes, authz.PersonRead, huma.Operation{OperationID: "get-person", Method: http.MethodGet,
		Path: "/api/v1/persons/{fin}", Summary: "Read a person's record", Tags: tags}, h.apiGet)
	web.Register(api, routes, authz.PersonWrite, huma.Operation{OperationID: "update-person", Method: http.MethodPatch,
		Path: "/api/v1/persons/{fin}", Summary: "Correct fields of a person's record", Tags: tags,
		Description: "Fields are validated together; any invalid field rejects the whole change (422). A version other than the stored one is refused with 409."}, h.apiPatch)
	web.Register(api, routes, authz.PersonRead, huma.Operation{OperationID: "person-history", Method: http.MethodGet,
		Path: "/api/v1/persons/{fin}/history", Summary: "Change history of a person", Tags: tags}, h.apiHistory)
	web.Register(api, routes, authz.PersonRead, huma.Operation{OperationID: "person-household", Method: http.MethodGet,
		Path: "/api/v1/persons/{fin}/household", Summary: "The person's household", Tags: tags}, h.apiHousehold)
	web.Register(api, routes, authz.PersonRead, huma.Operation{OperationID: "person-categories", Method: http.MethodGet,
		Path: "/api/v1/persons/{fin}/categories", Summary: "The person's categories", Tags: tags}, h.apiCategories)
	h.householdAPI(api, routes)
	h.incomeAPI(api, routes)
	h.ibanAPI(api, routes)
}

func (h *Handler) apiSearch(ctx context.Context, in *searchIn) (*searchOut, error) {
	v := url.Values{"q": {in.Q}, "after": {in.After}, "birth_date": {in.BirthDate},
		"birth_year": {strconv.Itoa(in.BirthYear)}, "district": {strconv.FormatInt(in.District, 10)}, "limit": {strconv.Itoa(in.Limit)}}
	found, next, err := h.svc.Search(ctx, queryFrom(v))
	if err != nil {
		return nil, web.ToProblem(ctx, err, "query.")
	}
	out := &searchOut{}
	if out.Body.Total, out.Body.More, err = h.svc.CountSearch(ctx, queryFrom(v)); err != nil {
		return nil, web.ToProblem(ctx, err, "query.")
	}
	out.Body.Items, out.Body.Next = make([]PersonDTO, len(found)), next
	for i, p := range found {
		out.Body.Items[i] = toDTO(p)
	}
	return out, nil
}

func (h *Handler) apiGet(ctx context.Context, in *finIn) (*personOut, error) {
	p, err := h.svc.Person(ctx, in.FIN, "api read")
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return &personOut{ETag: strconv.Quote(strconv.FormatInt(p.Version, 10)), Body: toDTO(p)}, nil
}

func (h *Handler) apiPatch(ctx context.Context, in *patchIn) (*personOut, error) {
	p, err := h.svc.Update(ctx, in.FIN, in.Body.Version, in.Body.Fields, registry.SourceManual)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.fields.")
	}
	return &personOut{ETag: strconv.Quote(strconv.FormatInt(p.Version, 10)), Body: toDTO(p)}, nil
}

func (h *Handler) apiCreate(ctx context.Context, in *createIn) (*personOut, error) {
	if in.Body.Fields == nil {
		in.Body.Fields = map[string]string{}
	}
	p, err := h.svc.Create(ctx, in.Body.FIN, in.Body.Fields, registry.SourceManual)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.fields.")
	}
	return &personOut{ETag: strconv.Quote("1"), Body: toDTO(p)}, nil
}

func (h *Handler) apiHistory(ctx context.Context, in *finIn) (*historyOut, error) {
	p, err := h.svc.Person(ctx, in.FIN, "api history")
	if err == nil {
		out := &historyOut{}
		out.Body.Items, err = h.svc.History(ctx, p, 0)
		if err == nil {
			return out, nil
		}
	}
	return nil, web.ToProblem(ctx, err, "path.")
}

func (h *Handler) apiHousehold(ctx context.Context, in *finIn) (*householdOut, error) {
	p, err := h.svc.Person(ctx, in.FIN, "api household")
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	hh, err := h.svc.Household(ctx, p)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return &householdOut{Body: householdBody(hh)}, nil
}

func (h *Handler) apiCategories(ctx context.Context, in *finIn) (*categoriesOut, error) {
	p, err := h.svc.Person(ctx, in.FIN, "api categories")
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	cats, err := h.svc.Categories(ctx, p)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	out := &categoriesOut{}
	for _, c := range cats {
		out.Body.Items = append(out.Body.Items, categoryDTO{Code: c.Code, Evidence: c.Evidence,
			Source: c.Source, ValidFrom: c.ValidFrom.String(), ValidUntil: c.ValidUntil.String()})
	}
	return out, nil
}
