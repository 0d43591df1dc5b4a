package identity

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// Statuses of a grant request.
const (
	GrantPending  = "pending"
	GrantApproved = "approved"
	GrantRejected = "rejected"
)

// GrantRequest is a role asked for an account, waiting for a second administrator (four
// eyes): until approved it gives no access.
type GrantRequest struct {
	ID            int64
	UUID          string
	UserID        int64
	UserLogin     string
	UserName      string
	UserContact   string // masked: the approver checks the code went to the right person
	Role          authz.Role
	InstitutionID int64
	RequestedBy   int64
	RequesterName string // login of who asked; "system" for the command line
	RequestedAt   time.Time
	Status        string
	DecidedBy     int64
	DecidedAt     time.Time
	Reason        string
}

// recordGrant audits a grant event under entity "grant", which the administrators' alert
// page watches; key is the detail's message ("grant" when empty).
func (s *Service) recordGrant(ctx context.Context, action string, g GrantRequest, key string) error {
	d := audit.Msg(cmp.Or(key, "grant"), "User", g.UserLogin, "Role", audit.Word("role."+string(g.Role)), "Institution", g.InstitutionID)
	return s.audit.Record(ctx, audit.For(ctx, action, "staff access", "grant", g.UUID, d))
}

// conflict is the field error for a role that cannot be held with another.
func conflict(ctx context.Context, a, b authz.Role) error {
	lang := i18n.Lang(ctx)
	return fail.Fields{{Name: "role", Key: "accounts.grant_incompatible", Args: map[string]any{
		"Role": i18n.Tr(lang, "role."+string(a), nil), "Other": i18n.Tr(lang, "role."+string(b), nil)}}}
}

// checkRequest refuses grants the principal in ctx may not ask for userID (0 for an account
// being created): institutions outside their scope, a grant to themselves, and roles that
// conflict with each other or with those the account holds or waits for.
func (s *Service) checkRequest(ctx context.Context, userID int64, held []authz.Grant, asked []authz.Grant) error {
	p := authz.From(ctx)
	for _, g := range asked {
		if !g.Role.Valid() {
			return fail.Fields{{Name: "role", Key: "invalid.role"}}
		}
		if p != nil && !p.CanIn(authz.UserManage, g.InstitutionID) {
			return fail.ErrForbidden
		}
	}
	if p != nil && userID != 0 && p.UserID == userID {
		return fail.Fields{{Name: "role", Key: "accounts.grant_self"}}
	}
	all := append(slices.Clone(held), asked...)
	for i, a := range all {
		for _, b := range all[i+1:] {
			if _, bad := authz.Conflicting(a.Role, b.Role); bad {
				return conflict(ctx, a.Role, b.Role)
			}
		}
	}
	return nil
}

// RequestGrant asks for role in institution for an account the principal in ctx may manage.
// The grant waits for a second administrator.
func (s *Service) RequestGrant(ctx context.Context, userID int64, g authz.Grant) (GrantRequest, error) {
	u, err := s.manageable(ctx, userID)
	if err != nil {
		return GrantRequest{}, err
	}
	if slices.ContainsFunc(u.Grants, func(h authz.Grant) bool { return h.Role == g.Role && h.InstitutionID == g.InstitutionID }) {
		return GrantRequest{}, fail.Fields{{Name: "role", Key: "accounts.grant_held"}}
	}
	return s.requestGrant(ctx, u, g)
}

func (s *Service) requestGrant(ctx context.Context, u User, g authz.Grant) (GrantRequest, error) {
	waiting, err := s.pendingOf(ctx, u.ID)
	if err != nil {
		return GrantRequest{}, err
	}
	if err := s.checkRequest(ctx, u.ID, append(u.Grants, waiting...), []authz.Grant{g}); err != nil {
		return GrantRequest{}, err
	}
	r := GrantRequest{UserID: u.ID, UserLogin: u.Login, Role: g.Role, InstitutionID: g.InstitutionID,
		RequestedAt: s.clock.Now(), Status: GrantPending}
	if p := authz.From(ctx); p != nil {
		r.RequestedBy = p.UserID
	}
	if err := s.store.RequestGrant(ctx, &r); err != nil {
		return r, err
	}
	return r, s.recordGrant(ctx, "request", r, "")
}

// pendingOf lists the grants an account waits for.
func (s *Service) pendingOf(ctx context.Context, userID int64) ([]authz.Grant, error) {
	all, err := s.store.GrantRequests(ctx, nil)
	if err != nil {
		return nil, err
	}
	var out []authz.Grant
	for _, r := range all {
		if r.UserID == userID {
			out = append(out, authz.Grant{Role: r.Role, InstitutionID: r.InstitutionID})
		}
	}
	return out, nil
}

