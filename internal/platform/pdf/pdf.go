// Package pdf renders the one-page documents dost issues — e-certificates — in any of its
// three languages (DejaVu Sans is embedded for ə, ğ, ş and Cyrillic) with a QR code that
// leads to the public verification page.
package pdf

import (
	"bytes"
	_ "embed"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"rsc.io/qr"
)

//go:embed fonts/DejaVuSans.ttf
var dejaVuSans []byte

// Row is one labelled value of a certificate.
type Row struct{ Label, Value string }

// Document is what a certificate says.
type Document struct {
	Issuer   string // the issuing body, printed at the top
	Title    string
	Intro    string // the sentence that states what is certified
	Rows     []Row
	Code     string // the verification code printed under the QR code
	CodeNote string // how to check the document: "Check at https://…/verify with code …"
	QR       string // the text of the QR code: the verification address
	Issued   time.Time
	Footer   string
}

// Render returns the PDF of d.
func Render(d Document) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(d.Issued)
	f.SetModificationDate(d.Issued)
	f.SetTitle(d.Title, true)
	f.AddUTF8FontFromBytes("dejavu", "", dejaVuSans)
	f.SetMargins(20, 20, 20)
	f.AddPage()
	f.SetFont("dejavu", "", 10)
	f.SetTextColor(80, 80, 80)
	f.MultiCell(120, 5, d.Issuer, "", "L", false)
	if err := drawQR(f, d.QR, 150, 18, 40); err != nil {
		return nil, err
	}
	f.SetXY(150, 59)
	f.SetFontSize(8)
	f.CellFormat(40, 4, d.Code, "", 0, "C", false, 0, "")
	f.SetXY(20, 70)
	f.SetTextColor(0, 0, 0)
	f.SetFontSize(16)
	f.MultiCell(170, 8, d.Title, "", "L", false)
	f.Ln(3)
	f.SetFontSize(11)
	f.MultiCell(170, 6, d.Intro, "", "L", false)
	f.Ln(3)
	for _, r := range d.Rows {
		f.SetFontSize(9)
		f.SetTextColor(90, 90, 90)
		f.MultiCell(170, 5, r.Label, "", "L", false)
		f.SetFontSize(11)
		f.SetTextColor(0, 0, 0)
		f.MultiCell(170, 6, r.Value, "B", "L", false)
		f.Ln(1.5)
	}
	f.Ln(4)
	f.SetFontSize(9)
	f.MultiCell(170, 5, d.CodeNote, "", "L", false)
	f.SetY(-30)
	f.SetTextColor(90, 90, 90)
	f.MultiCell(170, 4, d.Footer, "T", "L", false)
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("render certificate: %w", err)
	}
	return buf.Bytes(), nil
}

// drawQR paints the QR code of text as filled squares: vector, sharp at any zoom, and no
// image encoder in between.
func drawQR(f *fpdf.Fpdf, text string, x, y, size float64) error {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return fmt.Errorf("qr: %w", err)
	}
	cell := size / float64(code.Size)
	f.SetFillColor(0, 0, 0)
	for row := 0; row < code.Size; row++ {
		for col := 0; col < code.Size; col++ {
			if code.Black(col, row) {
				f.Rect(x+float64(col)*cell, y+float64(row)*cell, cell, cell, "F")
			}
		}
	}
	return nil
}
