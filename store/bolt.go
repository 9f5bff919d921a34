package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// boltBackend keeps the records in one bbolt file, which one process holds
// at a time: its feed carries only this process's writes, so it never has
// a gap to resync after.
type boltBackend struct {
	db        *bolt.DB
	path      string
	signUps   signUpGroup
	backingUp sync.Mutex // held while a backup is made
	apply     func(Change)
	// sizes is what the check before opening counted: room to load into.
	sizes Summary
}

// openBolt checks an existing file read-only (see Check), so that damage
// is refused before bbolt opens it for writing, then opens it, giving a
// new file Barkeep's layout.
func openBolt(path string) (*boltBackend, error) {
	exists, err := checkExisting(path)
	if err != nil {
		return nil, err
	}
	var verified Summary
	if exists {
		if verified, err = verifyFile(path); err != nil {
			return nil, refusal(path, err)
		}
	}
	db, err := openWritable(path)
	if err != nil {
		return nil, err
	}
	if exists && currentTx(db) != verified.TxID {
		_ = db.Close()
		return nil, fmt.Errorf("open store %s: %w: it changed while it was being checked", path, ErrLocked)
	}
	if err := guard(func() error { return createLayoutIfNew(db) }); err != nil {
		_ = db.Close()
		return nil, readFailure(path, err)
	}
	return &boltBackend{db: db, path: path, sizes: verified}, nil
}

// readFailure is the error of a file whose records cannot be read.
func readFailure(path string, err error) error {
	return fmt.Errorf("read store %s: %w; the file was left as it is: restore it from a backup or move it away to start empty", path, err)
}

func (b *boltBackend) String() string { return b.path }

func (b *boltBackend) Load(context.Context) (Records, error) {
	var r Records
	err := guard(func() (err error) {
		r, err = readRecords(b.db, b.sizes)
		return err
	})
	if err != nil {
		return Records{}, readFailure(b.path, err)
	}
	return r, nil
}

func (b *boltBackend) Listen(_ context.Context, apply func(Change)) error {
	b.apply = apply
	return nil
}

func (b *boltBackend) Close() error {
	if err := b.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", b.path, err)
	}
	return nil
}

func (b *boltBackend) SignUp(_ context.Context, a Account) (stored Account, created bool, err error) {
	err = b.db.Batch(func(tx *bolt.Tx) (err error) {
		stored, created, err = signUpIn(tx, a)
		return err
	})
	return stored, created, err
}

// signUpShared is SignUp in a commit shared with the other sign-ups of the
// next signUpDelay.
func (b *boltBackend) signUpShared(a Account) (Account, bool, error) {
	return b.signUps.save(b.db, a)
}

// signUpIn writes the account unless the file has one for its key, and
// returns the one the file holds.
func signUpIn(tx *bolt.Tx, a Account) (Account, bool, error) {
	if v := tx.Bucket(bucketAccounts).Get([]byte(a.Fingerprint)); v != nil {
		var existing Account
		if err := json.Unmarshal(v, &existing); err != nil {
			return Account{}, false, fmt.Errorf("damaged account record %q", a.Fingerprint)
		}
		return existing, false, nil
	}
	return a, true, putAccount(tx, a)
}

func (b *boltBackend) UpdateAccount(_ context.Context, a Account) error {
	if err := b.db.Batch(func(tx *bolt.Tx) error { return putAccount(tx, a) }); err != nil {
		return err
	}
	b.apply(Change{Kind: ChangeAccount, Account: a})
	return nil
}

func (b *boltBackend) SetLike(_ context.Context, fingerprint, cocktailID string, like bool, at time.Time) error {
	err := b.db.Batch(func(tx *bolt.Tx) error {
		if like && tx.Bucket(bucketLikes).Get(pairKey(fingerprint, cocktailID)) != nil {
			return nil // the first like's time stays
		}
		if like {
			return putLike(tx, fingerprint, cocktailID, at)
		}
		return deleteLike(tx, fingerprint, cocktailID)
	})
	if err != nil {
		return err
	}
	b.apply(Change{Kind: ChangeLike, Fingerprint: fingerprint, CocktailID: cocktailID, Liked: like, At: at})
	return nil
}

func (b *boltBackend) SetInBar(_ context.Context, fingerprint string, ingredients []string, inBar bool) error {
	err := b.db.Batch(func(tx *bolt.Tx) error {
		bars, err := tx.CreateBucketIfNotExists(bucketBars)
		if err != nil {
			return err
		}
		for _, ing := range ingredients {
			if inBar {
				err = bars.Put(pairKey(fingerprint, ing), nil)
			} else {
				err = bars.Delete(pairKey(fingerprint, ing))
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	b.apply(Change{Kind: ChangeBar, Fingerprint: fingerprint, Ingredients: ingredients, InBar: inBar})
	return nil
}

// ReadFile reads every record of the store file at path, which it first
// checks as Check does, without changing it. A file that a running server
// holds is ErrLocked.
func ReadFile(path string) (Records, error) {
	sum, err := Check(path)
	if err != nil {
		return Records{}, err
	}
	db, _, err := openGuarded(path, bolt.Options{ReadOnly: true, Timeout: lockTimeout})
	if err != nil {
		return Records{}, openFailure(path, err)
	}
	defer db.Close()
	var r Records
	if err := guard(func() (err error) { r, err = readRecords(db, sum); return err }); err != nil {
		return Records{}, readFailure(path, err)
	}
	return r, nil
}
