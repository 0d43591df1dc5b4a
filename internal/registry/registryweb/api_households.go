package registryweb

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/money"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/registry"
)

type householdIn struct {
	UUID string `path:"uuid"`
}

type createHouseholdIn struct {
	Body struct {
		HeadFIN string `json:"head_fin"`
		PlaceID int64  `json:"place_id,omitempty"`
		Address string `json:"address,omitempty"`
	}
}

type memberIn struct {
	UUID string `path:"uuid"`
	FIN  string `path:"fin"`
	Body struct {
		Version      int64  `json:"version" minimum:"1"`
		Relationship string `json:"relationship" enum:"head,spouse,child,parent,sibling,grandchild,grandparent,other"`
	}
}

type utilityIn struct {
	UUID string `path:"uuid"`
	Body struct {
		Version int64  `json:"version" minimum:"1"`
		Cost    string `json:"cost" doc:"AZN a month, e.g. 45.20" example:"45.20"`
		Source  string `json:"source" enum:"declaration,supplier,inspection" doc:"a declaration signed at a centre, the suppliers' bills, or the inspection of living conditions"`
	}
}

type removeMemberIn struct {
	UUID    string `path:"uuid"`
	FIN     string `path:"fin"`
	Version int64  `query:"version" minimum:"1" required:"true"`
}

type addCategoryIn struct {
	FIN  string `path:"fin"`
	Body categoryDTO
}

type placesIn struct {
	Parent int64 `query:"parent" doc:"0 for regions; a region's id for its districts; a district's for its settlements"`
}

type placeDTO struct {
	ID   int64     `json:"id"`
	Code string    `json:"code"`
	Kind string    `json:"kind"`
	Name i18n.Text `json:"name" doc:"the name in every language: {\"az\": …, \"en\": …, \"ru\": …}"`
}

type placesOut struct {
	Body struct {
		Items []placeDTO `json:"items"`
	}
}

// householdAPI registers household, category and reference-list operations.
func (h *Handler) householdAPI(api huma.API, routes *[]web.Route) {
	tags := []string{"Registry"}
	web.Register(api, routes, authz.PersonWrite, huma.Operation{OperationID: "create-household", Method: http.MethodPost,
		Path: "/api/v1/households", Summary: "Register a household headed by a person", Tags: tags, DefaultStatus: http.StatusCreated}, h.apiCreateHousehold)
	web.Register(api, routes, authz.PersonRead, huma.Operation{OperationID: "get-household", Method: http.MethodGet,
		Path: "/api/v1/households/{uuid}", Summary: "Read a household", Tags: tags}, h.apiGetHousehold)
	web.Register(api, routes, authz.PersonWrite, huma.Operation{OperationID: "set-household-member", Method: http.MethodPut,
		Path: "/api/v1/households/{uuid}/members/{fin}", Summary: "Add a member or change their relationship to the head",
		Description: "Relationship head moves the head; the former head becomes other. A stale version is refused with 409.", Tags: tags}, h.apiSetMember)
	web.Register(api, routes, authz.PersonWrite, huma.Operation{OperationID: "remove-household-member", Method: http.MethodDelete,
		Path: "/api/v1/households/{uuid}/members/{fin}", Summary: "Remove a member (not the head)", Tags: tags}, h.apiRemoveMember)
	web.Register(api, routes, authz.PersonWrite, huma.Operation{OperationID: "set-household-utility-cost", Method: http.MethodPut,
		Path: "/api/v1/households/{uuid}/utility-cost", Summary: "Record the household's monthly utility and communication cost with its source",
		Description: "TSSA refuses a family whose cost per member is above a tenth of the living wage. A stale version is refused with 409.", Tags: tags}, h.apiSetUtility)
	web.Register(api, routes, authz.PersonWrite, huma.Operation{OperationID: "add-person-category", Method: http.MethodPost,
		Path: "/api/v1/persons/{fin}/categories", Summary: "Record a category with its evidence", Tags: tags, DefaultStatus: http.StatusCreated}, h.apiAddCategory)
	web.Register(api, routes, authz.Authenticated, huma.Operation{OperationID: "list-places", Method: http.MethodGet,
		Path: "/api/v1/places", Summary: "Regions, districts and settlements (reference list)", Tags: []string{"Reference"}}, h.apiPlaces)
}

