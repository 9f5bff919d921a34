package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"barkeep/store"
	"barkeep/store/pgstore"
)

// migrateTimeout bounds a migration: connecting, and copying everything in
// one transaction.
const migrateTimeout = 10 * time.Minute

// migrateCommand copies a one-machine store file into a PostgreSQL
// database, for running several servers on it.
func migrateCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("barkeep migrate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	from := fs.String("from", "", "the store file to copy (barkeep-data/barkeep.db), left as it is")
	to := fs.String("to", envDefault("BARKEEP_DATABASE", ""), "the PostgreSQL database to copy into, postgres://... (env BARKEEP_DATABASE)")
	merge := fs.Bool("merge", false, "copy into a database that already holds accounts: what is there stays (an account keeps its name, a like its time), the rest is added")
	fs.Usage = func() {
		fmt.Fprint(stdout, `Usage: barkeep migrate --from FILE --to postgres://... [--merge]

Copies a store file's accounts (with their names and sign-up times), likes
(with their times), bars and API tokens into a PostgreSQL database, in one
transaction, and says what it copied. The file is checked first, and never
changed; it must not be in use by a running server. A database that already
holds accounts is refused unless --merge is given. Servers running on the
database read everything again once the copy is committed.

Flags:
`)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return 0
		}
		fmt.Fprintf(stderr, "barkeep migrate: %v\nRun \"barkeep migrate --help\" for the flags.\n", err)
		return exitUsage
	}
	if fs.NArg() > 0 || *from == "" || *to == "" {
		fmt.Fprintln(stderr, "barkeep migrate: give --from FILE and --to postgres://...; see barkeep migrate --help")
		return exitUsage
	}
	records, err := store.ReadFile(*from)
	if err != nil {
		fmt.Fprintf(stderr, "barkeep migrate: %v\n", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), migrateTimeout)
	defer cancel()
	backend, err := pgstore.Open(ctx, *to, pgstore.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "barkeep migrate: %v\n", err)
		return 1
	}
	defer backend.Close()
	got, err := backend.Import(ctx, records, *merge)
	if errors.Is(err, pgstore.ErrNotEmpty) {
		fmt.Fprintf(stderr, "barkeep migrate: %v; nothing was copied. Give --merge to add the file's records to them.\n", err)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "barkeep migrate: %v; nothing was copied\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "copied %s to %s: accounts %d, likes %d, bar ingredients %d, API tokens %d\n",
		*from, backend, got.Accounts, got.Likes, got.BarItems, got.Tokens)
	if kept := got.KeptAccounts + got.KeptLikes + got.KeptBarItems + got.KeptTokens; kept > 0 {
		fmt.Fprintf(stdout, "already there, kept as they were: accounts %d, likes %d, bar ingredients %d, API tokens %d\n",
			got.KeptAccounts, got.KeptLikes, got.KeptBarItems, got.KeptTokens)
	}
	return 0
}
