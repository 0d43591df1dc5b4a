package web

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

type ctxKey struct{}

// TestAttackUploadCopiesLeaveNoFiles: a handler that reads the files through a copy of the
// request (as every middleware makes one) still leaves nothing in the temporary directory,
// and a page that takes no file refuses a multipart body before reading it.
func TestAttackUploadCopiesLeaveNoFiles(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("doc_id_card", "scan.pdf")
	w.Write(bytes.Repeat([]byte("x"), 3*uploadMemory)) // larger than kept in memory: a temporary file
	mw.Close()
	read := 0
	h := upload(10<<20, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, 1))
		f, _, err := r.FormFile("doc_id_card")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(f)
		read = len(b)
		f.Close()
		if entries, _ := os.ReadDir(dir); len(entries) == 0 {
			t.Fatal("the test does not exercise a temporary file")
		}
	}))
	req := httptest.NewRequest("POST", "/applications", bytes.NewReader(body.Bytes()))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	h.ServeHTTP(httptest.NewRecorder(), req)
	if read != 3*uploadMemory {
		t.Fatalf("the handler read %d bytes of the file", read)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Fatalf("%d temporary files left behind", len(entries))
	}

	called := false
	req = httptest.NewRequest("POST", "/login", bytes.NewReader(body.Bytes()))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	form(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true })).ServeHTTP(rec, req)
	if rec.Code != http.StatusUnsupportedMediaType || called {
		t.Fatalf("multipart to a form: %d, handler called %v", rec.Code, called)
	}
	req = httptest.NewRequest("POST", "/login", strings.NewReader("login="+strings.Repeat("a", FormLimit)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	form(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true })).ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge || called {
		t.Fatalf("a form over the limit: %d, handler called %v", rec.Code, called)
	}
}
