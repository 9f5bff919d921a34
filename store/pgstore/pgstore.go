// Package pgstore keeps a Barkeep store's accounts, likes and bars in
// PostgreSQL, which any number of servers share: a store.Backend.
//
// Writes go through one committer per server, which puts every write that
// is waiting into one transaction: PostgreSQL commits transactions that
// NOTIFY one at a time, so concurrent writers share commits instead of
// queueing for them. Each write's transaction sends a notification of what
// it changed; every server holds one connection of its own (not from the
// pool) that listens for them and hands them to its store in commit order,
// its own writes included. A write returns once it is committed and its
// notification has come back, so that the server's memory applies every
// change in the order the database committed them. When the listening
// connection is lost, the server reconnects with backoff and reads
// everything again, so that nothing committed meanwhile is missed.
package pgstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"barkeep/store"

	"charm.land/log/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrClosed is a write to a backend that has been closed.
var ErrClosed = errors.New("the database connection is closed")

// Options tune a Backend; the zero value is the defaults.
type Options struct {
	// WriteTimeout bounds a write from the call to its commit: when the
	// database cannot be reached, writes fail after it (default 5s).
	WriteTimeout time.Duration
	// EchoTimeout is how long a committed write waits for its notification
	// before it applies itself (default 2s): the listening connection may
	// be down while the pool's are not.
	EchoTimeout time.Duration
	// Logger hears of the feed's losses and recoveries (default: silent).
	Logger *log.Logger
}

// Backend is a store.Backend on a PostgreSQL database.
type Backend struct {
	pool       *pgxpool.Pool
	listenConf *pgx.ConnConfig
	where      string
	node       string // this server, in notices
	opts       Options
	logger     *log.Logger

	writes chan *write
	seq    atomic.Uint64
	echoes echoes
	apply  func(store.Change)

	backoff   time.Duration // the first wait before reconnecting
	closing   chan struct{}
	closeOnce sync.Once
	stop      context.CancelFunc // ends the listener's and the committer's waits
	ctx       context.Context
	wg        sync.WaitGroup
}

// maxBatch caps the writes that share one transaction.
const maxBatch = 512

// Open connects to the database at dsn (a postgres:// URL or key=value
// string, as libpq takes), applies the schema's migrations, and starts the
// committer. The store's feed starts with Listen.
func Open(ctx context.Context, dsn string, opts Options) (*Backend, error) {
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = 5 * time.Second
	}
	if opts.EchoTimeout <= 0 {
		opts.EchoTimeout = 2 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = log.New(io.Discard)
	}
	config, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("database address: %w", err)
	}
	where := describe(config.ConnConfig)
	node := make([]byte, 6)
	_, _ = rand.Read(node)
	nodeID := hex.EncodeToString(node)
	// Named, so that an administrator (or a test) can tell the
	// connections apart in pg_stat_activity.
	config.ConnConfig.RuntimeParams["application_name"] = "barkeep " + nodeID
	listenConf := config.ConnConfig.Copy()
	listenConf.RuntimeParams["application_name"] = "barkeep listener " + nodeID
	pool, err := pgxpool.NewWithConfig(ctx, config)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to %s: %w", where, err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("schema of %s: %w", where, err)
	}
	b := &Backend{
		pool:       pool,
		listenConf: listenConf,
		where:      where,
		node:       nodeID,
		backoff:    backoffFirst,
		opts:       opts,
		logger:     opts.Logger,
		writes:     make(chan *write, maxBatch),
		echoes:     echoes{waiting: map[uint64]*echo{}},
		closing:    make(chan struct{}),
	}
	b.ctx, b.stop = context.WithCancel(context.Background())
	b.wg.Go(b.commitLoop)
	return b, nil
}

// describe is the database's address without its password.
func describe(c *pgx.ConnConfig) string {
	u := url.URL{Scheme: "postgres", User: url.User(c.User), Host: c.Host, Path: "/" + c.Database}
	if c.Port != 0 && c.Host != "" && c.Host[0] != '/' {
		u.Host = c.Host + ":" + strconv.Itoa(int(c.Port))
	}
	return u.String()
}

func (b *Backend) String() string { return b.where }

// Close stops the committer and the listener and closes the connections.
// Writes still waiting fail with ErrClosed.
func (b *Backend) Close() error {
	b.closeOnce.Do(func() {
		close(b.closing)
		b.stop()
		b.wg.Wait()
		b.pool.Close()
	})
	return nil
}

// Load reads everything as of one moment.
func (b *Backend) Load(ctx context.Context) (store.Records, error) {
	r, err := load(ctx, b.pool)
	if err != nil {
		return store.Records{}, fmt.Errorf("read %s: %w", b.where, err)
	}
	return r, nil
}

