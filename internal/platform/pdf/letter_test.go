package pdf_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/dost-platform/dost/internal/platform/pdf"
	"github.com/dost-platform/dost/internal/platform/pdf/pdftest"
)

// TestRenderLetter: a letter renders the same bytes twice and reads back with ə, ğ, ş and
// Cyrillic as written, its long paragraphs wrapped but whole.
func TestRenderLetter(t *testing.T) {
	long := strings.Repeat("Qərarla razı deyilsinizsə, şikayət edə bilərsiniz; ağac. ", 12)
	l := pdf.Letter{Sender: "Dövlət Sosial Müdafiə Fondu", SenderSub: "Azərbaycan Respublikası", Reference: "№ 2026-0000001 · 01.12.2026",
		To: []string{"Məmmədov Elşən Şahin oğlu"}, Title: "Решение по заявлению",
		Rows:     []pdf.Row{{Label: "Hüquqi əsas", Value: "“Ünvanlı dövlət sosial yardımı haqqında” Qanun"}},
		Sections: []pdf.Section{{Heading: "Как обжаловать", Text: long}}, Issued: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Footer: "DOST"}
	b, err := pdf.RenderLetter(l)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := pdf.RenderLetter(l); !bytes.Equal(b, again) {
		t.Error("the same letter rendered twice differs")
	}
	text := pdftest.Text(t, b)
	for _, want := range []string{"Dövlət Sosial Müdafiə Fondu", "Məmmədov Elşən Şahin oğlu", "Решение по заявлению", "Как обжаловать",
		"“Ünvanlı dövlət sosial yardımı haqqında” Qanun", strings.TrimSpace(long)} {
		if !strings.Contains(text, want) {
			t.Errorf("text %q missing from the letter:\n%s", want, text)
		}
	}
}
