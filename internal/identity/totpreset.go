package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Audit entity and actions of two-factor resets. The administrators' alert page reads them.
const (
	AuditTwoFactor    = "two_factor"
	AuditResetRequest = "reset_request"
	AuditResetApprove = "reset_approve"
)

// TOTPReset is a request to remove a user's second factor (a lost phone). It takes two
// administrators: one asks, another approves; nobody resets their own.
type TOTPReset struct {
	ID          int64
	UserID      int64
	Login       string // the user's
	RequestedBy int64
	Requester   string // the requesting administrator's login
	RequestedAt time.Time
	ApprovedBy  int64
	ApprovedAt  *time.Time
}

// RequestTOTPReset asks for userID's second factor to be removed, on behalf of the
// administrator p, whose scope must cover the user.
func (s *Service) RequestTOTPReset(ctx context.Context, p *authz.Principal, userID int64) (TOTPReset, error) {
	u, err := s.resettable(ctx, p, userID)
	if err != nil {
		return TOTPReset{}, err
	}
	if _, err := s.store.TOTP(ctx, userID); errors.Is(err, fail.ErrNotFound) {
		return TOTPReset{}, fail.Fields{{Name: "login", Key: "totp.reset_nothing"}}
	} else if err != nil {
		return TOTPReset{}, err
	}
	r := TOTPReset{UserID: u.ID, Login: u.Login, RequestedBy: p.UserID, Requester: p.Login, RequestedAt: s.clock.Now()}
	if err := s.store.RequestTOTPReset(ctx, &r); err != nil {
		return r, err
	}
	return r, s.audit.Record(ctx, audit.For(ctx, AuditResetRequest, "staff access", AuditTwoFactor, u.Login, audit.Msg("reset_request", "Request", r.ID)))
}

// ApproveTOTPReset carries out a pending reset: a second administrator, neither its
// requester nor the user, approves it, and the user enrols again at their next sign-in.
func (s *Service) ApproveTOTPReset(ctx context.Context, p *authz.Principal, id int64) error {
	pending, err := s.store.TOTPResets(ctx)
	if err != nil {
		return err
	}
	var r *TOTPReset
	for i := range pending {
		if pending[i].ID == id {
			r = &pending[i]
		}
	}
	if r == nil {
		return fmt.Errorf("two-factor reset %d: %w", id, fail.ErrNotFound)
	}
	if _, err := s.resettable(ctx, p, r.UserID); err != nil {
		return err
	}
	if r.RequestedBy == p.UserID {
		return fail.Fields{{Name: "approve", Key: "totp.reset_own_request"}}
	}
	if _, err := s.store.ApproveTOTPReset(ctx, id, p.UserID, s.clock.Now()); err != nil {
		return err
	}
	return s.audit.Record(ctx, audit.For(ctx, AuditResetApprove, "staff access", AuditTwoFactor, r.Login,
		audit.Msg("reset_approved", "Request", id, "Requester", r.Requester)))
}

// TOTPResets lists the pending resets of users within p's administrative scope.
func (s *Service) TOTPResets(ctx context.Context, p *authz.Principal) ([]TOTPReset, error) {
	all, err := s.store.TOTPResets(ctx)
	if err != nil {
		return nil, err
	}
	var out []TOTPReset
	for _, r := range all {
		if u, err := s.store.UserByID(ctx, r.UserID); err == nil && p.UserID != u.ID && s.CanManage(p, u) {
			out = append(out, r)
		}
	}
	return out, nil
}

// resettable loads the user whose second factor p may reset: someone else, within p's scope.
func (s *Service) resettable(ctx context.Context, p *authz.Principal, userID int64) (User, error) {
	if p == nil {
		return User{}, fail.ErrForbidden
	}
	if p.UserID == userID {
		return User{}, fail.Fields{{Name: "user", Key: "totp.reset_self"}}
	}
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return u, err
	}
	if !p.Can(authz.UserManage) || !s.CanManage(p, u) {
		return u, fmt.Errorf("reset two-factor of another institution's user: %w", fail.ErrForbidden)
	}
	return u, nil
}

// ResetTarget finds by login the user an administrator asks to reset.
func (s *Service) ResetTarget(ctx context.Context, login string) (User, error) {
	return s.store.UserByLogin(ctx, strings.ToLower(strings.TrimSpace(login)))
}
