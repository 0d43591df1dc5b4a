// Package progress draws a progress bar for long command-line work on a terminal, and plain
// periodic lines when output goes to a file or a CI log.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Bar reports progress of one task.
type Bar struct {
	w        io.Writer
	label    string
	start    time.Time
	last     time.Time
	terminal bool
}

// New starts a bar labelled label on w.
func New(w io.Writer, label string) *Bar {
	terminal := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			terminal = true
		}
	}
	return &Bar{w: w, label: label, start: time.Now(), terminal: terminal}
}

// Set shows done of total. On a terminal it redraws at most ten times a second; elsewhere it
// writes a line every five seconds.
func (b *Bar) Set(done, total int) {
	now := time.Now()
	gap := 5 * time.Second
	if b.terminal {
		gap = 100 * time.Millisecond
	}
	if now.Sub(b.last) < gap && done < total {
		return
	}
	b.last = now
	frac := 0.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	rate := float64(done) / max(now.Sub(b.start).Seconds(), 0.001)
	if b.terminal {
		filled := int(frac * 30)
		fmt.Fprintf(b.w, "\r%s [%s%s] %3.0f%% %d/%d  %.0f/s ", b.label, strings.Repeat("█", filled),
			strings.Repeat("░", 30-filled), frac*100, done, total, rate)
		return
	}
	fmt.Fprintf(b.w, "%s %3.0f%% %d/%d %.0f/s\n", b.label, frac*100, done, total, rate)
}

// Done ends the bar and prints the elapsed time.
func (b *Bar) Done() {
	if b.terminal {
		fmt.Fprintln(b.w)
	}
	fmt.Fprintf(b.w, "%s done in %s\n", b.label, time.Since(b.start).Round(time.Millisecond))
}
