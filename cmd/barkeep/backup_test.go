package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestE2EBackupWhileServingRestoresAsAStore takes "admin backup" over SSH
// while members like cocktails, checks it with "barkeep check", and starts
// a server on it in a fresh data directory: every like acknowledged before
// the backup began is there, nothing else is.
func TestE2EBackupWhileServingRestoresAsAStore(t *testing.T) {
	t.Parallel()
	admin := newClientKey(t)
	adminKeys := filepath.Join(t.TempDir(), "admin_keys")
	if err := os.WriteFile(adminKeys, gossh.MarshalAuthorizedKey(admin.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	srv := startServer(t, dataDir, "--admin-keys", adminKeys)
	adminClient := mustDial(t, srv.addr, "admin", admin)
	cocktails := allCocktails(t, adminClient)

	// Members like one cocktail after another until told to stop.
	type member struct {
		key   gossh.Signer
		liked []string // acknowledged, in order
		mu    sync.Mutex
	}
	members := make([]*member, 3)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for i := range members {
		m := &member{key: newClientKey(t)}
		members[i] = m
		client := mustDial(t, srv.addr, "member", m.key)
		wg.Go(func() {
			for j := i; !stop.Load() && j < len(cocktails); j += len(members) {
				if res := crashRunOn(client, "like "+cocktails[j]); res.status != 0 {
					t.Errorf("like %s: status %d, %v, stderr %q", cocktails[j], res.status, res.err, res.stderr)
					return
				}
				m.mu.Lock()
				m.liked = append(m.liked, cocktails[j])
				m.mu.Unlock()
			}
		})
	}
	likedSoFar := func(m *member) []string {
		m.mu.Lock()
		defer m.mu.Unlock()
		return append([]string(nil), m.liked...)
	}
	// Wait for the likes to flow, then take the backup in their midst.
	flowing := func() bool {
		for _, m := range members {
			if len(likedSoFar(m)) < 2 {
				return false
			}
		}
		return true
	}
	for deadline := time.Now().Add(screenTimeout); !flowing(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the members' likes did not flow within %v", screenTimeout)
		}
	}
	before := make([][]string, len(members))
	for i, m := range members {
		before[i] = likedSoFar(m)
	}
	backup := crashRunOn(adminClient, "admin backup")
	stop.Store(true)
	wg.Wait()
	if backup.status != 0 || len(backup.stdout) == 0 {
		t.Fatalf("admin backup: status %d, %v, %d bytes, stderr %q", backup.status, backup.err, len(backup.stdout), backup.stderr)
	}
	backupFile := filepath.Join(t.TempDir(), "barkeep.bak")
	if err := os.WriteFile(backupFile, []byte(backup.stdout), 0o600); err != nil {
		t.Fatal(err)
	}

	check := runBarkeep(t, nil, "check", backupFile)
	if check.code != 0 || !strings.Contains(check.stdout, backupFile+": ok, 4 accounts") {
		t.Fatalf("barkeep check of the backup: exit %d, stdout %q, stderr %q; want ok and 4 accounts", check.code, check.stdout, check.stderr)
	}
	// The live store is the server's: check says so, and does not wait.
	live := runBarkeep(t, nil, "check", filepath.Join(dataDir, storeFile))
	if live.code != 1 || !strings.Contains(live.stderr, "in use") {
		t.Errorf("barkeep check of the store in use: exit %d, stderr %q; want 1 and \"in use\"", live.code, live.stderr)
	}

	restored := t.TempDir()
	if err := os.WriteFile(filepath.Join(restored, storeFile), []byte(backup.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	srv2 := startServer(t, restored)
	for i, m := range members {
		res := crashRunOn(mustDial(t, srv2.addr, "member", m.key), "likes --json")
		var likes cocktailsJSON
		if res.status != 0 || json.Unmarshal([]byte(res.stdout), &likes) != nil {
			t.Fatalf("likes --json on the restored store: status %d, %v", res.status, res.err)
		}
		got := map[string]bool{}
		for _, l := range likes.Cocktails {
			got[l.ID] = true
		}
		for _, id := range before[i] {
			if !got[id] {
				t.Errorf("member %d: the like of %s, acknowledged before the backup, is not in it", i, id)
			}
		}
		all := map[string]bool{}
		for j := i; j < len(cocktails); j += len(members) {
			all[cocktails[j]] = true
		}
		for id := range got {
			if !all[id] {
				t.Errorf("member %d: the restored store has a like of %s, never asked for", i, id)
			}
		}
		t.Logf("member %d: %d likes before the backup, %d in it, %d in all", i, len(before[i]), len(got), len(likedSoFar(m)))
	}
}

// TestE2ECheckCommand: "barkeep check" on sound, damaged and missing
// files: the exit status, the message, and the file left as it was.
func TestE2ECheckCommand(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	srv := startServer(t, dataDir)
	wantExit(t, runSession(t, srv.addr, newClientKey(t), false, "like negroni"), 0)
	srv.stop(t)
	file := filepath.Join(dataDir, storeFile)
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	ok := runBarkeep(t, nil, "check", file)
	if ok.code != 0 || !strings.Contains(ok.stdout, file+": ok, 1 accounts, 1 likes") {
		t.Errorf("check of a sound store: exit %d, stdout %q, stderr %q", ok.code, ok.stdout, ok.stderr)
	}

	damaged := filepath.Join(t.TempDir(), "damaged.db")
	if err := os.WriteFile(damaged, raw[:3*4096], 0o600); err != nil {
		t.Fatal(err)
	}
	bad := runBarkeep(t, nil, "check", damaged)
	if bad.code != 1 || !strings.Contains(bad.stderr, damaged) {
		t.Errorf("check of a cut store: exit %d, stderr %q; want 1 naming the file", bad.code, bad.stderr)
	}
	if after, _ := os.ReadFile(damaged); !bytes.Equal(after, raw[:3*4096]) {
		t.Error("check changed the damaged file")
	}
	// The server refuses it the same way, and leaves it too.
	serveDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(serveDir, storeFile), raw[:3*4096], 0o600); err != nil {
		t.Fatal(err)
	}
	serve := runBarkeep(t, nil, "serve", "--addr", "127.0.0.1:0", "--data", serveDir)
	if serve.code == 0 || !strings.Contains(serve.stderr, filepath.Join(serveDir, storeFile)) || !strings.Contains(serve.stderr, "move it away") {
		t.Errorf("serve on a cut store: exit %d, stderr %q; want a refusal naming the file and what to do", serve.code, serve.stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(serveDir, storeFile)); !bytes.Equal(after, raw[:3*4096]) {
		t.Error("serve changed the damaged file")
	}

	missing := filepath.Join(t.TempDir(), "missing.db")
	if res := runBarkeep(t, nil, "check", missing); res.code != 1 || !strings.Contains(res.stderr, missing) {
		t.Errorf("check of a missing file: exit %d, stderr %q", res.code, res.stderr)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("check created %s", missing)
	}
}
