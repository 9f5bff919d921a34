package main

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/log/v2"
	"charm.land/ssh"
)

// connLimits caps connections before anything costly happens for them:
// connections that have not authenticated yet, overall and per source
// address (as sshd's MaxStartups and PerSourceMaxStartups), and all
// connections. Over a cap, a new connection is closed at once and logged;
// existing ones are untouched.
type connLimits struct {
	maxUnauthenticated          int
	maxUnauthenticatedPerSource int
	maxConnections              int
	idleTimeout                 time.Duration // no input for this long closes the connection; 0: never
	logger                      *log.Logger

	mu                  sync.Mutex
	connections         int
	unauthenticated     int
	unauthenticatedFrom map[string]int
}

// connState is what the server keeps about one connection, in its context.
type connState struct {
	source        string
	authenticated atomic.Bool
	sessions      atomic.Int32
}

type connStateKey struct{}

func connStateOf(ctx ssh.Context) *connState {
	state, _ := ctx.Value(connStateKey{}).(*connState)
	return state
}

// accept admits a new connection, or returns nil to have it closed.
func (l *connLimits) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	source, _, err := net.SplitHostPort(conn.RemoteAddr().String())
	if err != nil {
		source = conn.RemoteAddr().String()
	}
	l.mu.Lock()
	refusal := ""
	switch {
	case l.connections >= l.maxConnections:
		refusal = "too many connections"
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
		l.logger.Warn("connection refused", "remote", conn.RemoteAddr().String(), "reason", refusal)
		return nil
	}
	state := &connState{source: source}
	ctx.SetValue(connStateKey{}, state)
	c := &limitedConn{Conn: conn, limits: l, state: state}
	if l.idleTimeout > 0 {
		c.idle = time.AfterFunc(l.idleTimeout, func() {
			l.logger.Info("idle timeout", "remote", conn.RemoteAddr().String(), "after", l.idleTimeout)
			_ = c.Close()
		})
	}
	return c
}

// authenticated moves a connection out of the unauthenticated count.
func (l *connLimits) authenticated(state *connState) {
	if state == nil || !state.authenticated.CompareAndSwap(false, true) {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.unauthenticated--
	l.dropFrom(state.source)
}

func (l *connLimits) release(state *connState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.connections--
	if !state.authenticated.Load() {
		l.unauthenticated--
		l.dropFrom(state.source)
	}
}

func (l *connLimits) dropFrom(source string) {
	if l.unauthenticatedFrom[source]--; l.unauthenticatedFrom[source] <= 0 {
		delete(l.unauthenticatedFrom, source)
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
