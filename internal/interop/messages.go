package interop

import (
	"embed"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

// messageFiles holds the interface texts this package owns: messages/<language>.toml, in
// go-i18n's format (see docs/DESIGN-NOTES.md, "Messages").
//
//go:embed messages/*.toml
var messageFiles embed.FS

func init() { i18n.Register(messageFiles) }
