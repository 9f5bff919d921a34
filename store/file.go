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

// createLayoutIfNew gives a file bbolt has just made Barkeep's layout.
// bbolt panics on some kinds of page damage; that becomes an error too.
func createLayoutIfNew(db *bolt.DB) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("damaged file: %v", r)
		}
	}()
	fresh := true
	if err := db.View(func(tx *bolt.Tx) error {
		// Only a file bbolt has just made, never committed to, is new: a
		// used file without buckets is not written to.
		fresh = tx.ID() <= 1
		return tx.ForEach(func([]byte, *bolt.Bucket) error { fresh = false; return nil })
	}); err != nil {
		return err
	}
	if fresh {
		if err := db.Update(createLayout); err != nil {
			return fmt.Errorf("create layout: %w", err)
		}
	}
	return nil
}

// readRecords reads the whole file, with room made for as many records as
// sizes counts. bbolt panics on some kinds of page damage; that becomes an
// error too.
func readRecords(db *bolt.DB, sizes Summary) (r Records, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("damaged file: %v", p)
		}
	}()
	r.Accounts = make([]Account, 0, sizes.Accounts)
	r.Likes = make([]LikeRecord, 0, sizes.Likes)
	r.Bars = make([]BarRecord, 0, sizes.BarItems)
	err = db.View(func(tx *bolt.Tx) error {
		if err := checkFormat(tx); err != nil {
			return err
		}
		if err := tx.Bucket(bucketAccounts).ForEach(func(k, v []byte) error {
			var a Account
			if err := json.Unmarshal(v, &a); err != nil || a.Fingerprint != string(k) {
				return fmt.Errorf("damaged account record %q", k)
			}
			r.Accounts = append(r.Accounts, a)
			return nil
		}); err != nil {
			return err
		}
		// One string per account and per cocktail, however many likes
		// hold it.
		fingerprints := make(map[string]string, len(r.Accounts))
		for _, a := range r.Accounts {
			fingerprints[a.Fingerprint] = a.Fingerprint
		}
		intern := func(strings map[string]string, b []byte) string {
			if s, ok := strings[string(b)]; ok {
				return s
			}
			s := string(b)
			strings[s] = s
			return s
		}
		cocktails := map[string]string{}
		if err := tx.Bucket(bucketLikes).ForEach(func(k, v []byte) error {
			fingerprint, cocktailID, ok := bytes.Cut(k, []byte{pairSeparator})
			var at time.Time
			if !ok || at.UnmarshalBinary(v) != nil {
				return fmt.Errorf("damaged like record %q", k)
			}
			r.Likes = append(r.Likes, LikeRecord{Fingerprint: intern(fingerprints, fingerprint), CocktailID: intern(cocktails, cocktailID), At: at})
			return nil
		}); err != nil {
			return err
		}
		tokens, err := readTokens(tx)
		if err != nil {
			return err
		}
		r.Tokens = tokens
		bars := tx.Bucket(bucketBars)
		if bars == nil {
			return nil
		}
		return bars.ForEach(func(k, _ []byte) error {
			fingerprint, ingredient, ok := bytes.Cut(k, []byte{pairSeparator})
			if !ok {
				return fmt.Errorf("damaged bar record %q", k)
			}
			r.Bars = append(r.Bars, BarRecord{Fingerprint: intern(fingerprints, fingerprint), Ingredient: string(ingredient)})
			return nil
		})
	})
	return r, err
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
