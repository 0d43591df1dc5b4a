package payments

import (
	"strings"
	"testing"
	"time"
)

// The fast path of appendEsc writes exactly what the escaping reference (encoding/xml, cut to
// 140 characters) writes, for any name a registry may hold.
func FuzzAppendEsc(f *testing.F) {
	for _, s := range []string{"Məmmədov Əli Qasım oğlu", "O'Neil & <Co>", "tab\there", "\xff\xfe", "\uFFFE", strings.Repeat("ş", 141), strings.Repeat("a", 141)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendEsc(nil, s)), esc(s); got != want {
			t.Fatalf("%q: fast path %q, reference %q", s, got, want)
		}
	})
}

// A cycle approved at 02:30 on 1 December in Baku (22:30 UTC the day before) is paid on
// 1 December, and the file says when it was made in Baku time.
func TestBankDatesAreBakus(t *testing.T) {
	approved := time.Date(2026, 11, 30, 22, 30, 0, 0, time.UTC)
	created, execution := bankDates(approved)
	if created != "2026-12-01T02:30:00+04:00" || execution != "2026-12-01" {
		t.Errorf("created %s, execution %s", created, execution)
	}
}
