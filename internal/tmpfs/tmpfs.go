// Package tmpfs mounts small file systems for tests that need a disk to
// fill up or to be read-only. Mounting needs root (or CAP_SYS_ADMIN); where
// it is not allowed the test is skipped with the reason.
package tmpfs

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Mount mounts a tmpfs of size bytes, with extra mount options, on a new
// directory that is unmounted when the test ends, and returns it.
func Mount(t testing.TB, size int, options string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// Private, as Barkeep wants its data directory: a tmpfs is 1777 by default.
	opts := fmt.Sprintf("size=%d,mode=0700", size)
	if options != "" {
		opts += "," + options
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): %v: %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
			_ = exec.Command("umount", "-l", dir).Run()
		}
	})
	return dir
}
