package main

import (
	"sync"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Limits on what a session may ask for.
const (
	maxEnvRequests = 16
	maxEnvBytes    = 1024
)

// sessionLimits bound how many sessions one connection, one key and one
// source address may hold at once.
type sessionLimits struct {
	perConnection int
	perAccount    int
	perSource     int
	unusedTimeout time.Duration // the connection's clock, restarted when its last session ends

	mu         sync.Mutex
	forAccount map[string]int // by key fingerprint
	fromSource map[string]int // by source address
}

func newSessionLimits(cfg serveConfig) *sessionLimits {
	return &sessionLimits{
		perConnection: cfg.maxSessions,
		perAccount:    cfg.maxSessionsPerAccount,
		perSource:     cfg.maxSessionsPerSource,
		unusedTimeout: cfg.unusedTimeout,
		forAccount:    map[string]int{},
		fromSource:    map[string]int{},
	}
}

// enter counts a session in for its key and address, or says why not.
func (l *sessionLimits) enter(fingerprint, source string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.forAccount[fingerprint] >= l.perAccount:
		return "too many sessions for this key"
	case l.fromSource[source] >= l.perSource:
		return "too many sessions from this address"
	}
	l.forAccount[fingerprint]++
	l.fromSource[source]++
	return ""
}

func (l *sessionLimits) leave(fingerprint, source string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	drop(l.forAccount, fingerprint)
	drop(l.fromSource, source)
}

// sessionChannel opens a session channel within the per-connection,
// per-key and per-address caps, and with its requests filtered. The
// session is counted out before its client hears that it ended, so that
// a client that opens its next session at once is not refused.
func (s *server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	remote := conn.RemoteAddr().String()
	state := connStateOf(ctx)
	if state == nil {
		_ = newChan.Reject(gossh.Prohibited, "no session")
		return
	}
	limits := s.sessionCaps
	if !state.openSession(limits.perConnection) {
		s.refuseSession(newChan, state.source, remote, "", "too many sessions on this connection")
		return
	}
	fingerprint := ""
	if key, ok := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey); ok {
		fingerprint = accountFingerprint(key)
	}
	if refusal := limits.enter(fingerprint, state.source); refusal != "" {
		state.closeSession(limits.unusedTimeout)
		s.refuseSession(newChan, state.source, remote, fingerprint, refusal)
		return
	}
	countOut := sync.OnceFunc(func() {
		limits.leave(fingerprint, state.source)
		state.closeSession(limits.unusedTimeout)
	})
	defer countOut()
	ssh.DefaultSessionHandler(srv, conn, &filteredChannel{NewChannel: newChan, server: s, remote: remote, beforeEnd: countOut}, ctx)
}

func (s *server) refuseSession(newChan gossh.NewChannel, source, remote, fingerprint, reason string) {
	s.refusals.refuse("session refused", reason, source, "remote", remote, "fingerprint", fingerprint)
	_ = newChan.Reject(gossh.ResourceShortage, reason)
}

// filteredChannel is a session channel whose requests pass a filter before
// the SSH library sees them: it would answer agent forwarding with yes, and
// takes any number of environment variables.
type filteredChannel struct {
	gossh.NewChannel
	server    *server
	remote    string
	beforeEnd func() // runs before the client is told the session ended
}

func (c *filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, requests, err := c.NewChannel.Accept()
	if err != nil {
		return nil, nil, err
	}
	allowed := make(chan *gossh.Request)
	go func() {
		defer close(allowed)
		envs := 0
		for req := range requests {
			refusal := ""
			switch req.Type {
			case "auth-agent-req@openssh.com":
				refusal = "agent forwarding"
			case "x11-req":
				refusal = "X11 forwarding"
			case "subsystem":
				refusal = "subsystems"
			case "env":
				if envs++; envs > maxEnvRequests || len(req.Payload) > maxEnvBytes {
					refusal = "environment beyond the limit"
				}
			}
			if refusal == "" {
				allowed <- req
				continue
			}
			c.server.logger.Info("request refused", "remote", c.remote, "type", shorten(req.Type), "reason", refusal)
			if req.WantReply {
				_ = req.Reply(false, nil)
			}
		}
	}()
	return &endingChannel{Channel: ch, beforeEnd: c.beforeEnd}, allowed, nil
}

// endingChannel runs beforeEnd before the client can learn that the
// session ended: before its exit status, or the channel's close.
type endingChannel struct {
	gossh.Channel
	beforeEnd func()
}

func (c *endingChannel) SendRequest(name string, wantReply bool, payload []byte) (bool, error) {
	if name == "exit-status" || name == "exit-signal" {
		c.beforeEnd()
	}
	return c.Channel.SendRequest(name, wantReply, payload)
}

func (c *endingChannel) Close() error {
	c.beforeEnd()
	return c.Channel.Close()
}

// refuseChannel turns away every channel type but sessions (port
// forwarding, anything unknown), and logs it.
func (s *server) refuseChannel(_ *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, _ ssh.Context) {
	s.logger.Warn("channel refused", "remote", conn.RemoteAddr().String(), "type", shorten(newChan.ChannelType()))
	_ = newChan.Reject(gossh.Prohibited, "only sessions are served here")
}

// refuseForwarding answers requests for remote port forwarding with no,
// and logs them.
func (s *server) refuseForwarding(ctx ssh.Context, _ *ssh.Server, req *gossh.Request) (bool, []byte) {
	s.logger.Warn("request refused", "remote", ctx.RemoteAddr().String(), "type", req.Type, "reason", "port forwarding")
	return false, nil
}
