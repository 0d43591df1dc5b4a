package identityweb

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	"rsc.io/qr"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
)

// Session keys of a sign-in half done: the password was right, the second factor is still
// to come. Such a session is not a staff session: Authenticate sees no user in it, so every
// page but the second step treats it as anonymous.
const (
	sessionPendingCode  = "pending_code_user"  // must type a code
	sessionPendingEnrol = "pending_enrol_user" // must enrol first
	sessionPendingAt    = "pending_at"
	sessionPendingNext  = "pending_next"
)

// pendingFor is how long the second step may take after the password.
const pendingFor = 10 * time.Minute

// TwoFactorRoutes registers the second sign-in step and enrolment.
func (h *Handler) TwoFactorRoutes(rt web.Router) {
	rt.Handle("GET /login/code", authz.Public, h.codeForm)
	rt.Handle("POST /login/code", authz.Public, h.code)
	rt.Handle("GET /login/two-factor", authz.Public, h.enrolForm)
	rt.Handle("POST /login/two-factor", authz.Public, h.enrol)
}

func (h *Handler) pend(ctx context.Context, key string, userID int64, next string) {
	h.sessions.Put(ctx, key, userID)
	h.sessions.Put(ctx, sessionPendingAt, time.Now().Unix())
	h.sessions.Put(ctx, sessionPendingNext, next)
}

// pending returns the user half signed in under key, or 0 once the step has timed out.
func (h *Handler) pending(ctx context.Context, key string) int64 {
	at := time.Unix(h.sessions.GetInt64(ctx, sessionPendingAt), 0)
	if time.Since(at) > pendingFor {
		return 0
	}
	return h.sessions.GetInt64(ctx, key)
}

func (h *Handler) codeForm(w http.ResponseWriter, r *http.Request) {
	if h.pending(r.Context(), sessionPendingCode) == 0 {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	web.Render(w, r, http.StatusOK, codePage(""))
}

// code checks the second factor and completes the sign-in.
func (h *Handler) code(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := h.pending(ctx, sessionPendingCode)
	if id == 0 {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	err := h.ids.CheckTOTP(ctx, id, r.PostFormValue("code"), clientIP(r))
	switch {
	case errors.Is(err, identity.ErrThrottled):
		web.Render(w, r, http.StatusTooManyRequests, codePage(i18n.T(ctx, "login.throttled")))
		return
	case errors.Is(err, identity.ErrBadCode):
		web.Render(w, r, http.StatusUnauthorized, codePage(i18n.T(ctx, "totp.bad_code")))
		return
	case err != nil:
		web.HTMLError(w, r, err)
		return
	}
	h.complete(w, r, id)
}

// complete turns a half-done sign-in into a staff session, under a new session token.
func (h *Handler) complete(w http.ResponseWriter, r *http.Request, userID int64) {
	ctx := r.Context()
	p, err := h.ids.Principal(ctx, userID)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	next := h.sessions.GetString(ctx, sessionPendingNext)
	if err := h.sessions.RenewToken(ctx); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	h.signIn(w, r, p, next)
}

// enrollee is who enrols on the enrolment page: a user half signed in who must enrol, or a
// staff member signed in who chooses to.
func (h *Handler) enrollee(r *http.Request) int64 {
	if id := h.pending(r.Context(), sessionPendingEnrol); id != 0 {
		return id
	}
	if p := authz.From(r.Context()); p != nil && p.PersonID == 0 && p.TokenID == 0 {
		return p.UserID
	}
	return 0
}

func (h *Handler) enrolForm(w http.ResponseWriter, r *http.Request) {
	id := h.enrollee(r)
	if id == 0 {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	h.renderEnrol(w, r, id, http.StatusOK, "")
}

func (h *Handler) renderEnrol(w http.ResponseWriter, r *http.Request, userID int64, status int, msg string) {
	e, err := h.ids.StartTOTP(r.Context(), userID)
	if errors.Is(err, fail.ErrDuplicate) {
		web.Render(w, r, http.StatusOK, enrolledPage(nil, "/"))
		return
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	img, err := qrImage(e.URL)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	required := h.pending(r.Context(), sessionPendingEnrol) == userID
	web.Render(w, r, status, enrolPage(e.Secret, img, msg, required))
}

// enrol confirms the enrolment with a first code and shows the recovery codes, once. A user
// who had to enrol is signed in by it: they have shown the password and a code.
func (h *Handler) enrol(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := h.enrollee(r)
	if id == 0 {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	p, err := h.ids.Principal(ctx, id)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	codes, err := h.ids.ConfirmTOTP(authz.With(ctx, p), id, r.PostFormValue("code"))
	if msgs := web.FieldMessages(ctx, err); msgs != nil {
		h.renderEnrol(w, r, id, http.StatusUnprocessableEntity, msgs["code"])
		return
	}
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	next := "/"
	if h.pending(ctx, sessionPendingEnrol) != 0 {
		next = web.LocalPath(h.sessions.GetString(ctx, sessionPendingNext))
		if err := h.sessions.RenewToken(ctx); err != nil {
			web.HTMLError(w, r, err)
			return
		}
		h.establish(ctx, p)
	}
	web.Render(w, r, http.StatusOK, enrolledPage(codes, next))
}

// qrImage draws an otpauth URL as a PNG data URL, here on the server: the secret must not
// travel to a QR-code web service.
func qrImage(url string) (string, error) {
	c, err := qr.Encode(url, qr.M)
	if err != nil {
		return "", err
	}
	c.Scale = 6
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(c.PNG()), nil
}