// PendingGrants lists the grants waiting for approval in the institutions the principal in
// ctx manages.
func (s *Service) PendingGrants(ctx context.Context) ([]GrantRequest, error) {
	p := authz.From(ctx)
	if p == nil {
		return s.store.GrantRequests(ctx, nil)
	}
	scope := p.Scope(authz.UserManage)
	if len(scope) == 0 {
		return nil, nil
	}
	return s.store.GrantRequests(ctx, scope)
}

// ApproveGrant puts a pending grant in force. The approver needs UserManage over the grant's
// institution and can be neither who asked for it nor who receives it; the role is checked
// again against what the account holds now.
func (s *Service) ApproveGrant(ctx context.Context, id string) error {
	r, err := s.decidable(ctx, id)
	if err != nil {
		return err
	}
	u, err := s.store.Account(ctx, r.UserID)
	if err != nil {
		return err
	}
	for _, h := range u.Grants {
		if _, bad := authz.Conflicting(h.Role, r.Role); bad {
			return conflict(ctx, r.Role, h.Role)
		}
	}
	r.Status, r.DecidedBy, r.DecidedAt = GrantApproved, authz.From(ctx).UserID, s.clock.Now()
	if err := s.store.DecideGrant(ctx, r); err != nil {
		return err
	}
	return s.recordGrant(ctx, "approve", r, "")
}

// RejectGrant refuses a pending grant, with a reason for whoever asked.
func (s *Service) RejectGrant(ctx context.Context, id, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 500 {
		return fail.Fields{{Name: "reason", Key: "invalid.required"}}
	}
	r, err := s.decidable(ctx, id)
	if err != nil {
		return err
	}
	r.Status, r.DecidedBy, r.DecidedAt, r.Reason = GrantRejected, authz.From(ctx).UserID, s.clock.Now(), reason
	if err := s.store.DecideGrant(ctx, r); err != nil {
		return err
	}
	return s.recordGrant(ctx, "reject", r, "")
}

// decidable loads a pending request the principal in ctx may decide on.
func (s *Service) decidable(ctx context.Context, id string) (GrantRequest, error) {
	p := authz.From(ctx)
	if p == nil {
		return GrantRequest{}, fail.ErrForbidden
	}
	r, err := s.store.GrantRequest(ctx, id)
	if err != nil {
		return r, err
	}
	if !p.CanIn(authz.UserManage, r.InstitutionID) {
		return r, fail.ErrNotFound
	}
	if r.Status != GrantPending {
		return r, fail.ErrConflict
	}
	if r.RequestedBy == p.UserID || r.UserID == p.UserID {
		return r, fail.Fields{{Name: "grant", Key: "accounts.grant_own"}}
	}
	return r, nil
}

// RevokeGrant takes a role away from an account at once: less access needs no second pair of
// eyes.
func (s *Service) RevokeGrant(ctx context.Context, userID int64, g authz.Grant) error {
	u, err := s.manageable(ctx, userID)
	if err != nil {
		return err
	}
	if p := authz.From(ctx); p != nil && !p.CanIn(authz.UserManage, g.InstitutionID) {
		return fail.ErrForbidden
	}
	if !slices.ContainsFunc(u.Grants, func(h authz.Grant) bool { return h.Role == g.Role && h.InstitutionID == g.InstitutionID }) {
		return fail.ErrNotFound
	}
	if err := s.store.RevokeGrant(ctx, u.ID, g); err != nil {
		return err
	}
	return s.recordGrant(ctx, "revoke", GrantRequest{UUID: u.UUID, UserLogin: u.Login, Role: g.Role, InstitutionID: g.InstitutionID}, "")
}

// SetGrants changes an account's grants to want: grants no longer wanted are revoked at once,
// new ones are requested and wait for a second administrator.
func (s *Service) SetGrants(ctx context.Context, userID int64, want []authz.Grant) error {
	u, err := s.manageable(ctx, userID)
	if err != nil {
		return err
	}
	same := func(a, b authz.Grant) bool { return a.Role == b.Role && a.InstitutionID == b.InstitutionID }
	for _, h := range u.Grants {
		if !slices.ContainsFunc(want, func(g authz.Grant) bool { return same(g, h) }) {
			if err := s.RevokeGrant(ctx, u.ID, h); err != nil {
				return err
			}
		}
	}
	for _, g := range want {
		if !slices.ContainsFunc(u.Grants, func(h authz.Grant) bool { return same(g, h) }) {
			if _, err := s.RequestGrant(ctx, u.ID, g); err != nil {
				return err
			}
		}
	}
	return nil
}
