package main

import (
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"barkeep/internal/logescape"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

// logDangerous is every code point a client could use to forge or hide a
// log line: DEL, the C1 controls, every format character (bidi marks,
// overrides and isolates, zero-width characters, the byte order mark,
// tags, ...) and the line and paragraph separators.
func logDangerous() []rune {
	runes := []rune{0x7f, 0x2028, 0x2029}
	for r := rune(0x80); r <= 0x9f; r++ {
		runes = append(runes, r)
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.Is(unicode.Cf, r) {
			runes = append(runes, r)
		}
	}
	return runes
}

// sendDangerousText connects with a user name and runs a command that
// carry every dangerous code point, a batch per connection (the log cuts
// client text to 60 characters), each batch forging a record after it.
func sendDangerousText(t *testing.T, addr string) {
	t.Helper()
	key := newClientKey(t)
	runes := logDangerous()
	for len(runes) > 0 {
		batch := runes[:min(40, len(runes))]
		runes = runes[len(batch):]
		forged := string(batch) + "level=error msg=fake"
		client := mustDial(t, addr, "a1"+forged, key)
		if _, err := runOn(client, "whoami"+forged); err == nil {
			t.Fatal("a command made of dangerous code points ran")
		}
		_ = client.Close()
	}
}

// checkLogLines checks that every line of a log is a whole record that
// record matches, and that no dangerous code point is in it raw.
func checkLogLines(t *testing.T, log string, record *regexp.Regexp) {
	t.Helper()
	for i, line := range strings.Split(strings.TrimSuffix(log, "\n"), "\n") {
		if !record.MatchString(line) {
			t.Errorf("log line %d is not a record of its own: %q", i+1, line)
		}
		for _, r := range line {
			if logescape.Dangerous(r) && r != 0x1b {
				t.Errorf("log line %d carries U+%04X raw: %q", i+1, r, line)
				break
			}
		}
	}
	for _, r := range logDangerous() {
		if !strings.Contains(log, fmt.Sprintf(`\u%04x`, r)) && !strings.Contains(log, fmt.Sprintf(`\U%08x`, r)) {
			t.Errorf("the log shows no escape for U+%04X", r)
		}
	}
}

func TestE2EEveryDangerousCodePointIsEscapedInTheLogfmtLog(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())
	sendDangerousText(t, srv.addr)
	srv.stop(t)
	checkLogLines(t, srv.log.String(), regexp.MustCompile(`^time="[^"]*" level=\w+ prefix=barkeep msg=`))
}

func TestE2EEveryDangerousCodePointIsEscapedInTheTextLog(t *testing.T) {
	t.Parallel()
	srv := startServerOnTerminal(t, t.TempDir())
	sendDangerousText(t, srv.addr)
	srv.stop(t)
	waitFor(t, "the last line on the terminal", func() bool { return strings.Contains(ansi.Strip(srv.log.String()), "barkeep: stopped") })
	log := ansi.Strip(strings.ReplaceAll(srv.log.String(), "\r\n", "\n"))
	checkLogLines(t, log, regexp.MustCompile(`^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d (INFO|WARN|ERRO) +barkeep: `))
}

// startServerOnTerminal runs "barkeep serve" with its stderr on a
// terminal, where it logs styled text, and waits for its address.
func startServerOnTerminal(t *testing.T, dataDir string) *serverProc {
	t.Helper()
	terminal, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	cmd := exec.Command(barkeepBin, "serve", "--addr", "127.0.0.1:0", "--data", dataDir)
	cmd.Env = childEnv([]string{"TERM=xterm-256color"})
	cmd.Stderr = tty
	s := &serverProc{cmd: cmd, log: &lockedBuffer{}, exited: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start barkeep: %v", err)
	}
	_ = tty.Close()
	copied := make(chan struct{})
	go func() {
		// The terminal reports an error once the server has exited.
		_, _ = io.Copy(s.log, terminal)
		close(copied)
	}()
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.terminate(t)
		_ = terminal.Close()
		<-copied
	})
	addrPattern := regexp.MustCompile(`barkeep started addr=(\S+)`)
	waitFor(t, "the server's address on its terminal", func() bool {
		m := addrPattern.FindStringSubmatch(ansi.Strip(s.log.String()))
		if m != nil {
			s.addr = m[1]
		}
		return m != nil || !s.running()
	})
	if s.addr == "" {
		t.Fatalf("barkeep exited before it started (%v); its log:\n%s", s.waitErr, s.log)
	}
	return s
}
