package linkage

// A field comparison gives a level: 0 is "disagree", higher levels are closer agreement, and
// missing (−1) means one side is empty. Levels rather than a raw similarity because the model
// learns one m and one u per level: how often true matches and non-matches land there.
const missing = -1

// field is one comparison in the model.
type field struct {
	name    string
	levels  []string // names of the levels, index = level
	compare func(a, b *prepared) int
}

// fields is the one configuration used for every data set. Names are compared on their
// NameKey folding (the registry search's), so Məmmədov, Mammadov, Mamedov and Мамедов agree
// exactly and only real typos fall to the Jaro–Winkler levels.
var fields = []field{
	{"given", nameLevels, func(a, b *prepared) int { return nameLevel(a.given, b.given, a.surname, b.surname) }},
	{"surname", nameLevels, func(a, b *prepared) int { return surnameLevel(a, b) }},
	{"patronymic", nameLevels, func(a, b *prepared) int { return nameLevel(a.father, b.father, "", "") }},
	{"sex", exactLevels, func(a, b *prepared) int {
		if a.sex == 0 || b.sex == 0 {
			return missing
		}
		return exactLevel(string(a.sex), string(b.sex))
	}},
	{"birth_date", []string{"differ", "two of three parts", "day/month swap or one typo", "exact"}, func(a, b *prepared) int { return dateLevel(a, b) }},
	{"id", []string{"differ", "one typo", "exact"}, func(a, b *prepared) int { return idLevel(a.id, b.id) }},
	{"address", []string{"differ", "one part agrees", "two parts agree", "three parts agree", "all four parts agree"}, addressLevel},
	{"region", exactLevels, func(a, b *prepared) int { return exactLevel(a.region, b.region) }},
}

// addressLevel counts how many of the address's four parts (house number, street lines,
// locality, postcode) agree, as one field. The parts are not independent evidence: everyone in
// a household shares all of them, and weighing them as four fields would count "lives at the
// same address" four times, until a mother and her son looked like one person registered
// twice. Counting agreeing parts keeps a typo in one part from losing the address.
func addressLevel(a, b *prepared) int {
	parts, agree := 0, 0
	count := func(l, top int) {
		if l != missing {
			parts++
			if l > 0 && (l == top || top > 1) {
				agree++
			}
		}
	}
	count(exactLevel(a.streetNo, b.streetNo), 1)
	count(max(lineLevel(a.street, b.street, a.street2, b.street2), lineLevel(a.street2, b.street2, a.street, b.street)), 2)
	count(textLevel(a.locality, b.locality), 2)
	count(idLevel(a.postcode, b.postcode), 2)
	if parts == 0 {
		return missing
	}
	return agree
}

var (
	nameLevels  = []string{"differ", "similar (Jaro–Winkler ≥ 0.80)", "close (Jaro–Winkler ≥ 0.92)", "same after folding"}
	exactLevels = []string{"differ", "same"}
)

// nameLevel compares two folded names. swapA and swapB are the other name of each record: a
// clerk who typed the given name in the surname box and the surname in the given box wrote the
// same person, so a swap counts as agreement — at the level the worse of the two crossed
// names reaches, since a swapped record can carry a typo as well.
func nameLevel(a, b, swapA, swapB string) int {
	if a == "" || b == "" {
		return missing
	}
	l := similarity(a, b)
	if l < 3 && swapA != "" && swapB != "" {
		l = max(l, min(similarity(a, swapB), similarity(swapA, b)))
	}
	return l
}

func similarity(a, b string) int {
	if a == b {
		return 3
	}
	switch jw := jaroWinkler(a, b); {
	case jw >= 0.92:
		return 2
	case jw >= 0.80:
		return 1
	}
	return 0
}

// surnameLevel compares surnames on their stems, so -ov and -ova (Məmmədov, Məmmədova) agree.
func surnameLevel(a, b *prepared) int {
	return nameLevel(a.stem, b.stem, surnameStem(a.given), surnameStem(b.given))
}

func textLevel(a, b string) int {
	if a == "" || b == "" {
		return missing
	}
	if a == b {
		return 2
	}
	if jaroWinkler(a, b) >= 0.85 {
		return 1
	}
	return 0
}

// lineLevel compares one address line, accepting the other record's other line: the two
// lines of an address are often written in the other order.
func lineLevel(a, b, otherA, otherB string) int {
	l := textLevel(a, b)
	if l == 2 || a == "" {
		return l
	}
	return max(l, textLevel(a, otherB))
}

func exactLevel(a, b string) int {
	if a == "" || b == "" {
		return missing
	}
	if a == b {
		return 1
	}
	return 0
}

// idLevel separates a personal number typed with one slip (a wrong, missing, extra or two
// swapped characters) from a different number: a FİN off by one keystroke is strong evidence,
// far stronger than two random FİNs would be to differ so little.
func idLevel(a, b string) int {
	if a == "" || b == "" {
		return missing
	}
	if a == b {
		return 2
	}
	if oneEdit(a, b) {
		return 1
	}
	return 0
}

// dateLevel grades birth dates. A day and month written the other way round (12.03 for 03.12)
// and a single mistyped digit are the two common slips at a desk, so they sit just below exact;
// two of the three parts equal is weaker evidence.
func dateLevel(a, b *prepared) int {
	if a.date == "" || b.date == "" {
		return missing
	}
	if a.date == b.date {
		return 3
	}
	if a.year != "" && b.year != "" && a.year == b.year && a.month == b.day && a.day == b.month {
		return 2
	}
	if oneEdit(a.date, b.date) {
		return 2
	}
	if a.year == "" || b.year == "" {
		return 0
	}
	same := 0
	if a.year == b.year {
		same++
	}
	if a.month == b.month {
		same++
	}
	if a.day == b.day {
		same++
	}
	if same >= 2 {
		return 1
	}
	return 0
}

// oneEdit reports whether a and b differ by exactly one substitution, insertion, deletion or
// transposition of adjacent bytes (Damerau distance 1). The inputs are ASCII.
func oneEdit(a, b string) bool {
	la, lb := len(a), len(b)
	if la == lb {
		i := 0
		for i < la && a[i] == b[i] {
			i++
		}
		if i == la {
			return false
		}
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	if la < lb {
		a, b, la, lb = b, a, lb, la
	}
	if la != lb+1 {
		return false
	}
	i := 0
	for i < lb && a[i] == b[i] {
		i++
	}
	return a[i+1:] == b[i:]
}

// jaroWinkler is the Jaro similarity with Winkler's bonus for a common prefix (up to four
// letters, scale 0.1): names mistyped at a desk keep their start more often than their end.
// The inputs are ASCII (NameKey output).
func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(la, lb)/2 - 1
	window = max(window, 0)
	var ma, mb [64]bool
	if la > 64 || lb > 64 {
		a, b = a[:min(la, 64)], b[:min(lb, 64)]
		la, lb = len(a), len(b)
	}
	matches := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	transpositions, j := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if a[i] != b[j] {
			transpositions++
		}
		j++
	}
	m := float64(matches)
	jaro := (m/float64(la) + m/float64(lb) + (m-float64(transpositions)/2)/m) / 3
	prefix := 0
	for prefix < min(4, la, lb) && a[prefix] == b[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}
