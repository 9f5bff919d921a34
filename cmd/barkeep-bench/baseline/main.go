// Command baseline is the floor that barkeep-bench measures Barkeep
// against: the same stack (wish v2, bubbletea v2, lipgloss v2) with nothing
// on top. It shows a static list of the embedded catalog's cocktail names in
// Barkeep's order, lets j/k move through it, and accepts any public key. No
// store, no accounts, no live likes, no window clamping.
//
// It logs "baseline started addr=..." and "debug endpoint addr=...", as
// Barkeep does, and serves /debug/vars {"goroutines"} and /debug/pprof/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"barkeep/data"
	"barkeep/store"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/activeterm"
	"charm.land/wish/v2/bubbletea"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	dataDir := flag.String("data", "", "directory for the host key (required)")
	debugAddr := flag.String("debug-addr", "", "serve /debug/vars and /debug/pprof/ on this loopback address")
	flag.Parse()
	if err := run(*addr, *dataDir, *debugAddr); err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		os.Exit(1)
	}
}

func run(addr, dataDir, debugAddr string) error {
	if dataDir == "" {
		return errors.New("--data is required")
	}
	cocktails, err := data.Embedded()
	if err != nil {
		return err
	}
	// Barkeep's order, so that the bench expects the same row after each j.
	var names []string
	for _, c := range store.NewCatalog(cocktails).All() {
		names = append(names, c.Name)
	}
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(filepath.Join(dataDir, "host_ed25519")),
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithMiddleware(
			bubbletea.Middleware(func(sess ssh.Session) (tea.Model, []tea.ProgramOption) {
				pty, _, _ := sess.Pty()
				m := newListModel(names, pty.Window.Width, pty.Window.Height)
				// As in any server: the process, not each program, owns
				// the signals.
				return m, []tea.ProgramOption{tea.WithoutSignalHandler()}
			}),
			activeterm.Middleware(),
		),
	)
	if err != nil {
		return err
	}
	if debugAddr != "" {
		if err := serveDebug(debugAddr); err != nil {
			return err
		}
	}
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "baseline started addr=%s\n", listener.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
		return srv.Close()
	}
}

func serveDebug(addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/vars", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"goroutines":%d}`, runtime.NumGoroutine())
	})
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "debug endpoint addr=%s\n", listener.Addr())
	go func() { _ = http.Serve(listener, mux) }()
	return nil
}

// listModel is the whole program: a title, the rows, a help line.
type listModel struct {
	names          []string
	cursor, offset int
	width, height  int
	selected, help lipgloss.Style
}

func newListModel(names []string, width, height int) listModel {
	return listModel{
		names:    names,
		width:    width,
		height:   height,
		selected: lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("212")),
		help:     lipgloss.NewStyle().Foreground(lipgloss.Color("241")),
	}
}

func (m listModel) Init() tea.Cmd { return nil }

func (m listModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.KeyPressMsg:
		switch msg.String() {
		case "q", "ctrl+c":
			return m, tea.Quit
		case "j", "down":
			m.cursor = min(m.cursor+1, len(m.names)-1)
		case "k", "up":
			m.cursor = max(m.cursor-1, 0)
		case "G", "end":
			m.cursor = len(m.names) - 1
		case "g", "home":
			m.cursor = 0
		}
	}
	rows := m.rows()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	return m, nil
}

// rows is how many names fit: the title, a blank line, the header, the
// status line and the help line take five.
func (m listModel) rows() int { return max(m.height-5, 1) }

func (m listModel) View() tea.View {
	lines := []string{" Baseline  a bare list", "", "All cocktails"}
	for i := m.offset; i < min(m.offset+m.rows(), len(m.names)); i++ {
		if i == m.cursor {
			lines = append(lines, m.selected.Render("▸ "+m.names[i]))
		} else {
			lines = append(lines, "  "+m.names[i])
		}
	}
	for len(lines) < m.height-2 {
		lines = append(lines, "")
	}
	lines = append(lines, "", m.help.Render("j/k move • q quit"))
	v := tea.NewView(strings.Join(lines, "\n"))
	v.AltScreen = true
	return v
}
