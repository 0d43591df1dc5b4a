package servicedeskweb

import (
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/web"
)

// letterOut is a decision letter as the API sends it: the PDF itself.
type letterOut struct {
	ContentType        string `header:"Content-Type"`
	ContentLanguage    string `header:"Content-Language"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

// letterAPI registers the decision letter for systems that send it on (a post office's
// print service, a case file): the same PDF, checks and audit entry as the page's.
func (h *Handler) letterAPI(api huma.API, routes *[]web.Route) {
	web.Register(api, routes, authz.PersonRead, huma.Operation{OperationID: "get-decision-letter", Method: http.MethodGet,
		Path: "/api/v1/applications/{uuid}/letter", Summary: "The decision on an application as an official letter (PDF, in the citizen's language)",
		Tags: []string{"Applications"}, Responses: map[string]*huma.Response{"200": {Description: "the letter",
			Content: map[string]*huma.MediaType{"application/pdf": {}}}}},
		func(ctx context.Context, in *uuidIn) (*letterOut, error) {
			l, err := h.svc.DecisionLetter(ctx, in.UUID)
			if err != nil {
				return nil, problem(ctx, err)
			}
			return &letterOut{ContentType: "application/pdf", ContentLanguage: l.Lang,
				ContentDisposition: fmt.Sprintf("attachment; filename=%q", l.Name), Body: l.PDF}, nil
		})
}
