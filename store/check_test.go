package store

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestCheckCountsASoundStore(t *testing.T) {
	r := realisticStore(t)
	path := writeCopy(t, r.raw)
	before := hashFile(t, path)
	sum, err := Check(path)
	if err != nil {
		t.Fatal(err)
	}
	var likes, bars int
	for _, line := range r.final {
		switch {
		case strings.HasPrefix(line, "like "):
			likes++
		case strings.HasPrefix(line, "bar "):
			bars++
		}
	}
	if sum.Accounts != realisticAccounts || sum.Likes != likes || sum.BarItems != bars {
		t.Errorf("check counts %d accounts, %d likes, %d bar items; want %d, %d, %d",
			sum.Accounts, sum.Likes, sum.BarItems, realisticAccounts, likes, bars)
	}
	if sum.Path != path || sum.Size != int64(len(r.raw)) || sum.InUse <= 0 || sum.InUse > sum.Size || sum.TxID < 2 || len(sum.Notes) != 0 {
		t.Errorf("summary = %+v", sum)
	}
	if hashFile(t, path) != before {
		t.Error("check changed the file")
	}
}

func TestCheckOfAMissingFileCreatesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "barkeep.db")
	if _, err := Check(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("check of a missing file: %v, want an error naming it", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("check created the file: %v", err)
	}
	if _, err := Check(filepath.Dir(path)); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("check of a directory: %v", err)
	}
	empty := writeCopy(t, nil)
	if _, err := Check(empty); !errors.Is(err, ErrNotAStore) || !strings.Contains(err.Error(), empty) {
		t.Errorf("check of an empty file: %v, want ErrNotAStore naming it", err)
	}
}

// TestCheckOfAStoreInUseSaysSo: a running server holds the file's lock;
// check must neither wait for it nor read a file that is being written.
func TestCheckOfAStoreInUseSaysSo(t *testing.T) {
	s, path := newStore(t)
	signUp(t, s, "SHA256:a", "a")
	done := make(chan error, 1)
	go func() { _, err := Check(path); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "in use") || !strings.Contains(err.Error(), path) {
			t.Errorf("check of a store in use: %v, want ErrLocked saying it is in use", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("check of a store in use hung")
	}
	if _, err := s.SetLike("SHA256:a", "negroni", true); err != nil {
		t.Errorf("the store could not write after the check: %v", err)
	}
}

// craft makes a small sound store, then changes it with bbolt directly.
func craft(t *testing.T, change func(tx *bolt.Tx) error) string {
	t.Helper()
	path := filepath.Join(scratchDir(t), "barkeep.db")
	s := openStore(t, path)
	for _, fp := range []string{"SHA256:a", "SHA256:b"} {
		signUp(t, s, fp, "member")
		if _, err := s.SetLike(fp, "negroni", true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetInBar(fp, []string{"gin"}, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(change); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func put(bucket, key, value string) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(bucket))
		if err != nil {
			return err
		}
		var v []byte
		if value != "" {
			v = []byte(value)
		}
		return b.Put([]byte(key), v)
	}
}

func TestCheckFindsDamagedRecords(t *testing.T) {
	goodTime, _ := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC).MarshalBinary()
	tests := []struct {
		name     string
		change   func(tx *bolt.Tx) error
		problem  string
		notStore bool
	}{
		{"an account that is not JSON", put("accounts", "SHA256:a", "{not json"), `account "SHA256:a" does not decode`, false},
		{"an account filed under another key", put("accounts", "SHA256:c", `{"fingerprint":"SHA256:x","name":"c","since":"2025-01-02T03:04:05Z"}`), `filed under "SHA256:c"`, false},
		{"an account without a name", put("accounts", "SHA256:c", `{"fingerprint":"SHA256:c","name":"","since":"2025-01-02T03:04:05Z"}`), "sign-up never gives", false},
		{"an account without a time", put("accounts", "SHA256:c", `{"fingerprint":"SHA256:c","name":"c"}`), "no sign-up time", false},
		{"a like by no account", put("likes", "SHA256:ghost\x00negroni", string(goodTime)), `by "SHA256:ghost", which is not an account`, false},
		{"a like of no cocktail id", put("likes", "SHA256:a\x00Negroni!", string(goodTime)), "not a cocktail id", false},
		{"a like without a separator", put("likes", "SHA256:a-negroni", string(goodTime)), "not a fingerprint and a cocktail id", false},
		{"a like without a time", put("likes", "SHA256:a\x00kir", "yesterday"), "no valid time", false},
		{"a bar of no account", put("bars", "SHA256:ghost\x00gin", ""), "not an account", false},
		{"a bar record with a value", put("bars", "SHA256:a\x00campari", "x"), "has a value", false},
		{"a bar record without a separator", put("bars", "SHA256:a", ""), "not a fingerprint and an ingredient", false},
		{"an unknown bucket", put("favourites", "k", "v"), `unknown bucket "favourites"`, false},
		{"a bucket inside accounts", func(tx *bolt.Tx) error {
			_, err := tx.Bucket(bucketAccounts).CreateBucket([]byte("SHA256:nested"))
			return err
		}, "is a bucket, not a record", false},
		{"the likes bucket gone", func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketLikes) }, `the "likes" bucket is missing`, false},
		{"another format", put("meta", "format", "barkeep-store/9"), `format is "barkeep-store/9"`, true},
		{"no meta bucket", func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketMeta) }, `no "meta" bucket`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := craft(t, tt.change)
			o := openAndCheck(t, path)
			for what, err := range map[string]error{"check": o.checkErr, "open": o.openErr} {
				if err == nil || !strings.Contains(err.Error(), tt.problem) {
					t.Errorf("%s: %v, want an error saying %q", what, err, tt.problem)
				}
				if tt.notStore && !errors.Is(err, ErrNotAStore) {
					t.Errorf("%s: %v, want ErrNotAStore", what, err)
				}
				if !tt.notStore && !errors.Is(err, ErrDamaged) {
					t.Errorf("%s: %v, want ErrDamaged", what, err)
				}
			}
		})
	}
}

