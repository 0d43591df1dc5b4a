package interop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/google/uuid"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/registry"
)

// Limits of a search message.
const (
	MaxSearchItems = 20   // search_request items in one message
	MaxPageSize    = 100  // records in one page
	DefaultPage    = 25   // records in a page when the request gives no pagination
	MaxDepth       = 1000 // page_size × page_number: deeper pages are refused (keyset walk)
)

// SearchMessage is a DCI SearchRequest as dost reads it.
type SearchMessage struct {
	TransactionID string       `json:"transaction_id"`
	SearchRequest []SearchItem `json:"search_request"`
}

// references lists the message's reference ids.
func (m SearchMessage) references() []string {
	refs := make([]string, len(m.SearchRequest))
	for i, it := range m.SearchRequest {
		refs[i] = it.ReferenceID
	}
	return refs
}

// SearchItem is one search of a message.
type SearchItem struct {
	ReferenceID string `json:"reference_id"`
	Timestamp   string `json:"timestamp"`
	Criteria    struct {
		QueryType  string          `json:"query_type"`
		Query      json.RawMessage `json:"query"`
		Pagination *struct {
			PageSize   *float64 `json:"page_size"`
			PageNumber *float64 `json:"page_number"`
		} `json:"pagination"`
	} `json:"search_criteria"`
	Locale string `json:"locale"`
}

// SearchResponse is the message of an on-search answer.
type SearchResponse struct {
	TransactionID  string       `json:"transaction_id"`
	CorrelationID  string       `json:"correlation_id"`
	SearchResponse []ItemAnswer `json:"search_response"`
}

// ItemAnswer answers one SearchItem.
type ItemAnswer struct {
	ReferenceID   string    `json:"reference_id"`
	Timestamp     string    `json:"timestamp"`
	Status        string    `json:"status"`
	ReasonCode    string    `json:"status_reason_code,omitempty"`
	ReasonMessage string    `json:"status_reason_message,omitempty"`
	Data          *ItemData `json:"data,omitempty"`
	Pagination    *Page     `json:"pagination,omitempty"`
	Locale        string    `json:"locale,omitempty"`
}

// ItemData holds the records found.
type ItemData struct {
	Version       string           `json:"version"`
	RegType       string           `json:"reg_type"`
	RegRecordType string           `json:"reg_record_type"`
	RegRecords    []map[string]any `json:"reg_records"`
}

// Page is a page's place. TotalCount counts the records up to the end of this page, plus one
// when another page follows: the registry walks keyset pages and does not count a whole
// national result set for every search.
type Page struct {
	PageSize   int `json:"page_size"`
	PageNumber int `json:"page_number"`
	TotalCount int `json:"total_count"`
}

var locale = regexp.MustCompile(`^[a-z]{3}$`)

// ParseSearch reads and checks a search message; what is not a well-formed request is a
// Refusal (err.request.bad). What is well-formed but not supported is answered per item.
func ParseSearch(raw json.RawMessage) (SearchMessage, error) {
	var m SearchMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, Bad("message: %v", err)
	}
	if err := checkTransactionID(m.TransactionID); err != nil {
		return m, err
	}
	if len(m.SearchRequest) == 0 || len(m.SearchRequest) > MaxSearchItems {
		return m, Bad("search_request needs 1 to %d items", MaxSearchItems)
	}
	for i, it := range m.SearchRequest {
		switch {
		case it.ReferenceID == "" || len(it.ReferenceID) > 99:
			return m, Bad("search_request[%d].reference_id is required (at most 99 characters)", i)
		case it.Criteria.QueryType == "" || len(it.Criteria.Query) == 0:
			return m, Bad("search_request[%d].search_criteria needs query_type and query", i)
		case it.Locale != "" && !locale.MatchString(it.Locale):
			return m, Bad("search_request[%d].locale is an ISO 639-3 code of three lower-case letters", i)
		case it.Criteria.Pagination != nil && it.Criteria.Pagination.PageSize == nil:
			return m, Bad("search_request[%d].search_criteria.pagination needs page_size", i)
		}
		if _, err := Timestamp(it.Timestamp); err != nil {
			return m, Bad("search_request[%d].timestamp: %v", i, err)
		}
	}
	return m, nil
}

