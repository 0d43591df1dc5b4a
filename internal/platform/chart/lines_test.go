package chart

import (
	"context"
	"math"
	"strings"
	"testing"
)

// A line chart of two series over three days scales to its maximum, breaks a line at a
// missing value instead of drawing a zero, names every point and escapes what it is given.
func TestLines(t *testing.T) {
	l := Lines{Title: "Within the standard <per centre>", Series: []string{"DOST-1", "DOST & 2"}, Labels: []string{"11-01", "11-02", "11-03"},
		Values: [][]float64{{100, 50, 0}, {80, math.NaN(), 40}}, Max: 100, Unit: "%"}
	var out strings.Builder
	if err := l.Render().Render(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	svg := out.String()
	for _, want := range []string{`aria-label="Within the standard &lt;per centre&gt;"`, `d="M52.0 36.0 L340.0 134.0 L628.0 232.0"`,
		`d="M52.0 75.2 M628.0 153.6"`, ">DOST &amp; 2<", "DOST-1 · 11-02: 50.0%", ">100%<", ">50%<", ">11-03<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("no %s in\n%s", want, svg)
		}
	}
	if n := strings.Count(svg, "<circle"); n != 5 {
		t.Errorf("%d points drawn, want 5 (one value missing)", n)
	}
}

// TestLinesInTheReadersForm: with the reader's language the scale and the points' titles
// write numbers as the reader does (a share once read "95.5%" in Russian).
func TestLinesInTheReadersForm(t *testing.T) {
	l := Lines{Title: "t", Series: []string{"DOST-1"}, Labels: []string{"02.11"}, Values: [][]float64{{95.5}}, Max: 100, Unit: "%", Lang: "ru"}
	var b strings.Builder
	if err := l.Render().Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DOST-1 · 02.11: 95,5\u00a0%", ">50\u00a0%<"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %q in\n%s", want, b.String())
		}
	}
	if got := (Bars{Lang: "az", Groups: []Group{{Label: "x", Values: []float64{4.5}}}}).bars()[0].Value; got != "4,5" {
		t.Errorf("a bar's value in Azerbaijani: %q", got)
	}
}
