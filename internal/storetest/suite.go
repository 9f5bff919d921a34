package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"barkeep/data"
	"barkeep/store"
)

// Place is somewhere a store's records live, that stores can be opened
// over again and again: a file, a database.
type Place struct {
	// Open opens a store over the place's records, closed when the test
	// ends (closing it earlier is allowed).
	Open func(t *testing.T, cocktails []data.Cocktail) *store.Store
	// Shared is set when several stores may be open over the place at
	// once, as servers on one database are.
	Shared bool
}

// RunSuite runs the tests every backend must pass, each over a fresh place
// from newPlace.
func RunSuite(t *testing.T, newPlace func(t *testing.T) Place) {
	cocktails := FixtureCatalog(t)
	tests := []struct {
		name   string
		shared bool
		run    func(t *testing.T, p Place, cocktails []data.Cocktail)
	}{
		{"everything written survives reopening", false, testDurable},
		{"concurrent likes from many accounts all count", false, testConcurrentLikes},
		{"liking twice is one like, and removing twice is a success", false, testIdempotent},
		{"one key signing up many times at once gets one account and one name", false, testSignUpRace},
		{"subscribers hear of likes on the cocktails they watch", false, testFeed},
		{"a like on one store reaches the subscribers of another", true, testFeedAcrossStores},
		{"a sign-up race across stores ends with one account", true, testSignUpRaceAcrossStores},
		{"writes on two stores at once end the same in both", true, testConvergence},
		{"API tokens survive reopening, with their last use, and a revoked one stays gone", false, testTokensDurable},
		{"a token made on one store lets in on another, until it is revoked", true, testTokensAcrossStores},
		{"a rename and a welcome survive reopening", false, testRenameDurable},
		{"a rename on one store shows on another, and a later sign-up there keeps it", true, testRenameAcrossStores},
		{"a rename is heard by the subscriptions that follow the account, and by no other", false, testRenameHeard},
		{"a rename on one store is heard by the subscriptions of another", true, testRenameHeardAcrossStores},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPlace(t)
			if tt.shared && !p.Shared {
				t.Skip("only one store can be open over this backend at a time")
			}
			tt.run(t, p, cocktails)
		})
	}
}

