package layout

import "context"

type institutionsKey struct{}

// WithInstitutions gives pages of the request the institutions' short names, by code, in the
// request's language: a code such as SSPF is an identifier, and a person reads DSMF (az),
// ГФСЗ (ru) or SSPF (en). The identity domain sets it on every request; the names are read
// when a page first asks for one.
func WithInstitutions(ctx context.Context, short func(ctx context.Context, code string) string) context.Context {
	return context.WithValue(ctx, institutionsKey{}, short)
}

// Institution is the short name of the institution with the given code, as the request's
// reader reads it; the code itself where no institution has it (a page rendered outside the
// site, an institution since removed).
func Institution(ctx context.Context, code string) string {
	if f, ok := ctx.Value(institutionsKey{}).(func(context.Context, string) string); ok {
		if s := f(ctx, code); s != "" {
			return s
		}
	}
	return code
}
