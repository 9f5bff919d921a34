package pgstore

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"barkeep/data"
	"barkeep/internal/pgtest"
	"barkeep/internal/storetest"
	"barkeep/store"

	"github.com/jackc/pgx/v5"
)

// openBackend opens a backend on dsn, closed when the test ends.
func openBackend(t testing.TB, dsn string, opts Options) *Backend {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b, err := Open(ctx, dsn, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return b
}

// openStore opens a store over a backend, closed when the test ends.
func openStore(t testing.TB, b *Backend, cocktails []data.Cocktail) *store.Store {
	t.Helper()
	s, err := store.New(context.Background(), b, store.NewCatalog(cocktails))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestPostgresBackend(t *testing.T) {
	storetest.RunSuite(t, func(t *testing.T) storetest.Place {
		dsn := pgtest.NewDatabase(t)
		return storetest.Place{Shared: true, Open: func(t *testing.T, cocktails []data.Cocktail) *store.Store {
			t.Helper()
			return openStore(t, openBackend(t, dsn, Options{}), cocktails)
		}}
	})
}

// query runs sql on its own connection and returns the first column of
// each row.
func query(t *testing.T, dsn, sql string, args ...any) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(ctx, sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	values, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return values
}

func TestServersStartingTogetherMigrateOnce(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			b, err := Open(context.Background(), dsn, Options{})
			if err == nil {
				err = b.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("server %d: %v", i, err)
		}
	}
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	applied := query(t, dsn, "SELECT name FROM barkeep_schema ORDER BY version")
	want := make([]string, len(all))
	for i, m := range all {
		want[i] = m.name
	}
	if !slices.Equal(applied, want) {
		t.Errorf("migrations applied %v, want each once: %v", applied, want)
	}
}

func TestASchemaFromANewerBarkeepIsRefused(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	_ = openBackend(t, dsn, Options{}).Close()
	query(t, dsn, "INSERT INTO barkeep_schema (version, name) VALUES (999, '0999_future.sql') RETURNING name")
	_, err := Open(context.Background(), dsn, Options{})
	if err == nil || !strings.Contains(err.Error(), "newer than this Barkeep") {
		t.Fatalf("open of a database migrated further: %v, want a refusal naming the newer schema", err)
	}
}

func TestTheAddressIsShownWithoutItsPassword(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	b := openBackend(t, dsn, Options{})
	if got := b.String(); !strings.HasPrefix(got, "postgres://") || strings.Contains(got, "@@") {
		t.Errorf("String() = %q", got)
	}
	config, err := pgx.ParseConfig("postgres://alice:secret@db.example:6543/bar")
	if err != nil {
		t.Fatal(err)
	}
	if got := describe(config); got != "postgres://alice@db.example:6543/bar" {
		t.Errorf("describe = %q, want the address without the password", got)
	}
}

// A server whose listening connection is cut learns, once it reconnects,
// of what other servers wrote meanwhile, and tells its subscribers; its
// own writes meanwhile succeed.
func TestALostFeedIsMadeGoodByReadingEverythingAgain(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	cocktails := storetest.FixtureCatalog(t)
	cut := openBackend(t, dsn, Options{EchoTimeout: 5 * time.Second})
	cut.backoff = 300 * time.Millisecond // the writes below land while it is away
	here := openStore(t, cut, cocktails)
	there := openStore(t, openBackend(t, dsn, Options{}), cocktails)
	alice, _, err := there.SignUp("SHA256:alice", "alice")
	if err != nil {
		t.Fatal(err)
	}
	bob, _, err := here.SignUp("SHA256:bob", "bob")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "both servers know both accounts", func() bool {
		_, a := here.Account(alice.Fingerprint)
		_, b := there.Account(bob.Fingerprint)
		return a && b
	})
	sub := here.Subscribe()
	defer sub.Close()
	sub.Watch([]string{"negroni"})
	heard := make(chan struct{}, 1)
	sub.Notify(func() {
		select {
		case heard <- struct{}{}:
		default:
		}
	})

	if got := query(t, dsn, "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity WHERE application_name = $1",
		"barkeep listener "+cut.node); len(got) != 1 {
		t.Fatalf("terminated %d listening connections, want 1", len(got))
	}
	if _, err := there.SetLike(alice.Fingerprint, "negroni", true); err != nil {
		t.Fatal(err)
	}
	if err := there.SetInBar(alice.Fingerprint, []string{"gin"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := here.SetLike(bob.Fingerprint, "kir", true); err != nil {
		t.Fatalf("a write while the feed is down: %v", err)
	}
	select {
	case <-heard:
	case <-time.After(10 * time.Second):
		t.Fatal("the subscriber never heard of the like made while the feed was down")
	}
	if got := sub.Take(); !slices.Equal(got, []string{"negroni"}) {
		t.Errorf("changes heard = %v, want [negroni]", got)
	}
	if !here.Liked(alice.Fingerprint, "negroni") || here.Likes("negroni") != 1 {
		t.Errorf("after the resync negroni shows liked=%v, %d likes", here.Liked(alice.Fingerprint, "negroni"), here.Likes("negroni"))
	}
	if !slices.Equal(here.Bar(alice.Fingerprint), []string{"gin"}) || !here.Liked(bob.Fingerprint, "kir") {
		t.Errorf("after the resync: bar %v, kir liked %v", here.Bar(alice.Fingerprint), here.Liked(bob.Fingerprint, "kir"))
	}
	// Live again: the next like arrives through the feed.
	if _, err := there.SetLike(alice.Fingerprint, "negroni", false); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the unlike after the reconnection arrives", func() bool { return here.Likes("negroni") == 0 })
}

// With the database gone, writes fail within the write timeout and reads
// go on from memory; once it is back, the feed reconnects and writes and
// live likes work again.
func TestTheDatabaseGoingAwayAndComingBack(t *testing.T) {
	server := pgtest.StartServer(t)
	cocktails := storetest.FixtureCatalog(t)
	opts := Options{WriteTimeout: 2 * time.Second}
	here := openStore(t, openBackend(t, server.DSN, opts), cocktails)
	there := openStore(t, openBackend(t, server.DSN, opts), cocktails)
	alice, _, err := here.SignUp("SHA256:alice", "alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := here.SetLike(alice.Fingerprint, "negroni", true); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the other server sees the like", func() bool { return there.Likes("negroni") == 1 })

	server.Stop(t)
	start := time.Now()
	if _, err := here.SetLike(alice.Fingerprint, "kir", true); err == nil {
		t.Fatal("a like with the database stopped succeeded")
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("the failed write took %v", elapsed)
	}
	if here.Liked(alice.Fingerprint, "kir") || here.Likes("kir") != 0 {
		t.Error("a write that failed shows in memory")
	}
	if _, _, err := here.SignUp("SHA256:late", "late"); err == nil {
		t.Error("a sign-up with the database stopped succeeded")
	}
	if !here.Liked(alice.Fingerprint, "negroni") || there.Likes("negroni") != 1 {
		t.Error("reads stopped working with the database")
	}

	server.Start(t)
	eventually(t, "writes work again", func() bool {
		_, err := here.SetLike(alice.Fingerprint, "kir", true)
		return err == nil
	})
	eventually(t, "live likes reach the other server again", func() bool { return there.Likes("kir") == 1 })
}

func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 20s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestWritesAfterCloseFail(t *testing.T) {
	b := openBackend(t, pgtest.NewDatabase(t), Options{})
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.SignUp(context.Background(), store.Account{Fingerprint: "SHA256:x", Name: "x", Since: time.Now()}); !errors.Is(err, ErrClosed) {
		t.Errorf("sign-up after Close: %v, want ErrClosed", err)
	}
}
