package servicedesk

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/fail"
)

// Rating is a citizen's 1–5 score of a visit or a delivered application, asked for by a link
// (in the portal or by SMS) whose token is the only key needed.
type Rating struct {
	ID            int64
	Token         string
	ApplicationID int64
	TicketID      int64
	ServiceID     int64
	ServiceName   string
	CentreID      int64
	OperatorID    int64
	PersonID      int64
	Score         int
	Comment       string
	Channel       string
	RequestedAt   time.Time
	RatedAt       time.Time
}

// RatingByToken loads the rating request behind a link.
func (s *Service) RatingByToken(ctx context.Context, token string) (Rating, error) {
	return s.ratings.RatingByToken(ctx, token)
}

// Rate records the citizen's score and comment. A link is used once.
func (s *Service) Rate(ctx context.Context, token string, score int, comment, channel string) error {
	r, err := s.ratings.RatingByToken(ctx, token)
	if err != nil {
		return err
	}
	if !r.RatedAt.IsZero() {
		return fmt.Errorf("this service was already rated: %w", fail.ErrDuplicate)
	}
	var bad fail.Fields
	if score < 1 || score > 5 {
		bad.Add("score", "invalid.range", map[string]any{"Min": 1, "Max": 5})
	}
	if len([]rune(comment)) > 1000 {
		bad.Add("comment", "invalid.too_long", nil)
	}
	if err := bad.Err(); err != nil {
		return err
	}
	r.Score, r.Comment, r.Channel, r.RatedAt = score, strings.TrimSpace(comment), channel, s.clock.Now()
	return s.ratings.Rate(ctx, r)
}

// SatisfactionRow is satisfaction for one service, centre or operator: ratings received,
// the average score, and the share of 4s and 5s (the satisfaction % DOST reports).
type SatisfactionRow struct {
	Key       string
	Name      string
	Ratings   int
	Average   float64
	Satisfied float64
}

// Groupings of the satisfaction report.
const (
	ByService  = "service"
	ByCentre   = "centre"
	ByOperator = "operator"
)

// Satisfaction reports satisfaction over a period grouped by service, centre or operator.
func (s *Service) Satisfaction(ctx context.Context, f StatsFilter, by string) ([]SatisfactionRow, error) {
	if by != ByService && by != ByCentre && by != ByOperator {
		return nil, fail.Fields{{Name: "by", Key: "invalid.choice"}}
	}
	return s.ratings.Satisfaction(ctx, f, by)
}

// NewToken is an unguessable 128-bit token for links and verification codes; the queue
// takes one for the rating request of a closed visit.
func NewToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// RatingOf returns the rating request of a delivered application the caller may read.
func (s *Service) RatingOf(ctx context.Context, applicationID int64) (Rating, error) {
	return s.ratings.RatingOfApplication(ctx, applicationID)
}

// deskRatingWindow is how long after a visit the tablet at the desk keeps asking about it.
const deskRatingWindow = 10 * time.Minute

// DeskRating is the visit the rating tablet at a desk asks the citizen to rate: the last one
// closed there in the past ten minutes by the operator signed in on the tablet, and not rated
// yet. The tablet is bound to the operator's open session at that desk: an anonymous visitor
// who names a centre and a desk gets nothing, nor does another operator.
func (s *Service) DeskRating(ctx context.Context, centreCode, desk string) (Centre, Rating, error) {
	c, err := s.Centre(ctx, centreCode)
	if err != nil {
		return c, Rating{}, err
	}
	p := authz.From(ctx)
	if p == nil || p.UserID == 0 {
		return c, Rating{}, fail.ErrForbidden
	}
	r, err := s.ratings.DeskRating(ctx, c.ID, desk, p.UserID, s.clock.Now().Add(-deskRatingWindow))
	return c, r, err
}