func householdBody(hh registry.Household) householdDTO {
	out := householdDTO{UUID: hh.UUID, PlaceID: hh.PlaceID, Address: hh.Address, Version: hh.Version, UtilityCostSource: hh.Utility.Source}
	if hh.Utility.Known {
		cost := hh.Utility.Cost.String()
		out.UtilityCost = &cost
	}
	for _, m := range hh.Members {
		out.Members = append(out.Members, memberDTO{FIN: m.FIN, FullName: m.FullName,
			Relationship: m.Relationship, BirthDate: m.BirthDate.String(), Deceased: !m.DeathDate.IsZero()})
	}
	return out
}

func (h *Handler) apiCreateHousehold(ctx context.Context, in *createHouseholdIn) (*householdOut, error) {
	hh, err := h.svc.CreateHousehold(ctx, in.Body.HeadFIN, in.Body.PlaceID, in.Body.Address)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &householdOut{Body: householdBody(hh)}, nil
}

func (h *Handler) apiGetHousehold(ctx context.Context, in *householdIn) (*householdOut, error) {
	hh, err := h.svc.HouseholdByUUID(ctx, in.UUID)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return &householdOut{Body: householdBody(hh)}, nil
}

func (h *Handler) apiSetMember(ctx context.Context, in *memberIn) (*householdOut, error) {
	hh, err := h.svc.SetMember(ctx, in.UUID, in.Body.Version, in.FIN, in.Body.Relationship)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &householdOut{Body: householdBody(hh)}, nil
}

func (h *Handler) apiSetUtility(ctx context.Context, in *utilityIn) (*householdOut, error) {
	cost, err := money.Parse(in.Body.Cost)
	if err != nil {
		return nil, web.ToProblem(ctx, fail.Fields{{Name: "utility_cost", Key: "invalid.utility_cost"}}, "body.")
	}
	hh, err := h.svc.SetUtility(ctx, in.UUID, in.Body.Version, cost, in.Body.Source)
	if err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &householdOut{Body: householdBody(hh)}, nil
}

func (h *Handler) apiRemoveMember(ctx context.Context, in *removeMemberIn) (*householdOut, error) {
	hh, err := h.svc.SetMember(ctx, in.UUID, in.Version, in.FIN, "")
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	return &householdOut{Body: householdBody(hh)}, nil
}

func (h *Handler) apiAddCategory(ctx context.Context, in *addCategoryIn) (*struct{ Body categoryDTO }, error) {
	p, err := h.svc.Person(ctx, in.FIN, "category")
	if err != nil {
		return nil, web.ToProblem(ctx, err, "path.")
	}
	c := registry.Category{Code: in.Body.Code, Evidence: in.Body.Evidence, Source: registry.SourceManual}
	var errs fail.Fields
	if c.ValidFrom, err = clock.ParseDate(in.Body.ValidFrom); err != nil {
		errs.Add("valid_from", "invalid.date", nil)
	}
	if in.Body.ValidUntil != "" {
		if c.ValidUntil, err = clock.ParseDate(in.Body.ValidUntil); err != nil {
			errs.Add("valid_until", "invalid.date", nil)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	if c, err = h.svc.AddCategory(ctx, p, c); err != nil {
		return nil, web.ToProblem(ctx, err, "body.")
	}
	return &struct{ Body categoryDTO }{categoryDTO{Code: c.Code, Evidence: c.Evidence, Source: c.Source,
		ValidFrom: c.ValidFrom.String(), ValidUntil: c.ValidUntil.String()}}, nil
}

func (h *Handler) apiPlaces(ctx context.Context, in *placesIn) (*placesOut, error) {
	out := &placesOut{}
	for _, p := range h.svc.Places() {
		if p.ParentID == in.Parent {
			out.Body.Items = append(out.Body.Items, placeDTO{ID: p.ID, Code: p.Code, Kind: p.Kind, Name: p.Name})
		}
	}
	return out, nil
}
