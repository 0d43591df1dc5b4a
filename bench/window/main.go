// Command window measures the single window under a mixed load: it starts `dost serve` on a
// database already filled by `dost demo`, signs in citizens and an operator, then runs wrk on
// loopback with mix.lua (portal cabinets, catalogue reads, kiosk tickets, applications filed
// with a document) and, as the floor, with GET /healthz on the same server.
//
//	go build -o bin/dost ./cmd/dost && go run ./bench/window --db sqlite:/tmp/lt/sw.db
package main

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/platform/db"
)

// resetSQL clears what earlier runs left (tickets, applications, messages, sessions), so each
// run starts from the demo country as dost demo made it.
//
//go:embed reset.sql
var resetSQL string

func main() {
	dbURL := flag.String("db", "", "database filled by dost demo")
	bin := flag.String("bin", "./bin/dost", "the dost binary")
	duration := flag.String("duration", "60s", "how long wrk runs")
	conns := flag.Int("connections", 16, "wrk connections")
	citizens := flag.Int("citizens", 500, "citizens signed in to the portal")
	rate := flag.Int("rate", 300, "requests per second of the open-loop run")
	ladder := flag.String("rates", "", "comma-separated rates run one after another after --rate (e.g. 900,1200,1500); the highest whose p99 stays ≤ 100 ms with no errors is printed")
	saturate := flag.Bool("wrk", true, "also measure the saturation throughput with wrk, against GET /healthz as the floor")
	flag.Parse()
	rates, err := parseRates(*ladder)
	if err != nil {
		fmt.Fprintln(os.Stderr, "window: --rates:", err)
		os.Exit(2)
	}
	if err := run(*dbURL, *bin, *duration, *conns, *citizens, *rate, rates, *saturate); err != nil {
		fmt.Fprintln(os.Stderr, "window:", err)
		os.Exit(1)
	}
}

func run(dbURL, bin, duration string, conns, citizens, rate int, ladder []int, saturate bool) error {
	ctx := context.Background()
	d, err := db.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	if _, err := d.ExecContext(ctx, resetSQL); err != nil {
		return fmt.Errorf("reset: %w", err)
	}
	var persons int
	d.QueryRowContext(ctx, `SELECT COUNT(*) FROM persons`).Scan(&persons)
	// citizens who read their cabinet, and a separate, larger pool of applicants: a citizen's
	// cabinet then holds what a real one holds, not every application of the run
	fins, err := sample(ctx, d, citizens, 0)
	if err != nil {
		return err
	}
	applicants, err := sample(ctx, d, 10*citizens, 1)
	d.Close()
	if err != nil {
		return err
	}
	// The load comes from one address; the benchmark plays the reverse proxy in front of many
	// clients, each with its own address (X-Forwarded-For, believed from 127.0.0.1 only), so
	// the per-client limits on sign-in and kiosk tickets hold as they would for a country.
	srv := exec.Command(bin, "serve", "--db", dbURL, "--addr", "127.0.0.1:0", "--demo", "--demo-persons", "0", "--trusted-proxies", "127.0.0.1")
	out, _ := srv.StdoutPipe()
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer srv.Process.Signal(os.Interrupt)
	base, err := waitOpen(out)
	if err != nil {
		return err
	}
	dir, _ := os.MkdirTemp("", "window-")
	m, err := prepare(base, dir, fins, applicants)
	if err != nil {
		return err
	}
	span, _ := time.ParseDuration(duration)
	fmt.Printf("warm-up: %d req/s for 20s, not counted (a 1,000,000-person registry starts with cold caches)\n", rate)
	openLoop(m, rate, 20*time.Second)
	report(openLoop(m, rate, span), rate, span)
	if len(ladder) > 0 {
		climb(m, ladder, span)
	}
	if !saturate {
		return nil
	}
	fmt.Printf("persons %d, citizens signed in %d, %s, %d connections\n", persons, len(fins), duration, conns)
	floor, err := wrk(base+"/healthz", "", dir, duration, conns)
	if err != nil {
		return err
	}
	mixed, err := wrk(base, filepath.Join(".", "bench", "window", "mix.lua"), dir, duration, conns)
	if err != nil {
		return err
	}
	fmt.Printf("floor  GET /healthz: %.0f req/s, p50 %s, p99 %s\n", floor.rate, floor.p50, floor.p99)
	fmt.Printf("mixed  single window: %.0f req/s, p50 %s, p99 %s, errors %d (ratio to floor %.3f)\n",
		mixed.rate, mixed.p50, mixed.p99, mixed.errors, mixed.rate/floor.rate)
	return nil
}

