package chart

import (
	"context"
	"strings"
	"testing"
)

// A chart of two groups of two series draws four bars scaled to the largest value, labels
// each group, says its title to screen readers and escapes what it is given.
func TestBars(t *testing.T) {
	b := Bars{Title: "Appeals <by institution>", Series: []string{"received", "on time"},
		Groups: []Group{{Label: "SSPF", Values: []float64{40, 30}}, {Label: "SEA & co", Values: []float64{20, 0}}}}
	var out strings.Builder
	if err := b.Render().Render(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	svg := out.String()
	for _, want := range []string{`role="img"`, `aria-label="Appeals &lt;by institution&gt;"`, ">SSPF<", ">SEA &amp; co<",
		`width="410.0"`, `width="307.5"`, `width="205.0"`, `width="0.0"`, ">40<", ">on time<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("no %s in\n%s", want, svg)
		}
	}
	if n := strings.Count(svg, `class="s1"`); n != 3 { // legend and two bars
		t.Errorf("%d marks of the second series", n)
	}
}
