package servicedeskweb

import (
	"io"
	"net/http"
	"strconv"

	"github.com/dost-platform/dost/internal/platform/web"
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
	if r.PostFormValue("channel") == "portal" {
		channel = "portal"
	}
	err := h.svc.Rate(r.Context(), token, score, r.PostFormValue("comment"), channel)
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
