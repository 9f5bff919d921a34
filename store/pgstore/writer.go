package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"barkeep/store"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// write is one call waiting for the committer.
type write struct {
	kind store.ChangeKind

	account store.Account // ChangeAccount
	update  bool          // ChangeAccount: a rename or welcome, not a sign-up

	fingerprint string    // ChangeLike, ChangeBar
	cocktail    string    // ChangeLike
	like        bool      // ChangeLike
	at          time.Time // ChangeLike
	ingredients []string  // ChangeBar
	inBar       bool      // ChangeBar

	token   store.Token // ChangeToken
	tokenOp store.TokenOp

	seq      uint64 // on the write's last notice; 0 for sign-ups
	deadline time.Time
	done     chan writeResult
}

type writeResult struct {
	account store.Account // ChangeAccount: the one stored
	created bool
	err     error
}

// do queues a write for the committer and waits for its commit and, for
// likes and bars, for its notification to come back through the feed.
func (b *Backend) do(ctx context.Context, w *write) (writeResult, error) {
	ctx, cancel := context.WithTimeout(ctx, b.opts.WriteTimeout)
	defer cancel()
	w.deadline, _ = ctx.Deadline()
	w.done = make(chan writeResult, 1)
	var echoed <-chan struct{}
	if w.kind != store.ChangeAccount || w.update {
		w.seq = b.seq.Add(1)
		echoed = b.echoes.expect(w.seq)
	}
	select {
	case b.writes <- w:
	case <-ctx.Done():
		b.echoes.forget(w.seq)
		return writeResult{}, ctx.Err()
	case <-b.closing:
		b.echoes.forget(w.seq)
		return writeResult{}, ErrClosed
	}
	// The committer answers by the write's deadline at the latest, unless
	// the backend closes first.
	var r writeResult
	select {
	case r = <-w.done:
	case <-b.closing:
		r.err = ErrClosed
	}
	if r.err != nil {
		b.echoes.forget(w.seq)
		return r, r.err
	}
	if echoed == nil {
		return r, nil
	}
	select {
	case <-echoed:
	case <-time.After(b.opts.EchoTimeout):
		// Committed, but the feed is slow or down: apply it here. The
		// resync after the feed comes back puts any order right.
		b.echoes.forget(w.seq)
		b.logger.Warn("a write's notification did not come back in time; applied without it", "after", b.opts.EchoTimeout)
		b.applyChanges(w.changes()...)
	case <-b.closing:
		b.echoes.forget(w.seq)
	}
	return r, nil
}

// changes are what the write changed, as the feed carries them.
func (w *write) changes() []store.Change {
	switch w.kind {
	case store.ChangeAccount:
		return []store.Change{{Kind: store.ChangeAccount, Account: w.account}}
	case store.ChangeLike:
		return []store.Change{{Kind: store.ChangeLike, Fingerprint: w.fingerprint, CocktailID: w.cocktail, Liked: w.like, At: w.at}}
	case store.ChangeBar:
		return []store.Change{{Kind: store.ChangeBar, Fingerprint: w.fingerprint, Ingredients: w.ingredients, InBar: w.inBar}}
	case store.ChangeToken:
		return []store.Change{{Kind: store.ChangeToken, Token: w.token, TokenOp: w.tokenOp}}
	}
	return nil
}

// commitLoop commits, one transaction at a time, every write queued since
// the last commit began.
func (b *Backend) commitLoop() {
	batch := make([]*write, 0, maxBatch)
	for {
		select {
		case w := <-b.writes:
			batch = append(batch[:0], w)
		case <-b.closing:
			b.failQueued()
			return
		}
	gather:
		for len(batch) < maxBatch {
			select {
			case w := <-b.writes:
				batch = append(batch, w)
			default:
				break gather
			}
		}
		b.commitBatch(batch)
	}
}

// failQueued answers the writes still queued when the backend closes.
func (b *Backend) failQueued() {
	for {
		select {
		case w := <-b.writes:
			w.done <- writeResult{err: ErrClosed}
		default:
			return
		}
	}
}

// commitBatch commits the writes in one transaction, or, when the database
// refuses one of them, each alone, so that one bad write fails only itself.
func (b *Backend) commitBatch(batch []*write) {
	live := batch[:0:0]
	for _, w := range batch {
		if time.Now().After(w.deadline) {
			w.done <- writeResult{err: context.DeadlineExceeded}
			continue
		}
		live = append(live, w)
	}
	if len(live) == 0 {
		return
	}
	results, err := b.commitOnce(live)
	if err != nil && !unreachable(err) && len(live) > 1 {
		for _, w := range live {
			b.commitBatch([]*write{w})
		}
		return
	}
	for i, w := range live {
		if err != nil {
			w.done <- writeResult{err: err}
			continue
		}
		w.done <- results[i]
	}
}

