package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The store file's layout. Likes are keyed "fingerprint\x00cocktail id"
// and bars "fingerprint\x00ingredient", so that one account's records sit
// together.
var (
	bucketMeta     = []byte("meta")
	bucketAccounts = []byte("accounts")
	bucketLikes    = []byte("likes")
	bucketBars     = []byte("bars") // added after format 1 first shipped: may be absent
	keyFormat      = []byte("format")
	formatVersion  = []byte("barkeep-store/1")
)

const pairSeparator = 0

// load reads the whole file into memory, creating the layout in a new file.
// bbolt panics on some kinds of page damage; that becomes an error too.
func (s *Store) load() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("damaged file: %v", r)
		}
	}()
	fresh := true
	if err := s.db.View(func(tx *bolt.Tx) error {
		// Only a file bbolt has just made, never committed to, is new: a
		// used file without buckets is not written to.
		fresh = tx.ID() <= 1
		return tx.ForEach(func([]byte, *bolt.Bucket) error { fresh = false; return nil })
	}); err != nil {
		return err
	}
	if fresh {
		if err := s.db.Update(createLayout); err != nil {
			return fmt.Errorf("create layout: %w", err)
		}
	}
	return s.db.View(func(tx *bolt.Tx) error {
		if err := checkFormat(tx); err != nil {
			return err
		}
		if err := tx.Bucket(bucketAccounts).ForEach(func(k, v []byte) error {
			var a Account
			if err := json.Unmarshal(v, &a); err != nil || a.Fingerprint != string(k) {
				return fmt.Errorf("damaged account record %q", k)
			}
			s.accounts[a.Fingerprint] = a
			return nil
		}); err != nil {
			return err
		}
		if err := tx.Bucket(bucketLikes).ForEach(func(k, v []byte) error {
			fingerprint, cocktailID, ok := bytes.Cut(k, []byte{pairSeparator})
			var at time.Time
			if !ok || at.UnmarshalBinary(v) != nil {
				return fmt.Errorf("damaged like record %q", k)
			}
			s.addLikeLocked(string(fingerprint), string(cocktailID), at)
			return nil
		}); err != nil {
			return err
		}
		if err := s.loadTokens(tx); err != nil {
			return err
		}
		bars := tx.Bucket(bucketBars)
		if bars == nil {
			return nil
		}
		return bars.ForEach(func(k, _ []byte) error {
			fingerprint, ingredient, ok := bytes.Cut(k, []byte{pairSeparator})
			if !ok {
				return fmt.Errorf("damaged bar record %q", k)
			}
			s.addToBarLocked(string(fingerprint), string(ingredient))
			return nil
		})
	})
}

func createLayout(tx *bolt.Tx) error {
	meta, err := tx.CreateBucket(bucketMeta)
	if err != nil {
		return err
	}
	if err := meta.Put(keyFormat, formatVersion); err != nil {
		return err
	}
	for _, name := range [][]byte{bucketAccounts, bucketLikes} {
		if _, err := tx.CreateBucket(name); err != nil {
			return err
		}
	}
	return nil
}

func checkFormat(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return ErrNotAStore
	}
	if format := meta.Get(keyFormat); !bytes.Equal(format, formatVersion) {
		return fmt.Errorf("%w: format %q, want %q", ErrNotAStore, format, formatVersion)
	}
	for _, name := range [][]byte{bucketAccounts, bucketLikes} {
		if tx.Bucket(name) == nil {
			return fmt.Errorf("%w: bucket %q is missing", ErrNotAStore, name)
		}
	}
	return nil
}

func putAccount(tx *bolt.Tx, a Account) error {
	v, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketAccounts).Put([]byte(a.Fingerprint), v)
}

// pairKey is the key of an account's record about one thing.
func pairKey(fingerprint, thing string) []byte {
	return []byte(fingerprint + string(rune(pairSeparator)) + thing)
}

func putLike(tx *bolt.Tx, fingerprint, cocktailID string, at time.Time) error {
	v, err := at.MarshalBinary()
	if err != nil {
		return err
	}
	return tx.Bucket(bucketLikes).Put(pairKey(fingerprint, cocktailID), v)
}

func deleteLike(tx *bolt.Tx, fingerprint, cocktailID string) error {
	return tx.Bucket(bucketLikes).Delete(pairKey(fingerprint, cocktailID))
}
