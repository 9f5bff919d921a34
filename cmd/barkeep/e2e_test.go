package main

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestE2ELikeIsSharedLiveAndSurvivesRestart walks the main path through the
// real binary: sign up, search by ingredient, open a cocktail, like it; a
// second member sees the count change without touching a key; the like is
// still there after a restart.
func TestE2ELikeIsSharedLiveAndSurvivesRestart(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	srv := startServer(t, dataDir)
	alice, bob := newClientKey(t), newClientKey(t)

	a := openTUI(t, srv.addr, "alice", alice)
	screen := waitForScreen(t, a.term, "All cocktails", screenTimeout)
	if _, ok := lineWith(screen, "Barkeep", "alice"); !ok {
		t.Fatalf("the title bar does not name the SSH user alice:\n%s", frame(screen))
	}
	waitForScreen(t, a.term, "Americano", screenTimeout)

	// Bob watches the Negroni row, filtered so that it is on screen.
	b := openTUI(t, srv.addr, "bob", bob)
	filterToNegroni(t, b, "♡ 0")
	// Any message of Bob's own (the filter's last cursor blink) would
	// repaint the row and hide a missing push; let them pass first.
	time.Sleep(1500 * time.Millisecond)

	a.press(t, "s")
	waitForScreen(t, a.term, "Search by ingredient", screenTimeout)
	a.press(t, "gin, campari")
	waitForScreen(t, a.term, "cocktails with gin + campari", screenTimeout)
	waitForScreen(t, a.term, "Negroni", screenTimeout)
	// Cardinale (gin, campari, dry vermouth) sorts first: move to Negroni.
	a.press(t, keyDown)
	waitForScreen(t, a.term, "▸ Negroni", screenTimeout)
	a.press(t, keyEnter)
	for _, text := range []string{"Ingredients", "sweet vermouth", "How to make it", "♡ 0 likes"} {
		waitForScreen(t, a.term, text, screenTimeout)
	}
	a.press(t, "l")
	waitForScreen(t, a.term, "♥ 1 like · you like it", screenTimeout)

	// No key is sent to Bob: the change must come to him.
	waitForNegroniRow(t, b.term, "♡ 1")

	srv.stop(t)
	for _, c := range []*tuiClient{a, b} {
		if err := c.waitEnded(t); err != nil {
			t.Errorf("session ended with %v on server shutdown, want a clean end", err)
		}
		// Left on the terminal once the TUI has gone.
		if screen := c.term.screen(); !strings.Contains(screen, "closing") {
			t.Errorf("the user was not told the bar is closing; the screen shows:\n%s", frame(screen))
		}
	}
	if !strings.Contains(srv.log.String(), "shutting down") {
		t.Errorf("the server did not log its shutdown:\n%s", srv.log)
	}

	// The account is the key, not the user name it connects with.
	srv = startServer(t, dataDir)
	a = openTUI(t, srv.addr, "alice-again", alice)
	filterToNegroni(t, a, "♥ 1")
	a.press(t, keyEnter)
	screen = waitForScreen(t, a.term, "♥ 1 like · you like it", screenTimeout)
	if _, ok := lineWith(screen, "Barkeep", "alice"); !ok || strings.Contains(screen, "alice-again") {
		t.Errorf("after a restart the account should keep its first name, alice:\n%s", frame(screen))
	}
}

// waitForNegroniRow waits until the list row of the Negroni (not the
// Negroni Sbagliato) shows the like count.

// filterToNegroni filters a new session's list down to the Negroni, so
// that its row is on screen, and waits for the row to show count.
func filterToNegroni(t *testing.T, c *tuiClient, count string) {
	t.Helper()
	waitForScreen(t, c.term, "All cocktails", screenTimeout)
	c.press(t, "/")
	waitForScreen(t, c.term, "Filter ›", screenTimeout)
	c.press(t, "negr")
	waitForScreen(t, c.term, `Cocktails matching "negr"`, screenTimeout)
	c.press(t, keyEnter)
	waitForNegroniRow(t, c.term, count)
}

// rowLikes finds a row's like count.
var rowLikes = regexp.MustCompile(`[♡♥] \d+`)

