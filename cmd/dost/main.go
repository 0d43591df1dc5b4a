// Command dost runs the single-window social-protection platform. Run `dost help` for the
// commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/dost-platform/dost/internal/platform/fail"
	"github.com/dost-platform/dost/internal/platform/i18n"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     commandFunc
}

var commands []command

func init() {
	commands = []command{
		{"serve", "run the web server (migrates; with --demo, fills an empty database with demo data)", runServe},
		{"migrate", "bring the database schema up to date, or show its version", runMigrate},
		{"demo", "generate a demo country into an empty database", runDemo},
		{"init", "start a real installation: institutions and the first two administrators", runInit},
		{"user", "manage staff accounts: user add | list | disable | enable | reset", runUser},
		{"audit", "check the audit log: audit verify", runAudit},
		{"payroll", "monthly payment cycles: prepare | approve | export | reconcile | show", runPayroll},
		{"rules", "programme rules: rules dry-run", runRules},
		{"dci", "machine clients of other institutions (DCI agreements): dci add | list | revoke | remove-key", runDCI},
		{"routes", "print every page and form target, its permission and the roles that carry it", runRoutes},
		{"version", "print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stderr, nil)))
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "dost:", explain(err, cliLang()))
		}
		os.Exit(exitCode(err))
	}
}

// explain says err in words for the operator's terminal: what a domain refused — its fields'
// messages, its reason — in lang, never the message keys the web layer translates.
func explain(err error, lang string) string {
	var fields fail.Fields
	var reason *fail.Reason
	var said, inner string
	switch {
	case errors.As(err, &fields):
		parts := make([]string, len(fields))
		for i, f := range fields {
			parts[i] = f.Name + ": " + i18n.Tr(lang, f.Key, f.Args)
		}
		said, inner = strings.Join(parts, "; "), fields.Error()
	case errors.As(err, &reason):
		said, inner = i18n.Tr(lang, reason.Key, reason.Args), reason.Error()
	default:
		return err.Error()
	}
	return strings.Replace(err.Error(), inner, said, 1) // keeps what the command added around it
}

// cliLang is the language of the command line: DOST_LANG, else the language of LANG when
// dost speaks it, else English, the language of the commands' own texts.
func cliLang() string {
	for _, v := range []string{os.Getenv("DOST_LANG"), os.Getenv("LANG")} {
		if lang, _, _ := strings.Cut(v, "_"); lang != "" && i18n.Supported(lang) == lang {
			return lang
		}
	}
	return "en"
}

// exitError carries a specific exit status (audit verify uses 2 for a broken chain).
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }

func exitCode(err error) int {
	var e exitError
	if errors.As(err, &e) {
		return e.code
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 1
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(out)
		return nil
	}
	if err := checkSecrets(); err != nil {
		return err
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, args[1:], out)
		}
	}
	usage(os.Stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "dost — single-window social-protection platform\n\nUsage: dost COMMAND [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `dost COMMAND --help` for a command's flags.")
}

// flags makes a flag set whose --help prints the summary and the flags.
func flags(name, summary string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: dost %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// dbFlag adds --db, defaulting to $DOST_DB (or the file $DOST_DB_FILE names, since a
// PostgreSQL URL carries a password) or the embedded SQLite file.
func dbFlag(fs *flag.FlagSet) *string {
	def, _ := secretEnv("DOST_DB") // checked by checkSecrets before any command
	if def == "" {
		def = "sqlite:./dost-data/dost.db"
	}
	return fs.String("db", def, "database: sqlite:PATH or postgres://… (env DOST_DB or DOST_DB_FILE)")
}

// demoFlag adds --demo, defaulting to $DOST_DEMO.
func demoFlag(fs *flag.FlagSet) *bool {
	return fs.Bool("demo", demoEnv(), "demo mode: made-up data, published passwords, FİN-only sign-in; never for real persons (env DOST_DEMO=1)")
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// commandFunc runs one command with its arguments.
type commandFunc func(ctx context.Context, args []string, out io.Writer) error

// subcommand runs the subcommand of a command that args[0] names. Without one, or with one it
// does not know, it prints the usage and fails; with --help it prints the usage.
func subcommand(ctx context.Context, name, usage string, subs map[string]commandFunc, args []string, out io.Writer) error {
	if len(args) > 0 && (args[0] == "--help" || args[0] == "-h") {
		fmt.Fprintln(out, usage)
		return nil
	}
	if len(args) == 0 {
		fmt.Fprintln(out, usage)
		return fmt.Errorf("%s: want a command", name)
	}
	run, ok := subs[args[0]]
	if !ok {
		fmt.Fprintln(out, usage)
		return fmt.Errorf("%s: unknown command %q", name, args[0])
	}
	return run(ctx, args[1:], out)
}
