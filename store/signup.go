package store

import (
	"context"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// PendingSignUp is a sign-up that may still be on its way to disk: a
// session can draw its first screen meanwhile, and show the account, or
// write for it, only once Wait says it is durable.
type PendingSignUp struct {
	fingerprint string
	name        string
	welcomes    bool // a new account is made on record as welcomed
	done        chan struct{}
	account     Account
	created     bool
	err         error
}

// SignUpInBackground is SignUp without the wait: it returns at once, with
// the account already there when the key is known, and otherwise signs it
// up on a goroutine of its own; in a store file, in a commit shared with
// the other sign-ups of the next signUpDelay.
func (s *Store) SignUpInBackground(fingerprint, name string) *PendingSignUp {
	return s.signUpInBackground(fingerprint, name, false)
}

// SignUpWelcomedInBackground is SignUpInBackground for a session that
// welcomes a new key: the account it makes is on record as welcomed in the
// sign-up's own write, so that a crowd of new keys pays for no second
// write each.
func (s *Store) SignUpWelcomedInBackground(fingerprint, name string) *PendingSignUp {
	return s.signUpInBackground(fingerprint, name, true)
}

func (s *Store) signUpInBackground(fingerprint, name string, welcomed bool) *PendingSignUp {
	p := &PendingSignUp{fingerprint: fingerprint, name: CleanName(name), welcomes: welcomed, done: make(chan struct{})}
	if account, ok := s.Account(fingerprint); ok {
		p.account, p.name = account, account.Name
		close(p.done)
		return p
	}
	write := func(a Account) (Account, bool, error) { return s.backend.SignUp(context.Background(), a) }
	if shared, ok := s.backend.(interface {
		signUpShared(Account) (Account, bool, error)
	}); ok {
		write = shared.signUpShared
	}
	save := func(a Account) (Account, bool, error) {
		a.Welcomed = welcomed
		return write(a)
	}
	go func() {
		defer close(p.done)
		p.account, p.created, p.err = s.signUp(fingerprint, p.name, save)
	}()
	return p
}

// Welcomes says whether an account this sign-up makes is on record as
// welcomed.
func (p *PendingSignUp) Welcomes() bool { return p.welcomes }

// Fingerprint is the key the account is for, known before it is durable.
func (p *PendingSignUp) Fingerprint() string { return p.fingerprint }

// Name is the name the account is being made with, known before it is
// durable, so that a first screen need not change when it is. (An account
// the same key made meanwhile keeps its own name: Wait has it.)
func (p *PendingSignUp) Name() string { return p.name }

// Done is closed once the sign-up has ended, durably or not.
func (p *PendingSignUp) Done() <-chan struct{} { return p.done }

// Wait returns what SignUp would have, once the sign-up has ended.
func (p *PendingSignUp) Wait() (account Account, created bool, err error) {
	<-p.done
	return p.account, p.created, p.err
}

// signUpDelay is how long a background sign-up waits for others to share
// its commit. Nobody's first screen waits for it, so it can wait far
// longer than a like (bbolt batches those after 1 ms): a crowd of new keys
// then pays for a few fsyncs instead of one each.
const signUpDelay = 10 * time.Millisecond

// signUpGroup gathers the accounts of background sign-ups into one commit.
type signUpGroup struct {
	mu      sync.Mutex
	waiting []accountWrite
}

type accountWrite struct {
	account Account
	saved   chan signUpResult
}

type signUpResult struct {
	stored  Account
	created bool
	err     error
}

// save writes an account with the group's next commit, unless the file
// has one for its key, and returns once it is on disk.
func (g *signUpGroup) save(db *bolt.DB, a Account) (Account, bool, error) {
	saved := make(chan signUpResult, 1)
	g.mu.Lock()
	g.waiting = append(g.waiting, accountWrite{a, saved})
	if len(g.waiting) == 1 {
		time.AfterFunc(signUpDelay, func() { g.commit(db) })
	}
	g.mu.Unlock()
	r := <-saved
	return r.stored, r.created, r.err
}

func (g *signUpGroup) commit(db *bolt.DB) {
	g.mu.Lock()
	writes := g.waiting
	g.waiting = nil
	g.mu.Unlock()
	results := make([]signUpResult, len(writes))
	err := db.Update(func(tx *bolt.Tx) error {
		for i, w := range writes {
			r := &results[i]
			if r.stored, r.created, r.err = signUpIn(tx, w.account); r.err != nil {
				return r.err
			}
		}
		return nil
	})
	for i, w := range writes {
		if err != nil {
			results[i] = signUpResult{err: err}
		}
		w.saved <- results[i]
	}
}
