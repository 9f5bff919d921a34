// Package store is Barkeep's shared state: the read-only cocktail catalog and
// the accounts and likes that every session reads and writes.
//
// All reads are served from memory. Every write is committed to the store's
// backend (a bbolt file, fsynced, or a database that several servers share)
// before the call returns, and applied in memory and announced to
// subscribers as the backend's feed delivers it: what a caller was told is
// saved survives a crash. Concurrent writes share commits.
package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"barkeep/data"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Errors callers can test for with errors.Is.
var (
	ErrUnknownCocktail   = errors.New("unknown cocktail")
	ErrUnknownAccount    = errors.New("unknown account")
	ErrNotAStore         = errors.New("not a Barkeep store file")
	ErrLocked            = errors.New("store file is in use by another process")
	ErrUnknownIngredient = errors.New("no such ingredient in the catalog")
	ErrBackupRunning     = errors.New("a backup is already being made; try again when it is done")
)

// Liked is a cocktail with its like count: what lists of cocktails show.
type Liked struct {
	data.Cocktail
	Likes int `json:"likes"`
}

// Account is one SSH key's membership. The key's SHA256 fingerprint is the
// identity; the name is the SSH user name it first signed up with, until
// it is given another (Rename).
type Account struct {
	Fingerprint string    `json:"fingerprint"`
	Name        string    `json:"name"`
	Since       time.Time `json:"since"`
	// Welcomed says the account's first session has shown its welcome.
	Welcomed bool `json:"welcomed,omitempty"`
}

// MaxNameLength is how many characters of a user name an account keeps.
const MaxNameLength = 32

// Store holds the catalog and the accounts and likes of every session.
type Store struct {
	catalog *Catalog
	backend Backend

	accountLocks sync.Map // fingerprint -> *sync.Mutex; keeps one account's writes in order
	tokens       tokenTable
	notified     atomic.Int64

	mu       sync.RWMutex
	accounts map[string]Account
	likes    map[string]map[string]time.Time // fingerprint -> cocktail id -> liked at
	counts   map[string]int                  // cocktail id -> number of likes
	bars     map[string]map[string]struct{}  // fingerprint -> ingredients at home
	subs     map[*Subscription]struct{}
}

// Open opens (or creates) the store file at path and loads it into memory.
// A file that exists but cannot be read as a Barkeep store is an error; it is
// never replaced or modified. An existing file is first checked read-only
// (see Check), so that damage is refused before bbolt opens it for writing.
func Open(path string, catalog *Catalog) (*Store, error) {
	b, err := openBolt(path)
	if err != nil {
		return nil, err
	}
	return New(context.Background(), b, catalog)
}

// refusal is the error of a store file that failed its check.
func refusal(path string, err error) error {
	if errors.Is(err, ErrDamaged) || errors.Is(err, ErrNotAStore) {
		return fmt.Errorf("open store: %w; the file was left as it is: restore it from a backup or move it away to start with an empty store", err)
	}
	if errors.Is(err, ErrLocked) {
		return fmt.Errorf("open store: %w", err)
	}
	return err
}

// openWritable opens the file with bbolt for reading and writing.
func openWritable(path string) (*bolt.DB, error) {
	db, _, err := openGuarded(path, bolt.Options{Timeout: lockTimeout})
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			err = ErrLocked
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	// Concurrent writes share a commit (one fsync). bbolt waits 10 ms for
	// company by default, which every lone like would pay; 1 ms measured
	// best for both one writer and 64.
	db.MaxBatchDelay = time.Millisecond
	return db, nil
}

// openGuarded opens path with bbolt, turning its panics on a damaged file
// into errors, and returns the file bbolt opened too (for reads of its own).
func openGuarded(path string, options bolt.Options) (*bolt.DB, *os.File, error) {
	var file *os.File
	var db *bolt.DB
	options.OpenFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	err := guard(func() (err error) {
		db, err = bolt.Open(path, 0o600, &options)
		return err
	})
	if err != nil {
		if db == nil && file != nil {
			_ = file.Close() // bbolt panicked before it could close it
		}
		return nil, nil, err
	}
	return db, file, nil
}

