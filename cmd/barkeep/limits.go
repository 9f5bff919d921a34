package main

import (
	"errors"
	"net"
	"sync"
	"time"

	"charm.land/log/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// connLimits caps connections before anything costly happens for them:
// connections that have not authenticated yet, overall and per source
// address (as sshd's MaxStartups and PerSourceMaxStartups), authenticated
// connections per source address and per key, and all connections. Over a
// cap, a new connection is closed at once (or its authentication refused)
// and logged; existing ones are untouched.
type connLimits struct {
	maxUnauthenticated          int
	maxUnauthenticatedPerSource int
	maxPerSource                int // authenticated connections from one address
	maxPerAccount               int // authenticated connections with one key
	maxConnections              int
	idleTimeout                 time.Duration // no input for this long closes the connection; 0: never
	unusedTimeout               time.Duration // no session for this long closes the connection; 0: never
	logger                      *log.Logger
	refusals                    *refusalLog

	mu                  sync.Mutex
	connections         int
	unauthenticated     int
	unauthenticatedFrom map[string]int
	authenticatedFrom   map[string]int // by source address
	authenticatedFor    map[string]int // by key fingerprint
}

func newConnLimits(cfg serveConfig, logger *log.Logger, refusals *refusalLog) *connLimits {
	return &connLimits{
		maxUnauthenticated:          cfg.maxUnauthenticated,
		maxUnauthenticatedPerSource: cfg.maxUnauthenticatedPerSource,
		maxPerSource:                cfg.maxConnectionsPerSource,
		maxPerAccount:               cfg.maxConnectionsPerAccount,
		maxConnections:              cfg.maxConnections,
		idleTimeout:                 cfg.idleTimeout,
		unusedTimeout:               cfg.unusedTimeout,
		logger:                      logger,
		refusals:                    refusals,
		unauthenticatedFrom:         map[string]int{},
		authenticatedFrom:           map[string]int{},
		authenticatedFor:            map[string]int{},
	}
}

// connState is what the server keeps about one connection, in its context.
type connState struct {
	source string
	conn   *limitedConn

	// Under the limits' lock.
	authenticated bool
	fingerprint   string
	closed        bool

	mu       sync.Mutex
	sessions int
	unused   *time.Timer // runs while an authenticated connection has no session
}

type connStateKey struct{}

func connStateOf(ctx ssh.Context) *connState {
	state, _ := ctx.Value(connStateKey{}).(*connState)
	return state
}

// sourceOf is the address part of a remote address: what per-source
// limits count by.
func sourceOf(addr net.Addr) string {
	source, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return source
}

// accept admits a new connection, or returns nil to have it closed.
func (l *connLimits) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	if from, err := proxyHeaderError(conn); err != nil {
		l.refusals.refuse("connection refused", "no valid PROXY protocol header from an address --proxy-protocol trusts",
			sourceOf(from), "remote", from.String(), "err", err)
		return nil
	}
	source := sourceOf(conn.RemoteAddr())
	l.mu.Lock()
	refusal := ""
	switch {
	case l.connections >= l.maxConnections:
		refusal = "too many connections"
	case l.authenticatedFrom[source] >= l.maxPerSource:
		refusal = "too many connections from this address"
	case l.unauthenticated >= l.maxUnauthenticated:
		refusal = "too many unauthenticated connections"
	case l.unauthenticatedFrom[source] >= l.maxUnauthenticatedPerSource:
		refusal = "too many unauthenticated connections from this address"
	default:
		l.connections++
		l.unauthenticated++
		l.unauthenticatedFrom[source]++
	}
	l.mu.Unlock()
	if refusal != "" {
		l.refusals.refuse("connection refused", refusal, source, "remote", conn.RemoteAddr().String())
		return nil
	}
	state := &connState{source: source}
	ctx.SetValue(connStateKey{}, state)
	c := &limitedConn{Conn: conn, limits: l, state: state}
	state.conn = c
	if l.idleTimeout > 0 {
		c.idle = time.AfterFunc(l.idleTimeout, func() {
			l.logger.Info("idle timeout", "remote", conn.RemoteAddr().String(), "after", l.idleTimeout)
			_ = c.Close()
		})
	}
	return c
}

