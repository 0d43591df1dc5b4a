package identity

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/notify"
)

// AccountStore is the persistence of the staff account lifecycle: accounts created without a
// password, their one-time activation codes, grants waiting for a second administrator, and
// the idle sweep.
type AccountStore interface {
	// CreateAccount inserts u without a password and without grants, its activation code and
	// the message carrying the code to its owner, in one transaction.
	CreateAccount(ctx context.Context, u *User, a Activation, m notify.Message) error
	// Account loads a user with its contact, institution and grants.
	Account(ctx context.Context, id int64) (User, error)
	// AccountByLogin is Account by login.
	AccountByLogin(ctx context.Context, login string) (User, error)
	// UsersIn lists the accounts that belong to, or hold a grant in, one of scope's
	// institutions (every account when scope is nil), after afterLogin in login order.
	UsersIn(ctx context.Context, scope []int64, afterLogin string, limit int) ([]User, error)
	// NewActivation voids the user's earlier codes, stores a, and enqueues m, in one transaction.
	NewActivation(ctx context.Context, userID int64, a Activation, m notify.Message) error
	// LiveActivations lists the user's codes that are unused, unexpired and not worn out.
	LiveActivations(ctx context.Context, userID int64, now time.Time) ([]Activation, error)
	// FailActivation counts a wrong code against every live code of the user.
	FailActivation(ctx context.Context, userID int64) error
	// UseActivation marks a code used; a code already used is fail.ErrConflict.
	UseActivation(ctx context.Context, id int64, at time.Time) error
	// RecordLogin notes a successful sign-in, for the idle sweep.
	RecordLogin(ctx context.Context, userID int64, at time.Time) error
	// MarkEnabled restarts the idle clock of an account enabled again.
	MarkEnabled(ctx context.Context, userID int64, at time.Time) error
	// IdleAccounts lists active accounts unused since idleSince, and those never activated
	// whose codes have all expired and that were enabled before codeSince.
	IdleAccounts(ctx context.Context, idleSince, codeSince, now time.Time) ([]User, error)
	// RequestGrant stores a grant waiting for approval and sets its id and UUID.
	RequestGrant(ctx context.Context, g *GrantRequest) error
	// GrantRequests lists pending grants for institutions in scope (all when nil), oldest first.
	GrantRequests(ctx context.Context, scope []int64) ([]GrantRequest, error)
	// GrantRequest loads one grant request by UUID.
	GrantRequest(ctx context.Context, uuid string) (GrantRequest, error)
	// DecideGrant records an approval (adding the grant to the account) or a rejection of a
	// pending request; a request no longer pending is fail.ErrConflict.
	DecideGrant(ctx context.Context, g GrantRequest) error
	// RevokeGrant removes one grant from an account.
	RevokeGrant(ctx context.Context, userID int64, g authz.Grant) error
}

// Activation is a one-time code with which the owner of an account sets its password. Only
// the code's hash is stored.
type Activation struct {
	ID        int64
	UserID    int64
	Hash      string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// maxCodeAttempts is how many wrong codes void the live ones: the administrator must then
// send a new one.
const maxCodeAttempts = 5

// DefaultActivationTTL is how long an activation code is valid when nothing else is set.
const DefaultActivationTTL = 72 * time.Hour

// DefaultIdleDays is how many days an account may go unused before the sweep disables it.
const DefaultIdleDays = 90

// Contact is where an account's owner receives activation codes.
type Contact struct {
	Phone string
	Email string
}

// validate normalises c and lists what is wrong with it: at least one way to reach the owner,
// each well formed.
func (c *Contact) validate(errs *fail.Fields) {
	c.Phone = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '(' || r == ')' {
			return -1
		}
		return r
	}, strings.TrimSpace(c.Phone))
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	if c.Phone == "" && c.Email == "" {
		errs.Add("phone", "accounts.contact_required", nil)
		return
	}
	if c.Phone != "" && !validPhone(c.Phone) {
		errs.Add("phone", "accounts.phone_invalid", nil)
	}
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || !strings.Contains(c.Email[strings.Index(c.Email, "@"):], ".") {
			errs.Add("email", "accounts.email_invalid", nil)
		}
	}
}

