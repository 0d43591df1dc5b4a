package pdf_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/pdf"
)

// TestRender: a certificate in Azerbaijani and Russian renders as a PDF whose text, read back
// by pdftotext where it is installed, keeps ə, ş and Cyrillic.
func TestRender(t *testing.T) {
	doc := pdf.Document{Issuer: "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi", Title: "Arayış — Справка",
		Intro: "Şəxsin sosial ödənişləri haqqında", Rows: []pdf.Row{{"Ünvanlı dövlət sosial yardımı", "240.00 AZN / ay"}, {"Пенсия", "500.00 AZN"}},
		Code: "ABCD-EFGH-JKMN", CodeNote: "https://dost.example/verify?code=ABCD-EFGH-JKMN", QR: "https://dost.example/verify?code=ABCD-EFGH-JKMN",
		Issued: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), Footer: "DOST"}
	b, err := pdf.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) || len(b) < 1000 {
		t.Fatalf("not a PDF: %q", b[:min(len(b), 20)])
	}
	again, _ := pdf.Render(doc)
	if !bytes.Equal(b, again) {
		t.Error("the same certificate rendered twice differs")
	}
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext missing: .ci/run installs poppler-utils")
		}
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "c.pdf")
	os.WriteFile(path, b, 0o600)
	out, err := exec.Command(tool, path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Ünvanlı dövlət sosial yardımı", "Справка", "ABCD-EFGH-JKMN"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("text %q missing from the PDF:\n%s", want, out)
		}
	}
}
