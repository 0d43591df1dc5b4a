package interop

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// TxnStatusMessage is a DCI TxnStatusRequest as dost reads it.
type TxnStatusMessage struct {
	TransactionID string `json:"transaction_id"`
	Request       struct {
		ReferenceID    string          `json:"reference_id"`
		TxnType        string          `json:"txn_type"`
		AttributeType  string          `json:"attribute_type"`
		AttributeValue json.RawMessage `json:"attribute_value"`
	} `json:"txnstatus_request"`
}

// TxnStatusResponse answers it: the status of the transaction's search, item by item.
type TxnStatusResponse struct {
	TransactionID string `json:"transaction_id"`
	CorrelationID string `json:"correlation_id"`
	Status        struct {
		TxnType string    `json:"txn_type"`
		Status  txnStatus `json:"txn_status"`
	} `json:"txnstatus_response"`
}

type txnStatus struct {
	TransactionID  string       `json:"transaction_id"`
	CorrelationID  string       `json:"correlation_id"`
	SearchResponse []ItemAnswer `json:"search_response"`
}

// TxnStatus answers registry/sync/txn/status: where the client's search named by
// transaction_id or correlation_id stands. Only the client's own transactions are found;
// records are not repeated (a status says whether the answer was made and delivered).
func (s *Service) TxnStatus(ctx context.Context, c identity.Client, env Envelope) (TxnStatusResponse, error) {
	var m TxnStatusMessage
	if err := json.Unmarshal(env.Message, &m); err != nil {
		return TxnStatusResponse{}, Bad("message: %v", err)
	}
	r := m.Request
	var value string
	switch {
	case checkTransactionID(m.TransactionID) != nil:
		return TxnStatusResponse{}, checkTransactionID(m.TransactionID)
	case r.ReferenceID == "" || r.TxnType != "search":
		return TxnStatusResponse{}, Bad("txnstatus_request needs reference_id and txn_type \"search\" (the only transactions kept)")
	case r.AttributeType != "transaction_id" && r.AttributeType != "correlation_id", json.Unmarshal(r.AttributeValue, &value) != nil:
		return TxnStatusResponse{}, Bad("attribute_type is transaction_id or correlation_id, with its value as a string")
	}
	found, err := s.findSearch(ctx, c, r.AttributeType, value)
	if err != nil {
		return TxnStatusResponse{}, err
	}
	st, err := s.begin(ctx, c, env, m.TransactionID, "txn-status", "", []string{r.ReferenceID})
	if err != nil {
		return TxnStatusResponse{}, err
	}
	out := TxnStatusResponse{TransactionID: m.TransactionID, CorrelationID: st.CorrelationID}
	out.Status.TxnType = "search"
	out.Status.Status = txnStatus{TransactionID: found.TransactionID, CorrelationID: found.CorrelationID, SearchResponse: []ItemAnswer{}}
	for _, ref := range found.ReferenceIDs {
		out.Status.Status.SearchResponse = append(out.Status.Status.SearchResponse,
			ItemAnswer{ReferenceID: ref, Timestamp: Stamp(found.UpdatedAt), Status: found.Status, ReasonMessage: found.LastError})
	}
	return out, s.finish(ctx, st, StatusSuccess, "")
}

// findSearch finds the client's search by correlation id, or its latest by transaction id.
func (s *Service) findSearch(ctx context.Context, c identity.Client, attr, value string) (Txn, error) {
	var t Txn
	var err error
	if attr == "correlation_id" {
		t, err = s.store.TxnByCorrelation(ctx, c.ID, value)
	} else {
		var ts []Txn
		ts, err = s.store.TxnsByTransaction(ctx, c.ID, value)
		ts = slices.DeleteFunc(ts, func(t Txn) bool { return t.Action != "search" })
		if err == nil && len(ts) == 0 {
			err = fail.ErrNotFound
		}
		if err == nil {
			t = ts[len(ts)-1]
		}
	}
	if errors.Is(err, fail.ErrNotFound) || (err == nil && t.Action != "search") {
		return t, refuse(http.StatusNotFound, "err.request.not_found", "no search of this client has that %s", attr)
	}
	return t, err
}
