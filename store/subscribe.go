package store

import (
	"slices"
	"sync"
)

// Subscription tells one session which cocktails' like counts changed. It
// never blocks the store: changes pile up as a set of ids until the session
// takes them, however slow or gone it is.
type Subscription struct {
	store  *Store
	notify chan struct{} // one slot: "something is pending"

	mu      sync.Mutex
	pending map[string]struct{}
	closed  bool
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

func (sub *Subscription) add(cocktailID string) {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if sub.closed {
		return
	}
	sub.pending[cocktailID] = struct{}{}
	select {
	case sub.notify <- struct{}{}:
	default: // already signalled; the id joins the pending set
	}
}

// notifyLocked tells every subscriber that a cocktail's count changed. The
// caller holds s.mu.
func (s *Store) notifyLocked(cocktailID string) {
	for sub := range s.subs {
		sub.add(cocktailID)
	}
}
