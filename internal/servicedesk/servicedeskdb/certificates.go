package servicedeskdb

import (
	"context"
	"database/sql"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/db"
	"github.com/dost-platform/dost/internal/servicedesk"
)

// SaveCertificate stores an issued certificate with its audit row.
func (s *Store) SaveCertificate(ctx context.Context, c *servicedesk.Certificate, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO certificates (code, person_id, kind, lang, title, body, sha256, pdf, issued_at, valid_until)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, c.Code, c.PersonID, c.Kind, c.Lang, c.Title,
			servicedesk.RowsJSON(c.Rows), c.SHA256, c.PDF, c.IssuedAt, c.ValidUntil).Scan(&c.ID)
		if err != nil {
			return err
		}
		return s.audit.Append(ctx, tx, e)
	})
}

const certificateColumns = `c.id, c.code, c.person_id, c.kind, c.lang, c.title, c.body, c.sha256, c.pdf, c.issued_at, c.valid_until,
	p.last_name, p.first_name, p.patronymic`

func scanCertificate(row db.Scanner) (servicedesk.Certificate, error) {
	var c servicedesk.Certificate
	var body, last, first, patronymic string
	err := row.Scan(&c.ID, &c.Code, &c.PersonID, &c.Kind, &c.Lang, &c.Title, &body, &c.SHA256, &c.PDF, &c.IssuedAt, &c.ValidUntil, &last, &first, &patronymic)
	c.Rows = servicedesk.ParseRows(body)
	c.Holder = servicedesk.Holder(last, first, patronymic)
	return c, err
}

// Certificate loads a certificate by its verification code.
func (s *Store) Certificate(ctx context.Context, code string) (servicedesk.Certificate, error) {
	return db.One(ctx, s.db, "certificate", scanCertificate, `SELECT `+certificateColumns+` FROM certificates c JOIN persons p ON p.id = c.person_id WHERE c.code = $1`, code)
}

// CertificatesOf lists a person's certificates, newest first.
func (s *Store) CertificatesOf(ctx context.Context, personID int64) ([]servicedesk.Certificate, error) {
	// the list leaves the PDFs in the database: the hash stands in for the blob
	columns := strings.Replace(certificateColumns, "c.pdf", "c.sha256", 1)
	return db.Collect(ctx, s.db, scanCertificate, `SELECT `+columns+` FROM certificates c JOIN persons p ON p.id = c.person_id
		WHERE c.person_id = $1 ORDER BY c.id DESC LIMIT 50`, personID)
}
