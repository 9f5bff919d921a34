package main

import (
	"fmt"
	"net"
	"strconv"
	"time"

	"barkeep/command"
	"barkeep/store"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// accountKey holds the connection's account in its ssh.Context. The
// context belongs to the connection, and so does the key that proved it.
type accountKey struct{}

func accountOf(sess ssh.Session) store.Account {
	account, _ := sess.Context().Value(accountKey{}).(store.Account)
	return account
}

// identify signs the session's key up, or finds its account. The key is the
// one the client proved it holds, never a key only offered, never the user
// name.
func (s *server) identify(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		key := sess.PublicKey()
		if key == nil {
			fmt.Fprintln(sess.Stderr(), "Barkeep signs you in with your SSH key, and this session has none.")
			_ = sess.Exit(1)
			return
		}
		fingerprint := gossh.FingerprintSHA256(key)
		account, created, err := s.store.SignUp(fingerprint, sess.User())
		if err != nil {
			s.logger.Error("sign up", "fingerprint", fingerprint, "err", err)
			fmt.Fprintln(sess.Stderr(), "Barkeep could not open your account just now. Please try again.")
			_ = sess.Exit(1)
			return
		}
		if created {
			s.logger.Info("new account", "user", account.Name, "fingerprint", fingerprint)
		}
		sess.Context().SetValue(accountKey{}, account)
		next(sess)
	}
}

// runCommands answers sessions that carry a command, with or without a
// PTY, and lets only interactive terminal sessions through to the TUI; a
// session with neither gets one line on how to connect (exit 1).
func (s *server) runCommands(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if sess.RawCommand() != "" {
			_ = sess.Exit(command.Run(command.Env{
				Store:   s.store,
				Account: accountOf(sess),
				Stdout:  sess,
				Stderr:  sess.Stderr(),
			}, sess.Command()))
			return
		}
		if _, _, ok := sess.Pty(); !ok {
			host, port := connectHint(sess)
			fmt.Fprintf(sess.Stderr(), "Barkeep needs a terminal: connect with ssh -t -p %s %s\n", port, host)
			_ = sess.Exit(1)
			return
		}
		next(sess)
	}
}

func connectHint(sess ssh.Session) (host, port string) {
	host, port, err := net.SplitHostPort(sess.LocalAddr().String())
	if err != nil {
		return "HOST", "23234"
	}
	return host, port
}

// quoteShort quotes client-chosen text for a message or a log line, cut to
// a readable length.
func quoteShort(s string) string {
	const limit = 60
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit]) + "…"
	}
	return strconv.Quote(s)
}

// logSession logs each session's start and end.
func (s *server) logSession(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		fingerprint := ""
		if key := sess.PublicKey(); key != nil {
			fingerprint = gossh.FingerprintSHA256(key)
		}
		_, _, pty := sess.Pty()
		fields := []any{
			"user", quoteShort(sess.User()),
			"fingerprint", fingerprint,
			"remote", sess.RemoteAddr().String(),
		}
		s.logger.Info("connect", append(fields, "pty", pty, "command", quoteShort(sess.RawCommand()))...)
		next(sess)
		s.logger.Info("disconnect", append(fields, "duration", time.Since(start).Round(time.Millisecond))...)
	}
}
