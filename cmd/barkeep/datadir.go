package main

// Barkeep refuses to start on a file or directory that another user could
// change (or, for the host key, read), as sshd's StrictModes does, and
// says the command that fixes it.

import (
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"
)

// prepareDataDir creates the data directory, or checks the one there.
func prepareDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data directory %s: %w", dir, err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("data directory %s is not a directory", dir)
	}
	what := "data directory " + dir
	if err := checkOwner(what, dir, info); err != nil {
		return err
	}
	return checkMode(what, dir, info, 0o022, "writable by others", "chmod 700")
}

// checkStoreFile refuses a store file that is a symbolic link, whether or
// not its target exists (opening it would create or use a file wherever
// the link points), that is not a regular file, or that others could write.
// A missing file is fine: the store makes it.
func checkStoreFile(path string) error {
	info, err := os.Lstat(path)
	switch {
	case os.IsNotExist(err):
		return nil
	case err != nil:
		return fmt.Errorf("store file: %w", err)
	case info.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(path)
		return fmt.Errorf("store file %s is a symbolic link (to %s); Barkeep opens only a regular file there: put the file itself in its place", path, target)
	case !info.Mode().IsRegular():
		return fmt.Errorf("store file %s is not a regular file (%s)", path, info.Mode().Type())
	}
	what := "store file " + path
	if err := checkOwner(what, path, info); err != nil {
		return err
	}
	return checkMode(what, path, info, 0o022, "writable by others", "chmod 600")
}

// checkKeysFile refuses an authorized keys file that others could write:
// they could let themselves in.
func checkKeysFile(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("read authorized keys: %w", err)
	}
	what := "authorized keys file " + path
	if err := checkOwner(what, path, info); err != nil {
		return err
	}
	return checkMode(what, path, info, 0o022, "writable by others", "chmod go-w")
}

// checkMode refuses info if any bit of forbidden is set in its mode.
// Windows reports modes that say nothing of who may access a file.
func checkMode(what, path string, info fs.FileInfo, forbidden fs.FileMode, problem, fix string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	if mode := info.Mode().Perm(); mode&forbidden != 0 {
		return fmt.Errorf("%s is %s (mode %04o); fix it with: %s %s", what, problem, mode, fix, shellQuote(path))
	}
	return nil
}

// checkOwner refuses info unless it belongs to the user Barkeep runs as,
// or to root, as sshd trusts root.
func checkOwner(what, path string, info fs.FileInfo) error {
	owner, ok := fileOwner(info)
	if !ok {
		return nil
	}
	if me := os.Geteuid(); owner != me && owner != 0 {
		return fmt.Errorf("%s belongs to another user (uid %d, not %d that runs Barkeep); fix it with: chown %d %s", what, owner, me, me, shellQuote(path))
	}
	return nil
}

// shellQuote quotes a path for the fix we suggest, when it needs it.
func shellQuote(path string) string {
	if path != "" && strings.Trim(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+:@%") == "" {
		return path
	}
	return "'" + strings.ReplaceAll(path, "'", `'\''`) + "'"
}
