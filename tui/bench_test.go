package tui

// Benchmarks of rendering: each view's View() at two window sizes, and the
// whole cost of one key press (Update, then View, as the program does).
// They never run in a plain "go test": run them with
//
//	go test -run '^$' -bench . -benchmem ./tui/

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"barkeep/data"
	"barkeep/internal/storetest"
	"barkeep/store"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
)

// benchSink keeps results alive, so the compiler cannot drop the work.
var benchSink tea.View

// benchSizes are the window sizes rendering is measured at.
var benchSizes = []struct{ width, height int }{{80, 24}, {200, 60}}

// benchStore is a store over the embedded catalog, where a few accounts
// like a few cocktails so that counts and hearts vary from row to row.
func benchStore(b *testing.B) *store.Store {
	b.Helper()
	cocktails, err := data.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	s := storetest.Open(b, cocktails)
	all := s.Catalog().All()
	// The fans like at the same time, so that their likes share commits.
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	for i := range 5 {
		wg.Go(func() {
			fingerprint := fmt.Sprintf("SHA256:fan-%d", i)
			if _, _, err := s.SignUp(fingerprint, "fan"); err != nil {
				errs <- err
				return
			}
			for j := i; j < len(all); j += 3 + i {
				if _, err := s.SetLike(fingerprint, all[j].ID, true); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return s
}

// benchKey is the message a terminal's key press becomes.
func benchKey(name string) tea.KeyPressMsg {
	special := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape}
	if code, ok := special[name]; ok {
		return tea.KeyPressMsg{Code: code}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

// benchModel builds a session's model and drives it with keys and typed
// text. Saves (likes, bar changes) run at once, as the program would run
// their commands.
func benchModel(b *testing.B, s *store.Store, width, height int, steps ...string) *Model {
	b.Helper()
	// An account of its own: what one benchmark likes is not in another's
	// favourites.
	me, _, err := s.SignUp("SHA256:"+b.Name(), "bench")
	if err != nil {
		b.Fatal(err)
	}
	if err := s.MarkWelcomed(me.Fingerprint); err != nil {
		b.Fatal(err)
	}
	me, _ = s.Account(me.Fingerprint)
	m := New(Config{Store: s, Account: me, Width: width, Height: height})
	send := func(msg tea.Msg) tea.Cmd {
		next, cmd := m.Update(msg)
		m = next.(*Model)
		return cmd
	}
	for _, step := range steps {
		if len(step) > 1 && step != "enter" && step != "esc" {
			for _, r := range step {
				send(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			continue
		}
		cmd := send(benchKey(step))
		if cmd == nil || m.current().typing() {
			continue
		}
		switch msg := cmd().(type) {
		case likeSavedMsg, barSavedMsg:
			send(msg)
		}
	}
	return m
}

// benchViews are the screens measured, each reached by its keys. A step
// longer than one character (other than enter and esc) is typed as text.
var benchViews = []struct {
	name  string
	steps []string
}{
	{"list", nil},
	{"filter", []string{"/", "mar"}},
	{"search", []string{"s", "gin, campari"}},
	{"detail", []string{"/", "negroni", "enter", "enter", "l"}},
	{"favourites", []string{"l", "j", "l", "j", "j", "l", "f"}},
	{"top", []string{"t"}},
	{"bar", []string{"b", "gin", "enter", "campari", "enter", "esc"}},
	{"makeable", []string{"b", "gin", "enter", "sweet vermouth", "enter", "esc", "m"}},
	{"full-help", []string{"?"}},
}

// BenchmarkView renders each view, as the program does after every
// message.
func BenchmarkView(b *testing.B) {
	s := benchStore(b)
	for _, view := range benchViews {
		for _, size := range benchSizes {
			b.Run(fmt.Sprintf("%s/%dx%d", view.name, size.width, size.height), func(b *testing.B) {
				m := benchModel(b, s, size.width, size.height, view.steps...)
				b.ReportAllocs()
				for b.Loop() {
					benchSink = m.View()
				}
			})
		}
	}
}

// BenchmarkKeyPress is the model's share of one key press in the list:
// Update with j (or k, to stay within the list), then View.
func BenchmarkKeyPress(b *testing.B) {
	s := benchStore(b)
	for _, size := range benchSizes {
		b.Run(fmt.Sprintf("list/%dx%d", size.width, size.height), func(b *testing.B) {
			changes := s.Subscribe() // as in a session, so that watching is updated
			defer changes.Close()
			m := benchModel(b, s, size.width, size.height)
			m.changes = changes
			down, up := benchKey("j"), benchKey("k")
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				msg := down
				if i/30%2 == 1 { // 30 down, 30 up: scrolls too
					msg = up
				}
				i++
				next, _ := m.Update(msg)
				m = next.(*Model)
				benchSink = m.View()
			}
		})
	}
}

// BenchmarkKeyPressCrowd is BenchmarkKeyPress with many sessions pressing
// keys at once on every core, as on a busy server: what sessions share
// (the store, the drawn rows) must not make them wait on each other.
func BenchmarkKeyPressCrowd(b *testing.B) {
	s := benchStore(b)
	const sessions = 64
	models := make(chan *Model, sessions)
	for i := range sessions {
		m := benchModel(b, s, 80, 24)
		changes := s.Subscribe()
		defer changes.Close()
		m.changes = changes
		for range i % 18 { // spread over the screen's rows
			m.Update(benchKey("j"))
		}
		models <- m
	}
	down, up := benchKey("j"), benchKey("k")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		m := <-models
		defer func() { models <- m }()
		var sink tea.View
		i := 0
		for pb.Next() {
			msg := down
			if i/18%2 == 1 {
				msg = up
			}
			i++
			m.Update(msg)
			sink = m.View()
		}
		_ = sink
	})
}

// BenchmarkNewSession is the model's share of a session's start: its model
// and its first frame, at each size.
func BenchmarkNewSession(b *testing.B) {
	s := benchStore(b)
	me, _, err := s.SignUp("SHA256:newcomer", "newcomer")
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range benchSizes {
		b.Run(fmt.Sprintf("%dx%d", size.width, size.height), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m := New(Config{Store: s, Account: me, Width: size.width, Height: size.height})
				benchSink = m.View()
			}
		})
	}
	// Sessions share the welcomes they draw, by name: a crowd of new keys
	// draws one for each.
	b.Run("80x24-welcome-for-a-new-name", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			newcomer := store.Account{Fingerprint: me.Fingerprint, Name: fmt.Sprintf("newcomer%d", i)}
			benchSink = New(Config{Store: s, Account: newcomer, Width: 80, Height: 24}).View()
		}
	})
}

