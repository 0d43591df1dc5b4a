package app_test

import (
	"go/build"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/dost-platform/dost/"

// deps lists the packages of this module that pkg imports, directly or not.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	seen := map[string]bool{}
	var walk func(path string)
	walk = func(path string) {
		if seen[path] {
			return
		}
		seen[path] = true
		p, err := build.ImportDir("../../"+strings.TrimPrefix(path, module), 0) // the test runs in internal/app
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, module) {
				walk(imp)
			}
		}
	}
	walk(module + pkg)
	delete(seen, module+pkg)
	var out []string
	for p := range seen {
		out = append(out, strings.TrimPrefix(p, module))
	}
	slices.Sort(out)
	return out
}

// TestDomainImports pins the seams between domains that issue #11 draws: the queue reads the
// single window through its own Catalogue interface and never its web package; the single
// window does not depend on the queue; the portal composes domains' services, never their
// screens.
func TestDomainImports(t *testing.T) {
	if !slices.Contains(deps(t, "internal/queue/queueweb"), "internal/servicedesk") {
		t.Fatal("the walk misses imports: the queue's pages use servicedesk's types")
	}
	for _, pkg := range []string{"internal/queue", "internal/queue/queuedb", "internal/queue/queueweb"} {
		for _, d := range deps(t, pkg) {
			if strings.HasPrefix(d, "internal/servicedesk/servicedeskweb") {
				t.Errorf("%s imports %s", pkg, d)
			}
		}
	}
	for _, pkg := range []string{"internal/servicedesk", "internal/servicedesk/servicedeskdb", "internal/servicedesk/servicedeskweb", "internal/servicedesk/servicedeskjob"} {
		for _, d := range deps(t, pkg) {
			if strings.HasPrefix(d, "internal/queue") {
				t.Errorf("%s imports %s", pkg, d)
			}
		}
	}
	for _, d := range deps(t, "internal/portal") {
		if !strings.HasPrefix(d, "internal/platform/") && strings.HasSuffix(d, "web") {
			t.Errorf("the portal imports the screens of %s", d)
		}
	}
}
