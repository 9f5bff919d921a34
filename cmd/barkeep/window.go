package main

import (
	"sync"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"golang.org/x/time/rate"
)

// Window sizes come from the client unchecked; the renderer allocates by
// them (about 250 bytes a cell: 6.6 MB of server memory for a session at
// 300x80, 14 MB at 400x150). They are clamped to the largest size the
// layout is made for before anything sees them.
const (
	maxWindowWidth  = 300
	maxWindowHeight = 80
)

func clampWindow(w ssh.Window) ssh.Window {
	w.Width = max(1, min(w.Width, maxWindowWidth))
	w.Height = max(1, min(w.Height, maxWindowHeight))
	return w
}

// windowFeeds takes every session's window changes off the SSH library's
// one-slot channel as soon as they arrive (a change sent before the shell
// request would otherwise block the session's requests for good), keeps
// the latest per session, and passes it on clamped.
type windowFeeds struct {
	feeds   sync.Map // ssh.Session -> *windowFeed
	budgets repaintBudgets
}

// repaintBudgets share the server's drawing out between source addresses.
// Every message a session's program handles may repaint its whole window,
// and the cost of a repaint grows with the window's cells (about 100 ns a
// cell: 2.4 ms at 300x80), so each message waits for as many cells from
// its address's budget, a token bucket holding a second's worth. One
// address flooding keys and resizes, or many sessions watching what
// someone else likes, then slows its own sessions, not everyone's.
type repaintBudgets struct {
	cellsPerSecond int

	mu       sync.Mutex
	bySource map[string]*repaintBudget
}

type repaintBudget struct {
	cells    *rate.Limiter
	sessions int // sessions drawing from it; it goes with the last
}

func (b *repaintBudgets) acquire(source string) *rate.Limiter {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bySource == nil {
		b.bySource = map[string]*repaintBudget{}
	}
	budget := b.bySource[source]
	if budget == nil {
		budget = &repaintBudget{cells: rate.NewLimiter(rate.Limit(b.cellsPerSecond), b.cellsPerSecond)}
		b.bySource[source] = budget
	}
	budget.sessions++
	return budget.cells
}

func (b *repaintBudgets) release(source string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if budget := b.bySource[source]; budget != nil {
		if budget.sessions--; budget.sessions <= 0 {
			delete(b.bySource, source)
		}
	}
}

// windowFeed is the latest window size of one session.
type windowFeed struct {
	// pty is the PTY as requested, copied when it was: the SSH library
	// writes its window field on every change, unguarded, so the rest of
	// the chain must not read it from the session.
	pty ssh.Pty
	// changes holds the latest clamped size not yet read. Nobody reads it
	// before the shell starts or after the program ends, so a newer size
	// replaces an unread one instead of waiting.
	changes chan ssh.Window
	mu      sync.Mutex
	latest  ssh.Window
}

// set records a change; only the feed's own goroutine calls it, so the
// slot it empties stays free for its send.
func (f *windowFeed) set(w ssh.Window) {
	f.mu.Lock()
	f.latest = w
	f.mu.Unlock()
	select {
	case <-f.changes:
	default:
	}
	f.changes <- clampWindow(w)
}

func (f *windowFeed) get() ssh.Window {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.latest
}

// ptyHandler accepts PTYs as the library's emulated handler does, and
// drains the session's window changes into a feed.
func (wf *windowFeeds) ptyHandler() ssh.Option {
	scratch := &ssh.Server{}
	_ = ssh.EmulatePty()(scratch)
	emulate := scratch.PtyHandler
	return func(srv *ssh.Server) error {
		srv.PtyHandler = func(ctx ssh.Context, sess ssh.Session, pty ssh.Pty) (func() error, error) {
			closer, err := emulate(ctx, sess, pty)
			if err != nil {
				return nil, err
			}
			feed := &windowFeed{pty: pty, changes: make(chan ssh.Window, 1), latest: pty.Window}
			wf.feeds.Store(sess, feed)
			_, changes, _ := sess.Pty()
			go func() {
				// The channel closes when the session's requests end; a
				// session that never got as far as its shell leaves no
				// feed behind.
				defer wf.feeds.Delete(sess)
				for w := range changes {
					feed.set(w)
				}
			}()
			return closer, nil
		}
		return nil
	}
}

// clamp hands the rest of the chain a session whose window sizes are
// clamped and come from the feed.
func (wf *windowFeeds) clamp(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		value, ok := wf.feeds.LoadAndDelete(sess)
		if !ok {
			next(sess)
			return
		}
		feed := value.(*windowFeed)
		pty := feed.pty
		pty.Window = clampWindow(feed.get())
		source := sourceOf(sess.RemoteAddr())
		repaints := wf.budgets.acquire(source)
		defer wf.budgets.release(source)
		next(&clampedSession{Session: sess, pty: pty, feed: feed, repaints: repaints})
	}
}

// clampedSession is a session whose PTY reports clamped sizes. Pty is
// called more than once and must always agree.
type clampedSession struct {
	ssh.Session
	pty      ssh.Pty
	feed     *windowFeed
	repaints *rate.Limiter // the address's budget of cells
}

func (s *clampedSession) Pty() (ssh.Pty, <-chan ssh.Window, bool) {
	return s.pty, s.feed.changes, true
}

// filterMessages corrects every window size the program receives to the
// latest one. Bubble Tea sends the size it started with from a goroutine of
// its own, which can arrive after resizes that came in meanwhile and leave
// the program drawing for a window that no longer exists. It also turns
// suspend (ctrl+z) into a no-op: it would stop the whole server. Every
// message but the last waits for its window's cells from the address's
// repaint budget first; the wait holds up only this session, whose input
// and like notifications queue (and coalesce) meanwhile.
func (s *clampedSession) filterMessages(_ tea.Model, msg tea.Msg) tea.Msg {
	if _, quit := msg.(tea.QuitMsg); !quit {
		w := clampWindow(s.feed.get())
		_ = s.repaints.WaitN(s.Context(), min(w.Width*w.Height, s.repaints.Burst())) // an error: the connection is gone
	}
	switch msg.(type) {
	case tea.WindowSizeMsg:
		w := clampWindow(s.feed.get())
		return tea.WindowSizeMsg{Width: w.Width, Height: w.Height}
	case tea.SuspendMsg:
		return tea.ResumeMsg{}
	}
	return msg
}
