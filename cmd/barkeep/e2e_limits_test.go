package main

// What one address may hold: authenticated connections, sessions and new
// accounts, each capped per source address (and per key) so that one
// stranger cannot turn everyone else away. Addresses are told apart by
// dialling from other loopback addresses (any 127.x address works on
// Linux).

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"barkeep/data"
	"barkeep/store"

	gossh "golang.org/x/crypto/ssh"
)

// from is a client's own loopback address, the attacker's or a victim's.
type from string

const (
	attacker from = "127.0.0.1"
	victim   from = "127.0.0.2"
)

// dial connects from the address and authenticates with key; banners the
// server sends during authentication are returned with the error.
func (f from) dial(addr, user string, key gossh.Signer) (*gossh.Client, string, error) {
	var banners strings.Builder
	var mu sync.Mutex
	dialer := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(string(f))}, Timeout: startTimeout}
	tcp, err := dialer.Dial("tcp", addr)
	if err != nil {
		return nil, "", err
	}
	conn, chans, reqs, err := gossh.NewClientConn(tcp, addr, &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         startTimeout,
		BannerCallback: func(message string) error {
			mu.Lock()
			defer mu.Unlock()
			banners.WriteString(message)
			return nil
		},
	})
	mu.Lock()
	defer mu.Unlock()
	if err != nil {
		tcp.Close()
		return nil, banners.String(), err
	}
	return gossh.NewClient(conn, chans, reqs), banners.String(), nil
}

