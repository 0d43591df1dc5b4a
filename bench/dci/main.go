// Command dci measures a DCI synchronous search by identifier (registry/sync/search with an
// idtype-value UIN query) as another institution's system makes it: over HTTP against the
// full handler stack — bearer-token check, ed25519 signature over the exact bytes, header
// checks, the transaction record, the registry search, the audit-log append, the JSON answer —
// on a registry of --persons demo persons. Prints Markdown rows for docs/PERFORMANCE.md.
//
//	go run ./bench/dci --db sqlite:/tmp/dci/dost.db --persons 1000000 --queries 3000
package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"encoding/json"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/interop"
	"github.com/dost-platform/dost/internal/platform/progress"
)

func main() {
	dbURL := flag.String("db", "", "database: sqlite:PATH or postgres://…")
	persons := flag.Int("persons", 1000000, "demo persons to load into an empty database (none when it has persons)")
	queries := flag.Int("queries", 3000, "searches to time")
	flag.Parse()
	if err := run(context.Background(), *dbURL, *persons, *queries); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dbURL string, persons, queries int) error {
	a, err := app.New(ctx, app.Config{DB: dbURL, Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	defer a.Close()
	bar := progress.New(os.Stderr, "demo load")
	start := time.Now()
	if loaded, err := a.SeedDemo(ctx, persons, 0, bar.Set); err != nil {
		return err
	} else if loaded {
		fmt.Printf("| demo load | %d persons | %s |\n", persons, time.Since(start).Round(time.Second))
	}
	var count int
	a.DB.QueryRow(`SELECT COUNT(*) FROM persons`).Scan(&count)
	fins, err := sampleFINs(a, queries)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler()}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	id := fmt.Sprintf("bench-%d.example.az", time.Now().UnixNano())
	secret, _, err := a.Clients.Register(ctx, nil, identity.NewClient{ClientID: id, Institution: "Benchmark", LegalBasis: "benchmark",
		Fields: []string{"uin", "name", "birth_date"}, CallbackURL: "https://bench.example.az", Keys: "k1 " + base64.StdEncoding.EncodeToString(pub), Days: 1})
	if err != nil {
		return err
	}
	var took []time.Duration
	token, bought := "", time.Time{}
	for i, fin := range fins {
		if time.Since(bought) > 4*time.Minute {
			if token, err = buyToken(base, id, secret); err != nil {
				return err
			}
			bought = time.Now()
		}
		body := signed(key, id, i, fin)
		t0 := time.Now()
		if err := search(base, token, body, fin); err != nil {
			return err
		}
		took = append(took, time.Since(t0))
	}
	slices.Sort(took)
	q := func(p float64) string {
		return fmt.Sprintf("%.2f ms", float64(took[int(p*float64(len(took)-1))].Microseconds())/1000)
	}
	engine, _, _ := strings.Cut(dbURL, ":")
	fmt.Printf("| %s | DCI sync search by UIN, %d persons (%d queries) | p50 %s | p95 %s | p99 %s |\n", engine, count, len(took), q(0.5), q(0.95), q(0.99))
	return nil
}

// sampleFINs draws FİNs of registered persons, spread over the whole id range.
func sampleFINs(a *app.App, n int) ([]string, error) {
	var top int64
	a.DB.QueryRow(`SELECT MAX(id) FROM persons`).Scan(&top)
	var fins []string
	for len(fins) < n {
		var fin string
		err := a.DB.QueryRow(`SELECT fin FROM persons WHERE id >= $1 ORDER BY id LIMIT 1`, mrand.Int64N(top)+1).Scan(&fin)
		if err != nil {
			return nil, err
		}
		fins = append(fins, fin)
	}
	return fins, nil
}

func buyToken(base, id, secret string) (string, error) {
	resp, err := http.PostForm(base+"/dci/oauth2/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}})
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("token: %s", resp.Status)
	}
	return tok.AccessToken, nil
}

func signed(key ed25519.PrivateKey, id string, i int, fin string) []byte {
	now := time.Now().UTC()
	header := fmt.Sprintf(`{"version": "1.0.0", "message_id": "b-%d-%d", "message_ts": %q, "action": "search", "sender_id": %q, "total_count": 1}`,
		now.UnixNano(), i, now.Format(time.RFC3339), id)
	message := fmt.Sprintf(`{"transaction_id": "bt-%d", "search_request": [{"reference_id": "r", "timestamp": %q,
		"search_criteria": {"query_type": "idtype-value", "query": {"type": "UIN", "value": %q}}}]}`, i, now.Format(time.RFC3339), fin)
	sig := interop.Sign(key, id, "k1", []byte(header), []byte(message), now)
	return []byte(fmt.Sprintf(`{"signature": %q, "header": %s, "message": %s}`, sig, header, message))
}

func search(base, token string, body []byte, fin string) error {
	req, _ := http.NewRequest(http.MethodPost, base+"/dci/registry/sync/search", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !bytes.Contains(out, []byte(fin)) {
		return fmt.Errorf("search %s: %s %s", fin, resp.Status, out)
	}
	return nil
}
