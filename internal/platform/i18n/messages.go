package i18n

import "embed"

// messageFiles holds the texts of this package: the name of each language, which a form that
// takes a name in every language labels its fields with. Registering them here makes the
// interface's languages known wherever i18n is imported, a package test included.
//
//go:embed messages/*.toml
var messageFiles embed.FS

func init() { Register(messageFiles) }