// currentTx is the transaction the open file is at.
func currentTx(db *bolt.DB) int {
	id := -1
	_ = db.View(func(tx *bolt.Tx) error { id = tx.ID(); return nil })
	return id
}

// checkExisting refuses a store file that bbolt would silently initialise:
// an existing empty file is damage, not a new store. It says whether the
// file exists.
func checkExisting(path string) (bool, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("open store %s: %w", path, err)
	case info.IsDir():
		return false, fmt.Errorf("open store %s: is a directory", path)
	case info.Size() == 0:
		return false, fmt.Errorf("open store %s: %w: the file is empty; move it away to start a new store", path, ErrNotAStore)
	}
	return true, nil
}

// Close closes the backend: the store file, or the database connections.
func (s *Store) Close() error { return s.backend.Close() }

// Path is where the records are: the store file's path, or the
// database's address.
func (s *Store) Path() string { return s.backend.String() }

// Catalog is the cocktail catalog the store serves.
func (s *Store) Catalog() *Catalog { return s.catalog }

// SignUp returns the account of fingerprint, creating it with name the first
// time the key is seen. created says whether this call created it.
func (s *Store) SignUp(fingerprint, name string) (account Account, created bool, err error) {
	return s.signUp(fingerprint, CleanName(name), func(a Account) (Account, bool, error) {
		return s.backend.SignUp(context.Background(), a)
	})
}

// signUp is SignUp with the name already cleaned (CleanName) and the write
// of a new account left to save, which returns the account stored.
func (s *Store) signUp(fingerprint, cleanName string, save func(Account) (Account, bool, error)) (account Account, created bool, err error) {
	if fingerprint == "" {
		return Account{}, false, fmt.Errorf("sign up: empty fingerprint")
	}
	unlock := s.lockAccount(fingerprint)
	defer unlock()
	if existing, ok := s.Account(fingerprint); ok {
		return existing, false, nil
	}
	account = Account{Fingerprint: fingerprint, Name: cleanName, Since: time.Now().UTC().Truncate(time.Second)}
	if account, created, err = save(account); err != nil {
		return Account{}, false, fmt.Errorf("save account %s in %s: %w", fingerprint, s.backend, err)
	}
	// Only if the feed has not brought it already: a rename elsewhere
	// since is newer than what the sign-up read.
	s.mu.Lock()
	if _, ok := s.accounts[fingerprint]; !ok {
		s.accounts[fingerprint] = account
	}
	s.mu.Unlock()
	return account, created, nil
}

// CleanName makes a client-chosen user name safe to show: control and
// formatting characters dropped, invalid UTF-8 replaced, at most
// MaxNameLength characters, "guest" when nothing is left.
func CleanName(name string) string {
	name = strings.ToValidUTF8(name, "\uFFFD")
	var b strings.Builder
	n := 0
	for _, r := range name {
		if n == MaxNameLength {
			break
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || !unicode.IsPrint(r) && r != ' ' {
			continue
		}
		b.WriteRune(r)
		n++
	}
	if cleaned := strings.TrimSpace(b.String()); cleaned != "" && utf8.ValidString(cleaned) {
		return cleaned
	}
	return "guest"
}

// Account returns the account of fingerprint.
func (s *Store) Account(fingerprint string) (Account, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.accounts[fingerprint]
	return a, ok
}

// Accounts returns how many accounts there are.
func (s *Store) Accounts() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.accounts)
}

// Likes returns how many accounts like the cocktail.
func (s *Store) Likes(cocktailID string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.counts[cocktailID]
}

// LikeState is what a row shows of a cocktail's likes.
type LikeState struct {
	Count int
	Liked bool // by the account asked for
}

// LikeStates fills states[i] with the likes of the cocktail ids[i], as of
// one moment and under one lock: sessions on every core draw screens of
// rows at once, and a lock taken twice a row is a shared counter they
// keep taking from each other.
func (s *Store) LikeStates(fingerprint string, ids []string, states []LikeState) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	mine := s.likes[fingerprint]
	for i, id := range ids {
		_, liked := mine[id]
		states[i] = LikeState{Count: s.counts[id], Liked: liked}
	}
}

