package main

import (
	"crypto/rand"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// keysFile writes an authorized_keys file of lines and returns its path.
func keysFile(t *testing.T, lines ...string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "authorized_keys")
	writeKeysFile(t, file, lines...)
	return file
}

// writeKeysFile replaces file whole, as an editor that renames does.
func writeKeysFile(t *testing.T, file string, lines ...string) {
	t.Helper()
	tmp := file + ".new"
	if err := os.WriteFile(tmp, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
}

// keyLineFor is key's authorized_keys line with options before it.
func keyLineFor(options string, key gossh.PublicKey) string {
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key)))
	if options == "" {
		return line
	}
	return options + " " + line
}

// dialFrom connects from a given loopback address, as a client elsewhere
// would, and authenticates.
func dialFrom(local, addr, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	dialer := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: startTimeout}
	conn, err := dialer.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: startTimeout,
	})
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	return gossh.NewClient(c, chans, reqs), nil
}

// wantRefused fails unless the key (or certificate) cannot get in.
func wantRefused(t *testing.T, what, addr, user string, signer gossh.Signer) {
	t.Helper()
	client, err := dialSSH(addr, user, gossh.PublicKeys(signer))
	if err == nil {
		_ = client.Close()
		t.Errorf("%s got in", what)
	}
}

// sessionOn runs a shell (command "") or a command on an open connection,
// with or without a PTY, and waits a bounded time for its end.
func sessionOn(t *testing.T, client *gossh.Client, pty bool, command string) sessionOutput {
	t.Helper()
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	var stdout, stderr lockedBuffer
	session.Stdout, session.Stderr = &stdout, &stderr
	if pty {
		if err := session.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
	}
	if command == "" {
		err = session.Shell()
	} else {
		err = session.Start(command)
	}
	if err != nil {
		t.Fatalf("start %q: %v", command, err)
	}
	done := make(chan error, 1)
	go func() { done <- session.Wait() }()
	select {
	case err = <-done:
	case <-time.After(exitTimeout):
		_ = client.Close()
		t.Fatalf("session %q did not end within %v; stdout %q, stderr %q", command, exitTimeout, stdout.String(), stderr.String())
	}
	return sessionOutput{stdout: stdout.String(), stderr: stderr.String(), err: err}
}

func TestE2EAllowlistHonoursFromAndExpiryTime(t *testing.T) {
	t.Parallel()
	elsewhere, loopback, pattern, expired, current := newClientKey(t), newClientKey(t), newClientKey(t), newClientKey(t), newClientKey(t)
	file := keysFile(t,
		keyLineFor(`from="10.9.9.9"`, elsewhere.PublicKey()),
		keyLineFor(`from="127.0.0.0/8,!127.0.0.2"`, loopback.PublicKey()),
		keyLineFor(`from="127.0.0.?"`, pattern.PublicKey()),
		keyLineFor(`expiry-time="20200101"`, expired.PublicKey()),
		keyLineFor(`expiry-time="20991231235959Z"`, current.PublicKey()),
		// A second line for the same key lets it in where the first does not.
		keyLineFor(`from="127.0.0.3"`, elsewhere.PublicKey()),
	)
	srv := startServer(t, t.TempDir(), "--authorized-keys", file)

	wantRefused(t, `a key marked from="10.9.9.9", from 127.0.0.1,`, srv.addr, "a", elsewhere)
	wantRefused(t, `a key marked expiry-time="20200101"`, srv.addr, "a", expired)
	for name, key := range map[string]gossh.Signer{"from 127.0.0.0/8": loopback, "from 127.0.0.?": pattern, "expiring in 2099": current} {
		if out, err := runOn(mustDial(t, srv.addr, "member", key), "whoami"); err != nil || !strings.Contains(out, "member") {
			t.Errorf("the key %s: %q, %v", name, out, err)
		}
	}
	if client, err := dialFrom("127.0.0.2", srv.addr, "a", gossh.PublicKeys(loopback)); err == nil {
		_ = client.Close()
		t.Error(`a key marked from="127.0.0.0/8,!127.0.0.2" got in from 127.0.0.2`)
	}
	client, err := dialFrom("127.0.0.3", srv.addr, "a", gossh.PublicKeys(elsewhere))
	if err != nil {
		t.Fatalf("the key's second line lets it in from 127.0.0.3: %v", err)
	}
	_ = client.Close()
	for _, reason := range []string{file + ` line 1: from= does not let 127.0.0.1 in`, file + " line 4: the key expired"} {
		waitFor(t, reason+" in the log", func() bool { return strings.Contains(srv.log.String(), reason) })
	}
}