// commitOnce runs the batch's transaction, again and again while the
// database cannot be reached and the earliest deadline allows: a restart
// of the database then delays writes instead of failing them. Every write
// is idempotent, so one whose commit was sent but not answered can be
// sent again.
func (b *Backend) commitOnce(batch []*write) ([]writeResult, error) {
	deadline := batch[0].deadline
	for _, w := range batch {
		if w.deadline.Before(deadline) {
			deadline = w.deadline
		}
	}
	ctx, cancel := context.WithDeadline(b.ctx, deadline)
	defer cancel()
	wait := 20 * time.Millisecond
	for {
		results, err := b.transact(ctx, batch)
		if err == nil || !unreachable(err) || ctx.Err() != nil {
			return results, err
		}
		select {
		case <-time.After(wait):
			wait = min(2*wait, 500*time.Millisecond)
		case <-ctx.Done():
			return nil, err
		}
	}
}

// unreachable says whether an error is the database being away (a lost
// or refused connection, a server shutting down or starting) rather than
// the database refusing what was asked.
func unreachable(err error) bool {
	var refused *pgconn.PgError
	if !errors.As(err, &refused) {
		return true
	}
	class := refused.Code[:min(2, len(refused.Code))]
	return class == "08" || class == "57" // connection exception, operator intervention
}