// BenchmarkRenderer is the terminal renderer's share of one key press: it
// draws the frame before and after j in turn into a screen buffer and diffs
// it, as Bubble Tea does at each change. "bare-list" is the same window
// with a title, the names alone and a one-line help, as the bench's
// baseline draws it: the difference is what Barkeep's columns cost.
// "first-paint" is a new session's: a new screen and renderer, and the
// whole frame painted, for a 256-colour terminal like the bench's; a new
// key's has the welcome.
func BenchmarkRenderer(b *testing.B) {
	s := benchStore(b)
	m := benchModel(b, s, 80, 24)
	before := m.View().Content
	m.Update(benchKey("j"))
	after := m.View().Content

	var names []string
	for _, c := range s.Catalog().All() {
		names = append(names, c.Name)
	}
	selected := lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("212"))
	bareList := func(cursor int) string {
		lines := []string{" Baseline  a bare list", "", "All cocktails"}
		for i, name := range names[:19] {
			if i == cursor {
				lines = append(lines, selected.Render("▸ "+name))
			} else {
				lines = append(lines, "  "+name)
			}
		}
		return strings.Join(append(lines, "", "j/k move • q quit"), "\n")
	}
	for _, frames := range []struct {
		name          string
		before, after string
	}{
		{"barkeep", before, after},
		{"bare-list", bareList(0), bareList(1)},
	} {
		b.Run(frames.name+"/press", func(b *testing.B) {
			var out bytes.Buffer
			screen := uv.NewScreenBuffer(80, 24)
			terminal := uv.NewTerminalRenderer(&out, []string{"TERM=xterm-256color"})
			terminal.SetRelativeCursor(true)
			draw := func(frame string) {
				screen.Clear()
				uv.NewStyledString(frame).Draw(screen, screen.Bounds())
				terminal.Render(screen.RenderBuffer)
				if err := terminal.Flush(); err != nil {
					b.Fatal(err)
				}
			}
			draw(frames.before)
			out.Reset()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					draw(frames.after)
				} else {
					draw(frames.before)
				}
				i++
			}
			b.ReportMetric(float64(out.Len())/float64(i), "bytes/op")
		})
		b.Run(frames.name+"/first-paint", func(b *testing.B) { benchFirstPaint(b, frames.after) })
	}
	// A new key's first frame has the welcome above the list.
	newcomer, _, err := s.SignUp("SHA256:renderer-newcomer", "newcomer")
	if err != nil {
		b.Fatal(err)
	}
	welcome := New(Config{Store: s, Account: newcomer, Width: 80, Height: 24}).View().Content
	b.Run("barkeep-welcome/first-paint", func(b *testing.B) { benchFirstPaint(b, welcome) })
}

// benchFirstPaint paints frame on a new 80x24 screen, as a new session's
// renderer does, for a 256-colour terminal like the bench's.
func benchFirstPaint(b *testing.B, frame string) {
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		screen := uv.NewScreenBuffer(80, 24)
		terminal := uv.NewTerminalRenderer(&out, []string{"TERM=xterm-256color"})
		terminal.SetColorProfile(colorprofile.ANSI256)
		terminal.SetRelativeCursor(true)
		uv.NewStyledString(frame).Draw(screen, screen.Bounds())
		terminal.Render(screen.RenderBuffer)
		if err := terminal.Flush(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out.Len()), "bytes/op")
}
