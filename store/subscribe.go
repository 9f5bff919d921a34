package store

import (
	"slices"
	"sync"
)

// Subscription tells one session which cocktails' like counts changed, and
// whether its own account was renamed (by a command, another session or
// another node). It never blocks the store: changes pile up as a set of ids
// until the session takes them, however slow or gone it is. A session may
// watch only the cocktails it shows, so that a like costs nothing where it
// is not seen.
type Subscription struct {
	store *Store

	mu       sync.Mutex
	ready    func() // nil until Notify
	called   bool   // ready was called and Take has not been since
	pending  map[string]struct{}
	watching map[string]struct{} // nil: every cocktail
	account  string              // the fingerprint followed, or ""
	renamed  bool                // since the last Take
	closed   bool
}

// Subscribe starts a subscription to like changes. Close it when the
// session ends.
func (s *Store) Subscribe() *Subscription {
	sub := &Subscription{store: s, pending: map[string]struct{}{}}
	s.mu.Lock()
	s.subs[sub] = struct{}{}
	s.mu.Unlock()
	return sub
}

// Notify has ready called when changes become pending, once until the
// next Take, and at once if some already are. Ready runs on the writer's
// goroutine with the store locked, so it must not block. Nothing waits on
// a subscription between changes: a thousand idle sessions hold no
// goroutine for it.
func (sub *Subscription) Notify(ready func()) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	sub.ready, sub.called = ready, false
	sub.signalLocked()
}

func (sub *Subscription) signalLocked() {
	if sub.ready != nil && !sub.called && !sub.closed && (len(sub.pending) > 0 || sub.renamed) {
		sub.called = true
		sub.ready()
	}
}

// Watch limits the subscription to these cocktails; nil watches them all.
func (sub *Subscription) Watch(ids []string) {
	var watching map[string]struct{}
	if ids != nil {
		watching = make(map[string]struct{}, len(ids))
		for _, id := range ids {
			watching[id] = struct{}{}
		}
	}
	sub.mu.Lock()
	sub.watching = watching
	sub.mu.Unlock()
}

// FollowAccount has the subscription tell of renames of the account with
// fingerprint too.
func (sub *Subscription) FollowAccount(fingerprint string) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	sub.account = fingerprint
}

// Take returns the ids of the cocktails whose counts changed since the last
// call, sorted, and forgets them.
func (sub *Subscription) Take() []string {
	ids, _ := sub.TakeAll()
	return ids
}

// TakeAll is Take, and says as well whether the followed account was
// renamed since the last call.
func (sub *Subscription) TakeAll() (ids []string, renamed bool) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	ids = make([]string, 0, len(sub.pending))
	for id := range sub.pending {
		ids = append(ids, id)
	}
	clear(sub.pending)
	renamed, sub.renamed = sub.renamed, false
	sub.called = false
	slices.Sort(ids)
	return ids, renamed
}

// Close ends the subscription: ready is not called again. It is safe to
// call more than once.
func (sub *Subscription) Close() {
	sub.store.mu.Lock()
	delete(sub.store.subs, sub)
	sub.store.mu.Unlock()
	sub.mu.Lock()
	defer sub.mu.Unlock()
	sub.closed, sub.ready = true, nil
}

// add records a change if the subscription watches that cocktail, and
// says whether it did.
func (sub *Subscription) add(cocktailID string) bool {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if sub.closed {
		return false
	}
	if _, watched := sub.watching[cocktailID]; sub.watching != nil && !watched {
		return false
	}
	sub.pending[cocktailID] = struct{}{}
	sub.signalLocked()
	return true
}

// notifyLocked tells the subscribers that watch a cocktail that its count
// changed. The caller holds s.mu.
func (s *Store) notifyLocked(cocktailID string) {
	for sub := range s.subs {
		if sub.add(cocktailID) {
			s.notified.Add(1)
		}
	}
}

// rename tells the subscription that an account was renamed, and says
// whether it follows that account.
func (sub *Subscription) rename(fingerprint string) bool {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if sub.closed || sub.account != fingerprint {
		return false
	}
	sub.renamed = true
	sub.signalLocked()
	return true
}

// notifyRenameLocked tells the subscribers that follow an account that it
// was renamed. The caller holds s.mu.
func (s *Store) notifyRenameLocked(fingerprint string) {
	for sub := range s.subs {
		sub.rename(fingerprint)
	}
}

// Notified is how many times a like change has been passed to a session
// that watches the cocktail, since the store opened.
func (s *Store) Notified() int64 { return s.notified.Load() }
