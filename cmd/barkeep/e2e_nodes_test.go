package main

// Several servers on one PostgreSQL database, through real SSH clients.

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"barkeep/internal/pgtest"

	gossh "golang.org/x/crypto/ssh"
)

// writeHostKey writes a host key that several servers can share.
func writeHostKey(t *testing.T) string {
	t.Helper()
	_, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(private, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "host_key")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// startNode runs a server on the database with the shared host key.
func startNode(t *testing.T, dsn, hostKey string, extraArgs ...string) *serverProc {
	t.Helper()
	return startServer(t, t.TempDir(), append([]string{"--database", dsn, "--host-key", hostKey}, extraArgs...)...)
}

// runCommand runs one command as user with key and returns its output and
// exit status (-1 when the session did not end with one).
func runCommand(t *testing.T, addr, user string, key gossh.Signer, line string) (string, int) {
	t.Helper()
	client, err := dialSSH(addr, user, gossh.PublicKeys(key))
	if err != nil {
		return err.Error(), -1
	}
	defer client.Close()
	session, err := client.NewSession()
	if err != nil {
		return err.Error(), -1
	}
	defer session.Close()
	var out lockedBuffer
	session.Stdout, session.Stderr = &out, &out
	done := make(chan error, 1)
	go func() { done <- session.Run(line) }()
	select {
	case err = <-done:
	case <-time.After(exitTimeout):
		t.Fatalf("%q did not end within %v: %s", line, exitTimeout, out.String())
	}
	var exitErr *gossh.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exitErr):
		return out.String(), exitErr.ExitStatus()
	}
	return out.String() + err.Error(), -1
}

// mustCommand is runCommand for a command that must succeed.
func mustCommand(t *testing.T, addr, user string, key gossh.Signer, line string) string {
	t.Helper()
	out, status := runCommand(t, addr, user, key, line)
	if status != 0 {
		t.Fatalf("%q on %s exited %d: %s", line, addr, status, out)
	}
	return out
}

