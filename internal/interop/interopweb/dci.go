package interopweb

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/interop"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/web"
)

// MessageLimit is the largest DCI message accepted.
const MessageLimit = 1 << 20

type clientKey struct{}

// machine authenticates DCI routes by the client's bearer token and refuses in the DCI
// error format.
func (h *Handler) machine() web.Machine {
	return web.Machine{Authenticate: h.authenticate, Refuse: refuse, Limit: MessageLimit}
}

// authenticate finds the live client of the request's bearer token; the client travels in
// the request's context to the handler, its principal (interop.Machine) to the check point.
func (h *Handler) authenticate(r *http.Request) (*authz.Principal, error) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return nil, identity.ErrInvalidClient
	}
	c, err := h.clients.ByToken(r.Context(), tok)
	if err != nil {
		return nil, err
	}
	*r = *r.WithContext(context.WithValue(r.Context(), clientKey{}, c))
	return interop.Machine(c), nil
}

func client(ctx context.Context) identity.Client {
	c, _ := ctx.Value(clientKey{}).(identity.Client)
	return c
}

// httpError is the DCI HttpErrorResponse body.
type httpError struct {
	Errors []dciError `json:"errors"`
}

type dciError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// refuse answers a refused request in the DCI error format: 401 for a missing, unknown or
// expired token and for a missing or bad signature, 403 for a client without the DCI
// permission, 503 when credentials cannot be checked.
func refuse(w http.ResponseWriter, r *http.Request, err error) {
	var rf *interop.Refusal
	switch {
	case errors.As(err, &rf):
	case errors.Is(err, identity.ErrInvalidClient):
		rf = &interop.Refusal{Status: http.StatusUnauthorized, Code: "err.request.unauthorized", Message: "a live bearer token from the token endpoint is required"}
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	case errors.Is(err, fail.ErrForbidden):
		rf = &interop.Refusal{Status: http.StatusForbidden, Code: "err.request.forbidden", Message: "this client may not use this route"}
	default:
		slog.ErrorContext(r.Context(), "dci request failed", "request_id", web.RequestID(r.Context()), "error", err.Error())
		rf = &interop.Refusal{Status: http.StatusServiceUnavailable, Code: "err.service.unavailable", Message: "the registry cannot answer now; retry later"}
		w.Header().Set("Retry-After", "5")
	}
	writeJSON(w, rf.Status, httpError{Errors: []dciError{{Code: rf.Code, Message: rf.Message}}})
}

// refuseMessage answers a signed message that is refused: a status without a schema of its
// own (400, 409) is answered as the DCI default response, a header with status rjct, with
// the error beside it; 401, 403 and 5xx as HttpErrorResponse.
func refuseMessage(w http.ResponseWriter, r *http.Request, c identity.Client, action string, err error, h *Handler) {
	var rf *interop.Refusal
	if !errors.As(err, &rf) || rf.Status == http.StatusUnauthorized || rf.Status == http.StatusForbidden {
		refuse(w, r, err)
		return
	}
	hdr := interop.Reply(c, action, interop.StatusRejected, 0, 0, h.clock.Now())
	hdr.StatusMessage = rf.Message
	writeJSON(w, rf.Status, map[string]any{"header": hdr, "errors": []dciError{{Code: rf.Code, Message: rf.Message}}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// open reads and checks the request's signed message for action.
func (h *Handler) open(r *http.Request, action string) (interop.Envelope, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return interop.Envelope{}, interop.Bad("the message could not be read (at most %d bytes)", MessageLimit)
	}
	return interop.Open(client(r.Context()), body, action, h.clock.Now())
}

// syncSearch is POST /dci/registry/sync/search.
func (h *Handler) syncSearch(w http.ResponseWriter, r *http.Request) {
	c := client(r.Context())
	env, err := h.open(r, "search")
	if err != nil {
		refuseMessage(w, r, c, "on-search", err, h)
		return
	}
	resp, err := h.svc.SyncSearch(r.Context(), c, env)
	if err != nil {
		refuseMessage(w, r, c, "on-search", err, h)
		return
	}
	n := len(resp.SearchResponse)
	writeJSON(w, http.StatusOK, map[string]any{"header": interop.Reply(c, "on-search", interop.StatusSuccess, n, n, h.clock.Now()), "message": resp})
}

// search is POST /dci/registry/search: acknowledged at once, answered at the client's
// registered on-search callback by a background job.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	c := client(r.Context())
	env, err := h.open(r, "search")
	if err != nil {
		refuseMessage(w, r, c, "on-search", err, h)
		return
	}
	ack, err := h.svc.AsyncSearch(r.Context(), c, env)
	if err != nil {
		refuseMessage(w, r, c, "on-search", err, h)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"message": ack})
}

// syncTxnStatus is POST /dci/registry/sync/txn/status.
func (h *Handler) syncTxnStatus(w http.ResponseWriter, r *http.Request) {
	c := client(r.Context())
	env, err := h.open(r, "txn-status")
	if err != nil {
		refuseMessage(w, r, c, "txn-on-status", err, h)
		return
	}
	resp, err := h.svc.TxnStatus(r.Context(), c, env)
	if err != nil {
		refuseMessage(w, r, c, "txn-on-status", err, h)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"header": interop.Reply(c, "txn-on-status", interop.StatusSuccess, 1, 1, h.clock.Now()), "message": resp})
}

// ack serves a route answered with an acknowledgement (subscribe, unsubscribe).
func (h *Handler) ack(action, onAction string, do func(context.Context, identity.Client, interop.Envelope) (interop.Ack, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := client(r.Context())
		env, err := h.open(r, action)
		if err == nil {
			var a interop.Ack
			if a, err = do(r.Context(), c, env); err == nil {
				writeJSON(w, http.StatusOK, map[string]any{"message": a})
				return
			}
		}
		refuseMessage(w, r, c, onAction, err, h)
	}
}
