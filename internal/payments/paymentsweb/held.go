package paymentsweb

import (
	"context"

	"github.com/dost-platform/dost/internal/payments"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// lineReason shows a line's reason in the reader's language: the sentences dost writes are
// translated by their code, a typed note and an unknown old reason shown as stored.
func lineReason(ctx context.Context, reason string) string {
	return payments.ReasonIn(i18n.Lang(ctx), reason)
}