// Liked says whether the account likes the cocktail.
func (s *Store) Liked(fingerprint, cocktailID string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, ok := s.likes[fingerprint][cocktailID]
	return ok
}

// Favourites returns the cocktails the account likes, newest like first.
// Likes of cocktails the catalog served now lacks are kept but left out
// here: see LikedOffMenu.
func (s *Store) Favourites(fingerprint string) []data.Cocktail {
	liked := s.likedNewestFirst(fingerprint)
	favourites := make([]data.Cocktail, 0, len(liked))
	for _, id := range liked {
		if c, ok := s.catalog.Cocktail(id); ok {
			favourites = append(favourites, c)
		}
	}
	return favourites
}

// LikedOffMenu returns the ids of the cocktails the account likes that the
// catalog served now lacks, newest like first. The likes are kept, for when
// a catalog that has them is served again, and can be taken back
// (SetLike).
func (s *Store) LikedOffMenu(fingerprint string) []string {
	var offMenu []string
	for _, id := range s.likedNewestFirst(fingerprint) {
		if _, ok := s.catalog.Cocktail(id); !ok {
			offMenu = append(offMenu, id)
		}
	}
	return offMenu
}

// likedNewestFirst returns the ids of every cocktail the account likes,
// newest like first.
func (s *Store) likedNewestFirst(fingerprint string) []string {
	s.mu.RLock()
	type liked struct {
		id string
		at time.Time
	}
	all := make([]liked, 0, len(s.likes[fingerprint]))
	for id, at := range s.likes[fingerprint] {
		all = append(all, liked{id, at})
	}
	s.mu.RUnlock()
	slices.SortFunc(all, func(a, b liked) int {
		return cmp.Or(b.at.Compare(a.at), strings.Compare(a.id, b.id))
	})
	ids := make([]string, len(all))
	for i, l := range all {
		ids[i] = l.id
	}
	return ids
}

// SetLike makes the account like (or stop liking) the cocktail and returns
// the cocktail's like count afterwards. It returns only once the change is
// durable. Setting the state a like already has is a success that writes
// nothing. Only the catalog's cocktails can be liked; a like of one the
// catalog no longer has can still be taken back.
func (s *Store) SetLike(fingerprint, cocktailID string, like bool) (int, error) {
	_, onMenu := s.catalog.Cocktail(cocktailID)
	if like && !onMenu {
		return 0, fmt.Errorf("like %q: %w", cocktailID, ErrUnknownCocktail)
	}
	if _, ok := s.Account(fingerprint); !ok {
		return 0, fmt.Errorf("like %q: %w %s", cocktailID, ErrUnknownAccount, fingerprint)
	}
	unlock := s.lockAccount(fingerprint)
	defer unlock()
	if s.Liked(fingerprint, cocktailID) == like {
		if !onMenu {
			return 0, fmt.Errorf("unlike %q: %w", cocktailID, ErrUnknownCocktail)
		}
		return s.Likes(cocktailID), nil
	}
	if err := s.backend.SetLike(context.Background(), fingerprint, cocktailID, like, time.Now().UTC()); err != nil {
		return 0, fmt.Errorf("save like of %q in %s: %w", cocktailID, s.backend, err)
	}
	return s.Likes(cocktailID), nil
}

func (s *Store) addLikeLocked(fingerprint, cocktailID string, at time.Time) {
	if s.likes[fingerprint] == nil {
		s.likes[fingerprint] = map[string]time.Time{}
	}
	s.likes[fingerprint][cocktailID] = at
	s.counts[cocktailID]++
}

// lockAccount serialises the writes of one account, so that each is
// decided on what the last one left; different accounts still share
// commits.
func (s *Store) lockAccount(fingerprint string) (unlock func()) {
	m, _ := s.accountLocks.LoadOrStore(fingerprint, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}
