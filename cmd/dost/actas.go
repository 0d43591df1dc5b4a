package main

import (
	"context"
	"fmt"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/authz"
)

// actAs opens the system and puts the named staff member's principal in ctx, refusing a
// login whose roles lack perm: a command acts for a person, who is recorded in the audit log.
func actAs(ctx context.Context, dbURL, login string, perm authz.Permission) (context.Context, *app.App, error) {
	if login == "" {
		return ctx, nil, fmt.Errorf("--as LOGIN is required: the command acts for a member of staff (needs %s)", perm)
	}
	a, err := open(ctx, dbURL)
	if err != nil {
		return ctx, nil, err
	}
	ctx, p, err := a.Identity.ActAs(ctx, login)
	if err == nil && !p.Can(perm) {
		err = fmt.Errorf("%s may not do this (needs %s)", login, perm)
	}
	if err != nil {
		a.Close()
		return ctx, nil, fmt.Errorf("--as %s: %w", login, err)
	}
	return ctx, a, nil
}
