package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// backupWriter is one account that makes a known sequence of changes; after
// its first k steps its state is known exactly.
type backupWriter struct {
	fingerprint string
	steps       []backupStep
	done        atomic.Int64 // steps acknowledged
}

type backupStep struct {
	cocktail string // a like, or an unlike when unlike is set
	unlike   bool
	bar      string // or an ingredient added to the bar
}

func newBackupWriter(i int, cocktails, ingredients []string) *backupWriter {
	w := &backupWriter{fingerprint: fmt.Sprintf("SHA256:writer-%d", i)}
	for round := range 3 {
		for j, id := range cocktails {
			w.steps = append(w.steps, backupStep{cocktail: id, unlike: round == 1 && j%2 == 0})
			if j%3 == i%3 {
				w.steps = append(w.steps, backupStep{bar: ingredients[(i+j+round)%len(ingredients)]})
			}
		}
	}
	return w
}

func (w *backupWriter) run(s *Store) error {
	if _, _, err := s.SignUp(w.fingerprint, "writer"); err != nil {
		return err
	}
	for _, step := range w.steps {
		var err error
		if step.bar != "" {
			err = s.SetInBar(w.fingerprint, []string{step.bar}, true)
		} else {
			_, err = s.SetLike(w.fingerprint, step.cocktail, !step.unlike)
		}
		if err != nil {
			return err
		}
		w.done.Add(1)
	}
	return nil
}

// state is the account's likes and bar after its first k steps.
func (w *backupWriter) state(k int) string {
	likes, bar := map[string]bool{}, map[string]bool{}
	for _, step := range w.steps[:k] {
		if step.bar != "" {
			bar[step.bar] = true
		} else {
			likes[step.cocktail] = !step.unlike
		}
	}
	return w.describe(func(id string) bool { return likes[id] }, func(ing string) bool { return bar[ing] })
}

