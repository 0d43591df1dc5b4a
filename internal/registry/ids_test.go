package registry

import "testing"

func TestNormalizeFIN(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"5ABCD12", "5ABCD12", true},
		{" 5abcd12 ", "5ABCD12", true},
		{"5abİd12", "5ABID12", true},
		{"5ABCD1", "5ABCD1", false},
		{"5ABCD123", "5ABCD123", false},
		{"5AB-D12", "5AB-D12", false},
		{"5ABÇD12", "5ABÇD12", false},
	}
	for _, c := range cases {
		got, ok := NormalizeFIN(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("NormalizeFIN(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestNormalizeIBAN(t *testing.T) {
	good := IBANWithCheck("NABZ", "00000000137010001944")
	cases := []struct {
		in string
		ok bool
	}{
		{good, true},
		{"az21 nabz 0000 0000 1370 1000 1944", true}, // the example the Central Bank publishes
		{"AZ21NABZ00000000137010001945", false},      // one digit off
		{"DE89370400440532013000", false},            // not Azerbaijani
		{"AZ21NAB100000000137010001944", false},      // digit in the bank code
		{"AZ21NABZ0000000013701000194", false},       // too short
	}
	for _, c := range cases {
		if _, ok := NormalizeIBAN(c.in); ok != c.ok {
			t.Errorf("NormalizeIBAN(%q) ok = %v, want %v", c.in, ok, c.ok)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"+994 50 123 45 67": "+994501234567", "994501234567": "+994501234567",
		"050-123-45-67": "+994501234567", "(012) 555 12 34": "+994125551234",
	} {
		if got, ok := NormalizePhone(in); !ok || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"12345", "+7 495 123 45 67", "050 123 45 6a", "+994 012345678"} {
		if _, ok := NormalizePhone(bad); ok {
			t.Errorf("NormalizePhone(%q) accepted", bad)
		}
	}
}

func FuzzNormalizeFIN(f *testing.F) {
	for _, s := range []string{"5ABCD12", "", "İİİİİİİ", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fin, ok := NormalizeFIN(s)
		if ok {
			if again, ok2 := NormalizeFIN(fin); !ok2 || again != fin {
				t.Fatalf("not idempotent: %q → %q → %q", s, fin, again)
			}
		}
	})
}

func FuzzNormalizeIBAN(f *testing.F) {
	for _, s := range []string{"AZ21NABZ00000000137010001944", "", "AZ", "AZ00AAAA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iban, ok := NormalizeIBAN(s)
		if ok && (len(iban) != azIBANLength || ibanMod97(iban) != 1) {
			t.Fatalf("accepted %q as %q", s, iban)
		}
	})
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"+994 50 123 45 67", "050-123-45-67", "", "+", "９９４"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		phone, ok := NormalizePhone(s)
		if !ok {
			return
		}
		if len(phone) != 13 || phone[:4] != "+994" || phone[4] == '0' {
			t.Fatalf("accepted %q as %q", s, phone)
		}
		if again, ok := NormalizePhone(phone); !ok || again != phone {
			t.Fatalf("not idempotent: %q → %q → %q", s, phone, again)
		}
	})
}
