package linkage

import (
	"math"
	"testing"
)

func TestFatherKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Əli oğlu", "ali"}, {"Əli", "ali"}, {"Ali ogly", "ali"}, {"Алиевич", "ali"},
		{"Али оглы", "ali"}, {"Məmməd qızı", "mamad"}, {"Мамедовна", "mamad"},
		{"Гусейнович", "gusayn"}, {"Hüseyn", "gusayn"}, {"", ""}, {"oğlu", ""},
	} {
		if got := fatherKey(tc.in); got != tc.want {
			t.Errorf("fatherKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSurnameAgreesAcrossSpellingsAndGender(t *testing.T) {
	base := prepare(Record{Surname: "Məmmədov", Given: "Əli"})
	for _, s := range []string{"Mammadov", "Mamedov", "Мамедов", "Məmmədova", "Мамедова", "MAMMADOVA"} {
		other := prepare(Record{Surname: s, Given: "Ali"})
		if l := surnameLevel(&base, &other); l != 3 {
			t.Errorf("Məmmədov vs %s: level %d, want 3 (same after folding)", s, l)
		}
	}
	other := prepare(Record{Surname: "Əliyev", Given: "Əli"})
	if l := surnameLevel(&base, &other); l != 0 {
		t.Errorf("Məmmədov vs Əliyev: level %d, want 0", l)
	}
}

func TestNamesTypedIntoEachOthersBoxesAgree(t *testing.T) {
	a := prepare(Record{Given: "Rəşad", Surname: "Quliyev"})
	b := prepare(Record{Given: "Quliyev", Surname: "Rəşad"})
	if g, s := fields[0].compare(&a, &b), fields[1].compare(&a, &b); g != 3 || s != 3 {
		t.Errorf("swapped names: given %d surname %d, want 3 and 3", g, s)
	}
}

func TestIDLevel(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"5ZK2M7A", "5ZK2M7A", 2}, {"5zk2m7a", "5ZK2M7A", 2}, {"5ZK2M7A", "5ZK2N7A", 1},
		{"5ZK2M7A", "5KZ2M7A", 1}, {"5ZK2M7A", "5ZK2M7", 1}, {"50K2M7A", "5OK2M7A", 2},
		{"5ZK2M7A", "7XR9P3B", 0}, {"", "5ZK2M7A", missing}, {"5ZK2M7A", "ZK2M7AB", 0},
	} {
		if got := idLevel(normID(tc.a), normID(tc.b)); got != tc.want {
			t.Errorf("idLevel(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestDateLevel(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"1985-03-12", "19850312", 3}, {"1985-03-12", "1985-12-03", 2}, {"1985-03-12", "1985-03-13", 2},
		{"1985-03-12", "1958-03-12", 2}, {"1985-03-12", "1985-07-12", 2}, {"1985-03-12", "1985-07-19", 0},
		{"1985-03-12", "1976-03-12", 1}, {"1985-03-12", "", missing},
	} {
		a, b := prepare(Record{BirthDate: tc.a}), prepare(Record{BirthDate: tc.b})
		if got := dateLevel(&a, &b); got != tc.want {
			t.Errorf("dateLevel(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestJaroWinkler(t *testing.T) {
	// Reference values from Winkler (1990) as commonly quoted.
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.961}, {"dwayne", "duane", 0.840}, {"dixon", "dicksonx", 0.813},
		{"abc", "abc", 1}, {"abc", "xyz", 0},
	} {
		if got := jaroWinkler(tc.a, tc.b); math.Abs(got-tc.want) > 0.001 {
			t.Errorf("jaroWinkler(%q, %q) = %.3f, want %.3f", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestOneEdit(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"abcd", "abxd", true}, {"abcd", "abdc", true}, {"abcd", "abc", true}, {"abc", "xabc", true},
		{"abcd", "abcd", false}, {"abcd", "badc", false}, {"abcd", "ab", false}, {"", "a", true},
	} {
		if got := oneEdit(tc.a, tc.b); got != tc.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
