package servicedesk

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/pdf"
	"github.com/dost-platform/dost/internal/programs"
)

// Kinds of e-certificate.
const (
	BenefitsCertificate    = "benefits"    // what the person receives from social protection
	ApplicationCertificate = "application" // the decision on one application
)

// Certificate is an issued e-certificate: the PDF exactly as issued, its hash, and what it
// says, so that the public verification page can show the original beside any copy.
type Certificate struct {
	ID         int64
	Code       string
	PersonID   int64
	Kind       string
	Lang       string
	Title      string
	Rows       []pdf.Row
	SHA256     string
	PDF        []byte
	IssuedAt   time.Time
	ValidUntil clock.Date
	Holder     string // initials and surname, as the verification page shows them
}

// titles are the message of each kind of certificate's title.
var titles = map[string]string{BenefitsCertificate: "certificate.benefits_title", ApplicationCertificate: "certificate.decision_title"}

// TitleIn is the certificate's title in lang, for every list and page that shows it to a
// reader; the document itself keeps the language it was issued in (Title).
func (c Certificate) TitleIn(lang string) string {
	if key, ok := titles[c.Kind]; ok {
		return i18n.Tr(lang, key, nil)
	}
	return c.Title
}

// certificateValidity is how long an e-certificate may be relied on.
const certificateValidity = 30

// IssueBenefits issues a certificate of the benefits the signed-in citizen receives.
func (s *Service) IssueBenefits(ctx context.Context, lang string) (Certificate, error) {
	p := authz.From(ctx)
	if p == nil || p.PersonID == 0 {
		return Certificate{}, fail.ErrForbidden
	}
	b, err := s.programs.BenefitsOf(ctx, p.PersonFIN)
	if err != nil {
		return Certificate{}, err
	}
	progs, err := s.programs.Programs(ctx)
	if err != nil {
		return Certificate{}, err
	}
	names := map[int64]string{}
	for _, pr := range progs {
		names[pr.ID] = pr.Name.In(lang)
	}
	today := s.today()
	var rows []pdf.Row
	for _, e := range b.Entitlements {
		if e.Status != programs.StatusActive || (!e.End.IsZero() && e.End.Before(today)) {
			continue
		}
		rows = append(rows, pdf.Row{Label: names[e.ProgramID], Value: i18n.Tr(lang, "certificate.benefit_row",
			map[string]any{"Amount": e.Amount.String(), "Start": e.Start.String(), "End": endText(lang, e.End)})})
	}
	if len(rows) == 0 {
		rows = []pdf.Row{{Label: i18n.Tr(lang, "certificate.benefits", nil), Value: i18n.Tr(lang, "certificate.no_benefits", nil)}}
	}
	return s.issue(ctx, b.Person.ID, b.Person.FullName(), b.Person.FIN,
		BenefitsCertificate, lang, i18n.Tr(lang, titles[BenefitsCertificate], nil), rows)
}

// IssueDecision issues a certificate of the decision on one of the citizen's applications.
func (s *Service) IssueDecision(ctx context.Context, appID, lang string) (Certificate, error) {
	a, err := s.Application(ctx, appID)
	if err != nil {
		return Certificate{}, err
	}
	if !a.Decided() {
		return Certificate{}, fail.Fields{{Name: "application", Key: "invalid.not_decided"}}
	}
	rows := []pdf.Row{
		{Label: i18n.Tr(lang, "field.application", nil), Value: a.Number},
		{Label: i18n.Tr(lang, "field.service", nil), Value: a.Service.Code + " " + a.Service.Name.In(lang)},
		{Label: i18n.Tr(lang, "field.filed_on", nil), Value: a.FiledOn.String()},
		{Label: i18n.Tr(lang, "field.decided_on", nil), Value: a.DecidedOn.String()},
		{Label: i18n.Tr(lang, "field.outcome", nil), Value: i18n.Tr(lang, "application.status."+a.Outcome, nil)},
	}
	if a.Note != "" {
		rows = append(rows, pdf.Row{Label: i18n.Tr(lang, "field.explanation", nil), Value: a.Note})
	}
	return s.issue(ctx, a.PersonID, a.PersonName, a.PersonFIN, ApplicationCertificate, lang, i18n.Tr(lang, titles[ApplicationCertificate], nil), rows)
}

