package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// closedByServer waits (bounded) until the server closes a raw connection,
// and says whether it did.
func closedByServer(conn net.Conn, within time.Duration) bool {
	_ = conn.SetReadDeadline(time.Now().Add(within))
	buf := make([]byte, 4096)
	for {
		if _, err := conn.Read(buf); err != nil {
			var netErr net.Error
			return !(errors.As(err, &netErr) && netErr.Timeout())
		}
	}
}

func rawDial(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, startTimeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

func TestE2EAConnectionThatNeverAuthenticatesIsClosed(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir(), "--login-grace", "1s")
	conn := rawDial(t, srv.addr)
	if !closedByServer(conn, 20*time.Second) {
		t.Fatal("a silent connection was still open long after the login grace time")
	}
}

func TestE2EUnauthenticatedConnectionsAreCapped(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir(), "--max-startups-per-source", "3", "--max-startups", "5")
	key := newClientKey(t)
	member := mustDial(t, srv.addr, "member", key) // authenticated: not counted
	var waiting []net.Conn
	for range 3 {
		waiting = append(waiting, rawDial(t, srv.addr))
	}
	time.Sleep(200 * time.Millisecond) // let the server accept them before the next one
	over := rawDial(t, srv.addr)
	if !closedByServer(over, 10*time.Second) {
		t.Fatal("a fourth unauthenticated connection from one address was kept")
	}
	waitFor(t, "the refusal in the log", func() bool {
		return strings.Contains(srv.log.String(), "too many unauthenticated connections from this address")
	})
	if out, err := runOn(member, "whoami"); err != nil || !strings.Contains(out, "member") {
		t.Errorf("an existing connection was disturbed: %q, %v", out, err)
	}
	for _, conn := range waiting {
		_ = conn.Close()
	}
	waitFor(t, "a new client to get in once the waiting ones left", func() bool {
		client, err := dialSSH(srv.addr, "late", gossh.PublicKeys(key))
		if err == nil {
			client.Close()
		}
		return err == nil
	})
}

func TestE2EConnectionsAreCapped(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir(), "--max-connections", "2")
	key := newClientKey(t)
	mustDial(t, srv.addr, "one", key)
	mustDial(t, srv.addr, "two", key)
	if _, err := dialSSH(srv.addr, "three", gossh.PublicKeys(key)); err == nil {
		t.Fatal("a third connection got in over --max-connections 2")
	}
}

