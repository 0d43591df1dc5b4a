package importer

import (
	"embed"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

// messageFiles holds the importer's own texts: file-level refusals, modes, states, line
// problems every kind shares.
//
//go:embed messages/*.toml
var messageFiles embed.FS

func init() { i18n.Register(messageFiles) }
