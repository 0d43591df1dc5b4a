package web

import (
	"github.com/danielgtaylor/huma/v2"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

// Lang is a language the interface speaks, as an API request names it (a citizen's language
// for their messages, say). Its schema lists i18n.Languages when the API is built, so that a
// fourth catalogue is a fourth accepted value with no change to an operation.
type Lang string

// Schema makes the accepted values the interface's languages.
func (Lang) Schema(huma.Registry) *huma.Schema {
	enum := make([]any, len(i18n.Languages))
	for i, l := range i18n.Languages {
		enum[i] = l
	}
	return &huma.Schema{Type: huma.TypeString, Enum: enum, Description: "a language of the interface"}
}
