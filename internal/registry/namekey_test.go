package registry

import "testing"

func TestNameKeyMergesSpellings(t *testing.T) {
	groups := [][]string{
		{"Məmmədov", "Mammadov", "Mamedov", "MƏMMƏDOV", "Мамедов", "Mammedov"},
		{"Əliyeva", "Aliyeva", "Алиева", "Aliyева", "Alieva"},
		{"Hüseyn", "Huseyn", "Guseyn", "Гусейн", "Hüseyn "},
		{"Cəfərov", "Jafarov", "Джафаров", "Djafarov", "Dzhafarov"},
		{"Xəlilov", "Khalilov", "Халилов"},
		{"Şahin", "Shahin", "Шахин"},
		{"Qasımov", "Gasimov", "Гасымов"},
		{"Çingiz", "Chingiz", "Чингиз"},
	}
	for _, g := range groups {
		want := NameKey(g[0])
		for _, v := range g[1:] {
			if got := NameKey(v); got != want {
				t.Errorf("NameKey(%q) = %q, want %q (as %q)", v, got, want, g[0])
			}
		}
	}
	if NameKey("Məmmədov") == NameKey("Əliyev") {
		t.Fatal("different surnames share a key")
	}
}

func FuzzNameKey(f *testing.F) {
	for _, s := range []string{"Məmmədov", "Гусейн", "O'Neil-Smith", "", "ĞğŞşÇç", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := NameKey(s)
		for _, r := range k {
			if r < 'a' || r > 'z' {
				t.Fatalf("NameKey(%q) = %q has %q outside a-z", s, k, r)
			}
		}
		if len(k) > 4*len(s) {
			t.Fatalf("NameKey(%q) grew to %d bytes", s, len(k))
		}
	})
}