// runOn runs a command on an open connection.
func runOn(client *gossh.Client, command string) (string, error) {
	session, err := client.NewSession()
	if err != nil {
		return "", err
	}
	defer session.Close()
	out, err := session.Output(command)
	return string(out), err
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(screenTimeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestE2EAuthAttemptsAreLimited(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	listed := newClientKey(t)
	keysFile := dir + "/authorized_keys"
	if err := os.WriteFile(keysFile, gossh.MarshalAuthorizedKey(listed.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, dir+"/data", "--authorized-keys", keysFile, "--max-auth-tries", "3")
	var offered []gossh.AuthMethod
	tried := 0
	for range 20 {
		key := newClientKey(t)
		offered = append(offered, gossh.PublicKeysCallback(func() ([]gossh.Signer, error) {
			tried++
			return []gossh.Signer{key}, nil
		}))
	}
	offered = append(offered, gossh.PublicKeys(listed))
	_, err := dialSSH(srv.addr, "guesser", offered...)
	if err == nil {
		t.Fatal("a client that tried 20 wrong keys first still got in")
	}
	if tried >= 20 {
		t.Errorf("the client could try %d keys", tried)
	}
}

func TestE2ESessionsPerConnectionAndPerKeyAreCapped(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir(), "--max-sessions", "2", "--max-sessions-per-account", "3")
	key := newClientKey(t)
	first := mustDial(t, srv.addr, "a", key)
	for i := range 3 {
		session, err := first.NewSession()
		if i < 2 && err != nil {
			t.Fatalf("session %d refused: %v", i+1, err)
		}
		if i == 2 && err == nil {
			t.Fatal("a third session on one connection was opened over --max-sessions 2")
		}
		if err == nil {
			t.Cleanup(func() { session.Close() })
		}
	}
	second := mustDial(t, srv.addr, "a", key)
	if _, err := second.NewSession(); err != nil {
		t.Fatalf("the key's third session was refused: %v", err)
	}
	if _, err := second.NewSession(); err == nil {
		t.Fatal("a fourth session for one key was opened over --max-sessions-per-account 3")
	}
	other := mustDial(t, srv.addr, "b", newClientKey(t))
	if out, err := runOn(other, "whoami"); err != nil || !strings.Contains(out, "b") {
		t.Errorf("another key was refused: %q, %v", out, err)
	}
}

func TestE2EIdleAndLongConnectionsAreClosed(t *testing.T) {
	t.Parallel()
	for _, flag := range []string{"--idle-timeout", "--max-session-time"} {
		t.Run(flag, func(t *testing.T) {
			t.Parallel()
			srv := startServer(t, t.TempDir(), flag, "1s")
			c := startSession(t, srv.addr, "idler", newClientKey(t), 80, 24)
			if err := c.session.Shell(); err != nil {
				t.Fatal(err)
			}
			c.watch()
			select {
			case <-c.ended:
			case <-time.After(20 * time.Second):
				t.Fatalf("the session outlived %s 1s by far", flag)
			}
		})
	}
}

func TestE2EForwardingSubsystemsAndOddRequestsAreRefused(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())
	client := mustDial(t, srv.addr, "mallory", newClientKey(t))
	if _, err := client.Dial("tcp", "127.0.0.1:22"); err == nil {
		t.Error("local port forwarding was allowed")
	}
	if _, err := client.Listen("tcp", "127.0.0.1:0"); err == nil {
		t.Error("remote port forwarding was allowed")
	}
	if _, _, err := client.OpenChannel("frobnicate", nil); err == nil {
		t.Error("an unknown channel type was opened")
	}
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	for _, request := range []string{"auth-agent-req@openssh.com", "x11-req"} {
		if ok, err := session.SendRequest(request, true, nil); ok || err != nil {
			t.Errorf("%s answered %v, %v; want a refusal", request, ok, err)
		}
	}
	refusedEnv := 0
	for i := range maxEnvRequests + 4 {
		if err := session.Setenv(fmt.Sprintf("VAR%d", i), "x"); err != nil {
			refusedEnv++
		}
	}
	if refusedEnv != 4 {
		t.Errorf("%d env requests refused, want the 4 beyond %d", refusedEnv, maxEnvRequests)
	}
	if err := session.Setenv("BIG", strings.Repeat("x", 2*maxEnvBytes)); err == nil {
		t.Error("a huge env request was accepted")
	}
	if err := session.RequestSubsystem("sftp"); err == nil {
		t.Error("the sftp subsystem was started")
	}
	for _, logged := range []string{"channel refused", "port forwarding", "agent forwarding", "X11 forwarding"} {
		waitFor(t, logged+" in the log", func() bool { return strings.Contains(srv.log.String(), logged) })
	}
}

// debugClient asks the debug endpoint without keeping connections open, so
// that the server's count of goroutines does not include ours.
var debugClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

// goroutines reads the server's goroutine count from its debug endpoint.
func goroutines(t *testing.T, debugAddr string) int {
	t.Helper()
	resp, err := debugClient.Get("http://" + debugAddr + "/debug/vars")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var vars struct{ Goroutines int }
	if err := json.NewDecoder(resp.Body).Decode(&vars); err != nil {
		t.Fatal(err)
	}
	return vars.Goroutines
}

var debugAddrPattern = regexp.MustCompile(`debug endpoint"? addr=(\S+)`)

func TestE2EResizeStormsNeitherHangNorLeak(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir(), "--debug-addr", "127.0.0.1:0")
	match := debugAddrPattern.FindStringSubmatch(srv.log.String())
	if match == nil {
		t.Fatalf("no debug endpoint in the log:\n%s", srv.log)
	}
	key := newClientKey(t)
	session := func(round int, storm bool) {
		c := startSession(t, srv.addr, "stormy", key, 80, 24)
		if storm {
			for i := range 50 { // before the shell, as no real client would
				_ = c.session.WindowChange(10+i, 20+i)
			}
		}
		if err := c.session.Shell(); err != nil {
			t.Fatalf("round %d: shell: %v", round, err)
		}
		c.watch()
		if storm {
			for i := range 500 {
				_ = c.session.WindowChange(24+i%60, 80+i%200)
			}
			_ = c.session.WindowChange(24, 80)
		}
		// Drawn for the window the client has now: the user's name ends
		// the first line, the help bar is the last.
		waitForScreenFunc(t, c.term, "the list drawn at 80x24", screenTimeout, func(screen string) bool {
			lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
			return len(lines) == 24 && strings.HasSuffix(strings.TrimRight(lines[0], " "), "stormy") &&
				strings.Contains(lines[2], "All cocktails") && strings.Contains(lines[23], "q quit")
		})
		c.press(t, "q")
		select {
		case <-c.ended:
		case <-time.After(exitTimeout):
			t.Fatalf("round %d: the session did not end after q", round)
		}
		c.client.Close()
	}
	// The idle count is taken after one quiet session, once the server
	// has started everything it keeps for good.
	session(0, false)
	idle := 0
	waitFor(t, "the goroutine count to settle", func() bool {
		previous := idle
		time.Sleep(100 * time.Millisecond)
		idle = goroutines(t, match[1])
		return idle == previous
	})
	for round := 1; round <= 40; round++ {
		session(round, true)
	}
	var now int
	deadline := time.Now().Add(screenTimeout)
	for now = goroutines(t, match[1]); now > idle && time.Now().Before(deadline); now = goroutines(t, match[1]) {
		time.Sleep(50 * time.Millisecond)
	}
	if now > idle {
		t.Fatalf("%d goroutines after the storms, %d when idle:\n%s", now, idle, goroutineProfile(t, match[1]))
	}
}

