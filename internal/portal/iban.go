package portal

import (
	"context"
	"errors"
	"net/http"

	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/registry"
)

// ibanConfirmer is the registry's side of a citizen confirming a new bank account that staff
// entered for them (the second pair of eyes on a change of where their benefit is paid).
type ibanConfirmer interface {
	PendingIBANOf(ctx context.Context) (registry.IBANChange, error)
	ConfirmOwnIBAN(ctx context.Context, id string) (registry.IBANChange, error)
}

// pendingIBAN is the citizen's IBAN change awaiting confirmation, or nil.
func (h *Handler) pendingIBAN(ctx context.Context) (*registry.IBANChange, error) {
	reg, ok := h.registry.(ibanConfirmer)
	if !ok {
		return nil, nil
	}
	c, err := reg.PendingIBANOf(ctx)
	if errors.Is(err, fail.ErrNotFound) {
		return nil, nil
	}
	return &c, err
}

// confirmIBAN is the citizen confirming that the new account is theirs: it takes effect, and
// held payments are released through the payroll's exceptions.
func (h *Handler) confirmIBAN(w http.ResponseWriter, r *http.Request) {
	reg, ok := h.registry.(ibanConfirmer)
	if !ok {
		web.HTMLError(w, r, fail.ErrNotFound)
		return
	}
	if _, err := reg.ConfirmOwnIBAN(r.Context(), r.PathValue("uuid")); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	http.Redirect(w, r, "/e-social?done=iban_confirmed", http.StatusSeeOther)
}
