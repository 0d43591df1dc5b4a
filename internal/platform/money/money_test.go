package money

import "testing"

func TestParseAndString(t *testing.T) {
	for in, want := range map[string]string{"240": "240.00", "240.5": "240.50", "0,07": "0.07", "-12.05": "-12.05", "11000.00": "11000.00"} {
		a, err := Parse(in)
		if err != nil || a.String() != want {
			t.Errorf("Parse(%q) = %v, %v; want %s", in, a, err, want)
		}
	}
	for _, bad := range []string{"", "1.234", "abc", "1.2.3", "--1", "1e5", " . "} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestMulRatRoundsHalfToEven(t *testing.T) {
	cases := []struct {
		a        Amount
		num, den int64
		want     Amount
	}{
		{5, 1, 2, 2},    // 2.5 → 2
		{15, 1, 2, 8},   // 7.5 → 8
		{-5, 1, 2, -2},  // -2.5 → -2
		{-15, 1, 2, -8}, // -7.5 → -8
		{100, 1, 3, 33}, // 33.33 → 33
		{200, 1, 3, 67}, // 66.67 → 67
		{32000, 109, 100, 34880},
	}
	for _, c := range cases {
		if got := c.a.MulRat(c.num, c.den); got != c.want {
			t.Errorf("%d × %d/%d = %d, want %d", c.a, c.num, c.den, got, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1", "1.5", "-0.01", "", "99999999999999.99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		if b, err := Parse(a.String()); err != nil || b != a {
			t.Fatalf("%q → %s → %v %v", s, a, b, err)
		}
	})
}