func TestCheckListsEveryProblem(t *testing.T) {
	path := craft(t, func(tx *bolt.Tx) error {
		for _, change := range []func(tx *bolt.Tx) error{
			put("accounts", "SHA256:c", "{"),
			put("likes", "SHA256:ghost\x00kir", "x"),
			put("bars", "SHA256:ghost\x00gin", ""),
		} {
			if err := change(tx); err != nil {
				return err
			}
		}
		return nil
	})
	_, err := Check(path)
	var cerr *CheckError
	if !errors.As(err, &cerr) || cerr.Path != path || len(cerr.Problems) != 3 || !strings.Contains(err.Error(), "(3 problems)") {
		t.Fatalf("check: %v (%#v), want a CheckError listing 3 problems", err, cerr)
	}

	many := craft(t, func(tx *bolt.Tx) error {
		for i := range maxProblems + 5 {
			if err := put("likes", "SHA256:ghost\x00"+string(rune('a'+i)), "x")(tx); err != nil {
				return err
			}
		}
		return nil
	})
	_, err = Check(many)
	if !errors.As(err, &cerr) || len(cerr.Problems) != maxProblems || cerr.Omitted != 5 || !strings.Contains(err.Error(), "and 5 more") {
		t.Fatalf("check of a file with %d problems: %v, want %d listed and 5 counted", maxProblems+5, err, maxProblems)
	}
}

// TestCheckNotesAnInvalidMetaPage: bbolt survives a torn write of one meta
// page by reading the other; check says so without failing the file.
func TestCheckNotesAnInvalidMetaPage(t *testing.T) {
	r := realisticStore(t)
	for page := range 2 {
		damaged := slices.Clone(r.raw)
		damaged[page*r.pageSize+pageHeaderSize+20] ^= 0x10 // inside the meta, under its checksum
		path := writeCopy(t, damaged)
		sum, err := Check(path)
		if err != nil {
			t.Fatalf("meta page %d damaged: %v", page, err)
		}
		if len(sum.Notes) != 1 || !strings.Contains(sum.Notes[0], "meta page") {
			t.Errorf("meta page %d damaged: notes %q, want one about the meta page", page, sum.Notes)
		}
	}
}

// TestOpenOfAStoreWithAHoleInItsLayoutWritesNothing: a used file in which
// no bucket is left is not taken for a new one (and given a new layout).
func TestOpenOfAStoreWithAHoleInItsLayoutWritesNothing(t *testing.T) {
	path := craft(t, func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketAccounts, bucketLikes, bucketBars} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return nil
	})
	o := openAndCheck(t, path)
	if !errors.Is(o.openErr, ErrNotAStore) {
		t.Errorf("open of a used file without buckets: %v, want ErrNotAStore", o.openErr)
	}
}

// TestANewFileFromAnInterruptedFirstStartOpens: bbolt writes a new file's
// first pages before Barkeep commits its layout; a crash between the two
// leaves a file that must open as a new store, not be refused.
func TestANewFileFromAnInterruptedFirstStartOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "barkeep.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before := hashFile(t, path)
	if sum, err := Check(path); err != nil || sum.Accounts != 0 {
		t.Fatalf("check of a new file: %+v, %v", sum, err)
	}
	if hashFile(t, path) != before {
		t.Fatal("check wrote to a new file")
	}
	s := openStore(t, path)
	signUp(t, s, "SHA256:a", "a")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if sum, err := Check(path); err != nil || sum.Accounts != 1 {
		t.Fatalf("check after the first sign-up: %+v, %v", sum, err)
	}
}