// transact writes the batch and its notices in one transaction.
func (b *Backend) transact(ctx context.Context, batch []*write) ([]writeResult, error) {
	results := make([]writeResult, len(batch))
	var (
		signUps                               []int // indexes into batch
		newFingerprints, newNames             []string
		newSince                              []time.Time
		likeFingerprints, likeIDs             []string
		likeAt                                []time.Time
		unlikeFingerprints, unlikeIDs         []string
		addFingerprints, addIngredients       []string
		removeFingerprints, removeIngredients []string
		notices                               []string
		newTokens                             []store.Token
		usedHashes                            [][]byte
		usedAt                                []time.Time
		revokedHashes                         [][]byte
		renamed, renamedTo                    []string
		welcomed                              []bool
		newWelcomed                           []bool
	)
	for i, w := range batch {
		switch w.kind {
		case store.ChangeAccount:
			if w.update {
				renamed = append(renamed, w.account.Fingerprint)
				renamedTo = append(renamedTo, w.account.Name)
				welcomed = append(welcomed, w.account.Welcomed)
				n := accountNotice(w.account)
				n.Node, n.Seq = b.node, w.seq
				notices = append(notices, n.encode())
				continue
			}
			signUps = append(signUps, i)
			newFingerprints = append(newFingerprints, w.account.Fingerprint)
			newNames = append(newNames, w.account.Name)
			newSince = append(newSince, w.account.Since)
			newWelcomed = append(newWelcomed, w.account.Welcomed)
		case store.ChangeLike:
			if w.like {
				likeFingerprints, likeIDs, likeAt = append(likeFingerprints, w.fingerprint), append(likeIDs, w.cocktail), append(likeAt, w.at)
			} else {
				unlikeFingerprints, unlikeIDs = append(unlikeFingerprints, w.fingerprint), append(unlikeIDs, w.cocktail)
			}
			n := notice{Node: b.node, Seq: w.seq, Kind: noticeLike, Fingerprint: w.fingerprint, Cocktail: w.cocktail, Liked: w.like}
			if w.like {
				n.At = w.at.UnixMicro()
			}
			notices = append(notices, n.encode())
		case store.ChangeBar:
			for j, ing := range w.ingredients {
				if w.inBar {
					addFingerprints, addIngredients = append(addFingerprints, w.fingerprint), append(addIngredients, ing)
				} else {
					removeFingerprints, removeIngredients = append(removeFingerprints, w.fingerprint), append(removeIngredients, ing)
				}
				n := notice{Node: b.node, Kind: noticeBar, Fingerprint: w.fingerprint, Ingredient: ing, InBar: w.inBar}
				if j == len(w.ingredients)-1 {
					n.Seq = w.seq // notices arrive in order: the last says all came
				}
				notices = append(notices, n.encode())
			}
		case store.ChangeToken:
			switch w.tokenOp {
			case store.TokenCreated:
				newTokens = append(newTokens, w.token)
			case store.TokenUsed:
				usedHashes, usedAt = append(usedHashes, w.token.Hash[:]), append(usedAt, w.token.LastUsed)
			case store.TokenRevoked:
				revokedHashes = append(revokedHashes, w.token.Hash[:])
			}
			n := tokenNotice(w.token, w.tokenOp)
			n.Node, n.Seq = b.node, w.seq
			notices = append(notices, n.encode())
		}
	}
	tokenHashes, tokenFingerprints, tokenNames, tokenCreated := make([][]byte, len(newTokens)), make([]string, len(newTokens)), make([]string, len(newTokens)), make([]time.Time, len(newTokens))
	for i, t := range newTokens {
		tokenHashes[i], tokenFingerprints[i], tokenNames[i], tokenCreated[i] = t.Hash[:], t.Fingerprint, t.Name, t.Created
	}

	tx, err := b.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if len(signUps) > 0 {
		created := map[string]bool{}
		rows, err := tx.Query(ctx, `INSERT INTO accounts (fingerprint, name, since, welcomed)
			SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::boolean[])
			ON CONFLICT (fingerprint) DO NOTHING RETURNING fingerprint`, newFingerprints, newNames, newSince, newWelcomed)
		if err != nil {
			return nil, err
		}
		var fingerprint string
		if _, err := pgx.ForEachRow(rows, []any{&fingerprint}, func() error { created[fingerprint] = true; return nil }); err != nil {
			return nil, err
		}
		// A key signing up on two servers at once: the other's insert
		// committed first, and this statement sees it.
		stored := map[string]store.Account{}
		var a store.Account
		rows, err = tx.Query(ctx, "SELECT fingerprint, name, since, welcomed FROM accounts WHERE fingerprint = ANY($1)", newFingerprints)
		if err != nil {
			return nil, err
		}
		if _, err := pgx.ForEachRow(rows, []any{&a.Fingerprint, &a.Name, &a.Since, &a.Welcomed}, func() error {
			a.Since = a.Since.UTC()
			stored[a.Fingerprint] = a
			return nil
		}); err != nil {
			return nil, err
		}
		for _, i := range signUps {
			fingerprint := batch[i].account.Fingerprint
			a, ok := stored[fingerprint]
			if !ok {
				return nil, fmt.Errorf("account %s is missing after its sign-up", fingerprint)
			}
			// Two sign-ups of one key in one batch: the first is the one.
			results[i] = writeResult{account: a, created: created[fingerprint]}
			if created[fingerprint] {
				delete(created, fingerprint)
				n := accountNotice(a)
				n.Node = b.node
				notices = append(notices, n.encode())
			}
		}
	}
	statements := []struct {
		rows int
		sql  string
		args []any
	}{
		{len(renamed), `UPDATE accounts SET name = changed.name, welcomed = changed.welcomed
			FROM unnest($1::text[], $2::text[], $3::boolean[]) AS changed (fingerprint, name, welcomed)
			WHERE accounts.fingerprint = changed.fingerprint`,
			[]any{renamed, renamedTo, welcomed}},
		{len(likeIDs), `INSERT INTO likes (fingerprint, cocktail, liked_at)
			SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[]) ON CONFLICT DO NOTHING`,
			[]any{likeFingerprints, likeIDs, likeAt}},
		{len(unlikeIDs), `DELETE FROM likes USING unnest($1::text[], $2::text[]) AS gone (fingerprint, cocktail)
			WHERE likes.fingerprint = gone.fingerprint AND likes.cocktail = gone.cocktail`,
			[]any{unlikeFingerprints, unlikeIDs}},
		{len(addIngredients), `INSERT INTO bars (fingerprint, ingredient)
			SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
			[]any{addFingerprints, addIngredients}},
		{len(removeIngredients), `DELETE FROM bars USING unnest($1::text[], $2::text[]) AS gone (fingerprint, ingredient)
			WHERE bars.fingerprint = gone.fingerprint AND bars.ingredient = gone.ingredient`,
			[]any{removeFingerprints, removeIngredients}},
		{len(newTokens), `INSERT INTO tokens (hash, fingerprint, name, created)
			SELECT * FROM unnest($1::bytea[], $2::text[], $3::text[], $4::timestamptz[]) ON CONFLICT (hash) DO NOTHING`,
			[]any{tokenHashes, tokenFingerprints, tokenNames, tokenCreated}},
		{len(usedHashes), `UPDATE tokens SET last_used = greatest(last_used, used.at)
			FROM unnest($1::bytea[], $2::timestamptz[]) AS used (hash, at) WHERE tokens.hash = used.hash`,
			[]any{usedHashes, usedAt}},
		{len(revokedHashes), `DELETE FROM tokens WHERE hash = ANY($1::bytea[])`, []any{revokedHashes}},
		{len(notices), `SELECT count(pg_notify($1, payload)) FROM unnest($2::text[]) AS payload`,
			[]any{channel, notices}},
	}
	for _, st := range statements {
		if st.rows == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, st.sql, st.args...); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	for _, w := range batch {
		b.echoes.committed(w.seq)
	}
	return results, nil
}

// echoes are the writes of this server waiting for their notification.
type echoes struct {
	mu      sync.Mutex
	waiting map[uint64]*echo
}

type echo struct {
	arrived   chan struct{}
	committed bool
}

func (e *echoes) expect(seq uint64) <-chan struct{} {
	ch := make(chan struct{})
	e.mu.Lock()
	e.waiting[seq] = &echo{arrived: ch}
	e.mu.Unlock()
	return ch
}

func (e *echoes) committed(seq uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if w, ok := e.waiting[seq]; ok {
		w.committed = true
	}
}

// arrived releases the write whose notification came back.
func (e *echoes) arrived(seq uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if w, ok := e.waiting[seq]; ok {
		close(w.arrived)
		delete(e.waiting, seq)
	}
}

// committedSoFar lists the writes committed and still waiting: taken when
// the feed is back, these may have sent their notifications while nobody
// listened, and the resync that follows reads what they wrote.
func (e *echoes) committedSoFar() []uint64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	var seqs []uint64
	for seq, w := range e.waiting {
		if w.committed {
			seqs = append(seqs, seq)
		}
	}
	return seqs
}

func (e *echoes) forget(seq uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.waiting, seq)
}
