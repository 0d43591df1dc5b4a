package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/notify"
)

// ErrNotEmpty refuses to bootstrap a database that already has staff accounts.
var ErrNotEmpty = errors.New("the database already has staff accounts: dost init only starts an empty installation")

// InitialAdmin is one of the first administrators of an installation, and the activation
// code it gets.
type InitialAdmin struct {
	User User
	Code string
}

// Bootstrap starts a real installation: the institutions (parents before children) and the
// first administrators, each an Admin of the top institution at once, without a second
// approval (there is nobody yet to give it). Each gets a one-time activation code that is
// returned — the only code ever handed to a caller, because no outbox gateway is configured
// before this runs; the command prints it once. An installation with accounts is refused.
func (s *Service) Bootstrap(ctx context.Context, insts []Institution, parents []string, admins []NewUser) ([]InitialAdmin, error) {
	if existing, err := s.store.UsersIn(ctx, nil, "", 1); err != nil || len(existing) > 0 {
		if err != nil {
			return nil, err
		}
		return nil, ErrNotEmpty
	}
	if len(insts) == 0 || len(admins) == 0 {
		return nil, fmt.Errorf("bootstrap: want institutions and administrators: %w", fail.ErrConflict)
	}
	byCode := map[string]int64{}
	for i := range insts {
		if parents[i] != "" {
			if insts[i].ParentID = byCode[parents[i]]; insts[i].ParentID == 0 {
				return nil, fmt.Errorf("institution %s: parent %s must come before it", insts[i].Code, parents[i])
			}
		}
		if err := s.store.CreateInstitution(ctx, &insts[i]); err != nil {
			return nil, err
		}
		byCode[insts[i].Code] = insts[i].ID
	}
	var out []InitialAdmin
	for _, n := range admins {
		a, err := s.initialAdmin(ctx, n, insts[0].ID)
		if err != nil {
			return out, fmt.Errorf("administrator %s: %w", n.Login, err)
		}
		out = append(out, a)
	}
	return out, nil
}

func (s *Service) initialAdmin(ctx context.Context, n NewUser, top int64) (InitialAdmin, error) {
	n.Grants = []authz.Grant{{Role: authz.Admin, InstitutionID: top}}
	errs := n.validate()
	n.Contact.validate(&errs)
	if err := errs.Err(); err != nil {
		return InitialAdmin{}, err
	}
	u := User{UUID: uuid.Must(uuid.NewV7()).String(), Login: n.Login, FullName: n.FullName, Lang: n.Lang, Active: true,
		CreatedAt: s.clock.Now(), Phone: n.Phone, Email: n.Email, InstitutionID: top}
	code := newCode()
	a := Activation{Hash: HashPassword(code), CreatedAt: u.CreatedAt, ExpiresAt: u.CreatedAt.Add(s.activationTTL())}
	if err := s.store.CreateAccount(ctx, &u, a, notify.Message{}); err != nil { // no address: nothing is enqueued
		return InitialAdmin{}, err
	}
	if err := s.store.SetGrants(ctx, u.ID, n.Grants); err != nil {
		return InitialAdmin{}, err
	}
	u.Grants = n.Grants
	if err := s.record(ctx, audit.Create, u.Login, audit.Msg("first_admin")); err != nil {
		return InitialAdmin{}, err
	}
	g := GrantRequest{UUID: u.UUID, UserLogin: u.Login, Role: authz.Admin, InstitutionID: top}
	return InitialAdmin{User: u, Code: code}, s.recordGrant(ctx, "init", g, "grant_init")
}
