package payments

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/dost-platform/dost/internal/platform/audit"
)

// accountProblems are return reasons that mean the beneficiary's account is unusable: the
// entitlement is suspended until the account is corrected. Other returns are re-issued in
// the next cycle.
var accountProblems = map[string]bool{"AC01": true, "AC03": true, "AC04": true, "AC06": true, "AC13": true, "BE04": true, "MD07": true}

// Keys are the banks' public keys that statements must be signed with. With no keys
// configured, statements are refused unless the service accepts unsigned ones (a demo).
type Keys []ed25519.PublicKey

// Reconcile applies a bank statement: every booked debit of one of our payments marks its
// line paid; every returned credit marks it returned with the bank's reason, re-issued next
// cycle or, for an account problem, suspending the entitlement. The whole statement is
// checked first and refused with the element and reason if anything does not match; then it
// is applied in one transaction. sig is the detached ed25519 signature (base64) of data.
func (s *Service) Reconcile(ctx context.Context, data, sig []byte, keys Keys) (Statement, []Result, error) {
	if len(keys) == 0 && !s.AcceptUnsigned {
		return Statement{}, nil, &StatementError{Element: "signature", Reason: "no bank keys are configured (DOST_BANK_KEYS), so no statement can be trusted: unsigned statements are accepted only in demo mode"}
	}
	if err := verify(data, sig, keys); err != nil {
		return Statement{}, nil, err
	}
	st, err := ParseStatement(data)
	if err != nil {
		return st, nil, err
	}
	if done, err := s.store.StatementImported(ctx, st.MsgID); err != nil || done {
		if err == nil {
			err = &StatementError{Element: "GrpHdr/MsgId", Reason: st.MsgID + " was already imported"}
		}
		return st, nil, err
	}
	results, err := s.match(ctx, st)
	if err != nil {
		return st, nil, err
	}
	sum := sha256.Sum256(data)
	st.SHA256 = hex.EncodeToString(sum[:])
	e := audit.For(ctx, audit.Update, "reconciliation", "statement", st.MsgID, audit.Msg("settled", "Count", len(results)))
	return st, results, s.store.ApplyStatement(ctx, st, results, e)
}

func verify(data, sig []byte, keys Keys) error {
	if len(keys) == 0 {
		return nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(sig)))
	if len(sig) == 0 || err != nil {
		return &StatementError{Element: "signature", Reason: "missing or not base64: every statement must carry its bank's signature"}
	}
	for _, k := range keys {
		if ed25519.Verify(k, data, raw) {
			return nil
		}
	}
	return &StatementError{Element: "signature", Reason: "does not match any bank key: the file was altered or not signed by a known bank"}
}

// match pairs every transaction with an exported line and checks amount, currency and
// direction; the first mismatch refuses the statement.
func (s *Service) match(ctx context.Context, st Statement) ([]Result, error) {
	ids := make([]string, len(st.Txs))
	seen := map[string]string{}
	for i, tx := range st.Txs {
		key := tx.EndToEndID + fmt.Sprint(tx.Debit)
		if prev, dup := seen[key]; dup {
			return nil, &StatementError{Element: tx.Path, Reason: "end-to-end id " + tx.EndToEndID + " already settled at " + prev}
		}
		seen[key], ids[i] = tx.Path, tx.EndToEndID
	}
	lines, err := s.store.LinesByEndToEnd(ctx, ids)
	if err == nil {
		err = s.allowedLines(ctx, lines)
	}
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, tx := range st.Txs {
		l, ok := lines[tx.EndToEndID]
		switch {
		case !ok:
			return nil, &StatementError{Element: tx.Path + "/Refs/EndToEndId", Reason: tx.EndToEndID + " is not a payment dost sent"}
		case tx.Currency != "AZN":
			return nil, &StatementError{Element: tx.Path + "/Amt/@Ccy", Reason: fmt.Sprintf("currency %q, the payment was in AZN", tx.Currency)}
		case tx.Amount != l.Net:
			return nil, &StatementError{Element: tx.Path + "/Amt", Reason: fmt.Sprintf("%s, the payment was %s", tx.Amount, l.Net)}
		case tx.Debit && l.Status != LinePending:
			return nil, &StatementError{Element: tx.Path, Reason: fmt.Sprintf("payment %s is %s, not awaiting settlement", l.EndToEndID, l.Status)}
		case !tx.Debit && l.Status != LinePending && l.Status != LinePaid:
			return nil, &StatementError{Element: tx.Path, Reason: fmt.Sprintf("return of payment %s, which is %s", l.EndToEndID, l.Status)}
		}
		r := Result{Line: l.EndToEndID, EntitlementID: l.EntitlementID, Status: LinePaid}
		if !tx.Debit {
			r.Status, r.Reason, r.Reissue = LineReturned, ReasonReturned+": "+tx.Return, !accountProblems[tx.Return]
		}
		out = append(out, r)
	}
	return out, nil
}
