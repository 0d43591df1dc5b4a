package queueweb

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/request"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/queue"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// kiosk is the touch screen at a centre's entrance: one button per service, by direction,
// and a field to check in with a booking number.
func (h *Handler) kiosk(w http.ResponseWriter, r *http.Request) {
	h.renderKiosk(w, r, http.StatusOK, nil, "")
}

func (h *Handler) renderKiosk(w http.ResponseWriter, r *http.Request, status int, t *queue.Ticket, problem string) {
	c, err := h.svc.Centre(r.Context(), r.PathValue("centre"))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	groups, err := h.svc.ForKiosk(r.Context())
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, status, kioskPage(c, groups, t, problem))
}

func (h *Handler) issue(w http.ResponseWriter, r *http.Request) {
	t, err := h.svc.Issue(r.Context(), r.PathValue("centre"), r.PostFormValue("service"))
	if err != nil {
		status, msg := web.ErrorMessage(r.Context(), err)
		h.renderKiosk(w, r, status, nil, msg)
		return
	}
	h.renderKiosk(w, r, http.StatusCreated, &t, "")
}

func (h *Handler) checkIn(w http.ResponseWriter, r *http.Request) {
	t, err := h.svc.CheckIn(r.Context(), r.PathValue("centre"), r.PostFormValue("number"), r.PostFormValue("fin"))
	if err != nil {
		status, msg := web.ErrorMessage(r.Context(), err)
		h.renderKiosk(w, r, status, nil, msg)
		return
	}
	h.renderKiosk(w, r, http.StatusOK, &t, "")
}

// board is the public screen of a centre; its body refreshes itself every few seconds.
func (h *Handler) board(w http.ResponseWriter, r *http.Request) {
	c, b, err := h.svc.Board(r.Context(), r.PathValue("centre"))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, boardPage(c, b))
}

func (h *Handler) boardLive(w http.ResponseWriter, r *http.Request) {
	c, b, err := h.svc.Board(r.Context(), r.PathValue("centre"))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, boardBody(c, b))
}

// desk is the operator's screen: the centre and desk they sit at, the ticket they are
// serving, and the button that calls the next one.
func (h *Handler) desk(w http.ResponseWriter, r *http.Request) {
	h.renderDesk(w, r, http.StatusOK, "")
}

func (h *Handler) renderDesk(w http.ResponseWriter, r *http.Request, status int, problem string) {
	ctx := r.Context()
	centres, err := h.svc.Centres(ctx)
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v := deskView{Centres: centres, Centre: r.FormValue("centre"), Desk: r.FormValue("desk"), Problem: problem}
	if v.Centre == "" && v.Desk == "" {
		v.Centre, v.Desk = seat(r)
	} else {
		remember(w, r, v.Centre, v.Desk)
	}
	if v.Centre == "" && len(centres) > 0 {
		v.Centre = centres[0].Code
	}
	if v.Desk == "" {
		v.Desk = "1"
	}
	if t, err := h.svc.Current(ctx, v.Centre); err == nil {
		v.Current = &t
	}
	if v.Lines, err = h.svc.WaitingByService(ctx, v.Centre); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	v.Now = h.svc.Now()
	web.Render(w, r, status, deskPage(v))
}

func (h *Handler) call(w http.ResponseWriter, r *http.Request) {
	t, err := h.svc.CallNext(r.Context(), r.PostFormValue("centre"), r.PostFormValue("desk"))
	if err != nil {
		status, msg := web.ErrorMessage(r.Context(), err)
		h.renderDesk(w, r, status, msg)
		return
	}
	http.Redirect(w, r, deskURL(r.PostFormValue("centre"), r.PostFormValue("desk"), t.UUID), http.StatusSeeOther)
}

func (h *Handler) moveTicket(w http.ResponseWriter, r *http.Request) {
	t, err := h.svc.MoveTicket(r.Context(), r.PathValue("uuid"), r.PostFormValue("status"))
	if err != nil {
		status, msg := web.ErrorMessage(r.Context(), err)
		h.renderDesk(w, r, status, msg)
		return
	}
	next := ""
	if t.Status == queue.Serving {
		next = t.UUID
	}
	http.Redirect(w, r, deskURL(r.PostFormValue("centre"), r.PostFormValue("desk"), next), http.StatusSeeOther)
}

// deskCookie remembers at which centre and desk this browser sits: the desk is a place, and
// an operator who comes back to the desk screen through the navigation must call the next
// citizen to the desk they sit at, not to desk 1.
const deskCookie = "dost_desk"

var seatPattern = regexp.MustCompile(`^[A-Za-z0-9-]{1,20}/[A-Za-z0-9-]{1,10}$`)

// seat is the centre and desk this browser last worked at, if any.
func seat(r *http.Request) (centre, desk string) {
	if c, err := r.Cookie(deskCookie); err == nil && seatPattern.MatchString(c.Value) {
		centre, desk, _ = strings.Cut(c.Value, "/")
	}
	return centre, desk
}

func remember(w http.ResponseWriter, r *http.Request, centre, desk string) {
	if v := centre + "/" + desk; seatPattern.MatchString(v) {
		http.SetCookie(w, &http.Cookie{Name: deskCookie, Value: v, Path: "/", MaxAge: 30 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: request.From(r.Context()).TLS})
	}
}

func deskURL(centre, desk, ticket string) string {
	q := url.Values{"centre": {centre}, "desk": {desk}}
	if ticket != "" {
		q.Set("ticket", ticket)
	}
	return "/desk?" + q.Encode()
}

type deskView struct {
	Centres []servicedesk.Centre
	Centre  string
	Desk    string
	Current *queue.Ticket
	Lines   []queue.ServiceWait // the centre's waiting list by service
	Now     time.Time
	Problem string
}
