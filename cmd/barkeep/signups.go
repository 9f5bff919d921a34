package main

import (
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// signUpGate limits how fast one source address makes new accounts (a
// token bucket per address: a burst, then one every interval) and,
// optionally, how many accounts there are in all. Keys the store knows
// never pass through it.
type signUpGate struct {
	every       rate.Limit
	burst       int
	maxAccounts int // 0: no cap
	accounts    func() int

	mu       sync.Mutex
	buckets  map[string]*rate.Limiter // by source address
	inFlight int                      // sign-ups admitted and not yet in the store
	swept    time.Time
}

func newSignUpGate(cfg serveConfig, accounts func() int) *signUpGate {
	return &signUpGate{
		every:       rate.Every(cfg.signUpInterval),
		burst:       cfg.signUpBurst,
		maxAccounts: cfg.maxAccounts,
		accounts:    accounts,
		buckets:     map[string]*rate.Limiter{},
		swept:       time.Now(),
	}
}

// signUpRefusal says why a new key may not sign up, and what to tell it.
type signUpRefusal struct {
	reason  string // for the log
	message string // for the client
}

// admit lets a new key from source sign up, or refuses it. An admitted
// sign-up counts against the cap on accounts until done is called, once
// the store has it (or has failed to).
func (g *signUpGate) admit(source string, now time.Time) (done func(), refusal *signUpRefusal) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.maxAccounts > 0 && g.accounts()+g.inFlight >= g.maxAccounts {
		return nil, &signUpRefusal{
			reason:  "the bar has all the accounts it may",
			message: "Barkeep: this bar takes no new members just now; only keys it knows can come in.",
		}
	}
	g.sweep(now)
	bucket := g.buckets[source]
	if bucket == nil {
		bucket = rate.NewLimiter(g.every, g.burst)
		g.buckets[source] = bucket
	}
	if r := bucket.ReserveN(now, 1); r.DelayFrom(now) > 0 {
		wait := r.DelayFrom(now)
		r.CancelAt(now)
		return nil, &signUpRefusal{
			reason:  "too many new accounts from this address",
			message: fmt.Sprintf("Barkeep: too many new accounts from your address; try again in %s.", waitText(wait)),
		}
	}
	g.inFlight++
	return sync.OnceFunc(func() {
		g.mu.Lock()
		g.inFlight--
		g.mu.Unlock()
	}), nil
}

// sweep forgets the buckets that have filled up again, which are the same
// as new ones, once per time a bucket takes to fill: the map holds only
// addresses that signed up lately.
func (g *signUpGate) sweep(now time.Time) {
	refill := time.Duration(float64(g.burst) / float64(g.every) * float64(time.Second))
	if now.Sub(g.swept) < refill {
		return
	}
	g.swept = now
	for source, bucket := range g.buckets {
		if bucket.TokensAt(now) >= float64(g.burst) {
			delete(g.buckets, source)
		}
	}
}

// waitText is a wait as a person reads it, rounded up: "40s", "3m",
// "1h", "1h5m".
func waitText(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(math.Ceil(d.Seconds())))
	}
	minutes := int(math.Ceil(d.Minutes()))
	switch {
	case minutes < 60:
		return fmt.Sprintf("%dm", minutes)
	case minutes%60 == 0:
		return fmt.Sprintf("%dh", minutes/60)
	}
	return fmt.Sprintf("%dh%dm", minutes/60, minutes%60)
}
