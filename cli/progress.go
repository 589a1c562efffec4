package cli

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progress draws a one-line progress bar with rate and time left on a
// terminal, and nothing elsewhere.
type progress struct {
	w     io.Writer
	what  string
	start time.Time
	tty   bool
	last  time.Time
}

func newProgress(w io.Writer, what string) *progress {
	f, ok := w.(*os.File)
	tty := false
	if ok {
		if st, err := f.Stat(); err == nil {
			tty = st.Mode()&os.ModeCharDevice != 0
		}
	}
	return &progress{w: w, what: what, start: time.Now(), tty: tty}
}

// Update shows done out of total.
func (p *progress) Update(done, total int) {
	if !p.tty || total <= 0 || (time.Since(p.last) < 100*time.Millisecond && done < total) {
		return
	}
	p.last = time.Now()
	el := time.Since(p.start).Seconds()
	rate := float64(done) / max(el, 1e-9)
	left := "?"
	if rate > 0 {
		left = (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second).String()
	}
	const width = 30
	n := width * done / total
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = '-'
		if i < n {
			bar[i] = '#'
		}
	}
	fmt.Fprintf(p.w, "\r[%s] %d/%d %s  %.0f/s  %s left ", bar, done, total, p.what, rate, left)
}

// Done ends the bar's line.
func (p *progress) Done() {
	if p.tty && !p.last.IsZero() {
		fmt.Fprintln(p.w)
	}
}
