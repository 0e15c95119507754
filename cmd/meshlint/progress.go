package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// progressTick is how often the line is redrawn with the time spent.
const progressTick = 250 * time.Millisecond

// isTerminal tells whether w is a terminal; a variable so that a test can
// say yes for a buffer.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress shows what a long run is doing (reading inputs, listing a
// cluster's kinds, running the rules) on one line of standard error,
// redrawn in place with \r and blanked before anything else is written
// there. It is for people: a nil *progress (not a terminal, --quiet, a
// machine format on standard output) prints nothing, and every method is
// a no-op on it.
type progress struct {
	w     io.Writer
	width int // columns of the terminal: a longer line would wrap and stay

	mu    sync.Mutex
	msg   string
	start time.Time
	drawn int // length of the line on screen
	stop  chan struct{}
	done  chan struct{}
}

// newProgress returns a progress line on w when on and w is a terminal,
// else nil.
func newProgress(w io.Writer, on bool) *progress {
	if !on || !isTerminal(w) {
		return nil
	}
	p := &progress{w: w, width: 80}
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 1 {
			p.width = cols
		}
	}
	return p
}

// phase shows msg until the next phase or end, with the seconds it takes.
func (p *progress) phase(format string, args ...any) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.msg, p.start = fmt.Sprintf(format, args...), time.Now()
	p.draw()
	if p.stop == nil {
		p.stop, p.done = make(chan struct{}), make(chan struct{})
		go p.tick(p.stop, p.done)
	}
	p.mu.Unlock()
}

// update changes the message of the phase without restarting its clock.
func (p *progress) update(format string, args ...any) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.msg = fmt.Sprintf(format, args...)
	p.draw()
	p.mu.Unlock()
}

// end blanks the line, so what is written next starts clean.
func (p *progress) end() {
	if p == nil {
		return
	}
	p.mu.Lock()
	stop, done := p.stop, p.done
	p.stop = nil
	p.mu.Unlock()
	if stop != nil {
		close(stop)
		<-done
	}
	p.mu.Lock()
	if p.drawn > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.drawn)+"\r")
		p.drawn = 0
	}
	p.mu.Unlock()
}

func (p *progress) tick(stop, done chan struct{}) {
	defer close(done)
	t := time.NewTicker(progressTick)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.draw()
			p.mu.Unlock()
		}
	}
}

// draw writes the line over the last one; p.mu is held.
func (p *progress) draw() {
	line := "meshlint: " + p.msg
	if d := time.Since(p.start); d >= time.Second {
		line += fmt.Sprintf(" (%ds)", int(d.Seconds()))
	}
	if r := []rune(line); len(r) > p.width-1 {
		line = string(r[:p.width-1])
	}
	n := len([]rune(line))
	pad := ""
	if p.drawn > n {
		pad = strings.Repeat(" ", p.drawn-n)
	}
	fmt.Fprint(p.w, "\r"+line+pad)
	p.drawn = n
}
