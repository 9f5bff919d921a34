package main

import (
	"strings"
	"testing"
)

// TestE2ENameAndTheLog renames an account with the name command and reads
// the log: connect and disconnect carry the account's name and the SSH
// user name, and the "none" every client tries first is not news.
func TestE2ENameAndTheLog(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())
	key := newClientKey(t)
	renamed := runSession(t, srv.addr, key, false, "name Dora Maar")
	wantExit(t, renamed, 0)
	if !strings.Contains(renamed.stdout, "name:         Dora Maar") {
		t.Errorf("name printed %q", renamed.stdout)
	}
	who := runSession(t, srv.addr, key, false, "whoami --json")
	wantExit(t, who, 0)
	if !strings.Contains(who.stdout, `"name": "Dora Maar"`) {
		t.Errorf("whoami --json after the rename printed %q", who.stdout)
	}
	bad := runSession(t, srv.addr, key, false, "name ''")
	wantExit(t, bad, 1)
	if !strings.Contains(bad.stderr, "a name cannot be blank") {
		t.Errorf("a blank name: stderr %q", bad.stderr)
	}

	log := srv.log.String()
	var connect, disconnect bool
	for _, line := range strings.Split(log, "\n") {
		named := strings.Contains(line, `account="Dora Maar"`) && strings.Contains(line, "user=carol")
		connect = connect || strings.Contains(line, "msg=connect") && named
		disconnect = disconnect || strings.Contains(line, "msg=disconnect") && named
		if strings.Contains(line, "auth refused") && strings.Contains(line, "method=none") {
			t.Errorf("the auth with none every client tries first is logged at info: %s", line)
		}
	}
	if !connect || !disconnect {
		t.Errorf("no connect and disconnect lines with the account's name and the user name; the log:\n%s", log)
	}
}
