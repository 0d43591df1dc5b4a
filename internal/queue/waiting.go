package queue

import (
	"context"
	"time"

	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// ServiceWait is one service's line at a centre: how many wait and since when the one who
// has waited longest.
type ServiceWait struct {
	ServiceCode string
	ServiceName i18n.Text
	Waiting     int
	OldestSince time.Time
}

// OldestMinutes is how long, in whole minutes at now, the longest-waiting visitor has waited.
func (w ServiceWait) OldestMinutes(now time.Time) int {
	return max(0, int(now.Sub(w.OldestSince)/time.Minute))
}

// WaitingByService is the centre's waiting list today by service, the longest wait first, so
// that the operator sees where the line is before calling the next visitor.
func (s *Service) WaitingByService(ctx context.Context, centreCode string) ([]ServiceWait, error) {
	c, err := s.catalogue.Centre(ctx, centreCode)
	if err != nil {
		return nil, err
	}
	return s.store.WaitingByService(ctx, c.ID, s.today())
}

// Now is the queue's clock, for the waits shown beside the list.
func (s *Service) Now() time.Time { return s.clock.Now() }

// QueueByDay reports each centre's visits per day of a period against the standard.
func (s *Service) QueueByDay(ctx context.Context, f servicedesk.StatsFilter) ([]servicedesk.QueueDay, error) {
	return s.store.QueueByDay(ctx, f)
}
