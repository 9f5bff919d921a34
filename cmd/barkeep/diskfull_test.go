//go:build linux

package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"barkeep/internal/tmpfs"
	"barkeep/store"

	gossh "golang.org/x/crypto/ssh"
)

// A full disk and a file-size limit make commits fail. A write that fails
// must be reported (exit status 1, "could not save ... try again"), must
// not show as done, must not stop the server or its reads, and must work
// once there is room again; what was acknowledged stays.

// fillDisk writes a file into dir until the file system is full, and
// returns it.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatalf("create filler: %v", err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill the disk: %v", err)
			}
			return path
		}
	}
}

// limitFileSize sets the soft RLIMIT_FSIZE of a running process; a file it
// would grow beyond that fails with EFBIG (Go ignores SIGXFSZ).
func limitFileSize(t *testing.T, pid int, size uint64) {
	t.Helper()
	var old syscall.Rlimit
	if _, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_FSIZE, 0, uintptr(unsafe.Pointer(&old)), 0, 0); errno != 0 {
		t.Skipf("prlimit is not allowed here: %v", errno)
	}
	limit := syscall.Rlimit{Cur: size, Max: old.Max}
	if _, _, errno := syscall.RawSyscall6(syscall.SYS_PRLIMIT64, uintptr(pid), syscall.RLIMIT_FSIZE, uintptr(unsafe.Pointer(&limit)), 0, 0, 0); errno != 0 {
		t.Fatalf("prlimit RLIMIT_FSIZE=%d: %v", size, errno)
	}
}

// likeUntilRefused likes one cocktail after another until the server
// refuses to save one, and returns the acknowledged ones and the refused
// one. Each refusal must be a proper one.
func likeUntilRefused(t *testing.T, srv *serverProc, client *gossh.Client, cocktails []string) (liked []string, refused string) {
	t.Helper()
	for _, id := range cocktails {
		res := crashRunOn(client, "like "+id)
		switch {
		case res.status == 0:
			liked = append(liked, id)
			continue
		case res.status != 1:
			t.Fatalf("like %s: status %d, %v, stderr %q; want 0, or 1 when it cannot be saved; the server's log:\n%s", id, res.status, res.err, res.stderr, srv.log)
		}
		if !strings.Contains(res.stderr, "could not save") || !strings.Contains(res.stderr, "try again") {
			t.Errorf("a like that could not be saved says %q, want \"could not save ... try again\"", res.stderr)
		}
		if strings.Contains(res.stdout, "Liked") {
			t.Errorf("a like that could not be saved printed %q", res.stdout)
		}
		t.Logf("after %d likes saved, like %s: %s", len(liked), id, strings.TrimSpace(res.stderr))
		return liked, id
	}
	t.Fatalf("%d likes were all saved: the disk never filled up", len(cocktails))
	return nil, ""
}

// allCocktails lists the catalog's cocktail ids, in order.
func allCocktails(t *testing.T, client *gossh.Client) []string {
	t.Helper()
	res := crashRunOn(client, "list --json")
	var list cocktailsJSON
	if res.status != 0 || json.Unmarshal([]byte(res.stdout), &list) != nil {
		t.Fatalf("list --json: status %d, %v", res.status, res.err)
	}
	var ids []string
	for _, c := range list.Cocktails {
		ids = append(ids, c.ID)
	}
	return ids
}

// wantLikes requires the account's likes to be exactly these.
func wantLikes(t *testing.T, client *gossh.Client, want []string, when string) {
	t.Helper()
	res := crashRunOn(client, "likes --json")
	if res.status != 0 {
		t.Fatalf("%s: likes --json: status %d, %v, stderr %q", when, res.status, res.err, res.stderr)
	}
	var likes cocktailsJSON
	if err := json.Unmarshal([]byte(res.stdout), &likes); err != nil {
		t.Fatalf("%s: likes --json: %v", when, err)
	}
	got := map[string]bool{}
	for _, l := range likes.Cocktails {
		got[l.ID] = true
		if l.Likes != 1 {
			t.Errorf("%s: %s shows %d likes, want 1", when, l.ID, l.Likes)
		}
	}
	for _, id := range want {
		if !got[id] {
			t.Errorf("%s: the acknowledged like of %s is missing", when, id)
		}
		delete(got, id)
	}
	for id := range got {
		t.Errorf("%s: %s shows as liked, but was never acknowledged", when, id)
	}
}

