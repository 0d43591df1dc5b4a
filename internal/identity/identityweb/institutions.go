package identityweb

import (
	"context"
	"log/slog"
	"sync"

	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/i18n"
	"github.com/dost-platform/dost/internal/platform/web/layout"
)

// withShortNames lets the request's pages name institutions by their short names
// (layout.Institution). The few institutions are read once per request, and only by a request
// whose page names one.
func (h *Handler) withShortNames(ctx context.Context) context.Context {
	load := sync.OnceValue(func() map[string]identity.Institution {
		all, err := h.ids.Institutions(ctx)
		if err != nil {
			slog.WarnContext(ctx, "institutions' short names could not be read; codes are shown", "error", err.Error())
		}
		byCode := make(map[string]identity.Institution, len(all))
		for _, i := range all {
			byCode[i.Code] = i
		}
		return byCode
	})
	return layout.WithInstitutions(ctx, func(ctx context.Context, code string) string {
		i, ok := load()[code]
		if !ok {
			return ""
		}
		return i.Short(i18n.Lang(ctx))
	})
}