func (w *backupWriter) describe(liked func(string) bool, inBar func(string) bool) string {
	var parts []string
	seen := map[string]bool{}
	for _, step := range w.steps {
		switch {
		case step.bar != "" && !seen["bar "+step.bar] && inBar(step.bar):
			parts = append(parts, "bar "+step.bar)
		case step.bar == "" && !seen["like "+step.cocktail] && liked(step.cocktail):
			parts = append(parts, "like "+step.cocktail)
		}
		seen["bar "+step.bar], seen["like "+step.cocktail] = true, true
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// TestBackupWhileWritingIsConsistentAndComplete takes backups while
// accounts write, and opens each: it must pass the check, hold everything
// acknowledged before the backup began, and show each account as of one
// moment (a prefix of its changes, nothing torn or invented).
func TestBackupWhileWritingIsConsistentAndComplete(t *testing.T) {
	// A store of several hundred KiB, so that copying it takes a while.
	s := openStore(t, writeCopy(t, realisticStore(t).raw))
	defer s.Close()
	cocktails := ids(s.Catalog().All())
	ingredients := s.Catalog().Ingredients()
	writers := make([]*backupWriter, 8)
	for i := range writers {
		writers[i] = newBackupWriter(i, cocktails, ingredients)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(writers))
	for _, w := range writers {
		wg.Go(func() {
			if err := w.run(s); err != nil {
				errs <- err
			}
		})
	}
	type backup struct {
		raw           []byte
		before, after []int64 // steps acknowledged when it began and ended
	}
	var backups []backup
	for {
		b := backup{}
		for _, w := range writers {
			b.before = append(b.before, w.done.Load())
		}
		// Every other backup goes to a slow reader, as over SSH: a copy
		// that is not one transaction's would come out torn.
		var buf bytes.Buffer
		var w io.Writer = &buf
		if len(backups)%2 == 1 {
			w = slowWriter{&buf}
		}
		n, err := s.WriteBackup(w)
		if err != nil {
			t.Fatal(err)
		}
		if n != int64(buf.Len()) {
			t.Fatalf("WriteBackup says %d bytes, wrote %d", n, buf.Len())
		}
		for _, w := range writers {
			b.after = append(b.after, w.done.Load())
		}
		b.raw = buf.Bytes()
		backups = append(backups, b)
		finished := true
		for i, w := range writers {
			finished = finished && b.before[i] == int64(len(w.steps))
		}
		if finished {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(backups) < 3 {
		t.Logf("only %d backups were taken while writing", len(backups))
	}
	for n, b := range backups {
		path := writeCopy(t, b.raw)
		if _, err := Check(path); err != nil {
			t.Fatalf("backup %d fails its check: %v", n, err)
		}
		restored := openStore(t, path)
		for i, w := range writers {
			got := w.describe(
				func(id string) bool { return restored.Liked(w.fingerprint, id) },
				func(ing string) bool { return slices.Contains(restored.Bar(w.fingerprint), ing) })
			// At most one step can be committed and not yet acknowledged.
			ok := false
			for k := b.before[i]; k <= min(b.after[i]+1, int64(len(w.steps))); k++ {
				ok = ok || got == w.state(int(k))
			}
			if !ok {
				t.Errorf("backup %d: writer %d is %q; want its state after %d to %d steps, such as %q",
					n, i, got, b.before[i], b.after[i]+1, w.state(int(b.before[i])))
			}
			if b.before[i] > 0 {
				if _, signedUp := restored.Account(w.fingerprint); !signedUp {
					t.Errorf("backup %d lacks writer %d's account", n, i)
				}
			}
		}
		if len(restored.accounts) > realisticAccounts+len(writers) {
			t.Errorf("backup %d has %d accounts, more than were made", n, len(restored.accounts))
		}
		restored.Close()
	}
	t.Logf("%d backups taken while %d accounts wrote", len(backups), len(writers))
}

// slowWriter takes its time over every write.
type slowWriter struct{ w io.Writer }

func (w slowWriter) Write(p []byte) (int, error) {
	time.Sleep(2 * time.Millisecond)
	return w.w.Write(p)
}

// stallingWriter blocks its first Write until released, and runs during
// it what must not wait for the backup's reader.
type stallingWriter struct {
	bytes.Buffer
	during func()
	once   sync.Once
}

func (w *stallingWriter) Write(p []byte) (int, error) {
	w.once.Do(w.during)
	return w.Buffer.Write(p)
}

// TestASlowBackupReaderDoesNotStopWrites: while the backup is being written
// out (to an SSH client that reads slowly), the store keeps committing,
// even commits that grow the file (bbolt cannot grow its memory map while
// a read transaction is open).
func TestASlowBackupReaderDoesNotStopWrites(t *testing.T) {
	s := openStore(t, filepath.Join(scratchDir(t), "barkeep.db"))
	defer s.Close()
	w := &stallingWriter{}
	w.during = func() {
		grown := make(chan error, 1)
		go func() {
			// Enough accounts to grow a new file's 32 KiB map several times.
			var wg sync.WaitGroup
			var failed atomic.Value
			for g := range 8 {
				wg.Go(func() {
					for i := g; i < 800; i += 8 {
						if _, _, err := s.SignUp(fmt.Sprintf("SHA256:%04d-%s", i, strings.Repeat("x", 40)), "slow reader's neighbour"); err != nil {
							failed.Store(err)
							return
						}
					}
				})
			}
			wg.Wait()
			err, _ := failed.Load().(error)
			grown <- err
		}()
		select {
		case err := <-grown:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(30 * time.Second):
			t.Error("writes were blocked while the backup was being written out")
		}
	}
	if _, err := s.WriteBackup(w); err != nil {
		t.Fatal(err)
	}
	path := writeCopy(t, w.Bytes())
	if sum, err := Check(path); err != nil || sum.Accounts != 0 {
		t.Errorf("the backup = %+v, %v; want the empty store it was taken of", sum, err)
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.after {
		n := w.after
		w.after = 0
		return n, errors.New("client went away")
	}
	w.after -= len(p)
	return len(p), nil
}

func TestABackupThatCannotBeWrittenIsAnError(t *testing.T) {
	s, _ := newStore(t)
	signUp(t, s, "SHA256:a", "a")
	for _, after := range []int{0, 100, 5000} {
		if _, err := s.WriteBackup(&failingWriter{after: after}); err == nil || !strings.Contains(err.Error(), "client went away") {
			t.Errorf("backup to a writer failing after %d bytes: %v", after, err)
		}
	}
	if _, err := s.SetLike("SHA256:a", "negroni", true); err != nil {
		t.Errorf("the store cannot write after a failed backup: %v", err)
	}
	var buf bytes.Buffer
	if _, err := s.WriteBackup(&buf); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copyPath, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if sum, err := Check(copyPath); err != nil || sum.Likes != 1 || sum.Accounts != 1 {
		t.Errorf("backup after a failed one = %+v, %v; want 1 account and 1 like", sum, err)
	}
}

func TestOneBackupAtATime(t *testing.T) {
	s, _ := newStore(t)
	s.bolt().backingUp.Lock()
	if _, err := s.WriteBackup(io.Discard); !errors.Is(err, ErrBackupRunning) {
		t.Errorf("a second backup at once: %v, want ErrBackupRunning", err)
	}
	s.bolt().backingUp.Unlock()
	if _, err := s.WriteBackup(io.Discard); err != nil {
		t.Errorf("a backup after the first: %v", err)
	}
}
