package identity_test

import (
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/dost-platform/dost/internal/identity"
)

// sessionData is what scs stores for a staff member's session.
func sessionData(t *testing.T, userID int64) []byte {
	t.Helper()
	b, err := scs.GobCodec{}.Encode(time.Now().Add(time.Hour), map[string]any{identity.SessionUserKey: userID})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
