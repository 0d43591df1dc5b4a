package registry

import "strings"

// NameKey folds a name into a search key so that the spellings of one Azerbaijani name in
// Azerbaijani Latin, English style and Russian style (Cyrillic or its transliteration) meet:
// Məmmədov, Mammadov, Mamedov and Мамедов all give "mamadov"; Hüseyn, Huseyn, Guseyn and
// Гусейн give "gusayn". The key is only for matching: it over-merges a little on purpose
// (h, x, g, ğ, q and k become one letter) because a search that misses a person is worse
// than one that shows a few extra rows.
func NameKey(s string) string {
	s = digraphs.Replace(strings.ToLower(s))
	var b strings.Builder
	var last rune
	for _, r := range s {
		for _, f := range fold(r) {
			if f == last || (f == 'y' && last == 'i') { // Məmmədov ~ Mamedov, Əliyev ~ Алиев
				continue
			}
			b.WriteRune(f)
			last = f
		}
	}
	return b.String()
}

// digraphs turns the English-style and transliterated-Russian spellings of one sound into
// the Azerbaijani letter for it, before letters are folded one by one.
var digraphs = strings.NewReplacer("dzh", "c", "dj", "c", "дж", "c", "zh", "ж", "kh", "x", "sh", "ş", "ch", "ç")

// folded maps every letter that is not already its own key to the letters of its key. Letters
// absent here and outside a–z (digits, punctuation, other scripts) are dropped.
var folded = map[rune]string{
	'ə': "a", 'ä': "a", 'e': "a", 'é': "a", 'ı': "i", 'ö': "o", 'ü': "u",
	'h': "g", 'ğ': "g", 'q': "g", 'k': "g", 'x': "g", 'ş': "w", 'ç': "c", 'c': "j", 'w': "v",
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "a", 'ё': "o", 'ж': "z", 'з': "z",
	'и': "i", 'й': "y", 'к': "g", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r",
	'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "g", 'ц': "ts", 'ч': "c", 'ш': "w", 'щ': "w",
	'ы': "i", 'э': "a", 'ю': "yu", 'я': "ya",
	'ә': "a", 'ғ': "g", 'ҹ': "j", 'һ': "g", 'ј': "y", 'ө': "o", 'ү': "u", 'ҝ': "g", 'ҳ': "g",
}

func fold(r rune) string {
	if f, ok := folded[r]; ok {
		return f
	}
	if r >= 'a' && r <= 'z' {
		return string(r)
	}
	return ""
}

// SearchKeys returns the two sortable keys a person is found by: surname first
// ("mamadov ali gasan") and given name first ("ali mamadov gasan").
func SearchKeys(last, first, patronymic string) (nameKey, altKey string) {
	l, f, p := NameKey(last), NameKey(first), NameKey(patronymic)
	return l + " " + f + " " + p, f + " " + l + " " + p
}
