// Package web holds the files the browser loads as they are: htmx 2.0.11 (0BSD licence,
// from the htmx.org npm package) and the stylesheet.
package web

import "embed"

// Static is served under /static/.
//
//go:embed static
var Static embed.FS
