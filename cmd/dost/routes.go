package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"

	"github.com/dost-platform/dost/internal/app"
	"github.com/dost-platform/dost/internal/platform/authz"
	"github.com/dost-platform/dost/internal/platform/jobs"
)

// route is one page or form target of the running system and who may use it.
type route struct {
	Method     string   `json:"method"`
	Path       string   `json:"path"`
	Permission string   `json:"permission"`
	Roles      []string `json:"roles"`
}

// runRoutes prints the route registry: every page and form target the domains register, the
// permission each needs and the roles that carry it by default. An administrator reviewing
// who may do what reads it; the browser test of every form reads its JSON to find the forms,
// so that a page added later is covered without editing the test.
func runRoutes(ctx context.Context, args []string, out io.Writer) error {
	fs := flags("routes", "Print every page and form target (method, path, permission and the roles that carry it by default), as the domains register them in a demo installation. The API's operations are in /api/docs. Needs no database.", out)
	asJSON := fs.Bool("json", false, "print JSON, one array of {method, path, permission, roles}")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, done, err := composed(ctx)
	if err != nil {
		return err
	}
	defer done()
	var rs []route
	for _, r := range a.Routes {
		rs = append(rs, route{Method: r.Method, Path: r.Path, Permission: string(r.Permission), Roles: holders(r.Permission)})
	}
	slices.SortFunc(rs, func(x, y route) int {
		if x.Path != y.Path {
			return cmp.Compare(x.Path, y.Path)
		}
		return cmp.Compare(x.Method, y.Method)
	})
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(rs)
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "METHOD\tPATH\tPERMISSION\tROLES")
	for _, r := range rs {
		fmt.Fprintf(w, "%s\t%s\t%s\t%v\n", r.Method, r.Path, r.Permission, r.Roles)
	}
	return w.Flush()
}

// holders are the roles that carry perm by default: everyone for a public route, every
// signed-in staff member or citizen for an authenticated one.
func holders(perm authz.Permission) []string {
	switch perm {
	case authz.Public:
		return []string{"everyone"}
	case authz.CitizenSelf:
		return []string{string(authz.Citizen)}
	case authz.Authenticated:
		return []string{"signed in"}
	}
	out := []string{}
	for _, r := range authz.Roles {
		if r.Has(perm) {
			out = append(out, string(r))
		}
	}
	return out
}

// composed builds the system as a demo, on a throwaway SQLite database in a temporary
// directory, and composes its handler, where the domains register their routes. The registry
// is the code's, not a database's: an administrator or a test reads it before any
// installation exists, and on a production host without opening its database. It is the
// demo's composition: there the demo SMS inbox is a page and citizens sign in with a FİN,
// where a production installation may use single sign-on instead.
func composed(ctx context.Context) (*app.App, func(), error) {
	dir, err := os.MkdirTemp("", "dost-routes-")
	if err != nil {
		return nil, nil, err
	}
	a, err := app.New(ctx, app.Config{DB: "sqlite:" + filepath.Join(dir, "routes.db"), Demo: true, Log: quiet(), JobsQueue: jobs.PrivateQueue()})
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	a.Handler()
	return a, func() { a.Close(); os.RemoveAll(dir) }, nil
}
