package servicedeskdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// InsertRating writes a rating request in tx, the transaction of what is to be rated: a
// delivered application here, a closed visit in queuedb, which shares this one writer of
// the ratings table.
func InsertRating(ctx context.Context, tx *sql.Tx, r *servicedesk.Rating) error {
	return tx.QueryRowContext(ctx, `INSERT INTO ratings (token, application_id, ticket_id, service_id, service_point_id, operator_id, person_id, requested_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, r.Token, db.NullID(r.ApplicationID), db.NullID(r.TicketID), r.ServiceID,
		db.NullID(r.CentreID), db.NullID(r.OperatorID), db.NullID(r.PersonID), r.RequestedAt).Scan(&r.ID)
}

// RatingByToken loads a rating request by its link token.
func (s *Store) RatingByToken(ctx context.Context, token string) (servicedesk.Rating, error) {
	return s.rating(ctx, `r.token = $1`, token)
}

// RatingOfApplication loads the rating request of a delivered application.
func (s *Store) RatingOfApplication(ctx context.Context, applicationID int64) (servicedesk.Rating, error) {
	return s.rating(ctx, `r.application_id = $1`, applicationID)
}

// DeskRating loads the rating request of the last visit an operator closed at a desk since a
// moment and not rated yet: what the rating tablet at the desk asks about.
func (s *Store) DeskRating(ctx context.Context, centreID int64, desk string, operatorID int64, since time.Time) (servicedesk.Rating, error) {
	token, err := db.One(ctx, s.db, "rating at desk", db.Value[string], `SELECT r.token FROM ratings r JOIN queue_tickets t ON t.id = r.ticket_id
		WHERE t.service_point_id = $1 AND t.desk = $2 AND t.operator_id = $3 AND t.status = 'done' AND t.closed_at >= $4 AND r.rated_at IS NULL
		ORDER BY t.closed_at DESC LIMIT 1`, centreID, desk, operatorID, since.UTC())
	if err != nil {
		return servicedesk.Rating{}, err
	}
	return s.RatingByToken(ctx, token)
}

func (s *Store) rating(ctx context.Context, where string, arg any) (servicedesk.Rating, error) {
	return db.One(ctx, s.db, "rating link", func(row db.Scanner) (servicedesk.Rating, error) {
		var r servicedesk.Rating
		var app, ticket, centre, operator, person sql.NullInt64
		var score sql.NullInt64
		var rated sql.NullTime
		var name i18n.Text
		err := row.Scan(&r.ID, &r.Token, &app, &ticket, &r.ServiceID, &name, &centre, &operator, &person, &score, &r.Comment, &r.Channel, &r.RequestedAt, &rated)
		r.ApplicationID, r.TicketID, r.CentreID, r.OperatorID, r.PersonID = app.Int64, ticket.Int64, centre.Int64, operator.Int64, person.Int64
		r.Score, r.RatedAt = int(score.Int64), rated.Time
		r.ServiceName = name.In(i18n.Lang(ctx))
		return r, err
	}, `SELECT r.id, r.token, r.application_id, r.ticket_id, r.service_id, sv.name,
		r.service_point_id, r.operator_id, r.person_id, r.score, r.comment, r.channel, r.requested_at, r.rated_at
		FROM ratings r JOIN services sv ON sv.id = r.service_id WHERE `+where, arg)
}

// Rate records a score once: a second use of the same link changes nothing.
func (s *Store) Rate(ctx context.Context, r servicedesk.Rating) error {
	res, err := s.db.ExecContext(ctx, `UPDATE ratings SET score = $1, comment = $2, channel = $3, rated_at = $4 WHERE id = $5 AND rated_at IS NULL`,
		r.Score, r.Comment, r.Channel, r.RatedAt, r.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("this service was already rated: %w", fail.ErrDuplicate)
	}
	return nil
}

// Satisfaction aggregates the ratings given in a period by service, centre or operator.
func (s *Store) Satisfaction(ctx context.Context, f servicedesk.StatsFilter, by string) ([]servicedesk.SatisfactionRow, error) {
	var key, name, join string
	lang := i18n.Lang(ctx)
	switch by {
	case servicedesk.ByCentre:
		key, name, join = "sp.code", "sp.name", " JOIN service_points sp ON sp.id = r.service_point_id" // i18n.Text
	case servicedesk.ByOperator:
		key, name, join = "u.login", "u.full_name", " JOIN users u ON u.id = r.operator_id"
	default:
		key, name, join = "sv.code", "sv.name", "" // i18n.Text
	}
	// names are i18n.Text, read in lang, but an operator's, which is a person's name
	rows, err := s.db.QueryContext(ctx, `SELECT `+key+`, `+name+`, COUNT(*), AVG(r.score * 1.0),
		AVG(CASE WHEN r.score >= 4 THEN 100.0 ELSE 0.0 END)
		FROM ratings r JOIN services sv ON sv.id = r.service_id`+join+`
		-- the bounds go in UTC, as every stored timestamp is: SQLite compares them as text
		WHERE r.rated_at IS NOT NULL AND r.rated_at >= $1 AND r.rated_at < $2 AND (r.service_point_id = $3 OR $3 = 0)
		GROUP BY `+key+`, `+name+` ORDER BY 1`, f.From.Time().UTC(), f.To.AddDays(1).Time().UTC(), f.CentreID)
	if err != nil {
		return nil, err
	}
	return db.CollectRows(rows, func(row db.Scanner) (r servicedesk.SatisfactionRow, err error) {
		if by == servicedesk.ByOperator {
			err = row.Scan(&r.Key, &r.Name, &r.Ratings, &r.Average, &r.Satisfied)
			return
		}
		var t i18n.Text
		err = row.Scan(&r.Key, &t, &r.Ratings, &r.Average, &r.Satisfied)
		r.Name = t.In(lang)
		return
	})
}
