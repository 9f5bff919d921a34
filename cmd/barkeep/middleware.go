package main

import (
	"fmt"
	"net"
	"time"

	"barkeep/command"
	"barkeep/store"

	"charm.land/ssh"
)

// signUpKey holds the connection's sign-up in its ssh.Context. The context
// belongs to the connection, and so does the key that proved it.
type signUpKey struct{}

func signUpOf(sess ssh.Session) *store.PendingSignUp {
	pending, _ := sess.Context().Value(signUpKey{}).(*store.PendingSignUp)
	return pending
}

// identify signs the session's key up, or finds its account. The key is the
// one the client proved it holds, never a key only offered, never the user
// name. A command waits for a new key's sign-up to be durable; the TUI
// draws meanwhile, and waits only to show or save anything of the account.
func (s *server) identify(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		key := sess.PublicKey()
		if key == nil {
			fmt.Fprintln(sess.Stderr(), "Barkeep signs you in with your SSH key, and this session has none.")
			_ = sess.Exit(1)
			return
		}
		// A key the store does not know is a sign-up: it passes the gate
		// before the store writes anything for it.
		fingerprint := accountFingerprint(key)
		var admitted func()
		if _, known := s.store.Account(fingerprint); !known {
			source := sourceOf(sess.RemoteAddr())
			var refusal *signUpRefusal
			if admitted, refusal = s.signUps.admit(source, time.Now()); refusal != nil {
				s.refusals.refuse("sign-up refused", refusal.reason, source, "fingerprint", fingerprint)
				fmt.Fprintln(sess.Stderr(), refusal.message)
				_ = sess.Exit(1)
				return
			}
		}
		signUp := s.store.SignUpInBackground
		if sess.RawCommand() == "" {
			signUp = s.store.SignUpWelcomedInBackground // the TUI welcomes a new key
		}
		pending := signUp(fingerprint, sess.User())
		sess.Context().SetValue(signUpKey{}, pending)
		if admitted != nil {
			go func() {
				<-pending.Done()
				admitted()
			}()
		}
		if sess.RawCommand() == "" {
			select {
			case <-pending.Done():
				s.logSignUp(pending) // a known key, or a sign-up already over
			default:
				go s.logSignUp(pending)
			}
			next(sess)
			return
		}
		if !s.logSignUp(pending) {
			fmt.Fprintln(sess.Stderr(), "Barkeep could not open your account just now. Please try again.")
			_ = sess.Exit(1)
			return
		}
		next(sess)
	}
}

// logSignUp waits for a sign-up, logs a new account or a failure, and says
// whether the account is there.
func (s *server) logSignUp(pending *store.PendingSignUp) bool {
	account, created, err := pending.Wait()
	if err != nil {
		s.logger.Error("sign up", "fingerprint", pending.Fingerprint(), "err", err)
		return false
	}
	if created {
		s.logger.Info("new account", "user", account.Name, "fingerprint", account.Fingerprint)
	}
	return true
}

// admit turns sessions away while the server is closing, and sessions with
// neither a command nor a terminal, with one line on how to connect (exit
// 1), before any account is made. It counts the sessions it lets in, so
// that shutdown can wait for them.
func (s *server) admit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		_, _, pty := sess.Pty()
		if sess.RawCommand() == "" && !pty {
			host, port := connectHint(sess)
			fmt.Fprintf(sess.Stderr(), "Barkeep needs a terminal: connect with ssh -t -p %s %s\n", port, host)
			_ = sess.Exit(1)
			return
		}
		s.mu.Lock()
		if s.closing {
			s.mu.Unlock()
			fmt.Fprintln(sess.Stderr(), "Barkeep is closing for now. Please come back later.")
			_ = sess.Exit(1)
			return
		}
		s.active++
		s.mu.Unlock()
		defer s.leave()
		next(sess)
		// The exit status goes out before the session counts as ended:
		// shutdown closes connections once none is active. (A command has
		// already sent its own; a second Exit does nothing.)
		_ = sess.Exit(0)
	}
}

// leave counts a session out, and tells shutdown when the last one is gone.
func (s *server) leave() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active--
	if s.active == 0 && s.closing {
		close(s.drained)
	}
}

// runCommands answers sessions that carry a command, with or without a
// PTY; the others go on to the TUI.
func (s *server) runCommands(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if sess.RawCommand() == "" {
			next(sess)
			return
		}
		account, _, _ := signUpOf(sess).Wait() // durable: identify waited
		_, _, pty := sess.Pty()
		grant, _ := grantOf(sess) // there: applyGrant let the session in
		_ = sess.Exit(command.RunLine(command.Env{
			Store:    s.store,
			Account:  account,
			Stdout:   sess,
			Stderr:   sess.Stderr(),
			Admin:    grant.admin,
			Terminal: pty,
			Logger:   s.logger,
			API:      s.api,
			Stdin:    sess,
			Context:  sess.Context(),
		}, sess.RawCommand()))
	}
}

func connectHint(sess ssh.Session) (host, port string) {
	host, port, err := net.SplitHostPort(sess.LocalAddr().String())
	if err != nil {
		return "HOST", "23234"
	}
	return host, port
}

// shorten cuts client-chosen text to a length fit for a log line; the
// logger quotes and escapes it.
func shorten(s string) string {
	const limit = 60
	if r := []rune(s); len(r) > limit {
		return string(r[:limit]) + "…"
	}
	return s
}

// logSession logs each session's start and end.
func (s *server) logSession(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := time.Now()
		fingerprint := ""
		if key := sess.PublicKey(); key != nil {
			fingerprint = accountFingerprint(key)
		}
		_, _, pty := sess.Pty()
		// The account's name (empty for a key not yet signed up) and the
		// SSH user name, which the client picks anew every time.
		fields := func() []any {
			account, _ := s.store.Account(fingerprint)
			return []any{
				"account", account.Name,
				"user", shorten(sess.User()),
				"fingerprint", fingerprint,
				"remote", sess.RemoteAddr().String(),
			}
		}
		s.logger.Info("connect", append(fields(), "pty", pty, "command", shorten(sess.RawCommand()))...)
		next(sess)
		s.logger.Info("disconnect", append(fields(), "duration", time.Since(start).Round(time.Millisecond))...)
	}
}
