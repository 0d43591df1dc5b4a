package audit

import (
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

// The log stores purposes, details and actions as short English words ("certificate
// verification", "decision TSSA"), so that an auditor reading the database reads them as
// they are, and the hash chain never depends on a translation. Pages show them in the
// reader's language through the functions below: each stored word is a stable key under
// "audit.purpose.", "audit.detail." or "action.". A word no catalogue knows — an old row, a
// purpose added without its translation — is shown as stored, never as a key.

// PurposeIn returns purpose as lang says it. A purpose that names a code after a known
// purpose ("decision TSSA", "portal sign-in (asan)") keeps the code after the translation.
func PurposeIn(lang, purpose string) string { return wordIn(lang, "audit.purpose.", purpose) }

// DetailIn returns a detail as lang says it: one written by Msg is its message in lang with
// its arguments. A row written before details were structured keeps its sentence, with the
// fixed words the services wrote then ("draft", "prepared TSSA 2026-11") translated and what
// follows them kept, a count ("3 pending shown") in the plural form its number takes;
// identifiers, codes and field names as stored.
func DetailIn(lang, detail string) string {
	if d, ok := structured(detail); ok {
		return d.render(lang)
	}
	first, rest, _ := strings.Cut(detail, " ")
	if n, err := strconv.Atoi(first); err == nil && rest != "" {
		words := strings.Fields(rest)
		for k := len(words); k > 0; k-- {
			key := "audit.detail.count." + wordKey(strings.Join(words[:k], " "))
			if s := i18n.TrN(lang, key, n, nil); s != key && s != "" {
				return strings.TrimSpace(s + trailing(words[k-1]) + " " + strings.Join(words[k:], " "))
			}
		}
	}
	return wordIn(lang, "audit.detail.", detail)
}

// trailing is the punctuation a stored word ends with (the colon of "3 shown: …"), kept
// after its translation.
func trailing(word string) string {
	if i := strings.LastIndexAny(word, ":;,"); i == len(word)-1 {
		return word[i:]
	}
	return ""
}

// EntityIn returns the kind of object a row names ("person", "payment_line") as lang says it,
// from "audit.entity.<entity>"; an entity no catalogue knows is shown as stored.
func EntityIn(lang, entity string) string {
	if s, ok := known(lang, "audit.entity."+wordKey(entity)); ok {
		return s
	}
	return entity
}

// EntityIDIn returns the identifier of a row's object as stored, except a word some reads
// write in its place ("list": a whole list was read or downloaded), which lang says.
func EntityIDIn(lang, id string) string {
	if id != "" && strings.Trim(id, "abcdefghijklmnopqrstuvwxyz_") == "" {
		if s, ok := known(lang, "audit.entity_id."+id); ok {
			return s
		}
	}
	return id
}

// ActionIn returns an action as lang says it.
func ActionIn(lang, action string) string {
	if s, ok := known(lang, "action."+action); ok {
		return s
	}
	return action
}

// wordIn translates the longest leading run of words of stored that the catalogue knows
// under prefix and keeps the rest as written.
func wordIn(lang, prefix, stored string) string {
	words := strings.Fields(stored)
	for n := len(words); n > 0; n-- {
		if s, ok := known(lang, prefix+wordKey(strings.Join(words[:n], " "))); ok {
			return strings.TrimSpace(s + trailing(words[n-1]) + " " + strings.Join(words[n:], " "))
		}
	}
	return stored
}

// wordKey turns a stored word into the last part of its message key: lower case, with every
// run of other characters than letters and digits made one underscore.
func wordKey(stored string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(strings.TrimSpace(stored)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
		} else {
			gap = true
		}
	}
	return b.String()
}

// known returns the message for key in lang, and whether any catalogue defines it.
func known(lang, key string) (string, bool) {
	s := i18n.Tr(lang, key, nil)
	return s, s != key && s != ""
}
