package chart

import (
	"math"
	"strings"
)

// Lines is a chart over time: one line per series (a centre) across the same points (the
// days of a report), on a scale from 0 to Max. A missing value (NaN: no visits that day)
// breaks the line rather than drawing a zero that did not happen.
type Lines struct {
	Title  string
	Series []string
	Labels []string    // one per point, under the axis (thinned out when there are many)
	Values [][]float64 // per series, one value per label
	Max    float64     // the top of the scale (100 for shares); the largest value when 0
	Unit   string      // after the scale's numbers: "%"
	Lang   string      // the reader's language, for the numbers written; "" writes 95.5%
}

// layout of a line chart in SVG user units
const (
	linesH     = 260.0
	plotLeft   = 52.0
	plotRight  = width - 12
	plotTop    = legendH + 10
	plotBottom = linesH - 28
	maxTicks   = 8
)

func (l Lines) top() float64 {
	if l.Max > 0 {
		return l.Max
	}
	m := 0.0
	for _, s := range l.Values {
		for _, v := range s {
			if !math.IsNaN(v) {
				m = math.Max(m, v)
			}
		}
	}
	return math.Max(m, 1)
}

func (l Lines) x(i int) float64 {
	if len(l.Labels) < 2 {
		return (plotLeft + plotRight) / 2
	}
	return plotLeft + float64(i)*(plotRight-plotLeft)/float64(len(l.Labels)-1)
}

func (l Lines) y(v float64) float64 { return plotBottom - v/l.top()*(plotBottom-plotTop) }

// path is the SVG path of series s: a move at its first point and after every gap.
func (l Lines) path(s int) string {
	var b strings.Builder
	pen := false
	for i, v := range l.Values[s] {
		if math.IsNaN(v) {
			pen = false
			continue
		}
		if pen {
			b.WriteString(" L")
		} else {
			b.WriteString(" M")
		}
		b.WriteString(num(l.x(i)) + " " + num(l.y(v)))
		pen = true
	}
	return strings.TrimSpace(b.String())
}

// point is one drawn value, with its text for those who hover or read the SVG.
type point struct {
	X, Y   float64
	Series int
	Text   string
}

func (l Lines) points() []point {
	var out []point
	for s, vs := range l.Values {
		for i, v := range vs {
			if !math.IsNaN(v) {
				text := num(v) + l.Unit
				if l.Lang != "" {
					text = shown(l.Lang, v, l.Unit)
				}
				out = append(out, point{X: l.x(i), Y: l.y(v), Series: s, Text: l.Series[s] + " · " + l.Labels[i] + ": " + text})
			}
		}
	}
	return out
}

// tick is a label under the axis.
type tick struct {
	X    float64
	Text string
}

func (l Lines) ticks() []tick {
	step := max(1, (len(l.Labels)+maxTicks-1)/maxTicks)
	var out []tick
	for i := 0; i < len(l.Labels); i += step {
		out = append(out, tick{X: l.x(i), Text: l.Labels[i]})
	}
	return out
}

// grid are the scale's lines: 0, half and the top.
func (l Lines) grid() []tick {
	t := l.top()
	label := func(v float64) string { return shown(l.Lang, v, l.Unit) }
	return []tick{{X: l.y(0), Text: label(0)}, {X: l.y(t / 2), Text: label(t / 2)}, {X: l.y(t), Text: label(t)}}
}
