package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// progress draws a one-line progress bar on a terminal: files done of the
// total, the rate and the time left. It redraws a few times a second from
// its own goroutine, so that counting a file costs one atomic add.
type progress struct {
	w     io.Writer
	total int
	start time.Time
	done  atomic.Int64
	stop  chan struct{}
	wg    sync.WaitGroup
}

const progressEvery = 200 * time.Millisecond

func startProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, start: time.Now(), stop: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				fmt.Fprint(p.w, "\r"+progressLine(int(p.done.Load()), p.total, time.Since(p.start))+"\x1b[K")
			case <-p.stop:
				return
			}
		}
	}()
	return p
}

// add counts one file done.
func (p *progress) add() { p.done.Add(1) }

// finish stops the bar and clears its line.
func (p *progress) finish() {
	close(p.stop)
	p.wg.Wait()
	fmt.Fprint(p.w, "\r\x1b[K")
}

// progressLine is the bar's text: "[#####.....] 4210/10000 files  812/s  about 7s left".
func progressLine(done, total int, elapsed time.Duration) string {
	const width = 24
	var b strings.Builder
	if total > 0 {
		filled := min(width, done*width/total)
		b.WriteString("[" + strings.Repeat("#", filled) + strings.Repeat(".", width-filled) + "] ")
		fmt.Fprintf(&b, "%d/%d files", done, total)
	} else {
		fmt.Fprintf(&b, "%d files", done)
	}
	secs := elapsed.Seconds()
	if done == 0 || secs < 0.5 {
		return b.String() + "  starting"
	}
	rate := float64(done) / secs
	fmt.Fprintf(&b, "  %.0f/s", rate)
	if total > done {
		left := time.Duration(float64(total-done) / rate * float64(time.Second))
		b.WriteString("  about " + roughDuration(left) + " left")
	}
	return b.String()
}

// roughDuration writes a time left to the second, or the minute beyond an hour.
func roughDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return "1s"
	case d < time.Hour:
		d = d.Round(time.Second)
		if d < time.Minute {
			return fmt.Sprintf("%ds", int(d.Seconds()))
		}
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	d = d.Round(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}
