package portal

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web"
)

// AuditLog is what the access-log page reads of the audit log.
type AuditLog interface {
	List(ctx context.Context, f audit.Filter) ([]audit.Entry, error)
	InstitutionNames(ctx context.Context, lang string) (map[int64]string, error)
}

// AccessLog is the citizen's page "who viewed my data": from the audit log, every read and
// change of their registry record by anyone but themselves — when, which institution, what
// was done and for what purpose. It shows the institution, not the employee's login, as a
// bank's statement names the bank and not its clerk: the institution answers for its staff,
// a name would expose an employee to pressure, and the ministry's auditors see the login.
type AccessLog struct{ log AuditLog }

// NewAccessLog returns the access-log page over the audit log.
func NewAccessLog(l AuditLog) *AccessLog { return &AccessLog{log: l} }

// Routes registers the page.
func (h *AccessLog) Routes(rt web.Router) {
	rt.Handle("GET /e-social/access-log", authz.CitizenSelf, h.page)
}

// accessPageSize is how many rows one page shows.
const accessPageSize = 25

// access is one row as the citizen reads it: message keys, not the log's internal words.
type access struct {
	When, Institution, Who, Action, Purpose string
}

func (h *AccessLog) page(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := authz.From(ctx)
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	// a person is named by FİN in some rows and by registry id in others
	entries, err := h.log.List(ctx, audit.Filter{Entity: "person", EntityIDs: []string{p.PersonFIN, strconv.FormatInt(p.PersonID, 10)},
		NotActor: p.Login, BeforeID: before, Limit: accessPageSize})
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	names, err := h.log.InstitutionNames(ctx, i18n.Lang(ctx))
	if err != nil {
		web.HTMLError(w, r, err)
		return
	}
	rows := make([]access, len(entries))
	for i, e := range entries {
		rows[i] = access{When: clock.When(e.At, i18n.Lang(ctx)), Institution: names[e.InstitutionID],
			Who: "accesslog.who." + who(e), Action: "accesslog.action." + e.Action, Purpose: "accesslog.purpose." + purposeKey(e.Purpose)}
	}
	older := ""
	if len(entries) == accessPageSize {
		older = "/e-social/access-log?" + url.Values{"before": {strconv.FormatInt(entries[len(entries)-1].ID, 10)}}.Encode()
	}
	web.Render(w, r, http.StatusOK, accessLogPage(rows, older))
}

// who is the kind of actor; rows written before kinds were recorded are told apart by what
// they carry.
func who(e audit.Entry) string {
	switch {
	case e.ActorKind != "":
		return e.ActorKind
	case e.ActorID != 0:
		return audit.Staff
	case strings.HasPrefix(e.ActorLogin, "citizen:"):
		return audit.Citizen
	}
	return audit.System
}

// purposeKey maps the purposes the services record to the sentences a citizen reads.
func purposeKey(purpose string) string {
	switch {
	case purpose == "person card":
		return "card"
	case purpose == "correction", purpose == "category", purpose == "application", purpose == "appeal",
		purpose == "registration", purpose == "household":
		return purpose
	case strings.HasPrefix(purpose, "api "):
		return "api"
	case purpose == "benefits", purpose == "payments":
		return "benefits"
	case strings.HasPrefix(purpose, "decision"):
		return "decision"
	case strings.Contains(purpose, "certificate"):
		return "certificate"
	case strings.HasPrefix(purpose, "portal sign-in"):
		return "signin"
	}
	return "other"
}
