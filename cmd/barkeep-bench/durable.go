package main

// Durable likes: how many likes a second a store commits with many writers
// at once, each call returning once its like is durable. Measured in this
// process, through the store itself: what the SSH sessions around it cost
// is measured by the other phases.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"barkeep/data"
	"barkeep/store"
	"barkeep/store/pgstore"
)

// durableFigures are the durable-likes phase's results.
type durableFigures struct {
	Writers           int     `json:"writers"`
	Seconds           float64 `json:"seconds"`
	BboltPerSecond    float64 `json:"bbolt_likes_per_second"`
	PostgresPerSecond float64 `json:"postgres_likes_per_second"`
}

// measureDurable runs writers writers for d on a bbolt file and on a fresh
// database of the server at dsn.
func measureDurable(dsn string, writers int, d time.Duration) (durableFigures, error) {
	f := durableFigures{Writers: writers, Seconds: d.Seconds()}
	cocktails, err := data.Embedded()
	if err != nil {
		return f, err
	}
	catalog := store.NewCatalog(cocktails)

	dir, err := os.MkdirTemp("", "barkeep-bench-likes-")
	if err != nil {
		return f, err
	}
	defer os.RemoveAll(dir)
	progress("durable likes: %d writers for %v on bbolt", writers, d)
	bolt, err := store.Open(filepath.Join(dir, "barkeep.db"), catalog)
	if err != nil {
		return f, err
	}
	f.BboltPerSecond, err = likesPerSecond(bolt, writers, d)
	_ = bolt.Close()
	if err != nil {
		return f, err
	}

	progress("durable likes: %d writers for %v on PostgreSQL", writers, d)
	database, drop, err := createDatabase(dsn)
	if err != nil {
		return f, err
	}
	defer drop()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	backend, err := pgstore.Open(ctx, database, pgstore.Options{})
	if err != nil {
		return f, err
	}
	pg, err := store.New(ctx, backend, catalog)
	if err != nil {
		return f, err
	}
	defer pg.Close()
	f.PostgresPerSecond, err = likesPerSecond(pg, writers, d)
	return f, err
}

// likesPerSecond has each writer, its own account, toggle its like on
// cocktail after cocktail for d, so that every call writes.
func likesPerSecond(s *store.Store, writers int, d time.Duration) (float64, error) {
	all := s.Catalog().All()
	accounts := make([]string, writers)
	for i := range accounts {
		accounts[i] = fmt.Sprintf("SHA256:bench-writer-%d", i)
		if _, _, err := s.SignUp(accounts[i], "writer"); err != nil {
			return 0, err
		}
	}
	var done atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	end := start.Add(d)
	for w, fingerprint := range accounts {
		wg.Go(func() {
			for i := w; time.Now().Before(end); i++ {
				id := all[i%len(all)].ID
				if _, err := s.SetLike(fingerprint, id, !s.Liked(fingerprint, id)); err != nil {
					failed.Store(err)
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		return 0, err
	}
	return float64(done.Load()) / time.Since(start).Seconds(), nil
}
