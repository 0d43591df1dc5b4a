package request

import (
	"net/http/httptest"
	"testing"
)

func TestClientIP(t *testing.T) {
	ps, err := ParseProxies("10.0.0.1, 192.168.0.0/24")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		peer, xff, want string
	}{
		{"203.0.113.5:4000", "", "203.0.113.5"},
		{"203.0.113.5:4000", "1.2.3.4", "203.0.113.5"},                 // an untrusted peer cannot choose its address
		{"10.0.0.1:4000", "198.51.100.7", "198.51.100.7"},              // one trusted proxy
		{"10.0.0.1:4000", "6.6.6.6, 198.51.100.7", "198.51.100.7"},     // the client's own header entry is not believed
		{"10.0.0.1:4000", "198.51.100.7, 192.168.0.9", "198.51.100.7"}, // two trusted hops
		{"10.0.0.1:4000", "junk, 198.51.100.7", "198.51.100.7"},
		{"10.0.0.1:4000", "", "10.0.0.1"},
		{"[::1]:80", "1.2.3.4", "::1"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := ps.ClientIP(r); got != c.want {
			t.Errorf("peer %s xff %q: got %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
	if _, err := ParseProxies("not-an-ip"); err == nil {
		t.Error("a bad proxy address was accepted")
	}
}
