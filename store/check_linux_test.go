package store

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestGuardTurnsAFaultOnTheMappedFileIntoAnError: bbolt reads the file
// through a memory map; a page beyond the end of the file faults (SIGBUS),
// which crashes a Go program unless the goroutine asked to panic instead.
func TestGuardTurnsAFaultOnTheMappedFileIntoAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "short")
	if err := os.WriteFile(path, make([]byte, 4096), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mapped, err := syscall.Mmap(int(f.Fd()), 0, 4*4096, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Skipf("mmap: %v", err)
	}
	defer syscall.Munmap(mapped)
	var b byte
	err = guard(func() error {
		b = mapped[2*4096] // past the end of the file
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "unreadable page") {
		t.Errorf("guard of a read past the end of a mapped file: %v (read %d)", err, b)
	}
	if err := guard(func() error { panic("bbolt panics") }); err == nil || !strings.Contains(err.Error(), "bbolt panics") {
		t.Errorf("guard of a panic: %v", err)
	}
}
