// Package interop is dost's exchange with the state's other registries. This part is dost as
// a DCI (SPDCI) Social Registry: other institutions' machine clients — identity's API clients
// with the DCI scope, each an agreement on record — search the registry by FİN or by a small
// documented expression language, synchronously or with answers delivered to the callback
// their agreement names, and subscribe to changes of persons. Every message is signed with a
// key the agreement lists; every record returned is in the audit log under the client's name;
// a client reads only the fields its agreement allows. docs/DCI.md is the protocol as built.
package interop

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/registry"
)

// Permissions of the exchange.
const (
	// Exchange is what a machine client acting under a DCI agreement may do: send DCI
	// messages. Only the Machine role holds it; no staff account can.
	Exchange authz.Permission = "dci.exchange"
	// ExchangeManage is the operators' side: register agreements, watch the traffic.
	ExchangeManage authz.Permission = authz.UserManage
)

// Fields an agreement may allow, each a part of the returned record (record.go).
const (
	FieldUIN        = "uin"
	FieldName       = "name"
	FieldSex        = "sex"
	FieldBirthDate  = "birth_date"
	FieldDeathDate  = "death_date"
	FieldAddress    = "address"
	FieldDisability = "disability"
	FieldHousehold  = "household"
)

// Fields is the catalogue of fields, in the order they are offered.
var Fields = []string{FieldUIN, FieldName, FieldSex, FieldBirthDate, FieldDeathDate, FieldAddress, FieldDisability, FieldHousehold}

// Registry is what the exchange reads from the social registry. Both reads are audited by
// the registry under the principal in the context: the machine client.
type Registry interface {
	Person(ctx context.Context, fin, purpose string) (registry.Person, error)
	Search(ctx context.Context, q registry.Query) ([]registry.Person, string, error)
	Household(ctx context.Context, p registry.Person) (registry.Household, error)
	PlaceLabel(id int64, lang string) string
}

// Clients finds the machine client behind a bearer token.
type Clients interface {
	ByToken(ctx context.Context, token string) (identity.Client, error)
	ByClientID(ctx context.Context, clientID string) (identity.Client, error)
	ByID(ctx context.Context, id int64) (identity.Client, error)
	List(ctx context.Context) ([]identity.Client, error)
}

// Txn is one DCI message received from a client and what became of it: the transaction
// status a client asks for, and for an asynchronous search its answer and delivery.
type Txn struct {
	ID            int64
	ClientID      int64
	MessageID     string
	TransactionID string
	CorrelationID string
	Action        string   // search, subscribe, unsubscribe, txn-status
	Status        string   // rcvd, pdng, succ, rjct (the DCI request status codes)
	Request       string   // an asynchronous search's message, until it is answered
	ReferenceIDs  []string // the message's items, for the status a client asks for
	Attempts      int
	LastError     string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Statuses of a transaction, as DCI spells them.
const (
	StatusReceived = "rcvd"
	StatusPending  = "pdng"
	StatusSuccess  = "succ"
	StatusRejected = "rjct"
)

// Store keeps the transactions.
type Store interface {
	// CreateTxn records a message; a message_id the client already used is ErrReplay.
	CreateTxn(ctx context.Context, t *Txn) error
	UpdateTxn(ctx context.Context, t Txn) error
	TxnByCorrelation(ctx context.Context, clientID int64, correlationID string) (Txn, error)
	TxnsByTransaction(ctx context.Context, clientID int64, transactionID string) ([]Txn, error)
	TxnByID(ctx context.Context, id int64) (Txn, error)
	SetRequest(ctx context.Context, id int64, request string) error
	SubscriptionStore
	ExchangeStore
}

// Service answers DCI messages.
type Service struct {
	store    Store
	registry Registry
	clients  Clients
	clock    clock.Clock
	// Deliver enqueues the asynchronous answer to transaction id (interopjob); Post sends a
	// callback. The composition root sets both.
	Deliver func(ctx context.Context, id int64) error
	Enqueue func(ctx context.Context, tx *sql.Tx, id int64) error // the same, inside a store's transaction
	Post    func(ctx context.Context, url string, body []byte) error
}

// NewService returns the exchange over its store, the registry it serves and the clients.
func NewService(s Store, r Registry, c Clients, clk clock.Clock) *Service {
	return &Service{store: s, registry: r, clients: c, clock: clk, Post: HTTPPost,
		Deliver: func(context.Context, int64) error { return errNoJobs },
		Enqueue: func(context.Context, *sql.Tx, int64) error { return errNoJobs }}
}

var errNoJobs = errors.New("no background work registered")

// Machine is the principal of a request made by client: it holds only Exchange, and the
// audit log records its reads under "dci:<client id>".
func Machine(c identity.Client) *authz.Principal {
	return &authz.Principal{Login: "dci:" + c.ClientID, Name: c.Institution, Grants: []authz.Grant{{Role: authz.Machine}}}
}
