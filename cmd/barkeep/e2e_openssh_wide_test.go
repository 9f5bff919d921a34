package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestE2EOpenSSHWideWelcomeRename drives OpenSSH's ssh in a 200x60 tmux
// pane: a new key is welcomed above the list, the selected cocktail's card
// stands beside the list and follows the cursor, the TUI renames the
// account, the next session is not welcomed again, and a rename by command
// reaches it.
func TestE2EOpenSSHWideWelcomeRename(t *testing.T) {
	t.Parallel()
	requireTools(t, "tmux", "ssh", "ssh-keygen")
	srv := startServer(t, t.TempDir())
	ssh := openSSHCommand(t, srv.addr, "root")
	tm := &tmux{socket: "barkeep-e2e-" + randomHex(t), target: "wide"}
	t.Cleanup(func() { _, _ = tm.run("kill-server") })
	// Two sessions one after the other, for the second to be a returning key.
	command := ssh + `; echo "first exited $?"; ` + ssh + `; echo "second exited $?"; sleep 600`
	if out, err := tm.run("-f", "/dev/null", "new-session", "-d", "-s", tm.target, "-x", "200", "-y", "60", "sh", "-c", command); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}

	// The first row's line carries the card's first line: its name.
	cardBesideFirstRow := func(pane, name string) bool {
		for _, line := range strings.Split(pane, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "▸") || strings.HasPrefix(line, "  ") && strings.Contains(line, "♡") {
				return strings.Contains(line, "│ "+name)
			}
		}
		return false
	}
	tm.waitFor(t, "the welcome above the list, and the first cocktail's card beside it", func(s string) bool {
		return strings.Contains(s, "Welcome to Barkeep!") && strings.Contains(s, "signed up as root") &&
			strings.Contains(s, "▸ Alexander") && cardBesideFirstRow(s, "Alexander") && strings.Contains(s, "How to make it")
	})
	tm.sendKeys(t, "j")
	tm.waitFor(t, "the welcome gone and the card following the cursor", func(s string) bool {
		return !strings.Contains(s, "Welcome") && strings.Contains(s, "▸ Amaretto Sour") && cardBesideFirstRow(s, "Amaretto Sour")
	})
	tm.sendKeys(t, "n")
	tm.waitFor(t, "the account page", func(s string) bool { return strings.Contains(s, "New name ›") })
	tm.sendKeys(t, "Dora", "Enter")
	tm.waitFor(t, "the new name in the title bar", func(s string) bool {
		title, ok := lineWith(s, "Barkeep", "Dora")
		return ok && !strings.Contains(title, "root") && strings.Contains(s, "You are Dora now")
	})
	tm.sendKeys(t, "q")
	tm.waitFor(t, "the second session, not welcomed, with the new name", func(s string) bool {
		_, named := lineWith(s, "Barkeep", "Dora")
		return named && strings.Contains(s, "All cocktails") && !strings.Contains(s, "Welcome")
	})
	// A rename by command reaches the open session's title bar.
	if out, err := exec.Command("sh", "-c", ssh+" name Edna").CombinedOutput(); err != nil {
		t.Fatalf("ssh name Edna: %v\n%s", err, out)
	}
	tm.waitFor(t, "the name given by command in the open session's title bar", func(s string) bool {
		title, ok := lineWith(s, "Barkeep", "Edna")
		return ok && !strings.Contains(title, "Dora")
	})
	tm.sendKeys(t, "q")
	tm.waitFor(t, "both sessions' exits", func(s string) bool { return strings.Contains(s, "second exited") })
	if pane := tm.capture(); !strings.Contains(pane, "first exited 0") || !strings.Contains(pane, "second exited 0") {
		t.Errorf("ssh did not exit 0 twice; the pane shows:\n%s", frame(pane))
	}
}
