package app_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/identity"
)

// provider is a local OpenID Connect provider: it signs in whoever it is told to, as a
// national single sign-on would after its own checks, and issues RS256-signed ID tokens.
type provider struct {
	*httptest.Server
	key      *rsa.PrivateKey
	fin      string
	badNonce bool
	mu       sync.Mutex
	codes    map[string]url.Values // code → the authorisation request
}

func newProvider(t *testing.T) *provider {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &provider{key: key, codes: map[string]url.Values{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{"issuer": p.URL, "authorization_endpoint": p.URL + "/authorize",
			"token_endpoint": p.URL + "/token", "jwks_uri": p.URL + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"},
			"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"}})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &p.key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		code := base64.RawURLEncoding.EncodeToString([]byte(q.Get("state")))
		p.mu.Lock()
		p.codes[code] = q
		p.mu.Unlock()
		http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		p.mu.Lock()
		req, ok := p.codes[r.PostForm.Get("code")]
		delete(p.codes, r.PostForm.Get("code"))
		p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		if !ok || base64.RawURLEncoding.EncodeToString(sum[:]) != req.Get("code_challenge") {
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
			return
		}
		nonce := req.Get("nonce")
		if p.badNonce {
			nonce = "replayed"
		}
		now := time.Now()
		claims, _ := json.Marshal(map[string]any{"iss": p.URL, "aud": "dost", "sub": "user-1", "fin": p.fin, "nonce": nonce,
			"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()})
		signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: p.key, KeyID: "k1"}}, (&jose.SignerOptions{}).WithType("JWT"))
		jws, _ := signer.Sign(claims)
		idt, _ := jws.CompactSerialize()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": idt})
	})
	p.Server = httptest.NewServer(mux)
	t.Cleanup(p.Close)
	return p
}

// TestCitizenSingleSignOn: a citizen signs in to e-social through the OpenID Connect
// provider and lands in their own cabinet; a token with someone else's nonce is refused; the
// demo sign-in by FİN does not exist where it is not enabled.
func TestCitizenSingleSignOn(t *testing.T) {
	idp := newProvider(t)
	o := &identity.OIDC{Issuer: idp.URL, ClientID: "dost", ClientSecret: "secret"}
	ctx := context.Background()
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "dost.db")
	seededProduction(t, dbURL, 200)
	cfg := production(t, dbURL)
	cfg.CitizenLogin.OIDC = o
	a, err := app.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	o.RedirectURL = srv.URL + "/e-social/oidc/callback"
	var last string
	a.DB.QueryRow(`SELECT fin, last_name FROM persons ORDER BY id LIMIT 1`).Scan(&idp.fin, &last)

	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	resp, err := browser.Get(srv.URL + "/e-social/oidc/start")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/e-social" || !strings.Contains(string(body), last) {
		t.Fatalf("single sign-on ended at %s with %d", resp.Request.URL, resp.StatusCode)
	}

	idp.badNonce = true
	jar2, _ := cookiejar.New(nil)
	resp, err = (&http.Client{Jar: jar2}).Get(srv.URL + "/e-social/oidc/start")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("an ID token with a foreign nonce signed in: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	resp, _ = http.PostForm(srv.URL+"/e-social/login", url.Values{"fin": {idp.fin}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("demo sign-in answered %d where only single sign-on is configured", resp.StatusCode)
	}
}