// validPhone accepts an international number: a plus and 8 to 15 digits (E.164).
func validPhone(p string) bool {
	if len(p) < 9 || len(p) > 16 || p[0] != '+' {
		return false
	}
	return strings.Trim(p[1:], "0123456789") == ""
}

// address is where a code goes: by SMS when there is a phone, by e-mail otherwise.
func (c Contact) address() (channel, addr string) {
	if c.Phone != "" {
		return notify.SMS, c.Phone
	}
	return notify.Email, c.Email
}

// MaskedContact is the owner's contact as an administrator sees it: enough to tell where a
// code went, not enough to read the number.
func (u User) MaskedContact() string {
	var parts []string
	if u.Phone != "" {
		parts = append(parts, notify.Mask(u.Phone))
	}
	if u.Email != "" {
		parts = append(parts, notify.Mask(u.Email))
	}
	return strings.Join(parts, " · ")
}

// Pending reports whether the owner has not set a password yet (new, or reset).
func (u User) Pending() bool { return u.PasswordHash == "" }

// inScope reports whether an administrator whose UserManage scope is scope may manage u: u
// belongs to, or holds a grant in, one of its institutions.
func inScope(scope []int64, u User) bool {
	if slices.Contains(scope, u.InstitutionID) {
		return true
	}
	return slices.ContainsFunc(u.Grants, func(g authz.Grant) bool { return slices.Contains(scope, g.InstitutionID) })
}

// manageable loads an account the principal in ctx may manage: a command-line caller (no
// principal) may manage every account, an administrator those within its scope.
func (s *Service) manageable(ctx context.Context, id int64) (User, error) {
	u, err := s.store.Account(ctx, id)
	if err != nil {
		return u, err
	}
	if p := authz.From(ctx); p != nil && !inScope(p.Scope(authz.UserManage), u) {
		return u, fail.ErrNotFound
	}
	return u, nil
}

// AccountByLogin loads an account the principal in ctx may manage, by login.
func (s *Service) AccountByLogin(ctx context.Context, login string) (User, error) {
	u, err := s.store.AccountByLogin(ctx, strings.ToLower(strings.TrimSpace(login)))
	if err != nil {
		return u, err
	}
	return s.manageable(ctx, u.ID)
}

// UsersPage lists, one keyset page at a time, the accounts the principal in ctx may manage
// (every account for a command-line caller), after afterLogin; next is the login to pass for
// the following page, empty on the last.
func (s *Service) UsersPage(ctx context.Context, afterLogin string, limit int) (users []User, next string, err error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	var scope []int64
	if p := authz.From(ctx); p != nil {
		if scope = p.Scope(authz.UserManage); len(scope) == 0 {
			return nil, "", nil
		}
	}
	users, err = s.store.UsersIn(ctx, scope, afterLogin, limit+1)
	if err != nil {
		return nil, "", err
	}
	if len(users) > limit {
		users = users[:limit]
		next = users[limit-1].Login
	}
	return users, next, nil
}

// SetActiveChecked enables or disables an account the principal in ctx may manage. An
// administrator cannot disable their own account (nobody would be left to enable it).
func (s *Service) SetActiveChecked(ctx context.Context, id int64, active bool) error {
	u, err := s.manageable(ctx, id)
	if err != nil {
		return err
	}
	if p := authz.From(ctx); p != nil && p.UserID == u.ID {
		return fail.ErrForbidden
	}
	return s.SetActive(ctx, u.ID, active)
}

// Account loads an account the principal in ctx may manage.
func (s *Service) Account(ctx context.Context, id int64) (User, error) {
	return s.manageable(ctx, id)
}
