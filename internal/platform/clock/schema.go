package clock

import "github.com/danielgtaylor/huma/v2"

// Schema documents a Date in the OpenAPI description as it travels in JSON: a string in
// format date (YYYY-MM-DD), not the struct it is in Go. Huma also validates requests by it.
func (Date) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Format: "date"}
}
