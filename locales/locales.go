// Package locales embeds the interface messages in Azerbaijani (the default), English and
// Russian. Every key must exist in all three files; a test enforces it.
package locales

import "embed"

// FS holds az.json, en.json and ru.json.
//
//go:embed *.json
var FS embed.FS
