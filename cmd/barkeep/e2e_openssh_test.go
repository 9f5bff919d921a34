package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// openSSHCommand makes a new key and returns the OpenSSH command line that
// connects with it to addr as user, with a terminal, asking nothing.
func openSSHCommand(t *testing.T, addr, user string) string {
	t.Helper()
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(t.TempDir(), "id")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return fmt.Sprintf("ssh -F /dev/null -tt -p %s -i %s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "+
		"-o IdentitiesOnly=yes -o BatchMode=yes -o LogLevel=ERROR -l %s 127.0.0.1", port, key, user)
}

// TestE2EOpenSSH drives the real ssh client inside a real terminal (a tmux
// pane): what people will actually run.
func TestE2EOpenSSH(t *testing.T) {
	t.Parallel()
	requireTools(t, "tmux", "ssh", "ssh-keygen")
	srv := startServer(t, t.TempDir())
	ssh := openSSHCommand(t, srv.addr, "alice")

	tm := &tmux{socket: "barkeep-e2e-" + randomHex(t), target: "bar"}
	t.Cleanup(func() { _, _ = tm.run("kill-server") })
	// sh reports ssh's exit status in the pane once ssh is gone, and keeps
	// the pane open for it to be read. Given as arguments, the command does
	// not go through the user's shell, which may not be sh.
	command := ssh + `; echo "ssh exited $?"; sleep 600`
	if out, err := tm.run("-f", "/dev/null", "new-session", "-d", "-s", tm.target, "-x", "100", "-y", "30", "sh", "-c", command); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}

	tm.waitFor(t, "the list with alice in the title bar", func(s string) bool {
		_, ok := lineWith(s, "Barkeep", "alice")
		return ok && strings.Contains(s, "All cocktails")
	})
	tm.sendKeys(t, "j")
	tm.waitFor(t, "the second row selected", func(s string) bool { return strings.Contains(s, "▸ Amaretto Sour") })
	tm.sendKeys(t, "Enter")
	tm.waitFor(t, "the Amaretto Sour card", func(s string) bool {
		return strings.Contains(s, "Ingredients") && strings.Contains(s, "amaretto") && !strings.Contains(s, "All cocktails")
	})
	tm.sendKeys(t, "Escape")
	tm.waitFor(t, "the list again", func(s string) bool {
		return strings.Contains(s, "All cocktails") && strings.Contains(s, "▸ Amaretto Sour")
	})
	tm.sendKeys(t, "?")
	// Only the full help lists the page and jump keys.
	tm.waitFor(t, "the full help", func(s string) bool {
		return strings.Contains(s, "page up") && strings.Contains(s, "page down")
	})
	tm.sendKeys(t, "?")
	tm.waitFor(t, "the list again", func(s string) bool { return strings.Contains(s, "All cocktails") })

	tm.resize(t, 40, 12)
	tm.waitFor(t, "the list at the smallest size", func(s string) bool {
		return strings.Contains(s, "All cocktails") && strings.Contains(s, "Amaretto Sour")
	})
	tm.resize(t, 30, 10)
	tm.waitFor(t, "the too-small screen", func(s string) bool { return strings.Contains(s, "Make the window bigger") })
	tm.resize(t, 100, 30)
	tm.waitFor(t, "the list after growing back", func(s string) bool { return strings.Contains(s, "All cocktails") })

	tm.sendKeys(t, "q")
	tm.waitFor(t, "ssh's exit", func(s string) bool { return strings.Contains(s, "ssh exited") })
	if pane := tm.capture(); !strings.Contains(pane, "ssh exited 0") {
		t.Errorf("ssh did not exit 0 after q; the pane shows:\n%s", frame(pane))
	}
}

// requireTools skips when a tool is missing on a developer machine; CI
// installs them, so there a missing tool is a failure.
func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "" {
				t.Skipf("%s is not installed", tool)
			}
			t.Fatalf("%s is not installed (CI must install it): %v", tool, err)
		}
	}
}

func randomHex(t *testing.T) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// tmux drives a tmux server of its own, on a private socket.
type tmux struct {
	socket string
	target string // the session
}

func (tm *tmux) run(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...)
	// Run from inside tmux, the tests must still get a server of their own.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TMUX=") && !strings.HasPrefix(kv, "TMUX_PANE=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func (tm *tmux) capture() string {
	out, err := tm.run("capture-pane", "-p", "-t", tm.target)
	if err != nil {
		return fmt.Sprintf("(capture-pane failed: %v: %s)", err, out)
	}
	return out
}

func (tm *tmux) sendKeys(t *testing.T, keys ...string) {
	t.Helper()
	if out, err := tm.run(append([]string{"send-keys", "-t", tm.target}, keys...)...); err != nil {
		t.Fatalf("tmux send-keys %q: %v\n%s", keys, err, out)
	}
}

func (tm *tmux) resize(t *testing.T, width, height int) {
	t.Helper()
	out, err := tm.run("resize-window", "-t", tm.target, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height))
	if err != nil {
		t.Fatalf("tmux resize-window %dx%d: %v\n%s", width, height, err, out)
	}
}

// waitFor polls the pane until ok accepts what it shows.
func (tm *tmux) waitFor(t *testing.T, what string, ok func(pane string) bool) {
	t.Helper()
	deadline := time.Now().Add(screenTimeout)
	for {
		pane := tm.capture()
		if ok(pane) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the pane did not show %s within %v; it shows:\n%s", what, screenTimeout, frame(pane))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