func load(ctx context.Context, pool *pgxpool.Pool) (r store.Records, err error) {
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return r, err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	// One string per account and per cocktail, however many likes hold it.
	fingerprints, names := map[string]string{}, map[string]string{}
	intern := func(strings map[string]string, s string) string {
		if interned, ok := strings[s]; ok {
			return interned
		}
		strings[s] = s
		return s
	}
	var account store.Account
	if err := forEach(ctx, tx, "SELECT fingerprint, name, since, welcomed FROM accounts",
		[]any{&account.Fingerprint, &account.Name, &account.Since, &account.Welcomed}, func() {
			account.Fingerprint = intern(fingerprints, account.Fingerprint)
			account.Since = account.Since.UTC()
			r.Accounts = append(r.Accounts, account)
		}); err != nil {
		return r, err
	}
	var like store.LikeRecord
	if err := forEach(ctx, tx, "SELECT fingerprint, cocktail, liked_at FROM likes",
		[]any{&like.Fingerprint, &like.CocktailID, &like.At}, func() {
			like.Fingerprint = intern(fingerprints, like.Fingerprint)
			like.CocktailID = intern(names, like.CocktailID)
			like.At = like.At.UTC()
			r.Likes = append(r.Likes, like)
		}); err != nil {
		return r, err
	}
	var bar store.BarRecord
	if err := forEach(ctx, tx, "SELECT fingerprint, ingredient FROM bars",
		[]any{&bar.Fingerprint, &bar.Ingredient}, func() {
			bar.Fingerprint = intern(fingerprints, bar.Fingerprint)
			bar.Ingredient = intern(names, bar.Ingredient)
			r.Bars = append(r.Bars, bar)
		}); err != nil {
		return r, err
	}
	var token store.Token
	var hash []byte
	var lastUsed *time.Time
	if err := forEach(ctx, tx, "SELECT hash, fingerprint, name, created, last_used FROM tokens",
		[]any{&hash, &token.Fingerprint, &token.Name, &token.Created, &lastUsed}, func() {
			copy(token.Hash[:], hash)
			token.Fingerprint = intern(fingerprints, token.Fingerprint)
			token.Created, token.LastUsed = token.Created.UTC(), time.Time{}
			if lastUsed != nil {
				token.LastUsed = lastUsed.UTC()
			}
			r.Tokens = append(r.Tokens, token)
		}); err != nil {
		return r, err
	}
	return r, tx.Commit(ctx)
}

// forEach scans every row of a query into dest and calls row after each.
func forEach(ctx context.Context, tx pgx.Tx, sql string, dest []any, row func()) error {
	rows, err := tx.Query(ctx, sql)
	if err != nil {
		return err
	}
	_, err = pgx.ForEachRow(rows, dest, func() error { row(); return nil })
	return err
}

func (b *Backend) SignUp(ctx context.Context, a store.Account) (store.Account, bool, error) {
	w := &write{kind: store.ChangeAccount, account: a}
	r, err := b.do(ctx, w)
	return r.account, r.created, err
}

func (b *Backend) UpdateAccount(ctx context.Context, a store.Account) error {
	_, err := b.do(ctx, &write{kind: store.ChangeAccount, account: a, update: true})
	return err
}

func (b *Backend) SetLike(ctx context.Context, fingerprint, cocktailID string, like bool, at time.Time) error {
	_, err := b.do(ctx, &write{
		kind:        store.ChangeLike,
		fingerprint: fingerprint,
		cocktail:    cocktailID,
		like:        like,
		at:          at.Truncate(time.Microsecond), // what timestamptz keeps
	})
	return err
}

func (b *Backend) CreateToken(ctx context.Context, t store.Token) error {
	_, err := b.do(ctx, &write{kind: store.ChangeToken, token: truncateToken(t), tokenOp: store.TokenCreated})
	return err
}

func (b *Backend) RevokeToken(ctx context.Context, t store.Token) error {
	_, err := b.do(ctx, &write{kind: store.ChangeToken, token: truncateToken(t), tokenOp: store.TokenRevoked})
	return err
}

func (b *Backend) TouchToken(ctx context.Context, t store.Token) error {
	_, err := b.do(ctx, &write{kind: store.ChangeToken, token: truncateToken(t), tokenOp: store.TokenUsed})
	return err
}

// truncateToken is the token as timestamptz keeps it.
func truncateToken(t store.Token) store.Token {
	t.Created, t.LastUsed = t.Created.Truncate(time.Microsecond), t.LastUsed.Truncate(time.Microsecond)
	return t
}

func (b *Backend) SetInBar(ctx context.Context, fingerprint string, ingredients []string, inBar bool) error {
	if len(ingredients) == 0 {
		return nil
	}
	_, err := b.do(ctx, &write{kind: store.ChangeBar, fingerprint: fingerprint, ingredients: ingredients, inBar: inBar})
	return err
}