// sample picks living persons spread over the registry by id, starting offset ids in.
func sample(ctx context.Context, d *db.DB, n int, offset int64) ([]string, error) {
	var maxID int64
	d.QueryRowContext(ctx, `SELECT MAX(id) FROM persons`).Scan(&maxID)
	var fins []string
	for i := 0; i < n; i++ {
		var fin string
		err := d.QueryRowContext(ctx, `SELECT fin FROM persons WHERE id >= $1 AND death_date IS NULL ORDER BY id LIMIT 1`, 1+offset+int64(i)*maxID/int64(n)).Scan(&fin)
		if err != nil {
			return nil, err
		}
		fins = append(fins, fin)
	}
	return fins, nil
}

func waitOpen(out interface{ Read([]byte) (int, error) }) (string, error) {
	sc := bufio.NewScanner(out)
	re := regexp.MustCompile(`Open (http://\S+)`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			go func() {
				for sc.Scan() {
				}
			}()
			return m[1], nil
		}
	}
	return "", errors.New("server did not start")
}

// prepare signs each citizen in through the demo login and the operator through the API, and
// writes what mix.lua reads.
func prepare(base, dir string, fins, applicants []string) (mix, error) {
	var cookies []string
	for _, fin := range fins {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		req, _ := http.NewRequest("POST", base+"/e-social/login", strings.NewReader(url.Values{"fin": {fin}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", clientAddr(len(cookies)))
		resp, err := c.Do(req)
		if err != nil {
			return mix{}, err
		}
		resp.Body.Close()
		u, _ := url.Parse(base)
		for _, ck := range jar.Cookies(u) {
			if ck.Name == "dost_session" {
				cookies = append(cookies, ck.Name+"="+ck.Value)
			}
		}
	}
	if len(cookies) != len(fins) {
		return mix{}, fmt.Errorf("signed in %d of %d citizens", len(cookies), len(fins))
	}
	jar, _ := cookiejar.New(nil)
	front := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := front.PostForm(base+"/login", url.Values{"login": {"front"}, "password": {demo.Password}})
	if err != nil {
		return mix{}, err
	}
	resp.Body.Close()
	resp, err = front.Post(base+"/api/v1/tokens", "application/json", strings.NewReader(`{"name":"load test","days":1}`))
	if err != nil {
		return mix{}, err
	}
	defer resp.Body.Close()
	var tok struct{ Token string }
	json.NewDecoder(resp.Body).Decode(&tok)
	if tok.Token == "" {
		return mix{}, fmt.Errorf("no operator token: %s", resp.Status)
	}
	for name, lines := range map[string][]string{"cookies.txt": cookies, "fins.txt": applicants, "token.txt": {tok.Token}} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
			return mix{}, err
		}
	}
	return mix{base: base, cookies: cookies, fins: applicants, token: tok.Token}, nil
}

// clientAddr is the address of the i-th simulated client, behind the benchmark's "proxy".
func clientAddr(i int) string { return fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255) }

type result struct {
	rate     float64
	p50, p99 time.Duration
	errors   int
}

func wrk(target, script, dir, duration string, conns int) (result, error) {
	args := []string{"-t2", fmt.Sprintf("-c%d", conns), "-d" + duration, "--latency"}
	if script != "" {
		args = append(args, "-s", script)
	}
	args = append(args, target)
	if script != "" {
		args = append(args, "--", dir)
	}
	out, err := exec.Command("wrk", args...).CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	fmt.Print(string(out))
	return parse(string(out))
}

func parse(s string) (result, error) {
	var r result
	if m := regexp.MustCompile(`Requests/sec:\s+([\d.]+)`).FindStringSubmatch(s); m != nil {
		fmt.Sscan(m[1], &r.rate)
	}
	for _, q := range []struct {
		p   string
		out *time.Duration
	}{{"50%", &r.p50}, {"99%", &r.p99}} {
		if m := regexp.MustCompile(regexp.QuoteMeta(q.p) + `\s+([\d.]+\w+)`).FindStringSubmatch(s); m != nil {
			*q.out, _ = time.ParseDuration(m[1])
		}
	}
	if m := regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`).FindStringSubmatch(s); m != nil {
		fmt.Sscan(m[1], &r.errors)
	}
	if m := regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`).FindStringSubmatch(s); m != nil {
		var a, b, c, d int
		fmt.Sscan(m[1], &a)
		fmt.Sscan(m[2], &b)
		fmt.Sscan(m[3], &c)
		fmt.Sscan(m[4], &d)
		r.errors += a + b + c + d
	}
	if r.rate == 0 {
		return r, errors.New("could not read wrk's output")
	}
	return r, nil
}
