package registry

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// SourceConfirmation is the source of an IBAN that took effect when a held change was
// confirmed.
const SourceConfirmation = "iban_confirmation"

// Statuses of a held IBAN change.
const (
	IBANPending   = "pending"
	IBANConfirmed = "confirmed"
	IBANRejected  = "rejected"
)

// IBANChange is a new bank account for a person who is being paid, held until a second staff
// member or the citizen confirms it (maker–checker): payments to it are held meanwhile, and
// the person keeps OldIBAN on record.
type IBANChange struct {
	ID          int64
	UUID        string
	PersonID    int64
	FIN         string
	Name        string
	OldIBAN     string
	NewIBAN     string
	RequestedBy string
	RequestedAt time.Time
	Status      string
	DecidedBy   string
	DecidedAt   time.Time
	Note        string
}

// IBANStore is the persistence of held IBAN changes.
type IBANStore interface {
	HasActiveEntitlement(ctx context.Context, personID int64) (bool, error)
	SaveWithIBAN(ctx context.Context, p Person, changes []Change, held *IBANChange, entries []audit.Entry) (Person, error)
	IBANChanges(ctx context.Context, beforeID int64, limit int) ([]IBANChange, error)
	IBANChange(ctx context.Context, uuid string) (IBANChange, error)
	PendingIBANOf(ctx context.Context, personID int64) (IBANChange, error)
	DecideIBAN(ctx context.Context, c IBANChange, change *Change, e audit.Entry) error
}

func isIBAN(c Change) bool { return c.Field == "iban" }

// updateWithIBAN writes an update that changes the IBAN. For a person with an active
// entitlement the new IBAN is held — recorded as pending, the person keeps the old one, and
// the rest of the update is written — until another person confirms it; otherwise it takes
// effect at once. Either way the IBAN change is in the audit log under "iban".
func (s *Service) updateWithIBAN(ctx context.Context, cur, next Person, changes []Change, e audit.Entry) (Person, error) {
	paid, err := s.store.HasActiveEntitlement(ctx, cur.ID)
	if err != nil {
		return cur, err
	}
	c := IBANChange{UUID: newUUID(), PersonID: cur.ID, FIN: cur.FIN, OldIBAN: cur.IBAN, NewIBAN: next.IBAN,
		RequestedBy: authz.Actor(ctx), RequestedAt: s.clock.Now(), Status: IBANPending}
	person := strconv.FormatInt(cur.ID, 10)
	if !paid {
		ie := audit.For(ctx, audit.Update, "iban change", "iban", c.UUID, audit.Msg("iban_at_once", "Person", person))
		return s.store.SaveWithIBAN(ctx, next, changes, nil, []audit.Entry{e, ie})
	}
	next.IBAN = cur.IBAN
	rest := slices.DeleteFunc(changes, isIBAN)
	// the person's own entry is written whatever else changed, so that the citizen's access
	// log in e-social shows that someone asked to change their account
	e.Detail = audit.Msg("fields_iban_held", "Fields", changedFields(rest), "Change", c.UUID)
	entries := []audit.Entry{audit.For(ctx, audit.Create, "iban change", "iban", c.UUID, audit.Msg("iban_held", "Person", person)), e}
	return s.store.SaveWithIBAN(ctx, next, rest, &c, entries)
}

// IBANChanges lists held IBAN changes, newest first, a keyset page at a time. The list shows
// names and accounts, so it is a recorded read.
func (s *Service) IBANChanges(ctx context.Context, beforeID int64) ([]IBANChange, error) {
	list, err := s.store.IBANChanges(ctx, beforeID, 50)
	if err != nil {
		return nil, err
	}
	entries := []audit.Entry{audit.For(ctx, audit.Read, "iban queue", "iban", "", audit.Msg("pending_shown", "Count", len(list)))}
	for _, c := range list { // each person the queue shows (name, accounts) is a read of their record
		entries = append(entries, audit.For(ctx, audit.Read, "iban queue", "person", c.FIN, audit.Msg("iban_change_ref", "Change", c.UUID)))
	}
	return list, s.audit.Record(ctx, entries...)
}