// exerciseFailingWrites drives one member through writes failing and
// working again, with makeRoom giving the room back.
func exerciseFailingWrites(t *testing.T, srv *serverProc, dataDir string, makeRoom func()) {
	t.Helper()
	key := newClientKey(t)
	client := mustDial(t, srv.addr, "dora", key)
	cocktails := allCocktails(t, client)

	liked, refused := likeUntilRefused(t, srv, client, cocktails)
	if !srv.running() {
		t.Fatalf("the server died when a write failed; its log:\n%s", srv.log)
	}
	// Reads go on, and show what was saved and nothing else.
	wantLikes(t, client, liked, "while writes fail")
	if res := crashRunOn(client, "show "+refused); res.status != 0 || !strings.Contains(res.stdout, "♡ 0 likes") {
		t.Errorf("show %s after its like failed: status %d, %q; want it not liked", refused, res.status, res.stdout)
	}
	if res := crashRunOn(client, "like "+refused); res.status != 1 {
		t.Errorf("a second try while there is no room: status %d, %v", res.status, res.err)
	}

	makeRoom()
	if res := crashRunOn(client, "like "+refused); res.status != 0 || !strings.Contains(res.stdout, "Liked") {
		t.Fatalf("like once there is room again: status %d, %v, stderr %q", res.status, res.err, res.stderr)
	}
	liked = append(liked, refused)
	for _, id := range cocktails[len(liked):min(len(cocktails), len(liked)+5)] {
		if res := crashRunOn(client, "like "+id); res.status != 0 {
			t.Fatalf("like %s once there is room again: status %d, stderr %q", id, res.status, res.stderr)
		}
		liked = append(liked, id)
	}
	wantLikes(t, client, liked, "once there is room again")

	srv.stop(t)
	if _, err := store.Check(filepath.Join(dataDir, storeFile)); err != nil {
		t.Errorf("the store fails its check after failed writes: %v", err)
	}
	srv = startServer(t, dataDir)
	wantLikes(t, mustDial(t, srv.addr, "dora", key), liked, "after a restart")
}

func TestE2EAFullDiskFailsWritesCleanly(t *testing.T) {
	t.Parallel()
	dataDir := tmpfs.Mount(t, 256<<10, "")
	srv := startServer(t, dataDir)
	filler := fillDisk(t, dataDir)
	exerciseFailingWrites(t, srv, dataDir, func() {
		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
	})
}

func TestE2EAFileSizeLimitFailsWritesCleanly(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	srv := startServer(t, dataDir)
	info, err := os.Stat(filepath.Join(dataDir, storeFile))
	if err != nil {
		t.Fatal(err)
	}
	limitFileSize(t, srv.cmd.Process.Pid, uint64(info.Size()))
	exerciseFailingWrites(t, srv, dataDir, func() {
		limitFileSize(t, srv.cmd.Process.Pid, ^uint64(0))
	})
}

// TestE2EAStoreOnAReadOnlyFileSystemIsRefused: the server will not start on
// a store it cannot write, and says which file and why.
func TestE2EAStoreOnAReadOnlyFileSystemIsRefused(t *testing.T) {
	t.Parallel()
	dataDir := tmpfs.Mount(t, 1<<20, "")
	srv := startServer(t, dataDir)
	// A session first: it makes an account, and shows the server is past
	// installing its SIGTERM handler, which it does only after it logs
	// "barkeep started".
	wantExit(t, runSession(t, srv.addr, newClientKey(t), false, "like negroni"), 0)
	srv.stop(t)
	if out, err := exec.Command("mount", "-o", "remount,ro", dataDir).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v: %s", err, out)
	}
	defer exec.Command("mount", "-o", "remount,rw", dataDir).Run()
	res := runBarkeep(t, nil, "serve", "--addr", "127.0.0.1:0", "--data", dataDir)
	file := filepath.Join(dataDir, storeFile)
	if res.code != 1 || !strings.Contains(res.stderr, file) || !strings.Contains(res.stderr, "read-only") {
		t.Errorf("serve on a read-only store: exit %d, stderr:\n%s\nwant exit 1 naming %s and saying read-only", res.code, res.stderr, file)
	}
}
