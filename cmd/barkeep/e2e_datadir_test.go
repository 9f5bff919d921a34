package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// serveRefused runs "barkeep serve" on dataDir, which must refuse to
// start, and returns its stderr.
func serveRefused(t *testing.T, dataDir string, args ...string) string {
	t.Helper()
	res := runBarkeep(t, nil, append([]string{"serve", "--addr", "127.0.0.1:0", "--data", dataDir}, args...)...)
	if res.code != 1 {
		t.Fatalf("barkeep serve exited %d, want 1; stderr:\n%s", res.code, res.stderr)
	}
	return res.stderr
}

func wantInLog(t *testing.T, log string, parts ...string) {
	t.Helper()
	for _, part := range parts {
		if !strings.Contains(log, part) {
			t.Errorf("the log does not say %q:\n%s", part, log)
		}
	}
}

// chmod sets a mode the umask cannot narrow.
func chmod(t *testing.T, path string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

// startedDataDir is a data directory a server has run on and left.
func startedDataDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	startServer(t, dir).stop(t)
	return dir
}

func TestE2EDataFilesOthersCouldChangeAreRefused(t *testing.T) {
	t.Parallel()
	t.Run("a data directory writable by others", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "data")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		chmod(t, dir, 0o777)
		wantInLog(t, serveRefused(t, dir), "data directory "+dir+" is writable by others (mode 0777); fix it with: chmod 700 "+dir)
	})
	// A data directory a server has run on, with one of its paths opened
	// up: "" is the directory itself.
	for _, tc := range []struct {
		name, file, what string
		mode             os.FileMode
		want             string // the refusal, after the path
	}{
		{"a group-writable data directory", "", "data directory ", 0o770, " is writable by others (mode 0770); fix it with: chmod 700 "},
		{"a host key others can read", hostKeyFile, "host key ", 0o644, " is open to others (mode 0644); fix it with: chmod 600 "},
		{"a store file others can write", storeFile, "store file ", 0o666, " is writable by others (mode 0666); fix it with: chmod 600 "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := startedDataDir(t)
			path := filepath.Join(dir, tc.file)
			chmod(t, path, tc.mode)
			wantInLog(t, serveRefused(t, dir), tc.what+path+tc.want+path)
		})
	}
	t.Run("an authorized keys file others can write", func(t *testing.T) {
		t.Parallel()
		file := keysFile(t, keyLineFor("", newClientKey(t).PublicKey()))
		chmod(t, file, 0o666)
		wantInLog(t, serveRefused(t, t.TempDir(), "--authorized-keys", file),
			"authorized keys file "+file+" is writable by others (mode 0666); fix it with: chmod go-w "+file)
	})
	t.Run("a data directory that belongs to another user", func(t *testing.T) {
		t.Parallel()
		if os.Geteuid() != 0 {
			t.Skip("only root can give a directory to another user")
		}
		dir := startedDataDir(t)
		if err := os.Chown(dir, 4242, 4242); err != nil {
			t.Fatal(err)
		}
		wantInLog(t, serveRefused(t, dir), "data directory "+dir+" belongs to another user (uid 4242, not 0 that runs Barkeep); fix it with: chown 0 "+dir)
	})
}

func TestE2EAStoreFileThatIsASymlinkIsRefused(t *testing.T) {
	t.Parallel()
	t.Run("to a missing file", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "data")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(t.TempDir(), "elsewhere.db")
		link := filepath.Join(dir, storeFile)
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		wantInLog(t, serveRefused(t, dir), "store file "+link+" is a symbolic link (to "+target+")")
		if _, err := os.Lstat(target); !os.IsNotExist(err) {
			t.Errorf("the link's target was created: %v", err)
		}
	})
	t.Run("to a store", func(t *testing.T) {
		t.Parallel()
		dir := startedDataDir(t)
		store := filepath.Join(dir, storeFile)
		moved := filepath.Join(dir, "moved.db")
		if err := os.Rename(store, moved); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(moved, store); err != nil {
			t.Fatal(err)
		}
		wantInLog(t, serveRefused(t, dir), "store file "+store+" is a symbolic link")
	})
}

var hostKeyInLog = regexp.MustCompile(`barkeep started.* host_key=(\S+)`)

func TestE2EHostKeyIsMadeOnceWholeAndPrivate(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	srv := startServer(t, dir)
	srv.stop(t)
	first := hostKeyInLog.FindStringSubmatch(srv.log.String())
	if first == nil {
		t.Fatalf("no host key in the log:\n%s", srv.log)
	}
	private := filepath.Join(dir, hostKeyFile)
	info, err := os.Stat(private)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("the host key's mode is %04o, want 0600", mode)
	}
	pem, err := os.ReadFile(private)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		t.Fatalf("the host key does not parse: %v", err)
	}
	pub, err := os.ReadFile(private + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	if string(pub) != string(gossh.MarshalAuthorizedKey(signer.PublicKey())) {
		t.Errorf("%s.pub is %q, not the host key's public half", hostKeyFile, pub)
	}
	if gossh.FingerprintSHA256(signer.PublicKey()) != first[1] {
		t.Errorf("the server used %s, the file holds %s", first[1], gossh.FingerprintSHA256(signer.PublicKey()))
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}

	// A lost .pub is written again from the key; the key stays.
	if err := os.Remove(private + ".pub"); err != nil {
		t.Fatal(err)
	}
	again := startServer(t, dir)
	again.stop(t)
	if second := hostKeyInLog.FindStringSubmatch(again.log.String()); second == nil || second[1] != first[1] {
		t.Errorf("the host key changed across a restart: %v, then %v", first, second)
	}
	if restored, err := os.ReadFile(private + ".pub"); err != nil || string(restored) != string(pub) {
		t.Errorf("the .pub was not written again: %q, %v", restored, err)
	}
}

func TestE2EAMissingHostKeyBesideItsPublicHalfStopsTheServer(t *testing.T) {
	t.Parallel()
	dir := startedDataDir(t)
	private := filepath.Join(dir, hostKeyFile)
	if err := os.Remove(private); err != nil {
		t.Fatal(err)
	}
	wantInLog(t, serveRefused(t, dir),
		"host key host_ed25519 is missing but host_ed25519.pub is there: restore the private key, or remove "+private+
			".pub to have a new key made (clients will see a changed host key)")
	if _, err := os.Lstat(private); !os.IsNotExist(err) {
		t.Errorf("a new host key was made: %v", err)
	}
}