// mustDial is dial for clients that must get in.
func (f from) mustDial(t *testing.T, addr, user string, key gossh.Signer) *gossh.Client {
	t.Helper()
	client, _, err := f.dial(addr, user, key)
	if err != nil {
		t.Fatalf("ssh %s@%s from %s: %v", user, addr, f, err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return client
}

// openTUI starts the shell on an 80x24 PTY over a connection from f.
func (f from) openTUI(t *testing.T, addr, user string, key gossh.Signer) *tuiClient {
	t.Helper()
	client := f.mustDial(t, addr, user, key)
	c, err := shellOn(t, client, 80, 24)
	if err != nil {
		t.Fatalf("session from %s: %v", f, err)
	}
	return c
}

// shellOn starts the shell on a width x height PTY on an open connection.
func shellOn(t *testing.T, client *gossh.Client, width, height int) (*tuiClient, error) {
	t.Helper()
	session, err := client.NewSession()
	if err != nil {
		return nil, err
	}
	c := &tuiClient{client: client, session: session, term: newVterm(t, width, height), stderr: &lockedBuffer{}, ended: make(chan struct{})}
	session.Stdout, session.Stderr = c.term, c.stderr
	if c.stdin, err = session.StdinPipe(); err != nil {
		return nil, err
	}
	if err := session.RequestPty("xterm-256color", height, width, gossh.TerminalModes{}); err != nil {
		return nil, err
	}
	if err := session.Shell(); err != nil {
		return nil, err
	}
	c.watch()
	return c, nil
}

// logLines counts the server's log lines that contain every part.
func logLines(srv *serverProc, parts ...string) int {
	n := 0
	for _, line := range strings.Split(srv.log.String(), "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			n++
		}
	}
	return n
}

func TestE2EAuthenticatedConnectionsAreCappedPerKeyAndPerAddress(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir(), "--max-connections-per-account", "2", "--max-connections-per-source", "4")
	key := newClientKey(t)
	// Connections that never open a session count from authentication on.
	attacker.mustDial(t, srv.addr, "holder", key)
	attacker.mustDial(t, srv.addr, "holder", key)
	_, banner, err := attacker.dial(srv.addr, "holder", key)
	if err == nil {
		t.Fatal("a third connection with one key got in over --max-connections-per-account 2")
	}
	if !strings.Contains(banner, "too many connections with this key") {
		t.Errorf("the refused client was told %q, want why", banner)
	}
	// Fresh keys from the same address fill its cap, and no more.
	attacker.mustDial(t, srv.addr, "fresh", newClientKey(t))
	attacker.mustDial(t, srv.addr, "fresh", newClientKey(t))
	for range 5 {
		if client, _, err := attacker.dial(srv.addr, "fresh", newClientKey(t)); err == nil {
			client.Close()
			t.Fatal("a fifth connection from one address got in over --max-connections-per-source 4")
		}
	}
	// Someone on another address gets in and sees the bar meanwhile.
	c := victim.openTUI(t, srv.addr, "victim", newClientKey(t))
	waitForScreen(t, c.term, "All cocktails", screenTimeout)

	// The five refusals at the door make one line at once and a summary
	// of the rest once the burst is over.
	refusedAtTheDoor := []string{"connection refused", "too many connections from this address"}
	waitFor(t, "the first refusal in the log", func() bool { return logLines(srv, refusedAtTheDoor...) >= 1 })
	if n := logLines(srv, refusedAtTheDoor...); n != 1 {
		t.Errorf("%d log lines for one burst of refusals, want 1 until the burst ends:\n%s", n, srv.log)
	}
	deadline := time.Now().Add(refusalBurst + screenTimeout)
	for logLines(srv, append(refusedAtTheDoor, "more=4")...) != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("no summary of the 4 further refusals in the log:\n%s", srv.log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestE2EAConnectionWithoutASessionIsClosedDespiteKeepalives(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir(), "--unused-connection-timeout", "1s")
	idle := attacker.mustDial(t, srv.addr, "keepalive", newClientKey(t))
	closed := make(chan struct{})
	go func() {
		_ = idle.Wait()
		close(closed)
	}()
	keepalives := time.NewTicker(200 * time.Millisecond)
	defer keepalives.Stop()
	deadline := time.After(screenTimeout)
waiting:
	for {
		select {
		case <-closed:
			break waiting
		case <-keepalives.C:
			_, _, _ = idle.SendRequest("keepalive@openssh.com", true, nil)
		case <-deadline:
			t.Fatalf("a connection without a session that sent keepalives was still open after %v", screenTimeout)
		}
	}

	// A connection that holds a session is kept, and its clock starts
	// over once the session ends.
	busy := attacker.mustDial(t, srv.addr, "busy", newClientKey(t))
	c, err := shellOn(t, busy, 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	waitForScreen(t, c.term, "All cocktails", screenTimeout)
	time.Sleep(2 * time.Second)
	if out, err := runOn(busy, "whoami"); err != nil || !strings.Contains(out, "busy") {
		t.Fatalf("a connection with a session open was closed: %q, %v", out, err)
	}
}

func TestE2ESessionsAreCappedPerAddressWhateverTheKeys(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir(), "--max-sessions-per-source", "3")
	for i := range 3 {
		c := attacker.openTUI(t, srv.addr, fmt.Sprintf("key%d", i), newClientKey(t))
		waitForScreen(t, c.term, "All cocktails", screenTimeout)
	}
	over := attacker.mustDial(t, srv.addr, "key3", newClientKey(t))
	if _, err := over.NewSession(); err == nil {
		t.Fatal("a fourth session from one address opened over --max-sessions-per-source 3")
	}
	c := victim.openTUI(t, srv.addr, "victim", newClientKey(t))
	waitForScreen(t, c.term, "All cocktails", screenTimeout)
}

func TestE2EASessionIsCountedOutBeforeItsClientSeesItEnd(t *testing.T) {
	t.Parallel()
	const workers, runs = 4, 25
	srv := startServer(t, t.TempDir(), "--max-sessions-per-account", fmt.Sprint(workers), "--max-sessions", "1")
	key := newClientKey(t)
	runOn(attacker.mustDial(t, srv.addr, "worker", key), "whoami") // signs the key up
	var refused sync.Map
	var wg sync.WaitGroup
	for w := range workers {
		client := attacker.mustDial(t, srv.addr, "worker", key)
		wg.Go(func() {
			for i := range runs {
				if _, err := runOn(client, "whoami"); err != nil {
					refused.Store(fmt.Sprintf("worker %d run %d", w, i), err)
				}
			}
		})
	}
	wg.Wait()
	refused.Range(func(run, err any) bool {
		t.Errorf("%s, one session at a time: %v", run, err)
		return true
	})
}

func TestE2ENewAccountsAreRateLimitedPerAddress(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir(), "--signup-burst", "3", "--signup-interval", "1h")
	var members []gossh.Signer
	for i := range 3 {
		key := newClientKey(t)
		members = append(members, key)
		if out, err := runOn(attacker.mustDial(t, srv.addr, fmt.Sprintf("new%d", i), key), "whoami"); err != nil || !strings.Contains(out, fmt.Sprintf("new%d", i)) {
			t.Fatalf("sign-up %d within the burst: %q, %v", i+1, out, err)
		}
	}

	refusedKey := newClientKey(t)
	session, err := attacker.mustDial(t, srv.addr, "over", refusedKey).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	session.Stdout, session.Stderr = &stdout, &stderr
	err = session.Run("whoami")
	var exitErr *gossh.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitStatus() != 1 {
		t.Fatalf("a sign-up over the burst ended with %v, want exit status 1", err)
	}
	if want := "Barkeep: too many new accounts from your address; try again in 1h."; !strings.HasPrefix(stderr.String(), want) || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("the refused sign-up was told %q, want one line starting %q", stderr.String(), want)
	}
	if stdout.String() != "" {
		t.Errorf("the refused sign-up got output: %q", stdout.String())
	}

	// The terminal gets the same line, and the session ends.
	tui, err := shellOn(t, attacker.mustDial(t, srv.addr, "over", newClientKey(t)), 80, 24)
	if err != nil {
		t.Fatal(err)
	}
	if err := tui.waitEnded(t); !errors.As(err, &exitErr) || exitErr.ExitStatus() != 1 {
		t.Errorf("a refused sign-up's terminal session ended with %v, want exit status 1", err)
	}
	if !strings.Contains(tui.stderr.String(), "too many new accounts from your address") {
		t.Errorf("a refused sign-up's terminal was told %q", tui.stderr.String())
	}

	// Known keys are not slowed, and another address signs up as usual.
	for i, key := range members {
		if out, err := runOn(attacker.mustDial(t, srv.addr, "back", key), "whoami"); err != nil || !strings.Contains(out, fmt.Sprintf("new%d", i)) {
			t.Errorf("member %d, back over the limit: %q, %v", i+1, out, err)
		}
	}
	if n := logLines(srv, `msg="new account"`); n != 3 {
		t.Errorf("%d accounts made from one address, want the 3 of the burst:\n%s", n, srv.log)
	}
	if out, err := runOn(victim.mustDial(t, srv.addr, "elsewhere", refusedKey), "whoami"); err != nil || !strings.Contains(out, "elsewhere") {
		t.Errorf("a new key from another address: %q, %v", out, err)
	}
}

