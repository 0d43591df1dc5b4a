package interop

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/registry"
)

// Event types a client may subscribe to: the two the patched spec defines, and dost's
// extension of the enumeration (docs/DCI.md), whose notifications carry the same record.
const (
	EventRegister   = "REGISTER"           // the person is registered
	EventNewMember  = "NewHouseHoldMember" // someone joins the person's household
	EventUpdate     = "dost:UPDATE"        // extension: a field of the person's record changes
	EventDeregister = "dost:DEREGISTER"    // extension: the person's death is recorded
)

// eventField is the agreement's field an event type reveals by happening at all: a death
// (DEREGISTER), a third person joining the household (NewHouseHoldMember). A client whose
// agreement lacks it cannot subscribe. dost:UPDATE is filtered change by change in the sweep.
var eventField = map[string]string{EventDeregister: FieldDeathDate, EventNewMember: FieldHousehold}

// Events lists the event types in the order the docs give them.
var Events = []string{EventRegister, EventNewMember, EventUpdate, EventDeregister}

// Subscription is a client's subscription to events of one person, by FİN.
type Subscription struct {
	ID          int64
	Code        string
	ClientID    int64
	TxnID       int64
	ReferenceID string
	FIN         string
	EventType   string
	Status      string // subscribe, unsubscribe
	CreatedAt   time.Time
}

// SubscriptionStore keeps subscriptions and finds the events their subscribers are told of.
type SubscriptionStore interface {
	CreateSubscriptions(ctx context.Context, subs []Subscription) error
	Unsubscribe(ctx context.Context, clientID int64, codes []string, now time.Time) ([]string, error)
	// Subscribed reports whether the client's subscription code is still live.
	Subscribed(ctx context.Context, clientID int64, code string) (bool, error)
	// Sweep records a notify transaction for every event since the watermarks, moves the
	// watermarks and calls enqueue for each transaction, all in one transaction.
	Sweep(ctx context.Context, now time.Time, enqueue func(ctx context.Context, tx *sql.Tx, txnID int64) error) (int, error)
}

// SubscribeMessage is a DCI SubscribeRequest as dost reads it.
type SubscribeMessage struct {
	TransactionID string `json:"transaction_id"`
	Items         []struct {
		ReferenceID string `json:"reference_id"`
		Timestamp   string `json:"timestamp"`
		Criteria    struct {
			EventType  string          `json:"reg_event_type"`
			FilterType string          `json:"filter_type"`
			Filter     json.RawMessage `json:"filter"`
		} `json:"subscribe_criteria"`
	} `json:"subscribe_request"`
}

// subscribeAnswer is one item of the on-subscribe message.
type subscribeAnswer struct {
	ReferenceID   string             `json:"reference_id"`
	Timestamp     string             `json:"timestamp"`
	Status        string             `json:"status"`
	ReasonCode    string             `json:"status_reason_code,omitempty"`
	ReasonMessage string             `json:"status_reason_message,omitempty"`
	Subscriptions []subscriptionInfo `json:"subscriptions,omitempty"`
}

type subscriptionInfo struct {
	Code      string `json:"code"`
	Status    string `json:"status"`
	Timestamp string `json:"timestamp"`
	EventType string `json:"reg_event_type"`
}

// Subscribe accepts a subscribe message (registry/subscribe): each item names one person by
// FİN (filter_type idtype-value, type UIN) and one event type. The subscriptions are made at
// once; the on-subscribe answer with their codes — no personal data — is kept on the
// transaction and delivered by the background job to the registered callback.
func (s *Service) Subscribe(ctx context.Context, c identity.Client, env Envelope) (Ack, error) {
	var m SubscribeMessage
	if err := json.Unmarshal(env.Message, &m); err != nil {
		return Ack{}, Bad("message: %v", err)
	}
	if err := checkTransactionID(m.TransactionID); err != nil {
		return Ack{}, err
	}
	if len(m.Items) == 0 || len(m.Items) > MaxSearchItems {
		return Ack{}, Bad("subscribe_request needs 1 to %d items", MaxSearchItems)
	}
	refs := make([]string, len(m.Items))
	for i, it := range m.Items {
		if _, err := Timestamp(it.Timestamp); err != nil || it.ReferenceID == "" || len(it.ReferenceID) > 99 {
			return Ack{}, Bad("subscribe_request[%d] needs reference_id and an ISO 8601 timestamp with a time zone", i)
		}
		refs[i] = it.ReferenceID
	}
	t, err := s.begin(ctx, c, env, m.TransactionID, "subscribe", "", refs)
	if err != nil {
		return Ack{}, err
	}
	answers, subs := s.subscriptions(c, t, m)
	if err := s.store.CreateSubscriptions(ctx, subs); err != nil {
		return Ack{}, err
	}
	body, _ := json.Marshal(map[string]any{"transaction_id": m.TransactionID, "correlation_id": t.CorrelationID, "subscribe_response": answers})
	t.Request = string(body)
	if err := s.store.SetRequest(ctx, t.ID, t.Request); err != nil {
		return Ack{}, err
	}
	if err := s.Deliver(ctx, t.ID); err != nil {
		return Ack{}, fmt.Errorf("queue on-subscribe: %w", err)
	}
	return Ack{AckStatus: "ACK", Timestamp: Stamp(s.clock.Now()), CorrelationID: t.CorrelationID}, nil
}

