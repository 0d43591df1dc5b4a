package pdf

import (
	"bytes"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// Section is a headed paragraph of a letter: the decision's explanation, how to appeal.
type Section struct{ Heading, Text string }

// Letter is an official letter to a citizen: the sender's header, the reference and date,
// the addressee, a title, labelled facts and the paragraphs the citizen reads.
type Letter struct {
	Sender    string // the institution, printed at the top
	SenderSub string // the line under it: the state, the single window
	Reference string // "No. 2026-000123 · 01.12.2026"
	To        []string
	Title     string
	Rows      []Row
	Sections  []Section
	Issued    time.Time
	Footer    string
}

// RenderLetter returns the PDF of l on A4, in the embedded font so that ə, ğ, ş and
// Cyrillic print as written. The same letter renders to the same bytes.
func RenderLetter(l Letter) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(l.Issued)
	f.SetModificationDate(l.Issued)
	f.SetTitle(l.Title, true)
	f.AddUTF8FontFromBytes("dejavu", "", dejaVuSans)
	f.SetMargins(20, 20, 20)
	f.SetAutoPageBreak(true, 25)
	f.AddPage()
	letterHead(f, l)
	f.SetFontSize(15)
	f.MultiCell(170, 7, l.Title, "", "L", false)
	f.Ln(3)
	for _, r := range l.Rows {
		f.SetFontSize(9)
		f.SetTextColor(90, 90, 90)
		f.CellFormat(55, 6, r.Label, "", 0, "L", false, 0, "")
		f.SetFontSize(11)
		f.SetTextColor(0, 0, 0)
		f.MultiCell(115, 6, r.Value, "", "L", false)
	}
	for _, s := range l.Sections {
		f.Ln(4)
		f.SetFontSize(12)
		f.MultiCell(170, 6, s.Heading, "B", "L", false)
		f.Ln(1.5)
		f.SetFontSize(11)
		f.MultiCell(170, 5.5, s.Text, "", "L", false)
	}
	f.SetY(-28)
	f.SetFontSize(8)
	f.SetTextColor(90, 90, 90)
	f.MultiCell(170, 4, l.Footer, "T", "L", false)
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("render letter: %w", err)
	}
	return buf.Bytes(), nil
}

// letterHead prints the sender, the reference and the addressee.
func letterHead(f *fpdf.Fpdf, l Letter) {
	f.SetFont("dejavu", "", 12)
	f.MultiCell(170, 6, l.Sender, "", "L", false)
	f.SetFontSize(9)
	f.SetTextColor(90, 90, 90)
	f.MultiCell(170, 5, l.SenderSub, "B", "L", false)
	f.Ln(2)
	f.MultiCell(170, 5, l.Reference, "", "R", false)
	f.Ln(2)
	f.SetTextColor(0, 0, 0)
	f.SetFontSize(11)
	for _, line := range l.To {
		f.MultiCell(170, 5.5, line, "", "L", false)
	}
	f.Ln(5)
}