func waitForNegroniRow(t *testing.T, term *vterm, count string) {
	t.Helper()
	waitForScreenFunc(t, term, "the Negroni row with "+count, screenTimeout, func(screen string) bool {
		for _, line := range strings.Split(screen, "\n") {
			if strings.Contains(line, "Negroni ") && !strings.Contains(line, "Sbagliato") {
				return rowLikes.FindString(line) == count
			}
		}
		return false
	})
}

// TestE2EOnlyPublicKeyAuth shows that a client without a key cannot even
// finish the handshake, whatever it offers.
func TestE2EOnlyPublicKeyAuth(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())
	answer := func(user, instruction string, questions []string, echos []bool) ([]string, error) {
		return make([]string, len(questions)), nil
	}
	cases := map[string][]gossh.AuthMethod{
		"password":             {gossh.Password("x")},
		"keyboard-interactive": {gossh.KeyboardInteractive(answer)},
		"none":                 nil,
	}
	for name, auth := range cases {
		client, err := dialSSH(srv.addr, "mallory", auth...)
		if err == nil {
			_ = client.Close()
			t.Errorf("%s auth: handshake succeeded, want it refused", name)
			continue
		}
		if !strings.Contains(err.Error(), "unable to authenticate") {
			t.Errorf("%s auth: got %v, want an authentication failure", name, err)
		}
	}
	// The refusals must not have hurt the server.
	c := openTUI(t, srv.addr, "alice", newClientKey(t))
	waitForScreen(t, c.term, "All cocktails", screenTimeout)
}

// TestE2EAllowlist shows that --authorized-keys lets in the listed key only.
func TestE2EAllowlist(t *testing.T) {
	t.Parallel()
	listed, unlisted := newClientKey(t), newClientKey(t)
	file := filepath.Join(t.TempDir(), "authorized_keys")
	content := "# the only member\n" + string(gossh.MarshalAuthorizedKey(listed.PublicKey()))
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, t.TempDir(), "--authorized-keys", file)

	client, err := dialSSH(srv.addr, "bob", gossh.PublicKeys(unlisted))
	if err == nil {
		_ = client.Close()
		t.Fatal("a key missing from the authorized keys got in")
	}
	if !strings.Contains(err.Error(), "unable to authenticate") {
		t.Errorf("unlisted key: got %v, want an authentication failure", err)
	}
	c := openTUI(t, srv.addr, "alice", listed)
	waitForScreen(t, c.term, "All cocktails", screenTimeout)
}

// TestE2EMalformedAuthorizedKeys shows that a bad allowlist stops the
// server with the file and line named, rather than shrinking the list.
func TestE2EMalformedAuthorizedKeys(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "authorized_keys")
	content := string(gossh.MarshalAuthorizedKey(newClientKey(t).PublicKey())) + "\n# comment\nssh-ed25519 not-base64!\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	res := runBarkeep(t, nil, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--authorized-keys", file)
	if res.code == 0 {
		t.Fatalf("barkeep serve exited 0 with a malformed authorized keys file; stderr:\n%s", res.stderr)
	}
	if !strings.Contains(res.stderr, file) || !strings.Contains(res.stderr, "line 4") {
		t.Errorf("stderr should name %s and line 4:\n%s", file, res.stderr)
	}
}

// TestE2ENonInteractiveSessions shows what sessions that are not a
// terminal get: a hint or "unknown command", an exit status, and no TUI.
func TestE2ENonInteractiveSessions(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())
	key := newClientKey(t)

	t.Run("shell without pty", func(t *testing.T) {
		out := runSession(t, srv.addr, key, false, "")
		wantExit(t, out, 1)
		if !strings.Contains(out.stderr, "ssh -t") {
			t.Errorf("stderr should tell how to connect with ssh -t:\n%s", out.stderr)
		}
	})
	t.Run("command without pty", func(t *testing.T) {
		out := runSession(t, srv.addr, key, false, "foo")
		wantExit(t, out, 2)
		if !strings.Contains(out.stderr, "unknown command") {
			t.Errorf("stderr should say unknown command:\n%s", out.stderr)
		}
	})
	t.Run("command with pty", func(t *testing.T) {
		out := runSession(t, srv.addr, key, true, "foo")
		wantExit(t, out, 2)
		all := out.stdout + out.stderr
		if !strings.Contains(all, "unknown command") {
			t.Errorf("output should say unknown command:\nstdout: %q\nstderr: %q", out.stdout, out.stderr)
		}
		if strings.Contains(all, "All cocktails") || strings.Contains(all, "\x1b[?1049h") {
			t.Errorf("a command with a PTY started the TUI:\nstdout: %q", out.stdout)
		}
	})
}