func TestE2EAccountsCanBeCappedInAll(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir(), "--max-accounts", "2")
	members := []gossh.Signer{newClientKey(t), newClientKey(t)}
	for i, key := range members {
		if _, err := runOn(from(fmt.Sprintf("127.0.0.%d", i+1)).mustDial(t, srv.addr, "member", key), "whoami"); err != nil {
			t.Fatalf("member %d: %v", i+1, err)
		}
	}
	session, err := victim.mustDial(t, srv.addr, "third", newClientKey(t)).NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := session.CombinedOutput("whoami")
	var exitErr *gossh.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitStatus() != 1 || !strings.Contains(string(out), "takes no new members") {
		t.Fatalf("a third account over --max-accounts 2: %q, %v", out, err)
	}
	if _, err := runOn(attacker.mustDial(t, srv.addr, "member", members[0]), "whoami"); err != nil {
		t.Errorf("a member at the cap: %v", err)
	}
}

func TestE2EWindowsAreClampedToTheLayoutsLargestSize(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())
	const width, height = 400, 150 // larger than the layout is made for
	c, err := shellOn(t, attacker.mustDial(t, srv.addr, "wide", newClientKey(t)), width, height)
	if err != nil {
		t.Fatal(err)
	}
	screen := waitForScreen(t, c.term, "q quit", screenTimeout)
	lines := strings.Split(screen, "\n")
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if i >= 80 {
			t.Fatalf("row %d of a %dx%d window is drawn, want the frame clamped to 80 rows:\n%s", i+1, width, height, frame(screen))
		}
		if w := len([]rune(strings.TrimRight(line, " "))); w > 300 {
			t.Fatalf("row %d is %d cells wide, want at most 300", i+1, w)
		}
	}
	if help, _ := lineWith(screen, "q quit"); help != lines[79] {
		t.Errorf("the help line is not on row 80:\n%s", frame(screen))
	}
}

