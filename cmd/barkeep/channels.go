package main

import (
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Limits on what a session may ask for.
const (
	maxEnvRequests = 16
	maxEnvBytes    = 1024
)

// sessionChannel opens a session channel within the per-connection and
// per-account caps, and with its requests filtered.
func (s *server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	remote := conn.RemoteAddr().String()
	state := connStateOf(ctx)
	if state == nil {
		_ = newChan.Reject(gossh.Prohibited, "no session")
		return
	}
	if n := state.sessions.Add(1); int(n) > s.sessionCaps.perConnection {
		state.sessions.Add(-1)
		s.logger.Warn("session refused", "remote", remote, "reason", "too many sessions on this connection")
		_ = newChan.Reject(gossh.ResourceShortage, "too many sessions on this connection")
		return
	}
	defer state.sessions.Add(-1)
	fingerprint := ""
	if key, ok := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey); ok {
		fingerprint = gossh.FingerprintSHA256(key)
	}
	if !s.enterAccount(fingerprint) {
		s.logger.Warn("session refused", "remote", remote, "fingerprint", fingerprint, "reason", "too many sessions for this key")
		_ = newChan.Reject(gossh.ResourceShortage, "too many sessions for this key")
		return
	}
	defer s.leaveAccount(fingerprint)
	ssh.DefaultSessionHandler(srv, conn, &filteredChannel{NewChannel: newChan, server: s, remote: remote}, ctx)
}

func (s *server) enterAccount(fingerprint string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.accountSessions[fingerprint] >= s.sessionCaps.perAccount {
		return false
	}
	s.accountSessions[fingerprint]++
	return true
}

func (s *server) leaveAccount(fingerprint string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.accountSessions[fingerprint]--; s.accountSessions[fingerprint] <= 0 {
		delete(s.accountSessions, fingerprint)
	}
}

// filteredChannel is a session channel whose requests pass a filter before
// the SSH library sees them: it would answer agent forwarding with yes, and
// takes any number of environment variables.
type filteredChannel struct {
	gossh.NewChannel
	server *server
	remote string
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
	return ch, allowed, nil
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
