package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"go.etcd.io/bbolt"
)

func openStore(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(path, fixtureCatalog(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newStore(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "barkeep.db")
	s := openStore(t, path)
	t.Cleanup(func() { _ = s.Close() })
	return s, path
}

func signUp(t testing.TB, s *Store, fingerprint, name string) Account {
	t.Helper()
	a, _, err := s.SignUp(fingerprint, name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestLikesAndAccountsSurviveReopening(t *testing.T) {
	path := filepath.Join(t.TempDir(), "barkeep.db")
	s := openStore(t, path)
	alice := signUp(t, s, "SHA256:alice", "alice")
	signUp(t, s, "SHA256:bob", "bob")
	for _, id := range []string{"negroni", "kir", "mojito"} {
		if _, err := s.SetLike(alice.Fingerprint, id, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetLike("SHA256:bob", "negroni", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetLike(alice.Fingerprint, "kir", false); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	reopened := openStore(t, path)
	defer reopened.Close()
	got, ok := reopened.Account(alice.Fingerprint)
	if !ok || got != alice {
		t.Errorf("account after reopening = %+v, %v; want %+v", got, ok, alice)
	}
	if n := reopened.Likes("negroni"); n != 2 {
		t.Errorf("negroni has %d likes after reopening, want 2", n)
	}
	if reopened.Liked(alice.Fingerprint, "kir") {
		t.Error("an unlike was lost on reopening")
	}
	if favourites := ids(reopened.Favourites(alice.Fingerprint)); !slices.Equal(favourites, []string{"mojito", "negroni"}) {
		t.Errorf("favourites after reopening = %v, want newest first [mojito negroni]", favourites)
	}
	shown := []string{"negroni", "kir", "mojito", "no-such-cocktail"}
	states := make([]LikeState, len(shown))
	reopened.LikeStates(alice.Fingerprint, shown, states)
	want := []LikeState{{Count: 2, Liked: true}, {Count: 0}, {Count: 1, Liked: true}, {}}
	if !slices.Equal(states, want) {
		t.Errorf("LikeStates(%v) = %+v, want %+v", shown, states, want)
	}
	reopened.LikeStates("SHA256:nobody", shown[:1], states[:1])
	if states[0] != (LikeState{Count: 2}) {
		t.Errorf("an account that likes nothing sees %+v for negroni", states[0])
	}
}

func TestLikesOfUnknownCocktailsOrAccountsAreRefused(t *testing.T) {
	s, _ := newStore(t)
	a := signUp(t, s, "SHA256:a", "a")
	if _, err := s.SetLike(a.Fingerprint, "no-such-drink", true); !errors.Is(err, ErrUnknownCocktail) {
		t.Errorf("like of an unknown cocktail: %v, want ErrUnknownCocktail", err)
	}
	if _, err := s.SetLike("SHA256:stranger", "negroni", true); !errors.Is(err, ErrUnknownAccount) {
		t.Errorf("like by an unknown account: %v, want ErrUnknownAccount", err)
	}
	if s.Likes("negroni") != 0 {
		t.Error("a refused like was counted")
	}
}

func TestSignUpKeepsTheFirstName(t *testing.T) {
	s, _ := newStore(t)
	first, created, err := s.SignUp("SHA256:k", "alice")
	if err != nil || !created {
		t.Fatalf("first sign up: created=%v err=%v", created, err)
	}
	again, created, err := s.SignUp("SHA256:k", "mallory")
	if err != nil || created || again.Name != "alice" || again != first {
		t.Errorf("second sign up = %+v created=%v err=%v; want the first account", again, created, err)
	}
}

func TestCleanNameMakesClientNamesSafe(t *testing.T) {
	tests := map[string]string{
		"alice":                    "alice",
		"  bob  ":                  "bob",
		"evil\x1b[31mred":          "evil[31mred",
		"a\u202eb":                 "ab",
		"\xff\xfe":                 "\uFFFD",
		"":                         "guest",
		"\x00\x07":                 "guest",
		strings.Repeat("long", 20): strings.Repeat("long", 8),
		"Zoë 🍸":                    "Zoë 🍸",
	}
	for in, want := range tests {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

// readyOf turns a subscription's notifications into a channel of one slot.
func readyOf(sub *Subscription) <-chan struct{} {
	ready := make(chan struct{}, 1)
	sub.Notify(func() {
		select {
		case ready <- struct{}{}:
		default:
			panic("notified twice without a Take")
		}
	})
	return ready
}

func TestSubscribersHearOfEveryChangeWithoutBlockingTheStore(t *testing.T) {
	s, _ := newStore(t)
	a := signUp(t, s, "SHA256:a", "a")
	listening := s.Subscribe()
	defer listening.Close()
	heard := readyOf(listening)
	gone := s.Subscribe() // a session that never takes its changes
	var goneHeard atomic.Int32
	gone.Notify(func() { goneHeard.Add(1) })
	for _, id := range []string{"negroni", "kir", "negroni"} {
		if _, err := s.SetLike(a.Fingerprint, id, id == "kir" || !s.Liked(a.Fingerprint, id)); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-heard:
	default:
		t.Fatal("no notification")
	}
	if got := listening.Take(); !slices.Equal(got, []string{"kir", "negroni"}) {
		t.Errorf("changes = %v, want [kir negroni]", got)
	}
	if got := listening.Take(); len(got) != 0 {
		t.Errorf("changes taken twice: %v", got)
	}
	if goneHeard.Load() != 1 {
		t.Errorf("a subscription that never takes was notified %d times, want once", goneHeard.Load())
	}
	gone.Close()
	gone.Close()
	if _, err := s.SetLike(a.Fingerprint, "mojito", true); err != nil {
		t.Fatal(err)
	}
	<-heard
	if got := listening.Take(); !slices.Equal(got, []string{"mojito"}) {
		t.Errorf("after a Take, changes = %v, want [mojito]", got)
	}
	if goneHeard.Load() != 1 {
		t.Errorf("a closed subscription was notified again")
	}
	late := s.Subscribe() // changes before Notify are heard when it comes
	defer late.Close()
	if _, err := s.SetLike(a.Fingerprint, "kir", false); err != nil {
		t.Fatal(err)
	}
	select {
	case <-readyOf(late):
	default:
		t.Error("changes pending before Notify were not heard")
	}
}

func TestDamagedStoreFilesAreRefusedAndLeftUntouched(t *testing.T) {
	valid := func(t *testing.T) []byte {
		s, path := newStore(t)
		signUp(t, s, "SHA256:a", "a")
		if _, err := s.SetLike("SHA256:a", "negroni", true); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}(t)
	garbage := bytes.Repeat([]byte("not a database "), 2000)
	zeroedMeta := slices.Clone(valid)
	clear(zeroedMeta[:8192])
	tests := []struct {
		name    string
		content []byte
	}{
		{"an empty file", nil},
		{"a file of garbage", garbage},
		{"a file cut short", valid[:100]},
		{"a file cut at a page boundary", valid[:4096]},
		{"zeroed meta pages", zeroedMeta},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "barkeep.db")
			if err := os.WriteFile(path, tt.content, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path, fixtureCatalog(t))
			if err == nil {
				s.Close()
				t.Fatal("a damaged store file was opened")
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			after, readErr := os.ReadFile(path)
			if readErr != nil || !bytes.Equal(after, tt.content) {
				t.Error("the damaged file was changed")
			}
		})
	}
}

func TestAStoreOfAnotherKindIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	s := openStore(t, path)
	if err := s.db().Update(func(tx *bbolt.Tx) error { return tx.DeleteBucket(bucketMeta) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(path, fixtureCatalog(t)); !errors.Is(err, ErrNotAStore) {
		t.Errorf("open of a bbolt file without Barkeep's layout: %v, want ErrNotAStore", err)
	}
}

func TestAnUnreadableStoreFileIsAnError(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file whatever its mode")
	}
	path := filepath.Join(t.TempDir(), "barkeep.db")
	openStore(t, path).Close()
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, fixtureCatalog(t)); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("open of an unreadable file: %v", err)
	}
}

func TestAStoreInUseIsRefused(t *testing.T) {
	_, path := newStore(t)
	if _, err := Open(path, fixtureCatalog(t)); !errors.Is(err, ErrLocked) {
		t.Errorf("second open of a store in use: %v, want ErrLocked", err)
	}
}

func TestASubscriptionHearsOnlyOfTheCocktailsItWatches(t *testing.T) {
	s, _ := newStore(t)
	a := signUp(t, s, "SHA256:a", "a")
	sub := s.Subscribe()
	defer sub.Close()
	heard := readyOf(sub)
	sub.Watch([]string{"kir"})
	if _, err := s.SetLike(a.Fingerprint, "negroni", true); err != nil {
		t.Fatal(err)
	}
	select {
	case <-heard:
		t.Fatalf("notified of an unwatched cocktail: %v", sub.Take())
	default:
	}
	if _, err := s.SetLike(a.Fingerprint, "kir", true); err != nil {
		t.Fatal(err)
	}
	<-heard
	if got := sub.Take(); !slices.Equal(got, []string{"kir"}) {
		t.Errorf("changes = %v, want [kir]", got)
	}
	if n := s.Notified(); n != 1 {
		t.Errorf("Notified() = %d, want 1", n)
	}
	sub.Watch(nil)
	if _, err := s.SetLike(a.Fingerprint, "mojito", true); err != nil {
		t.Fatal(err)
	}
	<-heard
	if got := sub.Take(); !slices.Equal(got, []string{"mojito"}) {
		t.Errorf("watching everything, changes = %v", got)
	}
}

// A sign-up in the background is durable once Wait returns, and a known key
// is answered at once with its account.
func TestSignUpInBackground(t *testing.T) {
	path := filepath.Join(t.TempDir(), "barkeep.db")
	s := openStore(t, path)
	pending := s.SignUpInBackground("SHA256:new", "alice\x1b[31m")
	if pending.Fingerprint() != "SHA256:new" || pending.Name() != "alice[31m" {
		t.Fatalf("before it is durable: fingerprint %q, name %q; want the name cleaned as it will be stored", pending.Fingerprint(), pending.Name())
	}
	account, created, err := pending.Wait()
	if err != nil || !created || account.Name != pending.Name() {
		t.Fatalf("Wait() = %+v, %v, %v; want %s, created", account, created, err, pending.Name())
	}
	again := s.SignUpInBackground("SHA256:new", "bob")
	select {
	case <-again.Done():
	default:
		t.Fatal("a known key's sign-up is still pending")
	}
	if account, created, err := again.Wait(); err != nil || created || account.Name != "alice[31m" || again.Name() != account.Name {
		t.Fatalf("second Wait() = %+v, %v, %v, Name() %q; want alice[31m, not created", account, created, err, again.Name())
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	reopened := openStore(t, path)
	defer reopened.Close()
	if account, ok := reopened.Account("SHA256:new"); !ok || account.Name != "alice[31m" {
		t.Fatalf("after reopening: %+v, %v; want alice[31m", account, ok)
	}
}

// Background sign-ups that share a commit are each durable, and a key
// signing up twice at once, in the background and directly, ends up with
// one account.
func TestBackgroundSignUpsTogether(t *testing.T) {
	path := filepath.Join(t.TempDir(), "barkeep.db")
	s := openStore(t, path)
	const n = 50
	pending := make([]*PendingSignUp, n)
	for i := range pending {
		pending[i] = s.SignUpInBackground(fmt.Sprintf("SHA256:key-%d", i), fmt.Sprintf("user%d", i))
	}
	direct, _, err := s.SignUp("SHA256:key-7", "someone-else")
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pending {
		account, _, err := p.Wait()
		if err != nil {
			t.Fatalf("sign-up %d: %v", i, err)
		}
		if i == 7 && account != direct {
			t.Fatalf("key-7 has two accounts: %+v and %+v", account, direct)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	reopened := openStore(t, path)
	defer reopened.Close()
	for i := range n {
		account, ok := reopened.Account(fmt.Sprintf("SHA256:key-%d", i))
		if !ok {
			t.Fatalf("key-%d lost its account", i)
		}
		if i == 7 && account != direct {
			t.Fatalf("key-7's account after reopening is %+v, want %+v", account, direct)
		}
	}
}

// A background sign-up on a store that can no longer write fails, and
// leaves no account behind.
func TestBackgroundSignUpOnAClosedStore(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "barkeep.db"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SignUpInBackground("SHA256:late", "late").Wait(); err == nil {
		t.Fatal("a sign-up on a closed store succeeded")
	}
	if _, ok := s.Account("SHA256:late"); ok {
		t.Fatal("a failed sign-up left an account")
	}
}