// ConfirmIBAN puts a held IBAN in effect on a second staff member's word: not the one who
// entered it.
func (s *Service) ConfirmIBAN(ctx context.Context, id string) (IBANChange, error) {
	c, err := s.pendingIBAN(ctx, id)
	if err != nil {
		return c, err
	}
	if c.RequestedBy == authz.Actor(ctx) {
		return c, fail.Fields{{Name: "change", Key: "foureyes.own_request"}}
	}
	return s.decideIBAN(ctx, c, IBANConfirmed, "iban_confirmed_staff")
}

// RejectIBAN turns a held IBAN down with a reason: the person keeps the old account.
func (s *Service) RejectIBAN(ctx context.Context, id, note string) (IBANChange, error) {
	if strings.TrimSpace(note) == "" {
		return IBANChange{}, fail.Fields{{Name: "note", Key: "invalid.required"}}
	}
	c, err := s.pendingIBAN(ctx, id)
	if err != nil {
		return c, err
	}
	c.Note = strings.TrimSpace(note)
	return s.decideIBAN(ctx, c, IBANRejected, "iban_rejected")
}

// PendingIBANFor is the person's held IBAN change, for staff reading their card (the card
// read is the audited one); fail.ErrNotFound when there is none.
func (s *Service) PendingIBANFor(ctx context.Context, p Person) (IBANChange, error) {
	return s.store.PendingIBANOf(ctx, p.ID)
}

// PendingIBANOf is the held IBAN change of the signed-in citizen, for their cabinet;
// fail.ErrNotFound when there is none.
func (s *Service) PendingIBANOf(ctx context.Context) (IBANChange, error) {
	p := authz.From(ctx)
	if p == nil || p.PersonID == 0 {
		return IBANChange{}, fmt.Errorf("held iban change: %w", fail.ErrNotFound)
	}
	return s.store.PendingIBANOf(ctx, p.PersonID)
}

// ConfirmOwnIBAN is the citizen confirming in e-social that the held account is theirs.
// Only the change of their own record can be confirmed; any other is not found.
func (s *Service) ConfirmOwnIBAN(ctx context.Context, id string) (IBANChange, error) {
	c, err := s.pendingIBAN(ctx, id)
	if p := authz.From(ctx); err == nil && (p == nil || p.PersonID == 0 || p.PersonID != c.PersonID) {
		err = fmt.Errorf("held iban change %s: %w", id, fail.ErrNotFound)
	}
	if err != nil {
		return c, err
	}
	return s.decideIBAN(ctx, c, IBANConfirmed, "iban_confirmed_citizen")
}

func (s *Service) pendingIBAN(ctx context.Context, id string) (IBANChange, error) {
	c, err := s.store.IBANChange(ctx, id)
	if err == nil && c.Status != IBANPending {
		err = fmt.Errorf("iban change %s is %s: %w", c.UUID, c.Status, fail.ErrConflict)
	}
	return c, err
}

// decideIBAN records the decision; a confirmation writes the new IBAN into the person's
// record with its history row.
func (s *Service) decideIBAN(ctx context.Context, c IBANChange, status, key string) (IBANChange, error) {
	c.Status, c.DecidedBy, c.DecidedAt = status, authz.Actor(ctx), s.clock.Now()
	var change *Change
	if status == IBANConfirmed {
		change = &Change{PersonID: c.PersonID, Field: "iban", Old: c.OldIBAN, New: c.NewIBAN, Source: SourceConfirmation, At: s.clock.Now()}
		if p := authz.From(ctx); p != nil {
			change.ActorID, change.ActorLogin = p.UserID, p.Login
		}
	}
	e := audit.For(ctx, audit.Update, "iban "+status, "iban", c.UUID,
		audit.Msg(key, "Person", c.PersonID, "Maker", c.RequestedBy))
	return c, s.store.DecideIBAN(ctx, c, change, e)
}
