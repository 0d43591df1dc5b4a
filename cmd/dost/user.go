package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/identity"
	"github.com/dost-platform/dost/internal/platform/authz"
)

const userUsage = `Usage: dost user add --login L --name N --role R --institution CODE (--phone P | --email E) [--lang az]
       dost user list
       dost user disable LOGIN
       dost user enable LOGIN
       dost user reset LOGIN

Nobody chooses another person's password. A new account, and one reset, gets a one-time
activation code that the notification outbox sends to the owner's phone (SMS) or e-mail; the
owner signs in with it and sets their own password. A role given with add waits until an
administrator approves it in the web interface (Role approvals) or the API.
Every command takes --db (env DOST_DB).
Roles: `

func runUser(ctx context.Context, args []string, out io.Writer) error {
	return subcommand(ctx, "user", userUsage+rolesList(), map[string]commandFunc{
		"add": userAdd, "list": userList,
		"disable": userAction("disable", "Disable a staff account: it can no longer sign in nor use its API tokens."),
		"enable":  userAction("enable", "Enable a disabled staff account again."),
		"reset":   userAction("reset", "Void an account's password and codes and send its owner a new activation code through the outbox."),
	}, args, out)
}

func rolesList() string {
	names := make([]string, len(authz.Roles))
	for i, r := range authz.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

func userAdd(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("user add", "Create a staff account with one role in one institution. Its owner receives a one-time activation code by SMS or e-mail and sets the password; the role waits for an administrator's approval.", out)
	dbURL := dbFlag(fs)
	login := fs.String("login", "", "login (lower-case)")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "", "role: "+rolesList())
	inst := fs.String("institution", "", "institution code, e.g. SSPF")
	phone := fs.String("phone", "", "the owner's mobile phone, international format (+994…): the code goes there by SMS")
	email := fs.String("email", "", "the owner's e-mail, when there is no phone")
	lang := fs.String("lang", "az", "interface language: az, en or ru")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer a.Close()
	instID, err := institutionID(ctx, a, *inst)
	if err != nil {
		return err
	}
	_, err = a.Identity.CreateUser(ctx, identity.NewUser{Login: *login, FullName: *name, Lang: *lang,
		Contact: identity.Contact{Phone: *phone, Email: *email}, Grants: []authz.Grant{{Role: authz.Role(*role), InstitutionID: instID}}})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "created %s; the activation code goes to its owner through the outbox; %s at %s waits for an administrator's approval\n", *login, *role, *inst)
	return nil
}

func institutionID(ctx context.Context, a *app.App, code string) (int64, error) {
	insts, err := a.Identity.Institutions(ctx)
	if err != nil {
		return 0, err
	}
	for _, i := range insts {
		if i.Code == code {
			return i.ID, nil
		}
	}
	return 0, fmt.Errorf("no institution with code %q", code)
}

func userList(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("user list", "List staff accounts and their roles in force.", out)
	dbURL := dbFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer a.Close()
	after := ""
	for {
		users, next, err := a.Identity.UsersPage(ctx, after, 500)
		if err != nil {
			return err
		}
		for _, u := range users {
			var roles []string
			for _, g := range u.Grants {
				roles = append(roles, fmt.Sprintf("%s@%d", g.Role, g.InstitutionID))
			}
			state := fmt.Sprintf("active=%v", u.Active)
			if u.Pending() {
				state += " (password not set)"
			}
			fmt.Fprintf(out, "%-20s %-30s %s %s\n", u.Login, u.FullName, state, strings.Join(roles, ","))
		}
		if next == "" {
			return nil
		}
		after = next
	}
}

// userAction makes the command that disables, enables or resets the account LOGIN.
func userAction(action, summary string) commandFunc {
	return func(ctx context.Context, args []string, out io.Writer) error {
		fs := flags("user "+action+" LOGIN", summary, out)
		dbURL := dbFlag(fs)
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			args = append(append([]string{}, args[1:]...), args[0]) // LOGIN before the flags
		}
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() != 1 {
			fs.Usage()
			return fmt.Errorf("user %s: want one LOGIN", action)
		}
		a, err := open(ctx, *dbURL)
		if err != nil {
			return err
		}
		defer a.Close()
		u, err := a.Identity.AccountByLogin(ctx, fs.Arg(0))
		if err != nil {
			return fmt.Errorf("account %q: %w", fs.Arg(0), err)
		}
		switch action {
		case "reset":
			err = a.Identity.ResetPassword(ctx, u.ID)
		default:
			err = a.Identity.SetActiveChecked(ctx, u.ID, action == "enable")
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: %s done\n", u.Login, action)
		return nil
	}
}
