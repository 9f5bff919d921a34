package main

// Helpers for the end-to-end tests: they run the real barkeep binary as a
// child process and talk to it over real SSH connections.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// Upper bounds only: a loaded CI machine may be slow, and no test asserts
// how long anything took.
const (
	startTimeout  = 15 * time.Second
	screenTimeout = 10 * time.Second
	exitTimeout   = 15 * time.Second
)

// barkeepBin is the binary built once for the whole package.
var barkeepBin string

// serverBuildFlags are extra "go build" flags; see e2e_race_test.go. The
// test hooks (testhooks.go) let a test make a session panic.
var serverBuildFlags = []string{"-tags=barkeep_testhooks"}

func TestMain(m *testing.M) {
	os.Exit(runWithBinary(m))
}

func runWithBinary(m *testing.M) int {
	dir, err := os.MkdirTemp("", "barkeep-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: temp dir:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	barkeepBin = dir + "/barkeep"
	args := append([]string{"build", "-o", barkeepBin}, serverBuildFlags...)
	build := exec.Command("go", append(args, ".")...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: go build:", err)
		return 1
	}
	return m.Run()
}

// childEnv is this process's environment without BARKEEP_ variables, which
// would change what the tests run, plus env.
func childEnv(env []string) []string {
	var clean []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BARKEEP_") {
			clean = append(clean, kv)
		}
	}
	return append(clean, env...)
}

// lockedBuffer collects a child's output while tests read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serverProc is one running "barkeep serve".
type serverProc struct {
	cmd     *exec.Cmd
	addr    string
	log     *lockedBuffer
	exited  chan struct{} // closed once the process has been reaped
	waitErr error         // valid after exited is closed
}

var startedAddr = regexp.MustCompile(`barkeep started"? addr=(\S+)`)

// startServer runs "barkeep serve" on a random local port with dataDir and
// waits for it to log its address. It is stopped when the test ends.
func startServer(t *testing.T, dataDir string, extraArgs ...string) *serverProc {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", dataDir}, extraArgs...)
	return startBarkeep(t, nil, args...)
}

// serverProcAttr is how servers are started; see e2e_linux_test.go.
var serverProcAttr *syscall.SysProcAttr

// startBarkeep starts the binary with extra environment variables and
// waits for the "barkeep started" line.
func startBarkeep(t *testing.T, env []string, args ...string) *serverProc {
	t.Helper()
	cmd := exec.Command(barkeepBin, args...)
	cmd.Env = childEnv(env)
	cmd.SysProcAttr = serverProcAttr
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &serverProc{cmd: cmd, log: &lockedBuffer{}, exited: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start barkeep: %v", err)
	}
	addr := make(chan string, 1)
	go func() {
		scanner := bufio.NewScanner(stderr)
		scanner.Buffer(make([]byte, 0, 64<<10), 4<<20)
		for scanner.Scan() {
			line := scanner.Text()
			fmt.Fprintln(s.log, line)
			if m := startedAddr.FindStringSubmatch(line); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
		// Wait only after the pipe is drained, as os/exec requires.
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() { s.terminate(t) })
	select {
	case s.addr = <-addr:
	case <-s.exited:
		t.Fatalf("barkeep exited before it started (%v); its log:\n%s", s.waitErr, s.log)
	case <-time.After(startTimeout):
		t.Fatalf("barkeep did not log its address within %v; its log:\n%s", startTimeout, s.log)
	}
	return s
}

// terminate stops the server if it still runs, killing it when SIGTERM is
// not enough, so that no test leaves a child behind.
func (s *serverProc) terminate(t *testing.T) {
	if s.sigterm() {
		t.Errorf("barkeep did not stop on SIGTERM within %v; killed. Its log:\n%s", exitTimeout, s.log)
	}
	if strings.Contains(s.log.String(), "DATA RACE") {
		t.Errorf("the race detector found a data race in the server:\n%s", s.log)
	}
}

// stop sends SIGTERM and requires a clean exit (status 0).
func (s *serverProc) stop(t *testing.T) {
	t.Helper()
	if s.sigterm() {
		t.Fatalf("barkeep did not stop on SIGTERM within %v; killed. Its log:\n%s", exitTimeout, s.log)
	}
	if s.waitErr != nil {
		t.Fatalf("barkeep exited with %v after SIGTERM, want status 0; its log:\n%s", s.waitErr, s.log)
	}
}

// sigterm asks a running server to stop and waits for it to exit, killing
// it after exitTimeout; it says whether it had to.
func (s *serverProc) sigterm() (killed bool) {
	if s.running() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
	}
	select {
	case <-s.exited:
		return false
	case <-time.After(exitTimeout):
		_ = s.cmd.Process.Kill()
		<-s.exited
		return true
	}
}

// running says whether the process is still alive.
func (s *serverProc) running() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// cliResult is the outcome of a barkeep run that is expected to end by
// itself.
type cliResult struct {
	code           int
	stdout, stderr string
}

// runBarkeep runs the binary to completion; one that does not end within
// the timeout is killed and fails the test.
func runBarkeep(t *testing.T, env []string, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), exitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, barkeepBin, args...)
	cmd.Env = childEnv(env)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("barkeep %q did not exit within %v (killed); stderr:\n%s", args, exitTimeout, stderr.String())
	}
	res := cliResult{stdout: stdout.String(), stderr: stderr.String()}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		res.code = exitErr.ExitCode()
	default:
		t.Fatalf("run barkeep %q: %v", args, err)
	}
	return res
}

