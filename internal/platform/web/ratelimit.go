package web

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/request"
)

// Limiter is a token bucket per client address: each address may make Burst requests at
// once and one more every Every. It guards public routes a script could flood (the kiosk's
// tickets, the FİN sign-in). Memory is bounded: a bucket that has refilled is the same as
// none and is dropped, and past maxKeys arbitrary buckets are dropped too (an attacker with
// that many addresses loosens the limit for a moment but cannot exhaust memory).
type Limiter struct {
	every   time.Duration
	burst   float64
	maxKeys int
	now     func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewLimiter allows burst requests at once per address and one more every every.
func NewLimiter(every time.Duration, burst int) *Limiter {
	return &Limiter{every: every, burst: float64(burst), maxKeys: 10000, now: time.Now, buckets: map[string]*bucket{}}
}

// WithClock makes the limiter read the time from now (tests).
func (l *Limiter) WithClock(now func() time.Time) *Limiter { l.now = now; return l }

// Allow takes a token of key's bucket; when there is none it says how long until there is.
func (l *Limiter) Allow(key string) (ok bool, retry time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[key]
	if b == nil {
		l.evict(now)
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.every))
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * float64(l.every))
}

// evict runs when the map is full: refilled buckets go first, then arbitrary ones down to
// half, so that the sweep's cost is spread over the keys added after it.
func (l *Limiter) evict(now time.Time) {
	if len(l.buckets) < l.maxKeys {
		return
	}
	for k, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.at))/float64(l.every) >= l.burst {
			delete(l.buckets, k)
		}
	}
	for k := range l.buckets {
		if len(l.buckets) < l.maxKeys/2 {
			break
		}
		delete(l.buckets, k)
	}
}

// Len is the number of addresses the limiter remembers.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// Wrap refuses a page request over the limit with 429, Retry-After and a translated page.
func (l *Limiter) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, retry := l.Allow(request.From(r.Context()).ClientIP)
		if !ok {
			w.Header().Set("Retry-After", retryAfter(retry))
			p := &Problem{Status: http.StatusTooManyRequests, Title: http.StatusText(http.StatusTooManyRequests), Key: "error.rate_limited",
				Detail: i18n.T(r.Context(), "error.rate_limited")}
			Render(w, r, p.Status, errorPage(p))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// LimitAPI is huma middleware that applies the limiter named for an operation id.
func LimitAPI(limits map[string]*Limiter) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		l := limits[ctx.Operation().OperationID]
		if l == nil {
			next(ctx)
			return
		}
		if ok, retry := l.Allow(request.From(ctx.Context()).ClientIP); !ok {
			ctx.SetHeader("Retry-After", retryAfter(retry))
			p := &Problem{Status: http.StatusTooManyRequests, Title: http.StatusText(http.StatusTooManyRequests), Key: "error.rate_limited",
				Detail: i18n.T(ctx.Context(), "error.rate_limited")}
			ctx.SetHeader("Content-Type", "application/problem+json")
			ctx.SetStatus(p.Status)
			json.NewEncoder(ctx.BodyWriter()).Encode(p)
			return
		}
		next(ctx)
	}
}

// retryAfter is d in whole seconds, rounded up: the header has no fractions.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(int(math.Ceil(d.Seconds())))
}
