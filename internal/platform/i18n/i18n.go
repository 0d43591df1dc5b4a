// Package i18n translates interface messages into az, en or ru and carries the language
// of a request in its context.
package i18n

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/dost-platform/dost/locales"
)

// Languages in the order the language switcher shows them; the first is the default.
var Languages = []string{"az", "en", "ru"}

var bundle = load()

var localizers = map[string]*goi18n.Localizer{}

func load() *goi18n.Bundle {
	b := goi18n.NewBundle(language.Azerbaijani)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, l := range Languages {
		if _, err := b.LoadMessageFileFS(locales.FS, l+".json"); err != nil {
			panic(fmt.Sprintf("i18n: %v", err))
		}
	}
	return b
}

func init() {
	for _, l := range Languages {
		localizers[l] = goi18n.NewLocalizer(bundle, l)
	}
}

// Tr translates key into lang with args for the message's template. A missing key returns
// the key itself so that a gap is visible, not blank.
func Tr(lang, key string, args map[string]any) string {
	loc, ok := localizers[lang]
	if !ok {
		loc = localizers["az"]
	}
	s, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: key, TemplateData: args})
	if err != nil {
		return key
	}
	return s
}

type ctxKey struct{}

// WithLang stores the request's language.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, ctxKey{}, lang)
}

// Lang returns the request's language, az when none was set.
func Lang(ctx context.Context) string {
	if l, ok := ctx.Value(ctxKey{}).(string); ok {
		return l
	}
	return "az"
}

// T translates key into the language of ctx.
func T(ctx context.Context, key string) string { return Tr(Lang(ctx), key, nil) }

// TA translates key with template arguments.
func TA(ctx context.Context, key string, args map[string]any) string { return Tr(Lang(ctx), key, args) }

// Supported returns lang if the interface speaks it, else "".
func Supported(lang string) string {
	for _, l := range Languages {
		if l == lang {
			return l
		}
	}
	return ""
}

// FromRequest picks a language for a request without a logged-in user: the lang cookie,
// then Accept-Language, then az.
func FromRequest(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil && Supported(c.Value) != "" {
		return c.Value
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		if l := Supported(strings.ToLower(strings.SplitN(tag, "-", 2)[0])); l != "" {
			return l
		}
	}
	return "az"
}

// Or returns lang if dost speaks it, else Azerbaijani: for the language a citizen's messages
// go out in.
func Or(lang string) string {
	if Supported(lang) == "" {
		return "az"
	}
	return lang
}
