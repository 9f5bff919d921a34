package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"barkeep/store"

	"github.com/jackc/pgx/v5"
)

// ErrNotEmpty is an import into a database that already holds accounts.
var ErrNotEmpty = errors.New("the database already holds accounts")

// Imported counts what an import added, and what it found already there
// and left as it was.
type Imported struct {
	Accounts, Likes, BarItems, Tokens                 int
	KeptAccounts, KeptLikes, KeptBarItems, KeptTokens int
}

// Import copies records in, in one transaction: all of them or nothing.
// Into a database that holds accounts it copies only when merge is set,
// and then what is there stays (an account keeps its name, a like its
// time). Running servers are told to read everything again.
func (b *Backend) Import(ctx context.Context, r store.Records, merge bool) (Imported, error) {
	var got Imported
	err := pgx.BeginFunc(ctx, b.pool, func(tx pgx.Tx) error {
		var existing int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM accounts").Scan(&existing); err != nil {
			return err
		}
		if existing > 0 && !merge {
			return fmt.Errorf("%w (%d)", ErrNotEmpty, existing)
		}
		tables := []struct {
			name    string
			columns []string
			rows    [][]any
			added   *int
			kept    *int
		}{
			{"accounts", []string{"fingerprint", "name", "since", "welcomed"}, accountRows(r.Accounts), &got.Accounts, &got.KeptAccounts},
			{"likes", []string{"fingerprint", "cocktail", "liked_at"}, likeRows(r.Likes), &got.Likes, &got.KeptLikes},
			{"bars", []string{"fingerprint", "ingredient"}, barRows(r.Bars), &got.BarItems, &got.KeptBarItems},
			{"tokens", []string{"hash", "fingerprint", "name", "created", "last_used"}, tokenRows(r.Tokens), &got.Tokens, &got.KeptTokens},
		}
		for _, t := range tables {
			staging := "import_" + t.name
			if _, err := tx.Exec(ctx, fmt.Sprintf("CREATE TEMPORARY TABLE %s (LIKE %s) ON COMMIT DROP", staging, t.name)); err != nil {
				return err
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{staging}, t.columns, pgx.CopyFromRows(t.rows)); err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
			tag, err := tx.Exec(ctx, fmt.Sprintf("INSERT INTO %s SELECT * FROM %s ON CONFLICT DO NOTHING", t.name, staging))
			if err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
			*t.added = int(tag.RowsAffected())
			*t.kept = len(t.rows) - *t.added
		}
		_, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", channel, notice{Kind: noticeResync}.encode())
		return err
	})
	if err != nil {
		return Imported{}, fmt.Errorf("import into %s: %w", b.where, err)
	}
	return got, nil
}

func accountRows(accounts []store.Account) [][]any {
	rows := make([][]any, len(accounts))
	for i, a := range accounts {
		rows[i] = []any{a.Fingerprint, a.Name, a.Since, a.Welcomed}
	}
	return rows
}

func likeRows(likes []store.LikeRecord) [][]any {
	rows := make([][]any, len(likes))
	for i, l := range likes {
		rows[i] = []any{l.Fingerprint, l.CocktailID, l.At}
	}
	return rows
}

func barRows(bars []store.BarRecord) [][]any {
	rows := make([][]any, len(bars))
	for i, b := range bars {
		rows[i] = []any{b.Fingerprint, b.Ingredient}
	}
	return rows
}

func tokenRows(tokens []store.Token) [][]any {
	rows := make([][]any, len(tokens))
	for i, t := range tokens {
		var lastUsed *time.Time
		if !t.LastUsed.IsZero() {
			lastUsed = &t.LastUsed
		}
		rows[i] = []any{t.Hash[:], t.Fingerprint, t.Name, t.Created, lastUsed}
	}
	return rows
}
