// Package linkage finds records that describe the same person: twice in one registry
// (deduplication) or once in each of two sources (linkage). It is a Fellegi–Sunter model:
// every candidate pair is compared field by field, each field's outcome has a probability m
// among true matches and u among non-matches, and the pair's evidence is the sum of the
// log-ratios log2(m/u). The m and u are estimated from the candidate pairs themselves by EM,
// without labels, so the same code works on a registry nobody has hand-checked; the decision
// thresholds are read off the model's own posterior probability of a match.
//
// The package is pure Go and holds no database code: the registry's intake check and bulk
// import feed it records and act on its pairs.
package linkage

import (
	"strings"

	"github.com/dost-platform/dost/internal/registry"
)

// Record is one person as a source describes them. Empty fields are missing: a missing field
// neither helps nor hurts a pair (it is skipped in the weights), because a clerk who left the
// patronymic blank says nothing about whether two records are one person.
type Record struct {
	ID         string // FİN (or another personal number): 7 characters, letters and digits
	Given      string
	Surname    string
	Patronymic string // "Əli oğlu", "Əli", "Алиевич" all mean the father is Əli
	Sex        string // "M" or "F"; when empty, read from the patronymic (oğlu, qızı, -ovich, -ovna)
	BirthDate  string // YYYYMMDD or YYYY-MM-DD
	StreetNo   string
	Street     string
	Street2    string
	Locality   string
	Postcode   string
	Region     string
}

// prepared is a record folded once into the forms the comparators and blocking keys use, so
// that a pair's comparison is cheap byte work and a record compared with many others is folded
// only once.
type prepared struct {
	id                           string
	given, surname, stem, father string
	sex                          byte // 'M', 'F' or 0 (unknown)
	// share of the records with the same given name, surname stem and father's name
	freqGiven, freqStem, freqFather float64
	year, month, day, date          string
	streetNo, street, street2       string
	locality, postcode, region      string
}

func prepare(r Record) prepared {
	p := prepared{
		id:       normID(r.ID),
		given:    nameKey(r.Given),
		surname:  nameKey(r.Surname),
		father:   fatherKey(r.Patronymic),
		sex:      sexOf(r.Sex, r.Patronymic),
		streetNo: digitsLetters(r.StreetNo),
		street:   registry.NameKey(r.Street),
		street2:  registry.NameKey(r.Street2),
		locality: registry.NameKey(r.Locality),
		postcode: digitsLetters(r.Postcode),
		region:   registry.NameKey(r.Region),
	}
	p.stem = surnameStem(p.surname)
	p.date = digitsLetters(r.BirthDate)
	if len(p.date) == 8 {
		p.year, p.month, p.day = p.date[:4], p.date[4:6], p.date[6:]
	}
	return p
}

// nameKey is the registry search's NameKey with one more fold: "yu" becomes "u", because
// Soviet-era documents write the Azerbaijani ü after a consonant as ю (Hüseyn → Гюсейн,
// Kürdəmir → Кюрдамир) as often as у (Гусейн). It over-merges Yusif into "usif" on both sides,
// which a comparison does not mind.
func nameKey(s string) string {
	return strings.ReplaceAll(registry.NameKey(s), "yu", "u")
}

// setFrequencies records how common each record's names are in the whole input, for the
// term-frequency weights: agreeing on Məmmədov is weaker evidence than agreeing on a rare name.
func setFrequencies(prep []prepared) {
	given, stem, father := map[string]int{}, map[string]int{}, map[string]int{}
	for i := range prep {
		given[prep[i].given]++
		stem[prep[i].stem]++
		father[prep[i].father]++
	}
	n := float64(len(prep))
	for i := range prep {
		p := &prep[i]
		p.freqGiven, p.freqStem, p.freqFather = float64(given[p.given])/n, float64(stem[p.stem])/n, float64(father[p.father])/n
	}
}

// surnameStem drops the feminine ending so that Məmmədova and Мамедов share a stem: a woman
// is sometimes registered under her father's form of the surname, and the -ov/-ova, -yev/-yeva
// and -ski/-skaya pairs are the same family name. NameKey has already folded e to a, so -yeva
// arrives as -ava.
func surnameStem(key string) string {
	for _, suf := range []string{"ova", "ava", "ina"} {
		if strings.HasSuffix(key, suf) && len(key) > len(suf)+1 {
			return key[:len(key)-1]
		}
	}
	return key
}

// patronymicWords are the folded forms of the words that only say "son of" or "daughter of":
// oğlu, ogly, оглы; qızı, gizi, кызы.
var patronymicWords = map[string]bool{"oglu": true, "ogli": true, "ogly": true, "gizi": true, "gizy": true, "gyzy": true}

// russianPatronymic are the folded Russian endings -ович, -евич, -овна, -евна, -ична, -ич
// (NameKey folds е to a and ч to c), longest first.
var russianPatronymic = []string{"ovic", "avic", "ovna", "avna", "icna", "ic"}

// fatherKey reduces a patronymic to the folded name of the father: "Əli oğlu", "Ali ogly",
// "Əli" and "Алиевич" all give "ali", so a record written with the Azerbaijani word, without
// it, or in the Russian form agrees with the others.
func fatherKey(patronymic string) string {
	var name string
	for _, w := range strings.Fields(patronymic) {
		k := nameKey(w)
		if k == "" || patronymicWords[k] {
			continue
		}
		name += k
	}
	if name == "" {
		return ""
	}
	for _, suf := range russianPatronymic {
		if strings.HasSuffix(name, suf) && len(name) > len(suf)+2 {
			name = name[:len(name)-len(suf)] // Алиевич → ali, Мамедович → mamad
			break
		}
	}
	return name
}

// sexOf takes the recorded sex, else reads it from the patronymic: an Azerbaijani patronymic
// says son or daughter (oğlu, qızı) and a Russian one by its ending (-ович, -овна). A brother
// and sister, or twins, share everything else a registry holds but this and the given name.
func sexOf(sex, patronymic string) byte {
	switch strings.ToUpper(strings.TrimSpace(sex)) {
	case "M":
		return 'M'
	case "F":
		return 'F'
	}
	for _, w := range strings.Fields(patronymic) {
		k := nameKey(w)
		switch {
		case k == "oglu" || k == "ogli" || k == "ogly" || strings.HasSuffix(k, "ovic") || strings.HasSuffix(k, "avic"):
			return 'M'
		case k == "gizi" || k == "gizy" || k == "gyzy" || strings.HasSuffix(k, "ovna") || strings.HasSuffix(k, "avna"):
			return 'F'
		}
	}
	return 0
}

// normID keeps a personal number's letters and digits in upper case and reads the letters a
// clerk confuses with digits as those digits: the FİN alphabet has no I and no O for exactly
// this reason, so an O typed for 0 is a typo, not a different person.
func normID(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == 'O':
			b.WriteByte('0')
		case r == 'I' || r == 'İ':
			b.WriteByte('1')
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// digitsLetters keeps ASCII letters (lower-cased) and digits, dropping separators.
func digitsLetters(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') {
			b.WriteRune(r)
		}
	}
	return b.String()
}