func mustSignUp(t *testing.T, s *store.Store, fingerprint, name string) store.Account {
	t.Helper()
	a, _, err := s.SignUp(fingerprint, name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustLike(t *testing.T, s *store.Store, fingerprint, id string, like bool) int {
	t.Helper()
	n, err := s.SetLike(fingerprint, id, like)
	if err != nil {
		t.Fatalf("SetLike(%s, %s, %v): %v", fingerprint, id, like, err)
	}
	return n
}

func ids(cocktails []data.Cocktail) []string {
	out := make([]string, len(cocktails))
	for i, c := range cocktails {
		out[i] = c.ID
	}
	return out
}

// eventually polls ok until it holds or the (generous) deadline passes.
func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 10s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func testDurable(t *testing.T, p Place, cocktails []data.Cocktail) {
	s := p.Open(t, cocktails)
	alice := mustSignUp(t, s, "SHA256:alice", "alice")
	bob := mustSignUp(t, s, "SHA256:bob", "bob")
	for _, id := range []string{"negroni", "kir", "mojito"} {
		mustLike(t, s, alice.Fingerprint, id, true)
		time.Sleep(2 * time.Millisecond) // distinct times, for the order of favourites
	}
	mustLike(t, s, bob.Fingerprint, "negroni", true)
	mustLike(t, s, alice.Fingerprint, "kir", false)
	if err := s.SetInBar(alice.Fingerprint, []string{"gin", "campari", "sweet vermouth"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetInBar(alice.Fingerprint, []string{"campari"}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	reopened := p.Open(t, cocktails)
	for _, want := range []store.Account{alice, bob} {
		if got, ok := reopened.Account(want.Fingerprint); !ok || got != want {
			t.Errorf("account after reopening = %+v, %v; want %+v", got, ok, want)
		}
	}
	if n := reopened.Likes("negroni"); n != 2 {
		t.Errorf("negroni has %d likes after reopening, want 2", n)
	}
	if reopened.Liked(alice.Fingerprint, "kir") {
		t.Error("an unlike was lost on reopening")
	}
	if got := ids(reopened.Favourites(alice.Fingerprint)); !slices.Equal(got, []string{"mojito", "negroni"}) {
		t.Errorf("favourites after reopening = %v, want newest first [mojito negroni]", got)
	}
	if got := reopened.Bar(alice.Fingerprint); !slices.Equal(got, []string{"gin", "sweet vermouth"}) {
		t.Errorf("bar after reopening = %v, want [gin sweet vermouth]", got)
	}
}

func testConcurrentLikes(t *testing.T, p Place, cocktails []data.Cocktail) {
	s := p.Open(t, cocktails)
	const accounts = 64
	all := ids(s.Catalog().All())
	for i := range accounts {
		mustSignUp(t, s, fmt.Sprintf("SHA256:%d", i), "user")
	}
	var wg sync.WaitGroup
	errs := make(chan error, accounts*(len(all)+1))
	for i := range accounts {
		wg.Go(func() {
			for _, id := range all {
				if _, err := s.SetLike(fmt.Sprintf("SHA256:%d", i), id, true); err != nil {
					errs <- err
				}
			}
			// Every other account changes its mind about the first one.
			if i%2 == 0 {
				if _, err := s.SetLike(fmt.Sprintf("SHA256:%d", i), all[0], false); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	check := func(s *store.Store) {
		t.Helper()
		for _, id := range all[1:] {
			if n := s.Likes(id); n != accounts {
				t.Errorf("%s has %d likes, want %d", id, n, accounts)
			}
		}
		if n := s.Likes(all[0]); n != accounts/2 {
			t.Errorf("%s has %d likes, want %d", all[0], n, accounts/2)
		}
	}
	check(s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	check(p.Open(t, cocktails))
}

func testIdempotent(t *testing.T, p Place, cocktails []data.Cocktail) {
	s := p.Open(t, cocktails)
	a := mustSignUp(t, s, "SHA256:a", "a")
	for range 3 {
		if n := mustLike(t, s, a.Fingerprint, "negroni", true); n != 1 {
			t.Fatalf("like = %d, want 1", n)
		}
	}
	for range 2 {
		if n := mustLike(t, s, a.Fingerprint, "negroni", false); n != 0 {
			t.Fatalf("unlike = %d, want 0", n)
		}
	}
	for range 2 {
		if err := s.SetInBar(a.Fingerprint, []string{"gin", "gin"}, true); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if err := s.SetInBar(a.Fingerprint, []string{"gin"}, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	reopened := p.Open(t, cocktails)
	if n := reopened.Likes("negroni"); n != 0 {
		t.Errorf("after reopening negroni has %d likes, want 0", n)
	}
	if bar := reopened.Bar(a.Fingerprint); len(bar) != 0 {
		t.Errorf("after reopening the bar holds %v, want nothing", bar)
	}
}

// signUpAtOnce signs one key up from many goroutines spread over stores,
// each with its own name, and checks that they all got one account.
func signUpAtOnce(t *testing.T, stores []*store.Store) store.Account {
	t.Helper()
	const tries = 16
	accounts := make([]store.Account, tries)
	created := make([]bool, tries)
	errs := make([]error, tries)
	var wg sync.WaitGroup
	for i := range tries {
		wg.Go(func() {
			s := stores[i%len(stores)]
			if i%2 == 0 {
				accounts[i], created[i], errs[i] = s.SignUpInBackground("SHA256:contested", fmt.Sprintf("name%d", i)).Wait()
			} else {
				accounts[i], created[i], errs[i] = s.SignUp("SHA256:contested", fmt.Sprintf("name%d", i))
			}
		})
	}
	wg.Wait()
	creators := 0
	for i := range tries {
		if errs[i] != nil {
			t.Fatalf("sign-up %d: %v", i, errs[i])
		}
		if accounts[i] != accounts[0] {
			t.Fatalf("one key got two accounts: %+v and %+v", accounts[0], accounts[i])
		}
		if created[i] {
			creators++
		}
	}
	if creators != 1 {
		t.Fatalf("%d sign-ups say they created the account, want 1", creators)
	}
	return accounts[0]
}

func testSignUpRace(t *testing.T, p Place, cocktails []data.Cocktail) {
	s := p.Open(t, cocktails)
	winner := signUpAtOnce(t, []*store.Store{s})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got, ok := p.Open(t, cocktails).Account(winner.Fingerprint); !ok || got != winner {
		t.Fatalf("after reopening the account is %+v, %v; want %+v", got, ok, winner)
	}
}

func testSignUpRaceAcrossStores(t *testing.T, p Place, cocktails []data.Cocktail) {
	stores := []*store.Store{p.Open(t, cocktails), p.Open(t, cocktails), p.Open(t, cocktails)}
	winner := signUpAtOnce(t, stores)
	for i, s := range stores {
		eventually(t, fmt.Sprintf("store %d knows the account", i), func() bool {
			got, ok := s.Account(winner.Fingerprint)
			return ok && got == winner
		})
	}
}

// heard turns a subscription's notifications into a channel.
func heard(sub *store.Subscription) <-chan struct{} {
	ready := make(chan struct{}, 1)
	sub.Notify(func() {
		select {
		case ready <- struct{}{}:
		default:
		}
	})
	return ready
}

// takeWithin waits for a notification and returns the changes taken.
func takeWithin(t *testing.T, sub *store.Subscription, ready <-chan struct{}) []string {
	t.Helper()
	ids, _ := takeAllWithin(t, sub, ready)
	return ids
}

func testFeed(t *testing.T, p Place, cocktails []data.Cocktail) {
	s := p.Open(t, cocktails)
	a := mustSignUp(t, s, "SHA256:a", "a")
	sub := s.Subscribe()
	defer sub.Close()
	ready := heard(sub)
	sub.Watch([]string{"kir", "negroni"})
	mustLike(t, s, a.Fingerprint, "mojito", true) // not watched
	mustLike(t, s, a.Fingerprint, "kir", true)
	if got := takeWithin(t, sub, ready); !slices.Equal(got, []string{"kir"}) {
		t.Errorf("changes = %v, want [kir]", got)
	}
	mustLike(t, s, a.Fingerprint, "kir", false)
	if got := takeWithin(t, sub, ready); !slices.Equal(got, []string{"kir"}) {
		t.Errorf("after the unlike, changes = %v, want [kir]", got)
	}
}

func testFeedAcrossStores(t *testing.T, p Place, cocktails []data.Cocktail) {
	here, there := p.Open(t, cocktails), p.Open(t, cocktails)
	a := mustSignUp(t, here, "SHA256:a", "a")
	eventually(t, "the other store knows the account", func() bool { _, ok := there.Account(a.Fingerprint); return ok })
	sub := there.Subscribe()
	defer sub.Close()
	ready := heard(sub)
	sub.Watch([]string{"negroni"})
	mustLike(t, here, a.Fingerprint, "mojito", true) // not watched there
	mustLike(t, here, a.Fingerprint, "negroni", true)
	if got := takeWithin(t, sub, ready); !slices.Equal(got, []string{"negroni"}) {
		t.Errorf("changes heard on the other store = %v, want [negroni]", got)
	}
	if !there.Liked(a.Fingerprint, "negroni") || there.Likes("negroni") != 1 {
		t.Errorf("the other store shows negroni liked=%v with %d likes, want true and 1", there.Liked(a.Fingerprint, "negroni"), there.Likes("negroni"))
	}
	eventually(t, "the unwatched like reaches the other store too", func() bool { return there.Likes("mojito") == 1 })
	if err := here.SetInBar(a.Fingerprint, []string{"gin"}, true); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the bar change reaches the other store", func() bool { return slices.Equal(there.Bar(a.Fingerprint), []string{"gin"}) })
}

func testConvergence(t *testing.T, p Place, cocktails []data.Cocktail) {
	stores := []*store.Store{p.Open(t, cocktails), p.Open(t, cocktails)}
	all := ids(stores[0].Catalog().All())
	const accounts = 8
	for i := range accounts {
		mustSignUp(t, stores[i%2], fmt.Sprintf("SHA256:%d", i), "user")
	}
	for _, s := range stores {
		eventually(t, "every store knows every account", func() bool {
			for i := range accounts {
				if _, ok := s.Account(fmt.Sprintf("SHA256:%d", i)); !ok {
					return false
				}
			}
			return true
		})
	}
	// Each account writes through both stores at once, the two wanting
	// the opposite of each other: whatever order the commits take, both
	// stores must end with what the backend holds.
	var wg sync.WaitGroup
	for i := range accounts {
		for n, s := range stores {
			wg.Go(func() {
				fingerprint := fmt.Sprintf("SHA256:%d", i)
				for round := range 30 {
					for _, id := range all[:2] {
						if _, err := s.SetLike(fingerprint, id, (round+n)%2 == 0); err != nil {
							t.Error(err)
						}
					}
				}
			})
		}
	}
	wg.Wait()
	reread := p.Open(t, cocktails)
	for i, s := range stores {
		eventually(t, fmt.Sprintf("store %d agrees with the records", i), func() bool {
			for a := range accounts {
				fingerprint := fmt.Sprintf("SHA256:%d", a)
				for _, id := range all[:2] {
					if s.Liked(fingerprint, id) != reread.Liked(fingerprint, id) || s.Likes(id) != reread.Likes(id) {
						return false
					}
				}
			}
			return true
		})
	}
}

func testTokensDurable(t *testing.T, p Place, cocktails []data.Cocktail) {
	s := p.Open(t, cocktails)
	a := mustSignUp(t, s, "SHA256:a", "a")
	kept, keptToken, err := s.CreateToken(a.Fingerprint, "kept")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateToken(a.Fingerprint, "gone"); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(a.Fingerprint, "gone"); err != nil {
		t.Fatal(err)
	}
	used := time.Now().UTC().Add(time.Hour).Truncate(time.Second)
	hash, _ := store.HashToken(kept)
	if err := s.TouchToken(hash, used); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	reopened := p.Open(t, cocktails)
	tokens := reopened.Tokens(a.Fingerprint)
	if len(tokens) != 1 || tokens[0].Name != "kept" || tokens[0].Hash != keptToken.Hash || !tokens[0].LastUsed.Equal(used) {
		t.Fatalf("tokens after reopening = %+v, want kept alone, last used %v", tokens, used)
	}
	if got, ok := reopened.TokenByHash(hash); !ok || got.Name != "kept" {
		t.Errorf("TokenByHash after reopening = %+v, %v", got, ok)
	}
}

func testTokensAcrossStores(t *testing.T, p Place, cocktails []data.Cocktail) {
	here, there := p.Open(t, cocktails), p.Open(t, cocktails)
	a := mustSignUp(t, here, "SHA256:a", "a")
	secret, _, err := here.CreateToken(a.Fingerprint, "web")
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := store.HashToken(secret)
	eventually(t, "the other store knows the token", func() bool { _, ok := there.TokenByHash(hash); return ok })
	if err := here.RevokeToken(a.Fingerprint, "web"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the revocation reaches the other store", func() bool { _, ok := there.TokenByHash(hash); return !ok })
}

func testRenameDurable(t *testing.T, p Place, cocktails []data.Cocktail) {
	s := p.Open(t, cocktails)
	a := mustSignUp(t, s, "SHA256:a", "alice")
	renamed, err := s.Rename(a.Fingerprint, "Alice B")
	if err != nil || renamed.Name != "Alice B" {
		t.Fatalf("Rename = %+v, %v", renamed, err)
	}
	if err := s.MarkWelcomed(a.Fingerprint); err != nil {
		t.Fatal(err)
	}
	want := renamed
	want.Welcomed = true
	if got, _ := s.Account(a.Fingerprint); got != want {
		t.Errorf("after the rename and welcome: %+v, want %+v", got, want)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := p.Open(t, cocktails).Account(a.Fingerprint); got != want {
		t.Errorf("after reopening: %+v, want %+v", got, want)
	}
}

func testRenameAcrossStores(t *testing.T, p Place, cocktails []data.Cocktail) {
	here, there := p.Open(t, cocktails), p.Open(t, cocktails)
	a := mustSignUp(t, here, "SHA256:a", "alice")
	renamed, err := here.Rename(a.Fingerprint, "Alice B")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "the rename reaches the other store", func() bool {
		got, _ := there.Account(a.Fingerprint)
		return got == renamed
	})
	if got, created, err := there.SignUp(a.Fingerprint, "mallory"); err != nil || created || got != renamed {
		t.Errorf("a later sign-up of the key elsewhere = %+v, %v, %v; want the renamed account", got, created, err)
	}
}

func testRenameHeard(t *testing.T, p Place, cocktails []data.Cocktail) {
	s := p.Open(t, cocktails)
	a := mustSignUp(t, s, "SHA256:a", "alice")
	b := mustSignUp(t, s, "SHA256:b", "bob")
	follower, other := s.Subscribe(), s.Subscribe()
	defer follower.Close()
	defer other.Close()
	follower.FollowAccount(a.Fingerprint)
	other.FollowAccount(b.Fingerprint)
	ready, otherReady := heard(follower), heard(other)
	if _, err := s.Rename(a.Fingerprint, "Alice B"); err != nil {
		t.Fatal(err)
	}
	renamedWithin(t, follower, ready)
	if _, err := s.Rename(a.Fingerprint, "Alice B"); err != nil { // the same name again
		t.Fatal(err)
	}
	if err := s.MarkWelcomed(a.Fingerprint); err != nil {
		t.Fatal(err)
	}
	// A like the follower hears of comes after both: they told it nothing.
	follower.Watch([]string{"kir"})
	mustLike(t, s, b.Fingerprint, "kir", true)
	if ids, renamed := takeAllWithin(t, follower, ready); renamed || !slices.Equal(ids, []string{"kir"}) {
		t.Errorf("after the same name again and a welcome, then a like: %v, renamed %v; want [kir], not renamed", ids, renamed)
	}
	// The other watches every cocktail: it hears of the like, and of no
	// rename.
	if _, renamed := takeAllWithin(t, other, otherReady); renamed {
		t.Error("the subscription that follows bob heard of alice's rename")
	}
}

func testRenameHeardAcrossStores(t *testing.T, p Place, cocktails []data.Cocktail) {
	here, there := p.Open(t, cocktails), p.Open(t, cocktails)
	a := mustSignUp(t, here, "SHA256:a", "alice")
	eventually(t, "the other store knows the account", func() bool { _, ok := there.Account(a.Fingerprint); return ok })
	sub := there.Subscribe()
	defer sub.Close()
	sub.FollowAccount(a.Fingerprint)
	ready := heard(sub)
	if _, err := here.Rename(a.Fingerprint, "Alice B"); err != nil {
		t.Fatal(err)
	}
	renamedWithin(t, sub, ready)
	if got, _ := there.Account(a.Fingerprint); got.Name != "Alice B" {
		t.Errorf("the other store, once its subscription heard, has the name %q, want Alice B", got.Name)
	}
}

// renamedWithin waits for a notification that says the followed account
// was renamed.
func renamedWithin(t *testing.T, sub *store.Subscription, ready <-chan struct{}) {
	t.Helper()
	if _, renamed := takeAllWithin(t, sub, ready); !renamed {
		t.Error("the notification did not say the account was renamed")
	}
}

// takeAllWithin waits for a notification and returns what TakeAll gives.
func takeAllWithin(t *testing.T, sub *store.Subscription, ready <-chan struct{}) ([]string, bool) {
	t.Helper()
	select {
	case <-ready:
		return sub.TakeAll()
	case <-time.After(10 * time.Second):
		t.Fatal("no notification within 10s")
		return nil, false
	}
}
