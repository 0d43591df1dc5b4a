package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/interop"
)

const dciUsage = `Usage: dost dci add --client-id ID --institution NAME --legal-basis TEXT --fields F,F --callback URL --key KID=PUBLICKEY [--key …] [--days 365]
       dost dci list
       dost dci revoke --client-id ID
       dost dci remove-key --client-id ID --kid KID

Machine clients of other institutions: each is an agreement on record that lets one system
call dost's DCI Social Registry API (docs/DCI.md). add prints the client secret ONCE; the
institution exchanges it at POST /dci/oauth2/token (OAuth 2.0 client credentials) for
bearer tokens that live five minutes, and signs every message with one of its ed25519 keys.
revoke ends an agreement at once (its secret buys no token, its live tokens are deleted);
remove-key removes one signing key (a leaked or retired one; not the last — revoke instead).
Every command takes --db (env DOST_DB).
Fields: ` + "uin, name, sex, birth_date, death_date, address, disability, household"

func runDCI(ctx context.Context, args []string, out io.Writer) error {
	return subcommand(ctx, "dci", dciUsage, map[string]commandFunc{"add": dciAdd, "list": dciList,
		"revoke": dciRevoke, "remove-key": dciRemoveKey}, args, out)
}

// keyFlags collects --key KID=BASE64 flags.
type keyFlags []string

func (k *keyFlags) String() string { return strings.Join(*k, " ") }

func (k *keyFlags) Set(v string) error {
	kid, key, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("a key is KID=BASE64-PUBLIC-KEY")
	}
	*k = append(*k, kid+" "+key)
	return nil
}

func dciAdd(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("dci add", "Register another institution's DCI client under an agreement; prints its secret once.", out)
	dbURL := dbFlag(fs)
	id := fs.String("client-id", "", "the client's id, also its sender_id in DCI headers, e.g. tax.gov.az")
	inst := fs.String("institution", "", "the institution the agreement is with")
	basis := fs.String("legal-basis", "", "the law or agreement that allows the exchange")
	fields := fs.String("fields", "", "comma-separated fields the client may read: "+strings.Join(interop.Fields, ", "))
	callback := fs.String("callback", "", "the one base URL asynchronous answers and notifications go to")
	days := fs.Int("days", 365, "days the agreement runs")
	var keys keyFlags
	fs.Var(&keys, "key", "an ed25519 public key as KID=BASE64 (repeat for several)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer a.Close()
	secret, c, err := a.Clients.Register(ctx, nil, identity.NewClient{ClientID: *id, Institution: *inst, LegalBasis: *basis,
		Fields: strings.Split(*fields, ","), CallbackURL: *callback, Keys: strings.Join(keys, "\n"), Days: *days})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "registered %s (%s) until %s\nclient secret, shown once: %s\n", c.ClientID, c.Institution, c.ExpiresAt.Format(time.DateOnly), secret)
	return nil
}

func dciList(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("dci list", "List the DCI clients, the agreements ending soonest first.", out)
	dbURL := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer a.Close()
	cs, err := a.Clients.List(ctx)
	if err != nil {
		return err
	}
	for _, c := range cs {
		state := "until " + c.ExpiresAt.Format(time.DateOnly)
		if c.RevokedAt != nil {
			state = "revoked " + c.RevokedAt.Format(time.DateOnly)
		}
		fmt.Fprintf(out, "%s\t%s\t%s\t%s\n", c.ClientID, c.Institution, strings.Join(c.Fields, ","), state)
	}
	return nil
}

func dciRevoke(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("dci revoke", "End a DCI client's agreement now: its secret and tokens stop working at once.", out)
	dbURL := dbFlag(fs)
	id := fs.String("client-id", "", "the client to revoke")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer a.Close()
	c, err := a.Clients.Revoke(ctx, nil, *id)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "revoked %s (%s) at %s\n", c.ClientID, c.Institution, c.RevokedAt.Format(time.RFC3339))
	return nil
}

func dciRemoveKey(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("dci remove-key", "Remove one signing key of a DCI client: messages signed with it are refused from now on.", out)
	dbURL := dbFlag(fs)
	id := fs.String("client-id", "", "the client")
	kid := fs.String("kid", "", "the key's id, as its signatures name it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Clients.RemoveKey(ctx, nil, *id, *kid); err != nil {
		return err
	}
	fmt.Fprintf(out, "removed key %s of %s\n", *kid, *id)
	return nil
}
