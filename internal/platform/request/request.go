// Package request carries what the platform knows about the HTTP request behind a piece of
// work — its id and the client's address — through a context, so that the audit log, the
// login throttle and the rate limits read them without importing the web layer.
package request

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Info is what a request says about itself once the trusted proxies are taken into account.
type Info struct {
	ID       string // the request id sent back as X-Request-ID
	ClientIP string // the client's address: the peer, or the last untrusted hop a trusted proxy names
	TLS      bool   // the client reached us over TLS: directly, or at a trusted proxy that says so
}

type ctxKey struct{}

// With stores info in ctx.
func With(ctx context.Context, info Info) context.Context {
	return context.WithValue(ctx, ctxKey{}, info)
}

// From returns the request info in ctx; the zero Info for work no request started (jobs, CLI).
func From(ctx context.Context) Info {
	info, _ := ctx.Value(ctxKey{}).(Info)
	return info
}

// Proxies are the reverse proxies whose X-Forwarded-For is believed. Empty: nobody's, and
// the client is the TCP peer — a header any client can send must not choose its own address.
type Proxies []netip.Prefix

// ParseProxies reads a comma-separated list of addresses or CIDR prefixes.
func ParseProxies(list string) (Proxies, error) {
	var ps Proxies
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, err
			}
			ps = append(ps, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p.Masked())
	}
	return ps, nil
}

func (ps Proxies) trusted(a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// ClientIP is the client's address: the TCP peer, unless the peer is a trusted proxy, in which
// case X-Forwarded-For is read from the right, skipping trusted proxies, and the first
// address that is not one is the client. A malformed hop ends the walk at the last good one.
func (ps Proxies) ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !ps.trusted(peer) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	client := peer.Unmap().String()
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		client = a.Unmap().String()
		if !ps.trusted(a) {
			break
		}
	}
	return client
}

// TLS says whether the client's connection was encrypted: the request came over TLS itself,
// or from a trusted proxy whose X-Forwarded-Proto (the value the nearest proxy set) is https.
// Anyone else's X-Forwarded-Proto is ignored: a plain-HTTP client must not be told that its
// cookies are safe to send.
func (ps Proxies) TLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !ps.trusted(peer) {
		return false
	}
	protos := strings.Split(strings.Join(r.Header.Values("X-Forwarded-Proto"), ","), ",")
	return strings.EqualFold(strings.TrimSpace(protos[len(protos)-1]), "https")
}