func TestE2EOneAddressFloodingKeysWaitsOnItsOwnRepaintBudget(t *testing.T) {
	t.Parallel()
	cocktails, err := data.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	all := store.NewCatalog(cocktails).All()
	last := all[len(all)-1].Name
	// A budget of one repaint a second at 300x80: 200 presses there take
	// minutes, while 80x24 windows elsewhere get twelve a second.
	srv := startServer(t, t.TempDir(), "--repaint-cells-per-source", "24000")
	flood, err := shellOn(t, attacker.mustDial(t, srv.addr, "flood", newClientKey(t)), 300, 80)
	if err != nil {
		t.Fatal(err)
	}
	waitForScreen(t, flood.term, "All cocktails", screenTimeout)
	flood.press(t, strings.Repeat("j", 200))

	c := victim.openTUI(t, srv.addr, "victim", newClientKey(t))
	waitForScreen(t, c.term, "All cocktails", screenTimeout)
	for i := 1; i <= 5; i++ {
		c.press(t, "j")
		waitForScreen(t, c.term, "▸ "+all[i].Name, screenTimeout)
	}
	if line, _ := lineWith(flood.term.screen(), "▸"); strings.Contains(line, last) {
		t.Errorf("the flooding address had all its 200 presses drawn while another address had five: %q", line)
	}
}

func TestE2ETheLimitsAreFlagsThatHelpShowsAndChecks(t *testing.T) {
	t.Parallel()
	res := runBarkeep(t, nil, "serve", "--help")
	if n := strings.Count(res.stdout, "Usage:"); res.code != 0 || n != 1 {
		t.Errorf("serve --help: exit %d, the usage %d times, want 0 and once:\n%s", res.code, n, res.stdout)
	}
	limits := []string{
		"-max-connections-per-source", "-max-connections-per-account", "-max-sessions-per-source",
		"-unused-connection-timeout", "-repaint-cells-per-source", "-signup-burst", "-signup-interval", "-max-accounts",
	}
	for _, flag := range limits {
		if !strings.Contains(res.stdout, flag) {
			t.Errorf("serve --help does not mention %s", flag)
		}
	}
	for _, bad := range [][]string{
		{"--max-connections-per-source", "0"}, {"--max-connections-per-account", "0"},
		{"--max-sessions-per-source", "0"}, {"--unused-connection-timeout", "-1s"},
		{"--repaint-cells-per-source", "100"}, {"--signup-burst", "0"}, {"--signup-interval", "0"},
		{"--max-accounts", "-1"},
	} {
		res := runBarkeep(t, nil, append([]string{"serve", "--data", t.TempDir()}, bad...)...)
		if res.code != 2 || !strings.Contains(res.stderr, bad[0]) || res.stdout != "" {
			t.Errorf("serve %s: exit %d, stdout %q, stderr %q; want exit 2 naming the flag", bad, res.code, res.stdout, res.stderr)
		}
	}
}
