package store

import (
	"bytes"
	"fmt"
	"io"

	bolt "go.etcd.io/bbolt"
)

// WriteBackup writes a consistent copy of the store file to w, as of the
// moment it is called, while writes go on: the copy is a store file that
// Open and Check accept, holding every change acknowledged before the call.
// It returns how many bytes it wrote.
//
// The copy is made into memory first and written to w after: a bbolt read
// transaction left open while a slow reader drains w would block every
// write that needs the file to grow.
//
// A store whose records are in a database server has none:
// ErrNoBackupHere.
func (s *Store) WriteBackup(w io.Writer) (int64, error) {
	b, ok := s.backend.(backupMaker)
	if !ok {
		return 0, ErrNoBackupHere
	}
	return b.WriteBackup(w)
}

func (b *boltBackend) WriteBackup(w io.Writer) (int64, error) {
	// Each backup holds a whole copy in memory: one at a time.
	if !b.backingUp.TryLock() {
		return 0, ErrBackupRunning
	}
	defer b.backingUp.Unlock()
	var copied bytes.Buffer
	err := b.db.View(func(tx *bolt.Tx) error {
		copied.Grow(int(tx.Size()))
		_, err := tx.WriteTo(&copied)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("back up %s: %w", b.path, err)
	}
	n, err := copied.WriteTo(w)
	if err != nil {
		return n, fmt.Errorf("write backup of %s: %w", b.path, err)
	}
	return n, nil
}
