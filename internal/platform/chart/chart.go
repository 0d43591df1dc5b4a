// Package chart draws the charts of reports as SVG on the server: grouped horizontal bars,
// one group per row of the table printed beside them, so that a reader looks where they would
// rather not read, with no JavaScript and nothing to load.
package chart

import (
	"math"
	"strconv"

	"github.com/dost-platform/dost/internal/platform/i18n"
)

// Bars is a chart of groups (an institution, a centre) with one bar per series (received,
// answered on time, answered late).
type Bars struct {
	Title  string   // said to screen readers
	Series []string // the names of the bars in each group, in the legend
	Groups []Group
	Lang   string // the reader's language, for the values written on the bars; "" writes 95.5
}

// Group is one row: its label and a value per series.
type Group struct {
	Label  string
	Values []float64
}

// layout in SVG user units
const (
	width    = 640.0
	labelW   = 170.0
	barH     = 14.0
	groupGap = 12.0
	legendH  = 26.0
)

func (b Bars) max() float64 {
	m := 0.0
	for _, g := range b.Groups {
		for _, v := range g.Values {
			m = math.Max(m, v)
		}
	}
	return m
}

func (b Bars) height() float64 {
	return legendH + float64(len(b.Groups))*(float64(len(b.Series))*barH+groupGap)
}

// bar is one drawn bar.
type bar struct {
	X, Y, W, H float64
	Series     int
	Value      string
}

func (b Bars) bars() []bar {
	m := b.max()
	var out []bar
	y := legendH
	for _, g := range b.Groups {
		for s, v := range g.Values {
			w := 0.0
			if m > 0 {
				w = v / m * (width - labelW - 60)
			}
			out = append(out, bar{X: labelW, Y: y, W: w, H: barH - 2, Series: s, Value: shown(b.Lang, v, "")})
			y += barH
		}
		y += groupGap
	}
	return out
}

func (b Bars) labelY(i int) float64 {
	return legendH + float64(i)*(float64(len(b.Series))*barH+groupGap) + float64(len(b.Series))*barH/2 + 4
}

// shown is a value as the reader sees it, with its unit: in lang's number form (95,5 % in
// Russian), or as machines write it when lang is "".
func shown(lang string, v float64, unit string) string {
	if lang == "" {
		return strconv.FormatFloat(v, 'f', -1, 64) + unit
	}
	decimals := 1
	if v == math.Trunc(v) {
		decimals = 0
	}
	n := i18n.Number(lang, v, decimals)
	if unit == "%" {
		return i18n.Tr(lang, "format.percent", map[string]any{"Number": n})
	}
	return n + unit
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
