package main

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// mix is the same request mix as mix.lua, built in Go for the open-loop run.
type mix struct {
	base    string
	cookies []string
	fins    []string
	token   string
}

var (
	services = []string{"02-01-01-00", "05-01-01-00", "01-01-01-00", "04-01-01-00"}
	centres  = []string{"DOST-1", "DOST-2", "DOST-3", "DOST-4", "DOST-GNC", "DOST-SHU"}
)

// kiosks is how many kiosk devices the tickets come from: each has its own rate limit.
const kiosks = 2000

const scan = "JVBERi0xLjQKMSAwIG9iajw8Pj5lbmRvYmoKdHJhaWxlcjw8Pj4KJSVFT0YK"

func (m mix) request(r *rand.Rand) (*http.Request, string) {
	switch n := r.IntN(100); {
	case n < 50:
		req, _ := http.NewRequest("GET", m.base+"/e-social", nil)
		req.Header.Set("Cookie", m.cookies[r.IntN(len(m.cookies))])
		return req, "portal cabinet"
	case n < 60:
		req, _ := http.NewRequest("GET", m.base+"/services", nil)
		return req, "catalogue"
	case n < 85:
		body := fmt.Sprintf(`{"service":%q}`, services[r.IntN(len(services))])
		req, _ := http.NewRequest("POST", m.base+"/api/v1/centres/"+centres[r.IntN(len(centres))]+"/tickets", bytes.NewBufferString(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", clientAddr(r.IntN(kiosks))) // one of the country's kiosks
		return req, "kiosk ticket"
	}
	// Both documents the service's passport requires: since a passport's documents are
	// enforced, a filing without the diploma is refused (422), not measured.
	body := fmt.Sprintf(`{"service":"05-01-01-00","fin":%q,"centre":"DOST-1","documents":[{"type":"id_card","file_name":"id.pdf","content":%q},{"type":"diploma","file_name":"diploma.pdf","content":%q}]}`,
		m.fins[r.IntN(len(m.fins))], scan, scan)
	req, _ := http.NewRequest("POST", m.base+"/api/v1/applications", bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+m.token)
	return req, "application filed"
}

type sampleT struct {
	kind    string
	latency time.Duration
	ok      bool
}

// openLoop sends requests at a constant rate whatever the server's answers take, and times
// each from the moment it was due: a slow answer cannot hold back the next request, so the
// latencies are free of coordinated omission.
func openLoop(m mix, rate int, d time.Duration) []sampleT {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 512, MaxConnsPerHost: 512}}
	interval := time.Second / time.Duration(rate)
	start := time.Now()
	total := int(d / interval)
	out := make([]sampleT, total)
	var wg sync.WaitGroup
	for i := 0; i < total; i++ {
		due := start.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(due))
		wg.Add(1)
		go func(i int, due time.Time) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 2026))
			req, kind := m.request(r)
			resp, err := client.Do(req)
			ok := err == nil && resp.StatusCode < 400
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			out[i] = sampleT{kind: kind, latency: time.Since(due), ok: ok}
		}(i, due)
	}
	wg.Wait()
	return out
}

// report prints p50/p99 and errors over all samples and per kind of request.
func report(samples []sampleT, rate int, d time.Duration) (p99 time.Duration, errs int) {
	byKind := map[string][]time.Duration{"all": nil}
	for _, s := range samples {
		if !s.ok {
			errs++
		}
		byKind["all"] = append(byKind["all"], s.latency)
		byKind[s.kind] = append(byKind[s.kind], s.latency)
	}
	for _, k := range []string{"all", "portal cabinet", "catalogue", "kiosk ticket", "application filed"} {
		l := byKind[k]
		slices.Sort(l)
		if len(l) == 0 {
			continue
		}
		q := func(p float64) time.Duration { return l[int(p*float64(len(l)-1))].Round(10 * time.Microsecond) }
		fmt.Printf("open loop %d req/s for %s  %-18s n=%-6d p50 %-9s p99 %-9s max %s\n", rate, d, k, len(l), q(0.5), q(0.99), l[len(l)-1].Round(time.Millisecond))
		if k == "all" {
			p99 = q(0.99)
		}
	}
	fmt.Printf("open loop errors: %d of %d\n", errs, len(samples))
	windows(samples, rate)
	return p99, errs
}

// windows prints the 99th percentile of each 5-second window, so that a periodic stall (a
// background job, a checkpoint) shows as the window it falls in.
func windows(samples []sampleT, rate int) {
	per := 5 * rate
	var line []string
	for i := 0; i < len(samples); i += per {
		w := make([]time.Duration, 0, per)
		for _, s := range samples[i:min(i+per, len(samples))] {
			w = append(w, s.latency)
		}
		slices.Sort(w)
		line = append(line, w[len(w)*99/100].Round(time.Millisecond).String())
	}
	fmt.Printf("open loop p99 per 5 s: %s\n", strings.Join(line, " "))
}
