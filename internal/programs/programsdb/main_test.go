package programsdb_test

import (
	"os"
	"testing"

	"github.com/dost-platform/dost/internal/platform/web"
	"github.com/dost-platform/dost/internal/programs/programsweb"
	"github.com/dost-platform/dost/internal/registry/registryweb"
)

// TestMain grants the roles what the programmes' and the registry's web modules declare, as
// the composition root does when the system opens: the officer of these tests decides awards
// and reads persons by those declarations.
func TestMain(m *testing.M) {
	web.Declare([]web.Module{programsweb.New(nil).Module(), registryweb.New(nil).Module()})
	os.Exit(m.Run())
}