func checkTransactionID(id string) error {
	if strings.TrimSpace(id) == "" || len(id) > 99 {
		return Bad("transaction_id is required (at most 99 characters)")
	}
	return nil
}

// Search answers a search message of client c, item by item. Every record returned has been
// read through the registry, which records each in the audit log under the client.
func (s *Service) Search(ctx context.Context, c identity.Client, m SearchMessage, correlationID string) (SearchResponse, error) {
	out := SearchResponse{TransactionID: m.TransactionID, CorrelationID: correlationID}
	for _, it := range m.SearchRequest {
		a, err := s.searchItem(ctx, c, it)
		if err != nil {
			return out, err
		}
		out.SearchResponse = append(out.SearchResponse, a)
	}
	return out, nil
}

func (s *Service) searchItem(ctx context.Context, c identity.Client, it SearchItem) (ItemAnswer, error) {
	a := ItemAnswer{ReferenceID: it.ReferenceID, Timestamp: Stamp(s.clock.Now()), Status: StatusSuccess, Locale: it.Locale}
	size, number, ok := pagination(it)
	if !ok {
		return rejected(a, "rjct.pagination.invalid", fmt.Sprintf("page_size is 1 to %d, page_number from 1, and page_size × page_number at most %d", MaxPageSize, MaxDepth)), nil
	}
	q, fin, err := compileUIN(c, it.Criteria.QueryType, it.Criteria.Query)
	if errors.Is(err, errCriteria) {
		return rejected(a, "rjct.search_criteria.invalid", err.Error()), nil
	}
	q.Limit = size
	pageNo := number
	var found []registry.Person
	if fin != "" {
		found, err = s.byFIN(ctx, fin, number)
		if err != nil {
			return a, err
		}
		number = 0 // the page loop below is for searches by name
	}
	for page := 1; page <= number; page++ {
		found, q.After, err = s.registry.Search(ctx, q)
		if fields := (fail.Fields{}); errors.As(err, &fields) {
			return rejected(a, "rjct.search_criteria.invalid", "the registry cannot search by this name"), nil
		}
		if err != nil {
			return a, fmt.Errorf("search: %w", err)
		}
		if q.After == "" && page < number {
			found = nil
			break
		}
	}
	data := &ItemData{Version: Version, RegType: RegType, RegRecordType: RecordType, RegRecords: []map[string]any{}}
	for _, p := range found {
		if fin == "" && !exactName(q.Text, p) {
			continue
		}
		rec, err := s.record(ctx, c, p)
		if err != nil {
			return a, err
		}
		data.RegRecords = append(data.RegRecords, rec)
	}
	total := (pageNo-1)*size + len(found)
	if q.After != "" {
		total++
	}
	a.Data, a.Pagination = data, &Page{PageSize: size, PageNumber: pageNo, TotalCount: total}
	return a, nil
}

// byFIN reads the one person with fin (audited by the registry under the client); a page
// after the first of a FİN search is empty.
func (s *Service) byFIN(ctx context.Context, fin string, page int) ([]registry.Person, error) {
	p, err := s.registry.Person(ctx, fin, "dci search")
	switch {
	case errors.Is(err, fail.ErrNotFound) || (err == nil && page > 1):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("search: %w", err)
	}
	return []registry.Person{p}, nil
}

// pagination returns the page asked for, DefaultPage's first when none is.
func pagination(it SearchItem) (size, number int, ok bool) {
	p := it.Criteria.Pagination
	if p == nil {
		return DefaultPage, 1, true
	}
	size, number = int(*p.PageSize), 1
	if p.PageNumber != nil {
		number = int(*p.PageNumber)
	}
	ok = float64(size) == *p.PageSize && size >= 1 && size <= MaxPageSize && number >= 1 && size*number <= MaxDepth
	return size, number, ok
}

func rejected(a ItemAnswer, code, msg string) ItemAnswer {
	a.Status, a.ReasonCode, a.ReasonMessage = StatusRejected, code, msg
	return a
}

// NewCorrelationID names dost's side of a transaction.
func NewCorrelationID() string { return uuid.Must(uuid.NewV7()).String() }
