package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

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

// present checks that the member of staff a command acts for is at the keyboard: their own
// password, from DOST_PASSWORD or the first line of standard input. A four-eyes step (the
// payroll's approval) asks for it, so that one operator cannot be maker and checker by typing
// two logins.
func present(ctx context.Context, a *app.App, login string) error {
	password := os.Getenv("DOST_PASSWORD")
	if password == "" {
		line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		password = strings.TrimRight(line, "\r\n")
	}
	if password == "" {
		return fmt.Errorf("--as %s: this step needs %s's own password (DOST_PASSWORD or standard input)", login, login)
	}
	if _, err := a.Identity.Authenticate(ctx, login, password, "command line"); err != nil {
		return fmt.Errorf("--as %s: %w", login, err)
	}
	return nil
}