// Errors the client is shown, as a banner, when its key is refused.
var (
	errTooManyFromSource = &gossh.BannerError{
		Err:     errors.New("too many connections from this address"),
		Message: "Barkeep: too many connections from your address; close some and try again.\r\n",
	}
	errTooManyForKey = &gossh.BannerError{
		Err:     errors.New("too many connections for this key"),
		Message: "Barkeep: too many connections with this key; close some and try again.\r\n",
	}
)

// authenticate counts a connection whose client has proved it holds the
// key with fingerprint as authenticated, or refuses the key when its
// address or the key holds all the connections it may. It runs before
// the client is told it is in, so a refused connection never gets as far
// as a channel.
func (l *connLimits) authenticate(state *connState, fingerprint string) error {
	if state == nil {
		return errors.New("connection without state")
	}
	l.mu.Lock()
	var refusal error
	switch {
	case state.authenticated || state.closed:
		// A second proof on one connection changes nothing, and a closed
		// one is counted out already.
	case l.authenticatedFrom[state.source] >= l.maxPerSource:
		refusal = errTooManyFromSource
	case l.authenticatedFor[fingerprint] >= l.maxPerAccount:
		refusal = errTooManyForKey
	default:
		state.authenticated = true
		state.fingerprint = fingerprint
		l.unauthenticated--
		drop(l.unauthenticatedFrom, state.source)
		l.authenticatedFrom[state.source]++
		l.authenticatedFor[fingerprint]++
	}
	l.mu.Unlock()
	if refusal != nil {
		l.refusals.refuse("authentication refused", refusal.Error(), state.source, "fingerprint", fingerprint)
		return refusal
	}
	if l.unusedTimeout > 0 {
		state.mu.Lock()
		if state.sessions == 0 && state.unused == nil {
			state.unused = time.AfterFunc(l.unusedTimeout, func() { l.closeUnused(state) })
		}
		state.mu.Unlock()
	}
	return nil
}

// closeUnused closes a connection that has held no session for the
// unused-connection timeout, as sshd's UnusedConnectionTimeout does:
// keepalives do not count.
func (l *connLimits) closeUnused(state *connState) {
	l.logger.Info("unused connection closed", "remote", state.conn.RemoteAddr().String(), "after", l.unusedTimeout)
	_ = state.conn.Close()
}

// openSession counts a session on the connection if it may hold one more,
// and stops the unused-connection clock.
func (state *connState) openSession(max int) bool {
	state.mu.Lock()
	defer state.mu.Unlock()
	if state.sessions >= max {
		return false
	}
	state.sessions++
	if state.unused != nil {
		state.unused.Stop()
	}
	return true
}

// closeSession counts a session out, and starts the unused-connection
// clock again when it was the last.
func (state *connState) closeSession(unusedTimeout time.Duration) {
	state.mu.Lock()
	defer state.mu.Unlock()
	state.sessions--
	if state.sessions == 0 && state.unused != nil {
		state.unused.Reset(unusedTimeout)
	}
}

func (l *connLimits) release(state *connState) {
	state.mu.Lock()
	if state.unused != nil {
		state.unused.Stop()
	}
	state.mu.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	state.closed = true
	l.connections--
	if state.authenticated {
		drop(l.authenticatedFrom, state.source)
		drop(l.authenticatedFor, state.fingerprint)
		return
	}
	l.unauthenticated--
	drop(l.unauthenticatedFrom, state.source)
}

// drop counts one out of key, and forgets the key at zero.
func drop(counts map[string]int, key string) {
	if counts[key]--; counts[key] <= 0 {
		delete(counts, key)
	}
}

// limitedConn counts a connection until it closes, and closes it after a
// stretch without input from the client. Only reads count: output to an
// idle client does not keep it alive.
type limitedConn struct {
	net.Conn
	limits    *connLimits
	state     *connState
	idle      *time.Timer
	closeOnce sync.Once
}

func (c *limitedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && c.idle != nil {
		c.idle.Reset(c.limits.idleTimeout)
	}
	return n, err
}

func (c *limitedConn) Close() error {
	c.closeOnce.Do(func() {
		if c.idle != nil {
			c.idle.Stop()
		}
		c.limits.release(c.state)
	})
	return c.Conn.Close()
}