func (s *Service) issue(ctx context.Context, personID int64, fullName, fin, kind, lang, title string, rows []pdf.Row) (Certificate, error) {
	now := s.clock.Now()
	lang = i18n.Or(lang)
	c := Certificate{Code: newCode(), PersonID: personID, Kind: kind, Lang: lang, Title: title, IssuedAt: now,
		ValidUntil: clock.DateOf(now).AddDays(certificateValidity)}
	c.Rows = append([]pdf.Row{{Label: i18n.Tr(lang, "field.full_name", nil), Value: fullName}, {Label: i18n.Tr(lang, "field.fin", nil), Value: fin}}, rows...)
	link := s.BaseURL + "/verify?code=" + c.Code
	doc := pdf.Document{Issuer: i18n.Tr(lang, "certificate.issuer", nil), Title: title,
		Intro: i18n.Tr(lang, "certificate.intro", map[string]any{"Date": clock.DateOf(now).String()}),
		Rows:  c.Rows, Code: c.Code, QR: link, Issued: now,
		CodeNote: i18n.Tr(lang, "certificate.check", map[string]any{"Link": s.BaseURL + "/verify", "Code": c.Code, "Until": c.ValidUntil.String()}),
		Footer:   i18n.Tr(lang, "certificate.footer", nil)}
	b, err := pdf.Render(doc)
	if err != nil {
		return c, err
	}
	sum := sha256.Sum256(b)
	c.PDF, c.SHA256 = b, hex.EncodeToString(sum[:])
	e := audit.For(ctx, audit.Create, "e-certificate", "person", fmt.Sprint(personID), audit.Msg("certificate_issued", "Title", audit.Word(cmp.Or(titles[kind], kind))))
	return c, s.certificates.SaveCertificate(ctx, &c, e)
}

// Verification is what the public verification page says about a code and, when a file was
// given, whether that file is the document issued under it.
type Verification struct {
	Found       bool
	Certificate Certificate
	Expired     bool
	FileChecked bool
	FileMatches bool
}

// Verify looks up a certificate by the code printed on it and, when file is not nil,
// checks that the file is byte for byte the one issued: any edit changes its hash.
func (s *Service) Verify(ctx context.Context, code string, file []byte) (Verification, error) {
	c, err := s.certificates.Certificate(ctx, normalizeCode(code))
	if err != nil {
		if errors.Is(err, fail.ErrNotFound) {
			return Verification{}, nil
		}
		return Verification{}, err
	}
	v := Verification{Found: true, Certificate: c, Expired: c.ValidUntil.Before(s.today())}
	detail := audit.Msg("verified_code", "Code", c.Code)
	if file != nil {
		sum := sha256.Sum256(file)
		v.FileChecked, v.FileMatches = true, hex.EncodeToString(sum[:]) == c.SHA256
		detail = audit.Msg(map[bool]string{true: "verified_file_same", false: "verified_file_differs"}[v.FileMatches], "Code", c.Code)
	}
	// whoever checks a certificate reads what it says about its holder
	return v, s.audit.Record(ctx, audit.For(ctx, audit.Read, "certificate verification", "person", fmt.Sprint(c.PersonID), detail))
}

// Certificate returns one of the signed-in citizen's certificates.
func (s *Service) Certificate(ctx context.Context, code string) (Certificate, error) {
	c, err := s.certificates.Certificate(ctx, normalizeCode(code))
	if err != nil {
		return c, err
	}
	if p := authz.From(ctx); p == nil || p.PersonID != c.PersonID {
		return Certificate{}, fmt.Errorf("certificate: %w", fail.ErrNotFound)
	}
	return c, nil
}

// CertificatesOf lists a person's certificates, newest first.
func (s *Service) CertificatesOf(ctx context.Context, personID int64) ([]Certificate, error) {
	return s.certificates.CertificatesOf(ctx, personID)
}

// codeAlphabet leaves out 0/O and 1/I/L, which people misread when they type a code.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newCode is a random 12-character verification code, XXXX-XXXX-XXXX (about 59 bits).
func newCode() string {
	b := make([]byte, 12)
	rand.Read(b)
	var sb strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(x)%len(codeAlphabet)])
	}
	return sb.String()
}

func normalizeCode(s string) string {
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s)))
	if len(s) != 12 {
		return s
	}
	return s[:4] + "-" + s[4:8] + "-" + s[8:]
}

// Holder is "Məmmədov Ə. R.": enough to match a document to its bearer on the public page.
func Holder(last, first, patronymic string) string {
	out := last
	for _, n := range []string{first, patronymic} {
		if r := []rune(n); len(r) > 0 {
			out += " " + string(r[0]) + "."
		}
	}
	return out
}

func endText(lang string, d clock.Date) string {
	if d.IsZero() {
		return i18n.Tr(lang, "person.indefinite", nil)
	}
	return d.String()
}

// ParseRows reads rows stored by RowsJSON.
func ParseRows(s string) []pdf.Row {
	var rows []pdf.Row
	json.Unmarshal([]byte(s), &rows)
	return rows
}

// RowsJSON is the stored form of a certificate's rows.
func RowsJSON(rows []pdf.Row) string {
	b, _ := json.Marshal(rows)
	return string(b)
}
