package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	gossh "golang.org/x/crypto/ssh"
)

// loadHostKey returns the server's host key from dir, making one the first
// time. The key is what clients remember the server by, so a key that is
// there but cannot be used stops the server rather than being replaced.
func loadHostKey(dir string) (gossh.Signer, error) {
	return loadHostKeyFile(filepath.Join(dir, hostKeyFile), true)
}

// loadHostKeyFile is loadHostKey for the key at path; only when mayMake
// does a missing key (or its .pub) get made. A key given by name
// (--host-key) is one that several servers share, so a missing one is an
// error, and its directory is not written to.
func loadHostKeyFile(path string, mayMake bool) (gossh.Signer, error) {
	pubPath := path + ".pub"
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) && !mayMake {
		return nil, fmt.Errorf("host key %s does not exist: make one with ssh-keygen -t ed25519 -N '' -f %s and give every server the same file", path, shellQuote(path))
	}
	if errors.Is(err, fs.ErrNotExist) {
		if _, lerr := os.Lstat(path); lerr == nil {
			return nil, fmt.Errorf("host key %s is a symbolic link to a missing file: restore the file it points to, or remove the link to have a new key made (clients will see a changed host key)", path)
		}
		if _, perr := os.Lstat(pubPath); perr == nil {
			return nil, fmt.Errorf("host key %s is missing but %s is there: restore the private key, or remove %s to have a new key made (clients will see a changed host key)", filepath.Base(path), filepath.Base(pubPath), pubPath)
		}
		return makeHostKey(path, pubPath)
	}
	if err != nil {
		return nil, fmt.Errorf("host key: %w", err)
	}
	what := "host key " + path
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s)", what, info.Mode().Type())
	}
	if err := checkOwner(what, path, info); err != nil {
		return nil, err
	}
	if err := checkMode(what, path, info, 0o077, "open to others", "chmod 600"); err != nil {
		return nil, err
	}
	pemBytes, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read host key: %w", err)
	}
	signer, err := gossh.ParsePrivateKey(pemBytes)
	var encrypted *gossh.PassphraseMissingError
	switch {
	case errors.As(err, &encrypted):
		return nil, fmt.Errorf("host key %s is encrypted with a passphrase; Barkeep needs it without one", path)
	case err != nil:
		return nil, fmt.Errorf("host key %s: %w; restore it, or move it and %s away to have a new key made (clients will see a changed host key)", path, err, filepath.Base(pubPath))
	}
	if _, err := os.Lstat(pubPath); mayMake && errors.Is(err, fs.ErrNotExist) {
		if err := writeFileDurably(pubPath, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o644); err != nil {
			return nil, fmt.Errorf("write host public key: %w", err)
		}
	}
	return signer, nil
}

// makeHostKey makes a new ed25519 host key and writes it, then its public
// half: a crash between the two leaves a key whose .pub the next start
// writes.
func makeHostKey(path, pubPath string) (gossh.Signer, error) {
	_, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("make host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(private, "")
	if err != nil {
		return nil, fmt.Errorf("make host key: %w", err)
	}
	signer, err := gossh.NewSignerFromKey(private)
	if err != nil {
		return nil, fmt.Errorf("make host key: %w", err)
	}
	if err := writeFileDurably(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return nil, fmt.Errorf("write host key: %w", err)
	}
	if err := writeFileDurably(pubPath, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o644); err != nil {
		return nil, fmt.Errorf("write host public key: %w", err)
	}
	return signer, nil
}

// writeFileDurably writes a file whole or not at all, and so that it
// survives a power cut: into a temporary file beside it, synced, renamed
// over path, and the directory synced for the rename.
func writeFileDurably(path string, data []byte, perm fs.FileMode) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable. Windows cannot open a directory
// to sync it.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
