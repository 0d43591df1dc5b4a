package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// Problem is an RFC 9457 problem document. Key is the message key (package i18n), so that a
// client can show its own text; Errors lists each invalid field.
type Problem struct {
	Type     string         `json:"type,omitempty"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail,omitempty"`
	Key      string         `json:"key,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Errors   []ProblemField `json:"errors,omitempty"`
}

// ProblemField is one invalid field: where it is, the message in the caller's language,
// and its key.
type ProblemField struct {
	Location string `json:"location"`
	Message  string `json:"message"`
	Key      string `json:"key,omitempty"`
}

// Error implements error.
func (p *Problem) Error() string { return p.Title + ": " + p.Detail }

// GetStatus lets huma send p with its status.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType makes huma send application/problem+json.
func (p *Problem) ContentType(string) string { return "application/problem+json" }

// InstallProblems makes huma's own errors (schema validation, bad JSON) Problems too.
func InstallProblems() {
	huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		lang := "az"
		if hctx != nil {
			lang = i18n.Lang(hctx.Context())
		}
		p := &Problem{Status: status, Title: http.StatusText(status), Detail: msg}
		for _, e := range errs {
			var d huma.ErrorDetailer
			if errors.As(e, &d) {
				ed := d.ErrorDetail()
				p.Errors = append(p.Errors, ProblemField{Location: ed.Location, Message: ed.Message})
			} else if e != nil {
				p.Errors = append(p.Errors, ProblemField{Message: e.Error()})
			}
		}
		if status == http.StatusUnprocessableEntity {
			p.Key, p.Title = "error.invalid", i18n.Tr(lang, "error.invalid", nil)
		}
		return p
	}
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		return huma.NewErrorWithContext(nil, status, msg, errs...)
	}
}

// ToProblem maps an error from a domain to a Problem in the language of ctx. This is the one
// place where errors become statuses. Unexpected errors are logged with the request id; stores
// therefore never put a FİN, a name or other personal values into their error messages.
func ToProblem(ctx context.Context, err error, location string) *Problem {
	lang := i18n.Lang(ctx)
	var reason *fail.Reason
	mk := func(status int, key string) *Problem {
		args := map[string]any{"ID": RequestID(ctx)}
		if status != http.StatusInternalServerError && errors.As(err, &reason) { // a 500 keeps its request id
			key, args = reason.Key, reason.Args
		}
		return &Problem{Status: status, Title: http.StatusText(status), Key: key,
			Detail: i18n.Tr(lang, key, args), Instance: "urn:request:" + RequestID(ctx)}
	}
	var fields fail.Fields
	var already *Problem
	switch {
	case errors.As(err, &already):
		return already
	case errors.As(err, &fields):
		p := mk(http.StatusUnprocessableEntity, "error.invalid")
		for _, f := range fields {
			p.Errors = append(p.Errors, ProblemField{Location: location + f.Name, Message: i18n.Tr(lang, f.Key, f.Args), Key: f.Key})
		}
		return p
	case errors.Is(err, fail.ErrNotFound):
		return mk(http.StatusNotFound, "error.not_found")
	case errors.Is(err, fail.ErrConflict):
		return mk(http.StatusConflict, "error.conflict")
	case errors.Is(err, fail.ErrDuplicate):
		return mk(http.StatusConflict, "error.duplicate")
	case errors.Is(err, fail.ErrForbidden):
		return mk(http.StatusForbidden, "error.forbidden")
	}
	slog.ErrorContext(ctx, "internal error", "request_id", RequestID(ctx), "error", err.Error())
	return mk(http.StatusInternalServerError, "error.internal")
}

// FieldMessages turns a validation error into field → translated message for a form. It
// reads a domain's fail.Fields and also a Problem an API operation already made of them, so
// that a page sharing an operation with the API shows each message at its field ("period"
// for the Problem's location "body.period").
func FieldMessages(ctx context.Context, err error) map[string]string {
	var fields fail.Fields
	var p *Problem
	out := map[string]string{}
	switch {
	case errors.As(err, &fields):
		for _, f := range fields {
			out[f.Name] = i18n.TA(ctx, f.Key, f.Args)
		}
	case errors.As(err, &p) && len(p.Errors) > 0:
		for _, f := range p.Errors {
			out[f.Location[strings.IndexByte(f.Location, '.')+1:]] = f.Message
		}
	default:
		return nil
	}
	return out
}

// FormError is what a form shows after a failed submission: the status to answer with, a
// message for the top of the form, and the message of each invalid field.
func FormError(ctx context.Context, err error) (status int, message string, fields map[string]string) {
	if fields = FieldMessages(ctx, err); fields != nil {
		return http.StatusUnprocessableEntity, i18n.T(ctx, "person.fix_errors"), fields
	}
	p := ToProblem(ctx, err, "")
	return p.Status, p.Detail, nil
}

// ErrorMessage is FormError for a form that has one thing to say: the fields' own messages
// (in field order) rather than "please correct the errors".
func ErrorMessage(ctx context.Context, err error) (status int, message string) {
	status, message, fields := FormError(ctx, err)
	var msgs []string
	var f fail.Fields
	var p *Problem
	switch {
	case fields == nil:
	case errors.As(err, &f):
		for _, x := range f {
			msgs = append(msgs, fields[x.Name])
		}
	case errors.As(err, &p):
		for _, x := range p.Errors {
			msgs = append(msgs, x.Message)
		}
	}
	if len(msgs) > 0 {
		message = strings.Join(slices.Compact(msgs), " ")
	}
	return status, message
}
