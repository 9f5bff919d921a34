package store

import (
	"slices"
	"sync"
)

// Subscription tells one session which cocktails' like counts changed. It
// never blocks the store: changes pile up as a set of ids until the session
// takes them, however slow or gone it is. A session may watch only the
// cocktails it shows, so that a like costs nothing where it is not seen.
type Subscription struct {
	store  *Store
	notify chan struct{} // one slot: "something is pending"

	mu       sync.Mutex
	pending  map[string]struct{}
	watching map[string]struct{} // nil: every cocktail
	closed   bool
}

// Subscribe starts a subscription to like changes. Close it when the
// session ends.
func (s *Store) Subscribe() *Subscription {
	sub := &Subscription{store: s, notify: make(chan struct{}, 1), pending: map[string]struct{}{}}
	s.mu.Lock()
	s.subs[sub] = struct{}{}
	s.mu.Unlock()
	return sub
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

// Ready receives when changes are pending, and is closed by Close.
func (sub *Subscription) Ready() <-chan struct{} { return sub.notify }

// Take returns the ids of the cocktails whose counts changed since the last
// call, sorted, and forgets them.
func (sub *Subscription) Take() []string {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	ids := make([]string, 0, len(sub.pending))
	for id := range sub.pending {
		ids = append(ids, id)
	}
	clear(sub.pending)
	slices.Sort(ids)
	return ids
}

// Close ends the subscription. It is safe to call more than once.
func (sub *Subscription) Close() {
	sub.store.mu.Lock()
	delete(sub.store.subs, sub)
	sub.store.mu.Unlock()
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if !sub.closed {
		sub.closed = true
		close(sub.notify)
	}
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
	select {
	case sub.notify <- struct{}{}:
	default: // already signalled; the id joins the pending set
	}
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

// Notified is how many times a like change has been passed to a session
// that watches the cocktail, since the store opened.
func (s *Store) Notified() int64 { return s.notified.Load() }