func TestE2EForcedCommandsAndNoPTY(t *testing.T) {
	t.Parallel()
	forced, noPTY, restrictedPTY := newClientKey(t), newClientKey(t), newClientKey(t)
	file := keysFile(t,
		keyLineFor(`restrict,command="whoami"`, forced.PublicKey()),
		keyLineFor(`no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc`, noPTY.PublicKey()),
		keyLineFor(`restrict,pty`, restrictedPTY.PublicKey()),
	)
	srv := startServer(t, t.TempDir(), "--authorized-keys", file)

	t.Run("command= runs whatever the client asks for", func(t *testing.T) {
		client := mustDial(t, srv.addr, "forced", forced)
		for _, asked := range []struct {
			pty     bool
			command string
		}{{false, "list"}, {true, "list"}, {true, ""}, {false, ""}, {false, "admin backup"}} {
			out := sessionOn(t, client, asked.pty, asked.command)
			wantExit(t, out, 0)
			if !strings.Contains(out.stdout, "fingerprint:") || strings.Contains(out.stdout, "Negroni") {
				t.Errorf("pty %v, command %q: got %q, want whoami's output", asked.pty, asked.command, out.stdout)
			}
		}
		waitFor(t, "the forced command in the log", func() bool {
			return strings.Contains(srv.log.String(), `msg="forced command"`) && strings.Contains(srv.log.String(), "asked=list")
		})
	})
	t.Run("no-pty runs commands but opens no TUI", func(t *testing.T) {
		client := mustDial(t, srv.addr, "nopty", noPTY)
		out := sessionOn(t, client, true, "")
		wantExit(t, out, 1)
		if !strings.Contains(out.stderr, "may run commands only") || strings.Contains(out.stdout, "All cocktails") {
			t.Errorf("a no-pty key opening the TUI: stdout %q, stderr %q", out.stdout, out.stderr)
		}
		out = sessionOn(t, client, false, "show negroni")
		wantExit(t, out, 0)
		if !strings.Contains(out.stdout, "Negroni") {
			t.Errorf("a no-pty key's command: %q", out.stdout)
		}
	})
	t.Run("pty after restrict gives the TUI back", func(t *testing.T) {
		c := openTUI(t, srv.addr, "back", restrictedPTY)
		waitForScreen(t, c.term, "All cocktails", screenTimeout)
	})
}

