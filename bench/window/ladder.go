package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The question is not "how fast at saturation" (wrk's closed loop answers that) but
// "how many requests a second can arrive, as citizens send them, while the slowest 1% still
// get an answer within 100 ms". Open-loop runs at rising rates answer it: each rate runs for
// the whole duration after a short settle, and the ladder stops at the first rate that fails.

const p99Target = 100 * time.Millisecond

// climb runs the open loop at each rate in turn and prints the highest that held.
func climb(m mix, rates []int, span time.Duration) {
	held := 0
	for _, rate := range rates {
		openLoop(m, rate, 5*time.Second) // settle at the new rate, not counted
		p99, errs := report(openLoop(m, rate, span), rate, span)
		ok := p99 <= p99Target && errs == 0
		fmt.Printf("ladder %d req/s: p99 %s, errors %d → %s\n", rate, p99, errs, map[bool]string{true: "held", false: "failed"}[ok])
		if !ok {
			break
		}
		held = rate
	}
	fmt.Printf("highest open-loop rate holding p99 ≤ %s: %d req/s\n", p99Target, held)
}

// parseRates reads "900,1200,1500" into rising rates.
func parseRates(s string) ([]int, error) {
	if s == "" {
		return nil, nil
	}
	var rates []int
	for _, f := range strings.Split(s, ",") {
		r, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || r <= 0 {
			return nil, fmt.Errorf("%q is not a rate in requests per second", f)
		}
		if len(rates) > 0 && r <= rates[len(rates)-1] {
			return nil, fmt.Errorf("rates must rise: %d after %d", r, rates[len(rates)-1])
		}
		rates = append(rates, r)
	}
	return rates, nil
}