// likesListed is what "likes --json" lists.
func likesListed(t *testing.T, out string) []string {
	t.Helper()
	var list struct {
		Cocktails []struct {
			ID string `json:"id"`
		} `json:"cocktails"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("likes --json: %v\n%s", err, out)
	}
	var ids []string
	for _, c := range list.Cocktails {
		ids = append(ids, c.ID)
	}
	return ids
}

// hostKeyOf is the host key a server presents.
func hostKeyOf(t *testing.T, addr string, key gossh.Signer) string {
	t.Helper()
	var seen string
	client, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: "probe",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: func(_ string, _ net.Addr, k gossh.PublicKey) error {
			seen = gossh.FingerprintSHA256(k)
			return nil
		},
		Timeout: startTimeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = client.Close()
	return seen
}

// watchNegroni opens a TUI filtered to the Negroni, and waits until it
// shows count and has settled.
func watchNegroni(t *testing.T, addr string, key gossh.Signer, count string) *tuiClient {
	t.Helper()
	c := openTUI(t, addr, "watcher", key)
	filterToNegroni(t, c, count)
	// The session's own messages (the filter's last cursor blink) would
	// repaint the row and hide a missing push; let them pass first.
	time.Sleep(1500 * time.Millisecond)
	return c
}

// Two servers on one database serve one host key; a like on one shows
// live on a screen open on the other, and is read back through either.
func TestE2ETwoNodesShareLikesLive(t *testing.T) {
	t.Parallel()
	dsn, hostKey := pgtest.NewDatabase(t), writeHostKey(t)
	n1, n2 := startNode(t, dsn, hostKey), startNode(t, dsn, hostKey)
	alice, bob := newClientKey(t), newClientKey(t)
	if k1, k2 := hostKeyOf(t, n1.addr, alice), hostKeyOf(t, n2.addr, alice); k1 != k2 {
		t.Fatalf("the nodes serve different host keys: %s and %s", k1, k2)
	}

	b := watchNegroni(t, n2.addr, bob, "♡ 0")
	if out := mustCommand(t, n1.addr, "alice", alice, "like negroni"); !strings.Contains(out, "1 like") {
		t.Errorf("like on node 1: %q", out)
	}
	waitForNegroniRow(t, b.term, "♡ 1") // no key pressed on node 2

	// Bob likes it on node 2's screen; alice reads both through node 2.
	b.press(t, "l")
	waitForNegroniRow(t, b.term, "♥ 2")
	if got := likesListed(t, mustCommand(t, n2.addr, "alice", alice, "likes --json")); !slices.Equal(got, []string{"negroni"}) {
		t.Errorf("alice's likes read through node 2 = %v, want [negroni]", got)
	}
	waitFor(t, "node 1 to count both likes", func() bool {
		return strings.Contains(mustCommand(t, n1.addr, "alice", alice, "show negroni"), "2 likes")
	})
}

// One new key connecting to both servers at once, with different user
// names, ends with one account and one name.
func TestE2ESignUpRaceAcrossNodes(t *testing.T) {
	t.Parallel()
	dsn, hostKey := pgtest.NewDatabase(t), writeHostKey(t)
	nodes := []*serverProc{startNode(t, dsn, hostKey), startNode(t, dsn, hostKey)}
	key := newClientKey(t)
	const tries = 8
	outs := make([]string, tries)
	var wg sync.WaitGroup
	for i := range tries {
		wg.Go(func() {
			out, status := runCommand(t, nodes[i%2].addr, fmt.Sprintf("racer%d", i), key, "whoami")
			if status != 0 {
				t.Errorf("whoami %d exited %d: %s", i, status, out)
			}
			outs[i] = out
		})
	}
	wg.Wait()
	for i, out := range outs {
		if out != outs[0] {
			t.Fatalf("one key, two accounts:\n%s\nand\n%s", outs[0], outs[i])
		}
	}
	if !strings.Contains(outs[0], "name:         racer") {
		t.Fatalf("whoami: %q", outs[0])
	}
	created := strings.Count(nodes[0].log.String(), "new account") + strings.Count(nodes[1].log.String(), "new account")
	if created != 1 {
		t.Errorf("%d sign-ups logged a new account, want 1", created)
	}
}

// A server killed with SIGKILL while clients write through it loses none
// of the writes it acknowledged: the other server reads every one.
func TestE2EKilledNodeLosesNoAcknowledgedWrite(t *testing.T) {
	t.Parallel()
	dsn, hostKey := pgtest.NewDatabase(t), writeHostKey(t)
	victim, survivor := startNode(t, dsn, hostKey), startNode(t, dsn, hostKey)
	var all []string
	var list struct {
		Cocktails []struct {
			ID string `json:"id"`
		} `json:"cocktails"`
	}
	keys := []gossh.Signer{newClientKey(t), newClientKey(t), newClientKey(t), newClientKey(t)}
	if err := json.Unmarshal([]byte(mustCommand(t, victim.addr, "w", keys[0], "list --json")), &list); err != nil {
		t.Fatal(err)
	}
	for _, c := range list.Cocktails {
		all = append(all, c.ID)
	}
	for _, key := range keys[1:] {
		mustCommand(t, victim.addr, "w", key, "whoami")
	}

	acknowledged := make([][]string, len(keys))
	var total sync.WaitGroup
	var mu sync.Mutex
	count := 0
	killed := make(chan struct{})
	var killOnce sync.Once
	for i, key := range keys {
		total.Go(func() {
			for j := i; j < len(all); j += len(keys) {
				out, status := runCommand(t, victim.addr, "w", key, "like "+all[j])
				if status != 0 {
					select {
					case <-killed:
						return // the server is gone: what it did not acknowledge may be lost
					default:
						t.Errorf("like %s exited %d before the kill: %s", all[j], status, out)
						return
					}
				}
				acknowledged[i] = append(acknowledged[i], all[j])
				mu.Lock()
				count++
				if count == 3*len(keys) {
					killOnce.Do(func() {
						close(killed) // first: the writes that fail from now on may
						_ = victim.cmd.Process.Kill()
					})
				}
				mu.Unlock()
			}
		})
	}
	total.Wait()
	select {
	case <-killed:
	default:
		t.Fatal("every like went through before the kill")
	}
	<-victim.exited
	for i, key := range keys {
		want := slices.Sorted(slices.Values(acknowledged[i]))
		waitFor(t, fmt.Sprintf("writer %d's acknowledged likes through the other node", i), func() bool {
			got := likesListed(t, mustCommand(t, survivor.addr, "w", key, "likes --json"))
			slices.Sort(got)
			for _, id := range want {
				if _, found := slices.BinarySearch(got, id); !found {
					return false
				}
			}
			return true
		})
	}
}

// With the database restarted under open sessions, writes fail with the
// "could not save" message (the command exits 1), the sessions stay open
// and go on reading; once the database is back, writes work and likes
// are live again, without a restart of either server.
func TestE2EDatabaseRestartUnderOpenSessions(t *testing.T) {
	t.Parallel()
	db := pgtest.StartServer(t)
	hostKey := writeHostKey(t)
	n1 := startNode(t, db.DSN, hostKey, "--database-timeout", "1s")
	n2 := startNode(t, db.DSN, hostKey, "--database-timeout", "1s")
	alice, bob := newClientKey(t), newClientKey(t)
	mustCommand(t, n2.addr, "alice", alice, "whoami")
	b := watchNegroni(t, n1.addr, bob, "♡ 0")
	mustCommand(t, n2.addr, "alice", alice, "like negroni")
	waitForNegroniRow(t, b.term, "♡ 1")

	db.Stop(t)
	out, status := runCommand(t, n2.addr, "alice", alice, "unlike negroni")
	if status != 1 || !strings.Contains(out, "could not save") {
		t.Errorf("unlike with the database down: exit %d, %q; want 1 and \"could not save\"", status, out)
	}
	b.press(t, "l")
	waitForScreen(t, b.term, "Could not save your like of Negroni", screenTimeout)
	waitForNegroniRow(t, b.term, "♡ 1")
	if out := mustCommand(t, n1.addr, "bob", bob, "show negroni"); !strings.Contains(out, "1 like") {
		t.Errorf("reads with the database down: %q", out)
	}

	db.Start(t)
	waitFor(t, "writes to work again", func() bool {
		_, status := runCommand(t, n2.addr, "alice", alice, "unlike negroni")
		return status == 0
	})
	waitForNegroniRow(t, b.term, "♡ 0") // live again on the other node
	b.press(t, "l")
	waitForNegroniRow(t, b.term, "♥ 1")
	if out := mustCommand(t, n2.addr, "alice", alice, "show negroni"); !strings.Contains(out, "1 like") {
		t.Errorf("node 2 after bob's like on node 1: %q", out)
	}
	for _, n := range []*serverProc{n1, n2} {
		if !strings.Contains(n.log.String(), "change feed back") {
			t.Errorf("a node did not log its feed's return:\n%s", n.log)
		}
	}
}

// A one-machine store carries over: accounts with their names and times,
// likes in their order, bars; a second copy into the same database is
// refused unless asked for, and the file is left as it was.
func TestE2EMigrateFromAStoreFile(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	single := startServer(t, dataDir)
	alice, bob := newClientKey(t), newClientKey(t)
	before := mustCommand(t, single.addr, "alice", alice, "whoami")
	mustCommand(t, single.addr, "bob", bob, "whoami")
	for _, id := range []string{"negroni", "mojito"} {
		mustCommand(t, single.addr, "alice", alice, "like "+id)
		time.Sleep(5 * time.Millisecond) // distinct times
	}
	mustCommand(t, single.addr, "bob", bob, "like negroni")
	mustCommand(t, single.addr, "alice", alice, "bar add gin, campari")
	mustCommand(t, single.addr, "alice", alice, "token create ci")
	tokens := mustCommand(t, single.addr, "alice", alice, "token list")
	single.stop(t)
	file := filepath.Join(dataDir, storeFile)
	original, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	dsn := pgtest.NewDatabase(t)
	res := runBarkeep(t, nil, "migrate", "--from", file, "--to", dsn)
	if res.code != 0 || !strings.Contains(res.stdout, "accounts 2, likes 3, bar ingredients 2, API tokens 1") {
		t.Fatalf("migrate: exit %d\nstdout %s\nstderr %s", res.code, res.stdout, res.stderr)
	}
	res = runBarkeep(t, nil, "migrate", "--from", file, "--to", dsn)
	if res.code != 1 || !strings.Contains(res.stderr, "already holds accounts") || !strings.Contains(res.stderr, "--merge") {
		t.Errorf("a second migrate: exit %d, stderr %q; want a refusal that names --merge", res.code, res.stderr)
	}
	res = runBarkeep(t, nil, "migrate", "--from", file, "--to", dsn, "--merge")
	if res.code != 0 || !strings.Contains(res.stdout, "accounts 0, likes 0, bar ingredients 0, API tokens 0") ||
		!strings.Contains(res.stdout, "kept as they were: accounts 2, likes 3, bar ingredients 2, API tokens 1") {
		t.Errorf("migrate --merge: exit %d\nstdout %s\nstderr %s", res.code, res.stdout, res.stderr)
	}
	if after, _ := os.ReadFile(file); string(after) != string(original) {
		t.Error("migrate changed the store file")
	}

	node := startNode(t, dsn, writeHostKey(t))
	if got := mustCommand(t, node.addr, "someone-else", alice, "whoami"); got != before {
		t.Errorf("whoami after the migration:\n%s\nwant\n%s", got, before)
	}
	if got := likesListed(t, mustCommand(t, node.addr, "alice", alice, "likes --json")); !slices.Equal(got, []string{"mojito", "negroni"}) {
		t.Errorf("alice's likes after the migration = %v, want newest first [mojito negroni]", got)
	}
	if got := mustCommand(t, node.addr, "alice", alice, "bar"); !strings.Contains(got, "campari") || !strings.Contains(got, "gin") {
		t.Errorf("alice's bar after the migration: %q", got)
	}
	if got := mustCommand(t, node.addr, "alice", alice, "token list"); got != tokens || !strings.Contains(got, "ci") {
		t.Errorf("alice's tokens after the migration:\n%s\nwant\n%s", got, tokens)
	}
	if got := mustCommand(t, node.addr, "bob", bob, "show negroni"); !strings.Contains(got, "2 likes") {
		t.Errorf("negroni after the migration: %q", got)
	}
}

func TestE2ENodeSettings(t *testing.T) {
	t.Parallel()
	res := runBarkeep(t, nil, "serve", "--database", "postgres://127.0.0.1:1/none")
	if res.code != exitUsage || !strings.Contains(res.stderr, "--host-key") || !strings.Contains(res.stderr, "REMOTE HOST IDENTIFICATION HAS CHANGED") {
		t.Errorf("--database without --host-key: exit %d, %q; want a refusal that says why", res.code, res.stderr)
	}
	res = runBarkeep(t, []string{"BARKEEP_DATABASE=postgres://127.0.0.1:1/none"}, "serve")
	if res.code != exitUsage || !strings.Contains(res.stderr, "--host-key") {
		t.Errorf("BARKEEP_DATABASE without a host key: exit %d, %q", res.code, res.stderr)
	}
	missing := filepath.Join(t.TempDir(), "no-such-key")
	res = runBarkeep(t, nil, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--host-key", missing)
	if res.code != 1 || !strings.Contains(res.stderr, "does not exist") || !strings.Contains(res.stderr, "ssh-keygen") {
		t.Errorf("a missing --host-key: exit %d, %q; want a refusal saying how to make one", res.code, res.stderr)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a missing --host-key was made")
	}
	res = runBarkeep(t, nil, "serve", "--proxy-protocol", "10.0.0.0/33")
	if res.code != exitUsage || !strings.Contains(res.stderr, "10.0.0.0/33") {
		t.Errorf("a bad --proxy-protocol range: exit %d, %q", res.code, res.stderr)
	}
	res = runBarkeep(t, nil, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(),
		"--host-key", writeHostKey(t), "--database", "postgres://postgres@127.0.0.1:1/none?connect_timeout=2")
	if res.code != 1 || !strings.Contains(res.stderr, "127.0.0.1") {
		t.Errorf("an unreachable database: exit %d, %q", res.code, res.stderr)
	}
}

// Without the database the host key file is optional, and when given it
// is the one served.
func TestE2EHostKeyFileWithoutADatabase(t *testing.T) {
	t.Parallel()
	hostKey := writeHostKey(t)
	dataDir := t.TempDir()
	srv := startServer(t, dataDir, "--host-key", hostKey)
	raw, err := os.ReadFile(hostKey)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	if got := hostKeyOf(t, srv.addr, newClientKey(t)); got != gossh.FingerprintSHA256(signer.PublicKey()) {
		t.Errorf("served host key %s, want the file's %s", got, gossh.FingerprintSHA256(signer.PublicKey()))
	}
	if _, err := os.Stat(filepath.Join(dataDir, hostKeyFile)); err == nil {
		t.Error("a host key was made in the data directory although one was given")
	}
}

func TestE2EBackupInDatabaseModeSaysToUsePgDump(t *testing.T) {
	t.Parallel()
	admin := newClientKey(t)
	keysFile := filepath.Join(t.TempDir(), "admins")
	if err := os.WriteFile(keysFile, gossh.MarshalAuthorizedKey(admin.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	node := startNode(t, pgtest.NewDatabase(t), writeHostKey(t), "--admin-keys", keysFile)
	out, status := runCommand(t, node.addr, "admin", admin, "admin backup")
	if status != 1 || !strings.Contains(out, "pg_dump") {
		t.Errorf("admin backup on a database: exit %d, %q; want 1 and pg_dump", status, out)
	}
}