type sessionOutput struct {
	stdout, stderr string
	err            error
}

// runSession runs a shell (command "") or a command on a new connection,
// with or without a PTY, and waits a bounded time for its end.
func runSession(t *testing.T, addr string, key gossh.Signer, pty bool, command string) sessionOutput {
	t.Helper()
	return sessionOn(t, mustDial(t, addr, "carol", key), pty, command)
}

func wantExit(t *testing.T, out sessionOutput, status int) {
	t.Helper()
	if status == 0 {
		if out.err != nil {
			t.Errorf("session ended with %v, want success; stderr:\n%s", out.err, out.stderr)
		}
		return
	}
	var exitErr *gossh.ExitError
	if !errors.As(out.err, &exitErr) || exitErr.ExitStatus() != status {
		t.Errorf("session ended with %v, want exit status %d; stderr:\n%s", out.err, status, out.stderr)
	}
}

// TestE2EAbsurdWindowSizes shows that a client's window size cannot take
// the server down, and that the TUI follows later resizes.
func TestE2EAbsurdWindowSizes(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())

	const huge = 4294967295 // the largest uint32 a pty-req can carry
	c := startSession(t, srv.addr, "alice", newClientKey(t), huge, huge)
	if err := c.session.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	c.watch()
	waitForScreenFunc(t, c.term, `"All cocktails"`, screenTimeout, func(screen string) bool {
		if !srv.running() {
			t.Fatalf("the server died; its log:\n%s", srv.log)
		}
		return strings.Contains(screen, "All cocktails")
	})

	other := openTUI(t, srv.addr, "bob", newClientKey(t))
	waitForScreen(t, other.term, "All cocktails", screenTimeout)
	if !srv.running() {
		t.Fatalf("the server died; its log:\n%s", srv.log)
	}

	resize(t, c, 1, 1)
	// One cell leaves room for the first letter-cell of the message only.
	waitForScreenFunc(t, c.term, "the too-small screen cut to one cell", screenTimeout, func(s string) bool {
		return strings.TrimSpace(s) == "…"
	})
	resize(t, c, 30, 10)
	waitForScreen(t, c.term, "Make the window bigger", screenTimeout)
	waitForScreen(t, c.term, "this one is 30×10", screenTimeout)
	resize(t, c, 80, 24)
	waitForScreen(t, c.term, "All cocktails", screenTimeout)
	waitForScreen(t, c.term, "Americano", screenTimeout)
	if !srv.running() {
		t.Fatalf("the server died; its log:\n%s", srv.log)
	}
}

func resize(t *testing.T, c *tuiClient, width, height int) {
	t.Helper()
	c.term.resize(width, height)
	if err := c.session.WindowChange(height, width); err != nil {
		t.Fatalf("window change to %dx%d: %v", width, height, err)
	}
}

// TestE2EWindowChangeBeforeShell shows that a window change sent before the
// shell request does not leave the shell request unanswered.
func TestE2EWindowChangeBeforeShell(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())
	c := startSession(t, srv.addr, "alice", newClientKey(t), 80, 24)
	payload := make([]byte, 16)
	binary.BigEndian.PutUint32(payload[0:], 80)  // columns
	binary.BigEndian.PutUint32(payload[4:], 24)  // rows
	binary.BigEndian.PutUint32(payload[8:], 640) // width in pixels
	binary.BigEndian.PutUint32(payload[12:], 384)
	for range 3 { // more than the library's one-slot channel holds
		if _, err := c.session.SendRequest("window-change", false, payload); err != nil {
			t.Fatalf("window change: %v", err)
		}
	}
	shell := make(chan error, 1)
	go func() { shell <- c.session.Shell() }()
	select {
	case err := <-shell:
		if err != nil {
			t.Fatalf("shell: %v", err)
		}
	case <-time.After(screenTimeout):
		_ = c.client.Close()
		t.Fatalf("the shell request got no answer within %v", screenTimeout)
	}
	c.watch()
	waitForScreen(t, c.term, "All cocktails", screenTimeout)
}

