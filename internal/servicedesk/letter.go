package servicedesk

import (
	"context"

	"github.com/dost-platform/dost/internal/platform/audit"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/pdf"
)

// AppealDays is how many working days from the decision date a citizen has to appeal a
// decision on an application, counted on the holiday calendar as the appeals domain counts
// its own deadlines. GAP: the reference (domain.md) gives the answer periods of the Law on
// Citizens' Appeals but not the period for appealing an administrative decision; 30 working
// days is dost's assumption until the ministry names the period and its article.
const AppealDays = 30

// Letter is the decision on an application as an official letter: the PDF and its file name.
type Letter struct {
	Name string
	PDF  []byte
	Lang string
}

// DecisionLetter is the letter telling the citizen the decision on their application, in the
// language they filed in: the institution, the citizen and the application, the decision
// and its legal basis (the service passport's law and, when a programme's rule decided, the
// rule version), the explanation, and how and by when to appeal. A citizen gets only their
// own; staff those they may read. Every letter handed out is in the audit log: it carries
// the citizen's name, FİN and decision.
func (s *Service) DecisionLetter(ctx context.Context, id string) (Letter, error) {
	a, err := s.applications.Application(ctx, id)
	if err != nil {
		return Letter{}, err
	}
	if err := s.mayRead(ctx, a); err != nil {
		return Letter{}, err
	}
	if !a.Decided() {
		return Letter{}, fail.Because(fail.ErrConflict, "letter.not_decided", nil)
	}
	l, err := s.letter(ctx, a)
	if err != nil {
		return Letter{}, err
	}
	b, err := pdf.RenderLetter(l)
	if err != nil {
		return Letter{}, err
	}
	e := audit.For(ctx, audit.Read, "decision letter", "application", a.UUID, audit.Msg("letter", "Outcome", audit.Word("outcome."+a.Outcome), "Lang", audit.Word("audit.lang."+a.Lang)))
	return Letter{Name: "decision-" + a.Number + ".pdf", PDF: b, Lang: a.Lang}, s.audit.Record(ctx, e)
}

// letter gathers what the letter says, in the application's language.
func (s *Service) letter(ctx context.Context, a Application) (pdf.Letter, error) {
	lang := i18n.Or(a.Lang)
	tr := func(key string, args map[string]any) string { return i18n.Tr(lang, key, args) }
	inst, err := s.catalogue.InstitutionName(ctx, a.InstitutionID)
	if err != nil {
		return pdf.Letter{}, err
	}
	rule, amount, err := s.ruleOf(ctx, a)
	if err != nil {
		return pdf.Letter{}, err
	}
	until := s.calendar.Get().Add(a.DecidedOn, AppealDays)
	l := pdf.Letter{Sender: inst.In(lang), SenderSub: tr("letter.sender_sub", nil),
		Reference: tr("letter.reference", map[string]any{"Number": a.Number, "Date": LetterDate(lang, a.DecidedOn)}),
		To:        []string{a.PersonName, tr("field.fin", nil) + ": " + a.PersonFIN},
		Title:     tr("letter.title", map[string]any{"Number": a.Number}),
		Issued:    a.DecidedOn.Time(),
		Footer:    tr("letter.footer", nil)}
	l.Rows = []pdf.Row{
		{Label: tr("field.service", nil), Value: a.Service.Code + " " + a.Service.Name.In(lang)},
		{Label: tr("field.filed_on", nil), Value: LetterDate(lang, a.FiledOn)},
		{Label: tr("field.decided_on", nil), Value: LetterDate(lang, a.DecidedOn)},
		{Label: tr("letter.decision", nil), Value: tr("application.status."+a.Outcome, nil)},
	}
	if a.RefusalGround != "" {
		l.Rows = append(l.Rows, pdf.Row{Label: tr("field.ground", nil), Value: tr("refusal."+a.RefusalGround, nil)})
	}
	if amount != "" {
		l.Rows = append(l.Rows, pdf.Row{Label: tr("letter.amount", nil), Value: tr("letter.amount_value", map[string]any{"Amount": amount})})
	}
	if a.Service.LegalBasis != "" {
		l.Rows = append(l.Rows, pdf.Row{Label: tr("letter.legal_basis", nil), Value: a.Service.LegalBasis})
	}
	if rule != "" {
		l.Rows = append(l.Rows, pdf.Row{Label: tr("letter.rule", nil), Value: rule})
	}
	l.Sections = []pdf.Section{
		{Heading: tr("letter.why", nil), Text: explanation(lang, a)},
		{Heading: tr("letter.appeal_heading", nil), Text: tr("letter.appeal", map[string]any{"Until": LetterDate(lang, until),
			"Days": AppealDays, "Institution": inst.In(lang)})},
	}
	return l, nil
}

// ruleOf names the rule version that decided a benefit application and the monthly amount
// it gave; both are empty for a service decided by an officer.
func (s *Service) ruleOf(ctx context.Context, a Application) (rule, amount string, err error) {
	if a.DecisionUUID == "" {
		return "", "", nil
	}
	b, err := s.programs.BenefitsOf(ctx, a.PersonFIN)
	if err != nil {
		return "", "", err
	}
	for _, d := range b.Decisions {
		if d.UUID == a.DecisionUUID {
			if d.FinalAmount > 0 {
				amount = d.FinalAmount.String()
			}
			return d.Rule.Rule, amount, nil
		}
	}
	// not among the latest decisions BenefitsOf lists (100): the letter keeps the passport's law
	return "", "", nil
}

// explanation is the sentence the citizen reads: the rule's or the officer's, or, when the
// officer wrote none, the outcome and its ground said plainly.
func explanation(lang string, a Application) string {
	if a.Note != "" {
		return a.Note
	}
	if a.RefusalGround != "" {
		return i18n.Tr(lang, "letter.refused_because", map[string]any{"Ground": i18n.Tr(lang, "refusal."+a.RefusalGround, nil)})
	}
	return i18n.Tr(lang, "letter.granted_plain", nil)
}

// LetterDate writes a date as a reader of lang expects it on paper: 01.12.2026 in
// Azerbaijani and Russian, 1 December 2026 in English.
func LetterDate(lang string, d clock.Date) string {
	if d.IsZero() {
		return ""
	}
	if lang == "en" {
		return d.Time().Format("2 January 2006")
	}
	return d.Time().Format("02.01.2006")
}
