package paymentsweb

import (
	"context"
	"strings"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// lineReason shows a line's reason in the reader's language where dost knows it: a payment
// held for an IBAN confirmation (also once deferred at approval).
func lineReason(ctx context.Context, reason string) string {
	if strings.HasSuffix(reason, payments.ReasonIBANHeld) {
		return i18n.T(ctx, "foureyes.iban_held")
	}
	return reason
}