// TestE2ECommandLine covers the command line: exit statuses, help and the
// environment variables.
func TestE2ECommandLine(t *testing.T) {
	t.Parallel()
	t.Run("unknown command", func(t *testing.T) {
		res := runBarkeep(t, nil, "brew")
		if res.code != 2 || !strings.Contains(res.stderr, "unknown command") {
			t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and unknown command", res.code, res.stderr)
		}
	})
	t.Run("no command", func(t *testing.T) {
		if res := runBarkeep(t, nil); res.code != 2 {
			t.Errorf("exit %d, want 2", res.code)
		}
	})
	t.Run("unknown flag", func(t *testing.T) {
		res := runBarkeep(t, nil, "serve", "--bogus")
		if res.code != 2 || !strings.Contains(res.stderr, "bogus") {
			t.Errorf("exit %d, stderr:\n%s\nwant exit 2 naming the flag", res.code, res.stderr)
		}
		// The error and a hint, not the whole usage.
		if lines := strings.Split(strings.TrimSpace(res.stderr), "\n"); res.stdout != "" || len(lines) != 2 || !strings.Contains(lines[1], "--help") {
			t.Errorf("serve --bogus printed stdout %q and stderr %q; want two lines on stderr, the second a hint", res.stdout, res.stderr)
		}
	})
	t.Run("version", func(t *testing.T) {
		res := runBarkeep(t, nil, "--version")
		if res.code != 0 || !strings.HasPrefix(res.stdout, "barkeep ") || !strings.Contains(res.stdout, "go1.") {
			t.Errorf("--version: exit %d, stdout %q", res.code, res.stdout)
		}
	})
	t.Run("serve help", func(t *testing.T) {
		res := runBarkeep(t, nil, "serve", "--help")
		if res.code != 0 {
			t.Errorf("exit %d, want 0", res.code)
		}
		// Go's flag package prints flags with one dash and accepts two.
		for _, want := range []string{
			"-addr", "-data", "-catalog", "-authorized-keys",
			"BARKEEP_ADDR", "BARKEEP_DATA", "BARKEEP_CATALOG", "BARKEEP_AUTHORIZED_KEYS",
		} {
			if !strings.Contains(res.stdout, want) {
				t.Errorf("serve --help does not mention %s:\n%s", want, res.stdout)
			}
		}
	})
	t.Run("BARKEEP_ADDR", func(t *testing.T) {
		t.Parallel()
		dataDir := t.TempDir()
		srv := startBarkeep(t, []string{"BARKEEP_ADDR=127.0.0.1:0"}, "serve", "--data", dataDir)
		if strings.HasSuffix(srv.addr, ":23234") {
			t.Fatalf("BARKEEP_ADDR was ignored: listening on the default %s", srv.addr)
		}
		c := openTUI(t, srv.addr, "alice", newClientKey(t))
		waitForScreen(t, c.term, "All cocktails", screenTimeout)
	})
}

// TestE2EDamagedStoreIsRefusedAndKept shows that the server refuses to
// start on a store file it cannot read, names it, and leaves it untouched.
func TestE2EDamagedStoreIsRefusedAndKept(t *testing.T) {
	t.Parallel()
	garbage := make([]byte, 8<<10)
	if _, err := rand.Read(garbage); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{"random bytes": garbage, "empty file": {}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dataDir := t.TempDir()
			file := filepath.Join(dataDir, storeFile)
			if err := os.WriteFile(file, content, 0o600); err != nil {
				t.Fatal(err)
			}
			res := runBarkeep(t, nil, "serve", "--addr", "127.0.0.1:0", "--data", dataDir)
			if res.code == 0 {
				t.Errorf("barkeep serve exited 0 on a damaged store; stderr:\n%s", res.stderr)
			}
			if !strings.Contains(res.stderr, file) {
				t.Errorf("stderr does not name %s:\n%s", file, res.stderr)
			}
			after, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(after, content) {
				t.Errorf("the damaged store file was modified (%d bytes before, %d after)", len(content), len(after))
			}
		})
	}
}
