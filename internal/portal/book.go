package portal

import (
	"net/http"
	"time"

	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/queue"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// bookView is the booking form: a centre, a service, a day and the free slots of that day.
type bookView struct {
	Centres  []servicedesk.Centre
	Services []servicedesk.Passport
	Centre   string
	Service  string
	Day      string
	Slots    []queue.Slot
	Booked   *queue.Ticket
	Problem  string
}

func (h *Handler) bookForm(w http.ResponseWriter, r *http.Request) {
	h.renderBook(w, r, http.StatusOK, nil, "")
}

func (h *Handler) renderBook(w http.ResponseWriter, r *http.Request, status int, booked *queue.Ticket, problem string) {
	ctx := r.Context()
	v := bookView{Centre: r.FormValue("centre"), Service: r.FormValue("service"), Day: r.FormValue("day"), Booked: booked, Problem: problem}
	var err error
	if v.Centres, err = h.queue.Centres(ctx); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if v.Services, err = h.desk.ForChannel(ctx, servicedesk.ChannelCentre); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	if v.Centre == "" && len(v.Centres) > 0 {
		v.Centre = v.Centres[0].Code
	}
	day, err := clock.ParseDate(v.Day)
	if err != nil {
		day = h.queue.Calendar().Get().Add(h.queue.Today(), 1)
		v.Day = day.String()
	}
	if v.Slots, err = h.queue.Slots(ctx, v.Centre, day); err != nil {
		web.HTMLError(w, r, err)
		return
	}
	web.Render(w, r, status, bookPage(v))
}

func (h *Handler) book(w http.ResponseWriter, r *http.Request) {
	slot, err := time.Parse(time.RFC3339, r.PostFormValue("slot"))
	var t queue.Ticket
	if err != nil {
		err = fail.Fields{{Name: "slot", Key: "invalid.required"}}
	} else {
		t, err = h.queue.Book(r.Context(), r.PostFormValue("centre"), r.PostFormValue("service"), slot)
	}
	if err != nil {
		status, msg := web.ErrorMessage(r.Context(), err)
		h.renderBook(w, r, status, nil, msg)
		return
	}
	h.renderBook(w, r, http.StatusCreated, &t, "")
}
