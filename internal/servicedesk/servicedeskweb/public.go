package servicedeskweb

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// verifyForm is the public page where anyone checks an e-certificate by its code.
func (h *Handler) verifyForm(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	if code == "" {
		web.Render(w, r, http.StatusOK, verifyPage("", nil))
		return
	}
	v, err := h.svc.Verify(r.Context(), code, nil)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, verifyPage(code, &v))
}

// verify also checks an uploaded copy against the document issued under the code.
func (h *Handler) verify(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<20)
	r.ParseMultipartForm(4 << 20)
	code := r.FormValue("code")
	var file []byte
	if f, _, err := r.FormFile("file"); err == nil {
		file, _ = io.ReadAll(io.LimitReader(f, 4<<20))
		f.Close()
	}
	v, err := h.svc.Verify(r.Context(), code, file)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, verifyPage(code, &v))
}

func (h *Handler) rateForm(w http.ResponseWriter, r *http.Request) {
	rt, err := h.svc.RatingByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, ratePage(rt, "", false))
}

func (h *Handler) rate(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	score, _ := strconv.Atoi(r.PostFormValue("score"))
	channel := "sms"
	if c := r.PostFormValue("channel"); c == "portal" || c == "desk" {
		channel = c
	}
	err := h.svc.Rate(r.Context(), token, score, r.PostFormValue("comment"), channel)
	if back := r.PostFormValue("back"); err == nil && strings.HasPrefix(back, "/desks/") && !strings.Contains(back, "//") {
		http.Redirect(w, r, back+"?thanks=1", http.StatusSeeOther) // the tablet at the desk waits for the next visit
		return
	}
	rt, lerr := h.svc.RatingByToken(r.Context(), token)
	if lerr != nil {
		web.HTMLError(w, r, lerr)
		return
	}
	if err != nil {
		status, msg := web.ErrorMessage(r.Context(), err)
		web.Render(w, r, status, ratePage(rt, msg, false))
		return
	}
	web.Render(w, r, http.StatusOK, ratePage(rt, "", true))
}

// deskRating is the screen of the tablet facing the citizen at a desk: the rating form of the
// visit just closed there, or a waiting message that looks again every few seconds.
func (h *Handler) deskRating(w http.ResponseWriter, r *http.Request) {
	c, rt, err := h.svc.DeskRating(r.Context(), r.PathValue("centre"), r.PathValue("desk"))
	if err != nil && !errors.Is(err, fail.ErrNotFound) {
		web.HTMLError(w, r, err)
		return
	}
	var pending *servicedesk.Rating
	if err == nil {
		pending = &rt
	}
	web.Render(w, r, http.StatusOK, deskRatingPage(c, r.PathValue("desk"), pending, r.URL.Query().Get("thanks") == "1"))
}