// newClientKey is a fresh identity: every test client is its own member.
func newClientKey(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// dialSSH connects and authenticates with the given methods. The host key
// is not checked: each data directory generates its own.
func dialSSH(addr, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            user,
		Auth:            auth,
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         startTimeout,
	})
}

// mustDial is dialSSH for clients that must get in.
func mustDial(t *testing.T, addr, user string, key gossh.Signer) *gossh.Client {
	t.Helper()
	client, err := dialSSH(addr, user, gossh.PublicKeys(key))
	if err != nil {
		t.Fatalf("ssh %s@%s: %v", user, addr, err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return client
}

// vterm is a terminal emulator that the session's output is written into,
// safe to read while the output arrives.
type vterm struct {
	mu  sync.Mutex
	emu *vt.Emulator
}

func newVterm(t *testing.T, width, height int) *vterm {
	emu := vt.NewEmulator(width, height)
	// The emulator answers terminal queries (such as the background colour
	// request) into an unbuffered pipe; unread, the next Write that triggers
	// an answer would block forever. The answers are dropped: like many SSH
	// clients, this one never answers, and the TUI must cope.
	go func() { _, _ = io.Copy(io.Discard, emu) }()
	t.Cleanup(func() {
		if c, ok := emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
	})
	return &vterm{emu: emu}
}

func (v *vterm) Write(p []byte) (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.emu.Write(p)
}

func (v *vterm) resize(width, height int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.emu.Resize(width, height)
}

// screen is the emulated screen as text, one line per row.
func (v *vterm) screen() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.emu.String()
}

// waitForScreen polls the emulated screen until it shows text. Only the
// screen is reliable: the renderer sends changed cells, not whole words.
func waitForScreen(t *testing.T, term *vterm, text string, timeout time.Duration) string {
	t.Helper()
	return waitForScreenFunc(t, term, fmt.Sprintf("%q", text), timeout, func(s string) bool {
		return strings.Contains(s, text)
	})
}

// waitForScreenFunc polls the emulated screen until ok accepts it.
func waitForScreenFunc(t *testing.T, term *vterm, what string, timeout time.Duration, ok func(screen string) bool) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := term.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen did not show %s within %v; it shows:\n%s", what, timeout, frame(s))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// frame makes a screen dump readable in a test log, trailing blanks and all.
func frame(screen string) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		lines[i] = "|" + l
	}
	return strings.Join(lines, "\n")
}

// lineWith returns the first screen line containing every part.
func lineWith(screen string, parts ...string) (string, bool) {
	for _, line := range strings.Split(screen, "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			return line, true
		}
	}
	return "", false
}

// tuiClient is an interactive SSH session with a PTY, as a person at a
// terminal has.
type tuiClient struct {
	client  *gossh.Client
	session *gossh.Session
	stdin   io.WriteCloser
	term    *vterm
	stderr  *lockedBuffer
	ended   chan struct{} // closed when the session has ended
	waitErr error         // valid after ended is closed
}

// openTUI connects with key as user and starts the shell on an 80x24 PTY.
func openTUI(t *testing.T, addr, user string, key gossh.Signer) *tuiClient {
	t.Helper()
	c := startSession(t, addr, user, key, 80, 24)
	if err := c.session.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	c.watch()
	return c
}

// startSession opens a session with a PTY of width x height, before the
// shell request. The emulator gets the size the server clamps the window to.
func startSession(t *testing.T, addr, user string, key gossh.Signer, width, height int) *tuiClient {
	t.Helper()
	client := mustDial(t, addr, user, key)
	session, err := client.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	c := &tuiClient{
		client:  client,
		session: session,
		term:    newVterm(t, min(width, maxWindowWidth), min(height, maxWindowHeight)),
		stderr:  &lockedBuffer{},
		ended:   make(chan struct{}),
	}
	session.Stdout = c.term
	session.Stderr = c.stderr
	if c.stdin, err = session.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := session.RequestPty("xterm-256color", height, width, gossh.TerminalModes{}); err != nil {
		t.Fatalf("pty request: %v", err)
	}
	return c
}

// watch closes the connection when the session ends, as OpenSSH does; a
// connection left open would keep the server's graceful shutdown waiting.
func (c *tuiClient) watch() {
	go func() {
		c.waitErr = c.session.Wait()
		_ = c.client.Close()
		close(c.ended)
	}()
}

// press sends keys as a terminal would: raw bytes on stdin.
func (c *tuiClient) press(t *testing.T, keys string) {
	t.Helper()
	if _, err := io.WriteString(c.stdin, keys); err != nil {
		t.Fatalf("send %q: %v", keys, err)
	}
}

// waitEnded waits for the session to end and returns its Wait error.
func (c *tuiClient) waitEnded(t *testing.T) error {
	t.Helper()
	select {
	case <-c.ended:
		return c.waitErr
	case <-time.After(exitTimeout):
		t.Fatalf("the session did not end within %v; the screen shows:\n%s", exitTimeout, frame(c.term.screen()))
		return nil
	}
}

// Keys as a terminal sends them.
const (
	keyEnter = "\r"
	keyDown  = "\x1b[B"
)
