// Package authz is the one place that decides whether a staff member may do something.
// A role is granted within an institution and covers that institution and the ones below
// it. Which permissions each role carries is not written here: every domain declares its
// permissions with the roles they are granted to by default (Declare, see policy.go), and
// the composition root declares them all at start-up. Every HTTP route names one permission
// and goes through Require, and a test walks the role × route matrix.
package authz

import (
	"context"
	"slices"
)

// Role is a job a staff member holds within an institution.
type Role string

// The roles dost knows.
const (
	Admin             Role = "admin"
	FrontOffice       Role = "front_office"
	BackOffice        Role = "back_office"
	SocialWorker      Role = "social_worker"
	EmploymentOfficer Role = "employment_officer"
	FinanceOfficer    Role = "finance_officer"
	Analyst           Role = "analyst"
	Auditor           Role = "auditor"
	Manager           Role = "manager" // heads a DOST centre or a back office: reports, escalations

	// Citizen is the role of a person signed in to the e-social portal. It is never granted
	// to a staff account: Valid refuses it, so user administration cannot hand it out.
	Citizen Role = "citizen"

	// Machine is the role of another institution's system calling a machine route under an
	// agreement (a DCI client). Like Citizen it is never granted to a staff account.
	Machine Role = "machine"
)

// Roles lists every role in a stable order.
var Roles = []Role{Admin, FrontOffice, BackOffice, SocialWorker, EmploymentOfficer, FinanceOfficer, Analyst, Auditor, Manager}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Permission is one thing a route lets its caller do.
type Permission string

// Permissions. Public and Authenticated are for routes anyone, or anyone logged in, may use.
// The others are names several domains share (programmes and the single window both check
// Decide; most check PersonRead): which roles hold them is not said here but declared by the
// domains' web modules. A permission only one domain uses lives with it (alerts.Read).
const (
	Public        Permission = "public"
	Authenticated Permission = "authenticated"
	PersonRead    Permission = "person.read"
	PersonWrite   Permission = "person.write"
	AuditRead     Permission = "audit.read"
	UserManage    Permission = "user.manage"
	Decide        Permission = "decision.make"  // take and override programme decisions
	ProgramManage Permission = "program.manage" // define programmes, rules and parameters
	PaymentManage Permission = "payment.manage" // prepare, approve, export and reconcile payroll

	CatalogueManage Permission = "catalogue.manage"   // edit service passports and the holiday calendar
	QueueServe      Permission = "queue.serve"        // call and serve tickets at a desk, file applications
	ServiceReport   Permission = "servicedesk.report" // queue, deadline and satisfaction dashboards
	AppealHandle    Permission = "appeal.handle"      // register, forward, extend and answer appeals
	CitizenSelf     Permission = "citizen.self"       // a citizen's own data in the portal
	Operations      Permission = "operations.manage"  // the notification outbox: failed messages, retries
)

// Grant is a role held within an institution. Scope lists that institution and all below it.
type Grant struct {
	Role          Role    `json:"role"`
	InstitutionID int64   `json:"institution_id"`
	Scope         []int64 `json:"-"`
}

// Principal is the staff member (or API client acting for one) behind a request, or a
// citizen signed in to the portal (PersonID set, one Citizen grant).
type Principal struct {
	UserID    int64
	PersonID  int64  // a citizen's person id in the registry
	PersonFIN string // and FİN
	Login     string
	Name      string
	Lang      string
	Grants    []Grant

	// An API token acts for its owner within the token's scope: TokenID names it, ReadOnly
	// limits it to reading (the middleware refuses other methods), and Only, when not nil,
	// is the permission set it was issued with (the owner's grants still bound it).
	TokenID  int64
	ReadOnly bool
	Only     []Permission
}

// allows reports whether a token's permission set (if any) includes perm.
func (p *Principal) allows(perm Permission) bool {
	return p.Only == nil || slices.Contains(p.Only, perm)
}

// Can reports whether p holds perm in any institution.
func (p *Principal) Can(perm Permission) bool {
	if perm == Public {
		return true
	}
	if p == nil {
		return false
	}
	if perm == Authenticated {
		return true
	}
	if !p.allows(perm) {
		return false
	}
	for _, g := range p.Grants {
		if g.Role.Has(perm) {
			return true
		}
	}
	return false
}

// Scope returns the institutions in which p holds perm: the grants' institutions and all
// below them. An empty result means none.
func (p *Principal) Scope(perm Permission) []int64 {
	if p == nil || !p.allows(perm) {
		return nil
	}
	var ids []int64
	for _, g := range p.Grants {
		if g.Role.Has(perm) {
			ids = append(ids, g.Scope...)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// CanIn reports whether p holds perm within institution id.
func (p *Principal) CanIn(perm Permission, id int64) bool {
	return slices.Contains(p.Scope(perm), id)
}

// PrimaryInstitution is the institution p acts for in the audit log: the first grant's.
func (p *Principal) PrimaryInstitution() int64 {
	if p == nil || len(p.Grants) == 0 {
		return 0
	}
	return p.Grants[0].InstitutionID
}

type ctxKey struct{}

// With stores p in ctx.
func With(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the principal in ctx, or nil for an anonymous request.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}

// Actor is the login a change is recorded under: the principal in ctx, or "system" for
// start-up, demo loads and background jobs.
func Actor(ctx context.Context) string {
	if p := From(ctx); p != nil {
		return p.Login
	}
	return "system"
}