// userCert is a certificate for key signed by ca.
func userCert(t *testing.T, ca, key gossh.Signer, principals []string, from, until time.Time, critical, extensions map[string]string) gossh.Signer {
	t.Helper()
	cert := &gossh.Certificate{
		Key:             key.PublicKey(),
		Serial:          uint64(time.Now().UnixNano()),
		CertType:        gossh.UserCert,
		KeyId:           "test certificate",
		ValidPrincipals: principals,
		ValidAfter:      uint64(from.Unix()),
		ValidBefore:     uint64(until.Unix()),
		Permissions:     gossh.Permissions{CriticalOptions: critical, Extensions: extensions},
	}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewCertSigner(cert, key)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

func TestE2ECertificatesSignedByAListedAuthority(t *testing.T) {
	t.Parallel()
	ca, opsCA, unlisted := newClientKey(t), newClientKey(t), newClientKey(t)
	file := keysFile(t,
		keyLineFor("cert-authority", ca.PublicKey()),
		keyLineFor(`cert-authority,principals="ops,oncall"`, opsCA.PublicKey()),
	)
	srv := startServer(t, t.TempDir(), "--authorized-keys", file)
	now := time.Now()
	hourAgo, inAnHour := now.Add(-time.Hour), now.Add(time.Hour)
	pty := map[string]string{"permit-pty": ""}
	key := newClientKey(t)

	alice := userCert(t, ca, key, []string{"alice"}, hourAgo, inAnHour, nil, pty)
	out, err := runOn(mustDial(t, srv.addr, "alice", alice), "whoami")
	if err != nil {
		t.Fatalf("a valid certificate: %v", err)
	}
	// The account is the certified key's, whatever certificate carries it.
	if want := gossh.FingerprintSHA256(key.PublicKey()); !strings.Contains(out, want) {
		t.Errorf("whoami with a certificate: %q, want the certified key's fingerprint %s", out, want)
	}
	renewed := userCert(t, ca, key, []string{"alice"}, now.Add(-time.Minute), now.Add(2*time.Hour), nil, pty)
	if again, err := runOn(mustDial(t, srv.addr, "alice", renewed), "whoami"); err != nil || again != out {
		t.Errorf("a renewed certificate is another account: %q, %v; before: %q", again, err, out)
	}
	c := openTUI(t, srv.addr, "alice", alice)
	waitForScreen(t, c.term, "All cocktails", screenTimeout)

	wantRefused(t, "a certificate for alice used as bob", srv.addr, "bob", alice)
	wantRefused(t, "an expired certificate", srv.addr, "alice", userCert(t, ca, key, []string{"alice"}, now.Add(-2*time.Hour), hourAgo, nil, pty))
	wantRefused(t, "a certificate not valid yet", srv.addr, "alice", userCert(t, ca, key, []string{"alice"}, inAnHour, now.Add(2*time.Hour), nil, pty))
	wantRefused(t, "the authority's own key", srv.addr, "alice", ca)
	wantRefused(t, "the certified key without its certificate", srv.addr, "alice", key)
	wantRefused(t, "a certificate from an unlisted authority", srv.addr, "alice", userCert(t, unlisted, key, []string{"alice"}, hourAgo, inAnHour, nil, pty))
	wantRefused(t, "a certificate with an unknown critical option", srv.addr, "alice",
		userCert(t, ca, key, []string{"alice"}, hourAgo, inAnHour, map[string]string{"verify-required": ""}, pty))
	wantRefused(t, "a certificate whose source-address excludes the client", srv.addr, "alice",
		userCert(t, ca, key, []string{"alice"}, hourAgo, inAnHour, map[string]string{"source-address": "10.0.0.0/8"}, pty))

	t.Run("principals= on the line replaces the user name", func(t *testing.T) {
		ops := userCert(t, opsCA, key, []string{"oncall"}, hourAgo, inAnHour, nil, pty)
		if _, err := runOn(mustDial(t, srv.addr, "carol", ops), "whoami"); err != nil {
			t.Errorf("a certificate for oncall as carol: %v", err)
		}
		wantRefused(t, `a certificate for alice under principals="ops,oncall"`, srv.addr, "alice",
			userCert(t, opsCA, key, []string{"alice"}, hourAgo, inAnHour, nil, pty))
	})
	t.Run("a certificate without permit-pty runs commands only", func(t *testing.T) {
		client := mustDial(t, srv.addr, "alice", userCert(t, ca, key, []string{"alice"}, hourAgo, inAnHour, nil, nil))
		out := sessionOn(t, client, true, "")
		wantExit(t, out, 1)
		if !strings.Contains(out.stderr, "may run commands only") {
			t.Errorf("stderr %q", out.stderr)
		}
		wantExit(t, sessionOn(t, client, false, "whoami"), 0)
	})
	t.Run("force-command in the certificate runs instead", func(t *testing.T) {
		client := mustDial(t, srv.addr, "alice",
			userCert(t, ca, key, []string{"alice"}, hourAgo, inAnHour, map[string]string{"force-command": "whoami"}, pty))
		out := sessionOn(t, client, false, "list")
		wantExit(t, out, 0)
		if !strings.Contains(out.stdout, "fingerprint:") {
			t.Errorf("got %q, want whoami's output", out.stdout)
		}
	})
	waitFor(t, "a certificate refusal in the log", func() bool {
		return strings.Contains(srv.log.String(), `principal \"bob\" not in the set of valid principals`)
	})
}

func TestE2EAuthorizedKeysOptionsBarkeepCannotHonourStopTheServer(t *testing.T) {
	t.Parallel()
	key := keyLineFor("", newClientKey(t).PublicKey())
	for _, tc := range []struct {
		line, want string
	}{
		{`environment="A=b" ` + key, "line 2: option environment is not supported"},
		{`permitopen="localhost:80" ` + key, "line 2: option permitopen is not supported"},
		{`tunnel="0" ` + key, "line 2: option tunnel is not supported"},
		{`port-forwarding ` + key, "line 2: option port-forwarding is not supported"},
		{`verify-required ` + key, "line 2: option verify-required is not supported"},
		{`frobnicate ` + key, "line 2: option frobnicate is not supported"},
		{`from="*.example.com" ` + key, "line 2: option from: \\\"*.example.com\\\" is not an address"},
		{`principals="alice" ` + key, "line 2: option principals is only for cert-authority lines"},
		{`expiry-time="tomorrow" ` + key, "line 2: option expiry-time"},
	} {
		file := keysFile(t, "# members", tc.line)
		res := runBarkeep(t, nil, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--authorized-keys", file)
		if res.code != 1 || !strings.Contains(res.stderr, file) || !strings.Contains(res.stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant exit 1 naming %s and %q", tc.line[:20], res.code, res.stderr, file, tc.want)
		}
	}
}

func TestE2EAdminKeysHonourTheirOptions(t *testing.T) {
	t.Parallel()
	admin, elsewhere, expired := newClientKey(t), newClientKey(t), newClientKey(t)
	adminFile := keysFile(t,
		keyLineFor(`from="127.0.0.1"`, admin.PublicKey()),
		keyLineFor(`from="10.9.9.9"`, elsewhere.PublicKey()),
		keyLineFor(`expiry-time="20200101"`, expired.PublicKey()),
	)
	srv := startServer(t, t.TempDir(), "--admin-keys", adminFile)
	if out := sessionOn(t, mustDial(t, srv.addr, "admin", admin), false, "admin backup"); out.err != nil || len(out.stdout) == 0 {
		t.Errorf("the admin's backup: %v, %d bytes, stderr %q", out.err, len(out.stdout), out.stderr)
	}
	for name, key := range map[string]gossh.Signer{`from="10.9.9.9"`: elsewhere, "expired": expired} {
		client := mustDial(t, srv.addr, "member", key) // open sign-up: still a member
		out := sessionOn(t, client, false, "admin backup")
		wantExit(t, out, 1)
		if !strings.Contains(out.stderr, "admin commands are for the keys listed") {
			t.Errorf("an admin line marked %s made an admin: stderr %q", name, out.stderr)
		}
	}
	for _, reason := range []string{adminFile + ` line 2: from= does not let 127.0.0.1 in`, adminFile + " line 3: the key expired"} {
		waitFor(t, reason+" in the log", func() bool {
			return strings.Contains(srv.log.String(), `msg="admin rights refused"`) && strings.Contains(srv.log.String(), reason)
		})
	}
}

func TestE2ESIGHUPReloadsTheKeysAndKeepsSessions(t *testing.T) {
	t.Parallel()
	first, second := newClientKey(t), newClientKey(t)
	members := keysFile(t, keyLineFor("", first.PublicKey()))
	admins := keysFile(t, "# no admins yet")
	srv := startServer(t, t.TempDir(), "--authorized-keys", members, "--admin-keys", admins)
	open := openTUI(t, srv.addr, "first", first)
	waitForScreen(t, open.term, "All cocktails", screenTimeout)
	wantRefused(t, "the second key before the reload", srv.addr, "second", second)

	hangUp := func(want string) {
		t.Helper()
		before := strings.Count(srv.log.String(), want)
		if err := srv.cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		waitFor(t, want+" in the log", func() bool { return strings.Count(srv.log.String(), want) > before })
	}
	writeKeysFile(t, members, keyLineFor("", second.PublicKey()))
	writeKeysFile(t, admins, keyLineFor("", second.PublicKey()))
	hangUp(`msg="keys reloaded"`)
	client := mustDial(t, srv.addr, "second", second)
	if out := sessionOn(t, client, false, "admin backup"); out.err != nil {
		t.Errorf("the second key, now an admin: %v, stderr %q", out.err, out.stderr)
	}
	wantRefused(t, "the first key after it was removed", srv.addr, "first", first)
	open.press(t, "j")
	waitForScreen(t, open.term, "▸ Amaretto Sour", screenTimeout)

	writeKeysFile(t, members, "ssh-ed25519 not-base64!")
	hangUp(`msg="reload refused; the keys in force stay"`)
	if !strings.Contains(srv.log.String(), members+" line 1") {
		t.Errorf("the refused reload does not name the line:\n%s", srv.log)
	}
	if _, err := runOn(mustDial(t, srv.addr, "second", second), "whoami"); err != nil {
		t.Errorf("a bad reload dropped the keys in force: %v", err)
	}
	if !srv.running() {
		t.Fatal("SIGHUP stopped the server")
	}
}

// TestE2EAKeyOnlyOfferedGrantsNothing drives OpenSSH's ssh with a
// passphrase-protected key first: ssh offers it, the server accepts the
// offer, ssh cannot sign without the passphrase and authenticates with the
// next key. Only that next key's line may count.
func TestE2EAKeyOnlyOfferedGrantsNothing(t *testing.T) {
	t.Parallel()
	requireTools(t, "ssh", "ssh-keygen")
	dir := t.TempDir()
	offered, used := filepath.Join(dir, "offered"), filepath.Join(dir, "used")
	for key, passphrase := range map[string]string{offered: "a passphrase ssh is never given", used: ""} {
		if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-f", key).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v\n%s", err, out)
		}
	}
	publicKey := func(file string) string {
		line, err := os.ReadFile(file + ".pub")
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(line))
	}
	members := keysFile(t, `command="whoami" `+publicKey(offered), publicKey(used))
	admins := keysFile(t, publicKey(offered))
	srv := startServer(t, t.TempDir(), "--authorized-keys", members, "--admin-keys", admins)
	_, port, _ := net.SplitHostPort(srv.addr)
	ssh := func(command string) (stdout, stderr string, err error) {
		cmd := exec.Command("ssh", "-F", "/dev/null", "-p", port, "-i", offered, "-i", used,
			"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
			"-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-l", "member", "127.0.0.1", command)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err = cmd.Run()
		return out.String(), errOut.String(), err
	}
	stdout, stderr, err := ssh("show negroni")
	if err != nil || !strings.Contains(stdout, "Negroni") {
		t.Errorf("the offered key's command= was applied: %v, stdout %q, stderr %q", err, stdout, stderr)
	}
	_, stderr, err = ssh("admin backup")
	if err == nil || !strings.Contains(stderr, "admin commands are for the keys listed") {
		t.Errorf("the offered key's admin line was applied: %v, stderr %q", err, stderr)
	}
	stdout, _, _ = ssh("whoami")
	fingerprint, err := exec.Command("ssh-keygen", "-l", "-f", used+".pub").Output()
	if err != nil {
		t.Fatal(err)
	}
	if f := strings.Fields(string(fingerprint)); len(f) < 2 || !strings.Contains(stdout, f[1]) {
		t.Errorf("the account is not the used key's %q: %q", fingerprint, stdout)
	}
}