// goroutineProfile is the server's goroutines with their stacks, to show
// what leaked.
func goroutineProfile(t *testing.T, debugAddr string) string {
	t.Helper()
	resp, err := debugClient.Get("http://" + debugAddr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	profile, _ := io.ReadAll(resp.Body)
	return string(profile)
}

func TestE2ECryptoPassesSSHAudit(t *testing.T) {
	t.Parallel()
	audit, err := exec.LookPath("ssh-audit")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must have ssh-audit installed")
		}
		t.Skip("ssh-audit is not installed")
	}
	srv := startServer(t, t.TempDir())
	host, port, _ := net.SplitHostPort(srv.addr)
	out, _ := exec.Command(audit, "-n", "-p", port, host).CombinedOutput() // its exit status counts warnings too
	report := string(out)
	if !strings.Contains(report, "(kex) curve25519-sha256") {
		t.Fatalf("ssh-audit did not reach the server:\n%s", report)
	}
	if strings.Contains(report, "[fail]") {
		t.Errorf("ssh-audit reports failures:\n%s", report)
	}
}

func TestE2EAPanicEndsOnlyItsSession(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())
	bystander := startSession(t, srv.addr, "bystander", newClientKey(t), 80, 24)
	if err := bystander.session.Shell(); err != nil {
		t.Fatal(err)
	}
	bystander.watch()
	waitForScreen(t, bystander.term, "All cocktails", screenTimeout)

	client := mustDial(t, srv.addr, "panic-in-session", newClientKey(t))
	_, err := runOn(client, "whoami")
	var exitErr *gossh.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitStatus() != 1 {
		t.Fatalf("the panicking session ended with %v, want exit status 1", err)
	}
	waitFor(t, "the panic in the log", func() bool { return strings.Contains(srv.log.String(), "a panic asked for by a test") })

	bystander.press(t, "j")
	waitForScreen(t, bystander.term, "▸ Amaretto Sour", screenTimeout)
	if out, err := runOn(mustDial(t, srv.addr, "after", newClientKey(t)), "whoami"); err != nil || !strings.Contains(out, "after") {
		t.Errorf("a new session after the panic: %q, %v", out, err)
	}
	if !srv.running() {
		t.Fatal("the server died")
	}
}

func TestE2EClientTextIsEscapedInTheLog(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())
	hostile := "evil\x1b[31m\nFAKE LOG LINE level=ERROR"
	client := mustDial(t, srv.addr, hostile, newClientKey(t))
	if _, err := runOn(client, "whoami\n\x1b[2Jforged"); err == nil {
		t.Fatal("a command with a newline and an escape ran")
	}
	waitFor(t, "the session in the log", func() bool { return strings.Contains(srv.log.String(), "disconnect") })
	log := srv.log.String()
	if strings.Contains(log, "\x1b[31m") || strings.Contains(log, "\x1b[2J") {
		t.Errorf("raw escape codes from the client reached the log:\n%q", log)
	}
	for _, line := range strings.Split(log, "\n") {
		if strings.HasPrefix(line, "FAKE LOG LINE") || strings.HasPrefix(line, "forged") {
			t.Errorf("the client forged a log line:\n%s", log)
		}
	}
}
