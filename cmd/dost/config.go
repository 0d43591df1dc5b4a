package main

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/notify"
)

// secrets are the environment variables that hold secrets. Each may instead name a file with
// NAME_FILE (a container's or systemd's secret file), so that the secret stays out of the
// process environment, `ps e` and crash dumps.
var secrets = []string{"DOST_DB", "DOST_OIDC_CLIENT_SECRET", "DOST_SMS_TOKEN", "DOST_AUDIT_KEY"}

// secretEnv reads a secret from NAME or from the file NAME_FILE names, the trailing newline
// trimmed. Both set is refused: which one wins would be a guess.
func secretEnv(name string) (string, error) {
	v, file := os.Getenv(name), os.Getenv(name+"_FILE")
	switch {
	case file == "":
		return v, nil
	case v != "":
		return "", fmt.Errorf("both %s and %s_FILE are set: give one", name, name)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("%s_FILE: %w", name, err)
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// checkSecrets reads every secret once before any command runs, so that an unreadable
// secret file is reported by name rather than as a failure further on.
func checkSecrets() error {
	for _, name := range secrets {
		if _, err := secretEnv(name); err != nil {
			return err
		}
	}
	return nil
}

// demoEnv reports whether DOST_DEMO switches demo mode on.
func demoEnv() bool {
	v := strings.ToLower(os.Getenv("DOST_DEMO"))
	return v == "1" || v == "true" || v == "yes"
}

// envConfig reads from the environment what every command that opens the system needs: the
// paying account, the SMS gateway, the audit key, the banks' keys and citizens' single
// sign-on. The server and the command line read it the same way, so an administrator's
// command on a production database runs with the production settings.
func envConfig(dbURL string, demo bool) (app.Config, error) {
	cfg := app.Config{DB: dbURL, Demo: demo, Payer: payerFromEnv(), PayrollBatch: envInt("DOST_PAYROLL_BATCH", 0)}
	var err error
	if cfg.Sender, err = smsFromEnv(); err != nil {
		return cfg, err
	}
	if err := auditKeys(&cfg); err != nil {
		return cfg, err
	}
	if cfg.BankKeys, err = loadKeys(os.Getenv("DOST_BANK_KEYS")); err != nil {
		return cfg, fmt.Errorf("DOST_BANK_KEYS: %w", err)
	}
	cfg.CitizenLogin.OIDC, err = oidcFromEnv()
	return cfg, err
}

// payerFromEnv reads the paying account from DOST_PAYER_NAME, DOST_PAYER_IBAN and
// DOST_PAYER_BIC; unset, a demo uses the demo account and anything else refuses to start.
func payerFromEnv() payments.Payer {
	return payments.Payer{Name: os.Getenv("DOST_PAYER_NAME"), IBAN: os.Getenv("DOST_PAYER_IBAN"), BIC: os.Getenv("DOST_PAYER_BIC")}
}

// smsFromEnv is the SMS and e-mail gateway at DOST_SMS_URL, with DOST_SMS_TOKEN; none when
// the URL is not set.
func smsFromEnv() (notify.Sender, error) {
	url := os.Getenv("DOST_SMS_URL")
	if url == "" {
		return nil, nil
	}
	token, err := secretEnv("DOST_SMS_TOKEN")
	if err != nil {
		return nil, err
	}
	return notify.HTTPSender{URL: url, Token: token}, nil
}

// oidcFromEnv reads the citizens' single sign-on provider: DOST_OIDC_ISSUER and the client
// registered there; none when the issuer is not set.
func oidcFromEnv() (*identity.OIDC, error) {
	issuer := os.Getenv("DOST_OIDC_ISSUER")
	if issuer == "" {
		return nil, nil
	}
	secret, err := secretEnv("DOST_OIDC_CLIENT_SECRET")
	if err != nil {
		return nil, err
	}
	return &identity.OIDC{Issuer: issuer, ClientID: os.Getenv("DOST_OIDC_CLIENT_ID"), ClientSecret: secret,
		RedirectURL: os.Getenv("DOST_OIDC_REDIRECT_URL"), FINClaim: os.Getenv("DOST_OIDC_FIN_CLAIM")}, nil
}

// loadKeys reads the banks' statement-signing keys: every *.pub file (base64 ed25519) in dir;
// none when dir is empty. The server and `payroll reconcile` read them the same way.
func loadKeys(dir string) (payments.Keys, error) {
	if dir == "" {
		return nil, nil
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.pub"))
	var keys payments.Keys
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("%s: not a base64 ed25519 public key", p)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("no *.pub keys in %s", dir)
	}
	return keys, nil
}

// quiet is the logger of one-shot commands: their output is what they print.
func quiet() *slog.Logger { return slog.New(slog.NewJSONHandler(io.Discard, nil)) }
