package main

import (
	"io"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
)

// terminal is what a person's terminal shows: a session's output fed
// through a terminal emulator. The renderer sends only the cells that
// changed, so the screen, not the byte stream, says what is shown.
type terminal struct {
	mu       sync.Mutex
	emu      *vt.Emulator
	received int64         // bytes of output so far
	changed  chan struct{} // closed (and replaced) at every write
}

func newTerminal(width, height int) *terminal {
	emu := vt.NewEmulator(width, height)
	// The emulator writes its answers to terminal queries (the background
	// colour request) into an unbuffered pipe: unread, the next write that
	// asks for an answer would block. They are dropped, as many SSH
	// clients never answer.
	go func() { _, _ = io.Copy(io.Discard, emu) }()
	return &terminal{emu: emu, changed: make(chan struct{})}
}

func (t *terminal) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n, err := t.emu.Write(p)
	t.received += int64(len(p))
	close(t.changed)
	t.changed = make(chan struct{})
	return n, err
}

// bytes is how many bytes of output have arrived.
func (t *terminal) bytes() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.received
}

// screen is the emulated screen as text, one line per row.
func (t *terminal) screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.emu.String()
}

// waitFor returns when ok accepts the screen, with the time it was seen
// to, or false at the deadline. It looks at the screen only when output
// arrives, so a thousand waiting sessions cost nothing while idle.
func (t *terminal) waitFor(deadline time.Time, ok func(screen string) bool) (time.Time, bool) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		t.mu.Lock()
		screen, changed := t.emu.String(), t.changed
		t.mu.Unlock()
		if ok(screen) {
			return time.Now(), true
		}
		select {
		case <-changed:
		case <-timer.C:
			return time.Time{}, false
		}
	}
}

// close stops the emulator's answer pipe; call it once the session has
// ended, as the emulator refuses writes afterwards.
func (t *terminal) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	_ = t.emu.Close()
}
