// Package identity is staff access: institutions and their service points, users with roles
// granted within an institution, passwords, login throttling, sessions and API tokens. It
// turns a credential into an authz.Principal; authz decides what that principal may do.
package identity

import (
	"context"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// Institution is a ministry body (agency, fund, service). Parent makes the hierarchy a role
// grant covers.
type Institution struct {
	ID       int64     `json:"id"`
	Code     string    `json:"code"`
	ParentID int64     `json:"parent_id,omitempty"`
	Name     i18n.Text `json:"name" doc:"the name in every language: {\"az\": …, \"en\": …, \"ru\": …}"`
	// ShortName is what a person reads where a page names the institution briefly: DSMF in
	// Azerbaijani, ГФСЗ in Russian, SSPF in English. Code stays the identifier.
	ShortName i18n.Text `json:"short_name,omitempty" doc:"the short name (abbreviation) in every language; the name where none is given"`
}

// Short is the institution's short name in lang; its name in lang where it has no short name
// in that language (an Azerbaijani abbreviation means nothing to an English reader).
func (i Institution) Short(lang string) string {
	if s := strings.TrimSpace(i.ShortName[lang]); s != "" {
		return s
	}
	return i.Name.In(lang)
}

// ServicePoint is a place where citizens are served: a DOST centre or a branch.
type ServicePoint struct {
	ID            int64     `json:"id"`
	Code          string    `json:"code"`
	InstitutionID int64     `json:"institution_id"`
	PlaceID       int64     `json:"place_id,omitempty"`
	Name          i18n.Text `json:"name"`
}

// User is a staff account.
type User struct {
	ID           int64
	UUID         string
	Login        string
	FullName     string
	PasswordHash string
	Lang         string
	Active       bool
	CreatedAt    time.Time
	Grants       []authz.Grant

	// The account lifecycle (accounts.go): where the owner receives activation codes, the
	// institution the account belongs to, and when it was last used.
	Phone         string
	Email         string
	InstitutionID int64
	LastLoginAt   time.Time
}

// SessionUserKey is the session value that holds a signed-in staff member's user id. The
// session store reads it to tie a session to its user.
const SessionUserKey = "user_id"

// Store is the persistence identity needs.
type Store interface {
	Institutions(ctx context.Context) ([]Institution, error)
	CreateInstitution(ctx context.Context, i *Institution) error
	CreateServicePoint(ctx context.Context, sp *ServicePoint) error
	ServicePoints(ctx context.Context) ([]ServicePoint, error)
	CreateUser(ctx context.Context, u *User) error
	UserByLogin(ctx context.Context, login string) (User, error)
	UserByID(ctx context.Context, id int64) (User, error)
	Users(ctx context.Context, afterLogin string, limit int) ([]User, error)
	SetGrants(ctx context.Context, userID int64, grants []authz.Grant) error
	SetLang(ctx context.Context, userID int64, lang string) error
	SetActive(ctx context.Context, userID int64, active bool) error
	SetPassword(ctx context.Context, userID int64, hash string) error
	CreateToken(ctx context.Context, t Token) error

	// Sign-in hardening: the atomic throttle, API token scopes and revocation, TOTP.
	CountAttempt(ctx context.Context, key string, now, windowStart time.Time) (int, error)
	ForgetAttempts(ctx context.Context, key string) error
	ReturnAttempt(ctx context.Context, key string) error
	TokenByHash(ctx context.Context, hash string, now time.Time) (Token, error)
	TokenByID(ctx context.Context, id int64) (Token, error)
	Tokens(ctx context.Context, userID int64, now time.Time) ([]Token, error)
	RevokeToken(ctx context.Context, id int64, now time.Time) error
	TOTP(ctx context.Context, userID int64) (TOTPSecret, error)
	SaveTOTPSecret(ctx context.Context, userID int64, secret string, now time.Time) error
	ConfirmTOTP(ctx context.Context, userID int64, step int64, recoveryHashes []string, now time.Time) error
	UseTOTPStep(ctx context.Context, userID int64, step int64) (bool, error)
	UseRecoveryCode(ctx context.Context, userID int64, hash string, now time.Time) (bool, error)
	RequestTOTPReset(ctx context.Context, r *TOTPReset) error
	TOTPResets(ctx context.Context) ([]TOTPReset, error)
	ApproveTOTPReset(ctx context.Context, id, approver int64, now time.Time) (TOTPReset, error)

	// The account lifecycle: contacts, activation codes, grant requests, last use.
	AccountStore
}

// Token is an API token for a machine client acting for a user. Only its hash is stored.
// ReadOnly limits it to GET; Permissions, when not empty, to that subset of the owner's.
type Token struct {
	ID          int64
	UserID      int64
	Name        string
	Hash        string
	CreatedAt   time.Time
	ExpiresAt   time.Time
	RevokedAt   *time.Time
	ReadOnly    bool
	Permissions []authz.Permission
}
