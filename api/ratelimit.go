package api

import (
	"sync"
	"time"

	"barkeep/store"

	"golang.org/x/time/rate"
)

// tokenLimits holds what each token is allowed at once: requests per
// second, and subscriptions and websocket connections open.
type tokenLimits struct {
	rate             rate.Limit
	burst            int
	maxSubscriptions int

	mu        sync.Mutex
	byToken   map[store.TokenHash]*tokenUse
	lastSweep time.Time
}

type tokenUse struct {
	limiter       *rate.Limiter
	subscriptions int
	connections   int
	seen          time.Time
}

// idleTokenAfter is how long a token's state outlives its last request.
// A limiter left alone that long is full again (burst / rate is seconds
// at most with the flags' ranges), so forgetting it changes nothing.
const idleTokenAfter = time.Minute

func newTokenLimits(perSecond float64, burst, maxSubscriptions int) *tokenLimits {
	return &tokenLimits{
		rate:             rate.Limit(perSecond),
		burst:            burst,
		maxSubscriptions: maxSubscriptions,
		byToken:          map[store.TokenHash]*tokenUse{},
	}
}

// useLocked is the token's state, made on first use; it sweeps away the
// states of tokens gone idle, once a minute, so that memory follows the
// tokens in use rather than every token ever seen.
func (l *tokenLimits) useLocked(token store.TokenHash, now time.Time) *tokenUse {
	if now.Sub(l.lastSweep) > idleTokenAfter {
		for hash, u := range l.byToken {
			if u.subscriptions == 0 && u.connections == 0 && now.Sub(u.seen) > idleTokenAfter {
				delete(l.byToken, hash)
			}
		}
		l.lastSweep = now
	}
	u := l.byToken[token]
	if u == nil {
		u = &tokenUse{limiter: rate.NewLimiter(l.rate, l.burst)}
		l.byToken[token] = u
	}
	u.seen = now
	return u
}

// allow takes one request from the token's allowance, and says whether
// there was one.
func (l *tokenLimits) allow(token store.TokenHash) bool {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.useLocked(token, now).limiter.AllowN(now, 1)
}

// acquireSubscription counts a subscription in, if the token has fewer
// than the limit open; release counts it out.
func (l *tokenLimits) acquireSubscription(token store.TokenHash) (release func(), ok bool) {
	return l.acquire(token, func(u *tokenUse) *int { return &u.subscriptions })
}

// acquireConnection is acquireSubscription for websocket connections,
// which are held to the same number: a connection is there to carry
// subscriptions.
func (l *tokenLimits) acquireConnection(token store.TokenHash) (release func(), ok bool) {
	return l.acquire(token, func(u *tokenUse) *int { return &u.connections })
}

func (l *tokenLimits) acquire(token store.TokenHash, counter func(*tokenUse) *int) (func(), bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	u := l.useLocked(token, time.Now())
	n := counter(u)
	if *n >= l.maxSubscriptions {
		return nil, false
	}
	*n++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			*n--
			u.seen = time.Now()
			l.mu.Unlock()
		})
	}, true
}
