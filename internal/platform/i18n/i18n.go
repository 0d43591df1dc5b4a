// Package i18n translates interface messages and carries the language of a request in its
// context.
//
// The messages are data: each domain keeps its own catalogues in its folder, one file per
// language in go-i18n's TOML format (messages/az.toml, messages/en.toml, messages/ru.toml),
// embeds them and hands them to Register from its package's init. A message shown with a
// count is a table of its CLDR plural forms (one/other in az and en; one/few/many/other in
// ru), chosen by the template argument Count. The languages the interface speaks are the
// ones the catalogues are written in, Azerbaijani first: a fourth language is a fourth file
// in every messages folder, with no change to the code.
package i18n

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Default is the language of the country, and the one every other falls back to.
const Default = "az"

// Languages in the order the language switcher shows them: Azerbaijani (the default) first,
// then the others by code. Register keeps it to the languages the catalogues are written in.
var Languages []string

var (
	bundle     = newBundle()
	localizers = map[string]*goi18n.Localizer{}
	// origin says which catalogue defined each message, so that one key defined by two
	// domains is caught when the second registers, not resolved by import order.
	origin = map[string]string{}
)

func newBundle() *goi18n.Bundle {
	b := goi18n.NewBundle(language.Azerbaijani)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	return b
}

// Register loads every catalogue in fsys: each file named <language>.toml, at any depth, in
// go-i18n's TOML format. A domain calls it once from its package's init with its embedded
// messages folder, so that whatever imports the domain can show its texts. It panics on a
// catalogue that does not parse or a key another catalogue already defined in that language:
// both are programming errors that must stop the build's tests, not show a raw key.
// Register is not safe to call concurrently with translation; init time is the place for it.
func Register(fsys fs.FS) {
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".toml" {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		lang := strings.TrimSuffix(path.Base(p), ".toml")
		if _, err := language.Parse(lang); err != nil {
			return fmt.Errorf("%s: the file name must be a language code: %v", p, err)
		}
		mf, err := goi18n.ParseMessageFileBytes(b, p, map[string]goi18n.UnmarshalFunc{"toml": toml.Unmarshal})
		if err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		for _, m := range mf.Messages {
			if prev, ok := origin[lang+"\x00"+m.ID]; ok {
				return fmt.Errorf("%s: %q is already defined in %s", p, m.ID, prev)
			}
			origin[lang+"\x00"+m.ID] = p
		}
		if err := bundle.AddMessages(language.Make(lang), mf.Messages...); err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		if _, ok := localizers[lang]; !ok {
			localizers[lang] = goi18n.NewLocalizer(bundle, lang)
		}
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("i18n: %v", err))
	}
	Languages = slices.SortedFunc(maps.Keys(localizers), func(a, b string) int {
		if a == Default || b == Default {
			return boolInt(b == Default) - boolInt(a == Default)
		}
		return strings.Compare(a, b)
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Tr translates key into lang with args for the message's template. A plural message picks
// its form by args["Count"], an integer. A key the language lacks shows the Azerbaijani text;
// a key no catalogue defines returns the key itself so that a gap is visible, not blank.
func Tr(lang, key string, args map[string]any) string {
	loc, ok := localizers[lang]
	if !ok {
		if loc, ok = localizers[Default]; !ok {
			return key
		}
	}
	cfg := &goi18n.LocalizeConfig{MessageID: key, TemplateData: args}
	if n, ok := args["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if s == "" && err != nil {
		return key
	}
	return s
}

// TrN translates a message shown with the count n, in the plural form lang needs for n; n is
// also the template's {{.Count}}.
func TrN(lang, key string, n int, args map[string]any) string {
	a := maps.Clone(args)
	if a == nil {
		a = map[string]any{}
	}
	a["Count"] = n
	return Tr(lang, key, a)
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
	return Default
}

// T translates key into the language of ctx.
func T(ctx context.Context, key string) string { return Tr(Lang(ctx), key, nil) }

// TA translates key with template arguments.
func TA(ctx context.Context, key string, args map[string]any) string { return Tr(Lang(ctx), key, args) }

// TN translates a message shown with the count n ("1 person", "2 people"; in Russian
// "1 день", "2 дня", "5 дней") into the language of ctx: see TrN.
func TN(ctx context.Context, key string, n int, args map[string]any) string {
	return TrN(Lang(ctx), key, n, args)
}

// Supported returns lang if the interface speaks it, else "".
func Supported(lang string) string {
	for _, l := range Languages {
		if l == lang {
			return l
		}
	}
	return ""
}

// FromRequest picks a language for a request without a logged-in user: the language they
// chose (the lang cookie), else Azerbaijani — the country's language, not the browser's: a
// visitor checking a certificate on a borrowed English browser reads it in Azerbaijani unless
// they switch. An API client names its language with Accept-Language.
func FromRequest(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil && Supported(c.Value) != "" {
		return c.Value
	}
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		return Default
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		if l := Supported(strings.ToLower(strings.SplitN(tag, "-", 2)[0])); l != "" {
			return l
		}
	}
	return Default
}

// Or returns lang if dost speaks it, else Azerbaijani: for the language a citizen's messages
// go out in.
func Or(lang string) string {
	if Supported(lang) == "" {
		return Default
	}
	return lang
}
