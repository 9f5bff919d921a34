package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// ErrNoBackupHere is a backup asked of a store whose records live in a
// database server, which has tools of its own for that.
var ErrNoBackupHere = errors.New("this store's records are in PostgreSQL: back them up with pg_dump")

// Backend keeps the store's accounts, likes and bars durable: a bbolt file
// (Open) or a database that several servers share (see store/pgstore). The
// store reads only from memory; it asks its backend for everything once,
// at start, and then for writes, and learns of every change, its own and
// those of other servers, through the backend's feed.
type Backend interface {
	// Load reads every account, like and bar item.
	Load(ctx context.Context) (Records, error)
	// Listen has apply called with every change committed from now on, by
	// this process or any other, in the order they were committed; after
	// any gap in that feed (a lost connection), with a ChangeResync that
	// holds everything as read again. It returns once the feed is open.
	// apply may be called from several goroutines at once.
	Listen(ctx context.Context, apply func(Change)) error
	// SignUp creates the account unless one exists for its fingerprint, and
	// returns the one stored: the backend decides which of two sign-ups of
	// one key, here or elsewhere, wins. created says whether this call's did.
	SignUp(ctx context.Context, a Account) (stored Account, created bool, err error)
	// UpdateAccount writes an account's new name or welcome, and returns
	// as SetLike does.
	UpdateAccount(ctx context.Context, a Account) error
	// SetLike records that the account likes the cocktail since at, or no
	// longer does. It returns once the change is durable and has been
	// passed to the feed's apply. Setting the state a like already has
	// succeeds.
	SetLike(ctx context.Context, fingerprint, cocktailID string, like bool, at time.Time) error
	// SetInBar puts the ingredients in the account's bar, or takes them
	// out, as SetLike does a like.
	SetInBar(ctx context.Context, fingerprint string, ingredients []string, inBar bool) error
	// CreateToken records a new API token, RevokeToken deletes one, and
	// TouchToken records its last use unless it has been revoked; each
	// returns as SetLike does.
	CreateToken(ctx context.Context, t Token) error
	RevokeToken(ctx context.Context, t Token) error
	TouchToken(ctx context.Context, t Token) error
	// Close releases the backend; writes after it fail.
	Close() error
	// String says where the records are, for logs and errors: a file's
	// path, or a database's address without its password.
	String() string
}

// Records is everything a backend holds.
type Records struct {
	Accounts []Account
	Likes    []LikeRecord
	Bars     []BarRecord
	Tokens   []Token
}

// LikeRecord is one account's like of one cocktail.
type LikeRecord struct {
	Fingerprint string
	CocktailID  string
	At          time.Time
}

// BarRecord is one ingredient in one account's bar.
type BarRecord struct {
	Fingerprint string
	Ingredient  string
}

// ChangeKind is what a Change is about.
type ChangeKind uint8

// The kinds of change a backend's feed carries.
const (
	ChangeAccount ChangeKind = iota + 1 // an account made, renamed or welcomed
	ChangeLike                          // a like set or cleared
	ChangeBar                           // ingredients put in a bar or taken out
	ChangeToken                         // an API token created, used or revoked
	ChangeResync                        // after a gap: everything, read again
)

// TokenOp is what a ChangeToken did to its token.
type TokenOp uint8

// What can happen to a token.
const (
	TokenCreated TokenOp = iota + 1
	TokenUsed            // its LastUsed; a revoked token stays revoked
	TokenRevoked
)

// Change is one committed write, as the feed delivers it. It carries the
// state written, not a difference: applying a change twice, or one the
// store has already applied, is harmless.
type Change struct {
	Kind ChangeKind
	// Account is the account as it now is (ChangeAccount).
	Account Account
	// Fingerprint is the account written for (ChangeLike, ChangeBar).
	Fingerprint string
	// CocktailID, Liked and At are the like (ChangeLike); At only when
	// Liked.
	CocktailID string
	Liked      bool
	At         time.Time
	// Ingredients and InBar are the bar change (ChangeBar).
	Ingredients []string
	InBar       bool
	// Token and TokenOp are the token change (ChangeToken).
	Token   Token
	TokenOp TokenOp
	// Records is everything, read after the gap (ChangeResync).
	Records *Records
}

// backupMaker is a backend that can copy itself consistently.
type backupMaker interface {
	WriteBackup(w io.Writer) (int64, error)
}

// New makes a store over a backend: it opens the backend's feed, loads
// everything into memory, and from then on applies the feed's changes. It
// takes the backend over: the store's Close closes it, and so does a
// failure here.
func New(ctx context.Context, backend Backend, catalog *Catalog) (*Store, error) {
	s := &Store{
		catalog:  catalog,
		backend:  backend,
		accounts: map[string]Account{},
		likes:    map[string]map[string]time.Time{},
		counts:   map[string]int{},
		bars:     map[string]map[string]struct{}{},
		subs:     map[*Subscription]struct{}{},
	}
	// Changes committed while the records load are applied after them,
	// in order: the feed opens first and waits for the lock.
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := backend.Listen(ctx, s.apply); err != nil {
		_ = backend.Close()
		return nil, fmt.Errorf("follow changes in %s: %w", backend, err)
	}
	records, err := backend.Load(ctx)
	if err != nil {
		_ = backend.Close()
		return nil, err
	}
	s.replaceLocked(&records)
	s.tokens.replace(records.Tokens)
	return s, nil
}
