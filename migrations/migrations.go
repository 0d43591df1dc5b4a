// Package migrations embeds the schema of both database engines. The two folders hold the
// same version numbers so that one goose history describes either engine.
package migrations

import "embed"

// FS holds postgres/*.sql and sqlite/*.sql.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