// subscriptions checks each item and makes its subscription, or says why not.
func (s *Service) subscriptions(c identity.Client, t Txn, m SubscribeMessage) ([]subscribeAnswer, []Subscription) {
	now := s.clock.Now()
	var answers []subscribeAnswer
	var subs []Subscription
	for _, it := range m.Items {
		a := subscribeAnswer{ReferenceID: it.ReferenceID, Timestamp: Stamp(now), Status: StatusSuccess}
		var f struct {
			Type  string `json:"type"`
			Value string `json:"value"`
		}
		fin, ok := "", json.Unmarshal(it.Criteria.Filter, &f) == nil && strings.EqualFold(f.Type, "UIN")
		if ok {
			fin, ok = registry.NormalizeFIN(f.Value)
		}
		switch {
		case !slices.Contains(Events, it.Criteria.EventType):
			a.Status, a.ReasonCode, a.ReasonMessage = StatusRejected, "rjct.notify_types.invalid", "reg_event_type is one of "+strings.Join(Events, ", ")
		case eventField[it.Criteria.EventType] != "" && !c.Allows(eventField[it.Criteria.EventType]):
			a.Status, a.ReasonCode, a.ReasonMessage = StatusRejected, "rjct.notify_types.invalid", "the agreement does not allow "+eventField[it.Criteria.EventType]+", which "+it.Criteria.EventType+" reveals"
		case it.Criteria.FilterType != "idtype-value" || !ok:
			a.Status, a.ReasonCode, a.ReasonMessage = StatusRejected, "rjct.notify_details.invalid", `filter_type is idtype-value and filter {"type": "UIN", "value": FİN}`
		default:
			sub := Subscription{Code: NewCorrelationID(), ClientID: c.ID, TxnID: t.ID, ReferenceID: it.ReferenceID, FIN: fin,
				EventType: it.Criteria.EventType, Status: "subscribe", CreatedAt: now}
			subs = append(subs, sub)
			a.Subscriptions = []subscriptionInfo{{Code: sub.Code, Status: sub.Status, Timestamp: Stamp(now), EventType: sub.EventType}}
		}
		answers = append(answers, a)
	}
	return answers, subs
}

// UnsubscribeMessage is a DCI UnSubscribeRequest.
type UnsubscribeMessage struct {
	TransactionID string   `json:"transaction_id"`
	Timestamp     string   `json:"timestamp"`
	Codes         []string `json:"subscription_codes"`
}

// Unsubscribe ends the client's subscriptions named by code (registry/unsubscribe). Codes
// that are not the client's, or already ended, change nothing. The acknowledgement is the
// answer: dost sends no on-unsubscribe callback.
func (s *Service) Unsubscribe(ctx context.Context, c identity.Client, env Envelope) (Ack, error) {
	var m UnsubscribeMessage
	if err := json.Unmarshal(env.Message, &m); err != nil {
		return Ack{}, Bad("message: %v", err)
	}
	if err := checkTransactionID(m.TransactionID); err != nil {
		return Ack{}, err
	}
	if _, err := Timestamp(m.Timestamp); err != nil || len(m.Codes) == 0 || len(m.Codes) > 100 {
		return Ack{}, Bad("timestamp and 1 to 100 subscription_codes are required")
	}
	for _, code := range m.Codes {
		if len(code) > 99 {
			return Ack{}, Bad("a subscription code has at most 99 characters")
		}
	}
	t, err := s.begin(ctx, c, env, m.TransactionID, "unsubscribe", "", m.Codes)
	if err != nil {
		return Ack{}, err
	}
	if _, err := s.store.Unsubscribe(ctx, c.ID, m.Codes, s.clock.Now()); err != nil {
		return Ack{}, err
	}
	return Ack{AckStatus: "ACK", Timestamp: Stamp(s.clock.Now()), CorrelationID: t.CorrelationID}, s.finish(ctx, t, StatusSuccess, "")
}

// Notify records the events since the last sweep as notify transactions and queues their
// delivery: the periodic job's work.
func (s *Service) Notify(ctx context.Context) (int, error) {
	return s.store.Sweep(ctx, s.clock.Now(), s.Enqueue)
}

// notifyRequest is what a notify transaction keeps until delivered: which subscription and
// whose record.
type notifyRequest struct {
	Code        string `json:"code"`
	ReferenceID string `json:"reference_id"`
	FIN         string `json:"fin"`
	Event       string `json:"event"`
}
