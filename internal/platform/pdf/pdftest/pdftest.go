// Package pdftest reads back the text of a PDF that dost rendered, so that a test checks
// what a reader sees — ə, ş, Cyrillic included — and not only that bytes came out. It uses
// poppler's pdftotext, as an outside reader would; .ci/run installs it, and a test skips
// without it only outside CI.
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Text is the text of the PDF b, its lines joined by single spaces so that a sentence
// wrapped across lines is still found whole.
func Text(t testing.TB, b []byte) string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.40q", b)
	}
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext missing: .ci/run installs poppler-utils")
		}
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
