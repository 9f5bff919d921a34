package store

// PendingSignUp is a sign-up that may still be on its way to disk: a
// session can draw its first screen meanwhile, and show the account, or
// write for it, only once Wait says it is durable.
type PendingSignUp struct {
	fingerprint string
	done        chan struct{}
	account     Account
	created     bool
	err         error
}

// SignUpInBackground is SignUp without the wait: it returns at once, with
// the account already there when the key is known, and otherwise signs it
// up on a goroutine of its own.
func (s *Store) SignUpInBackground(fingerprint, name string) *PendingSignUp {
	p := &PendingSignUp{fingerprint: fingerprint, done: make(chan struct{})}
	if account, ok := s.Account(fingerprint); ok {
		p.account = account
		close(p.done)
		return p
	}
	go func() {
		defer close(p.done)
		p.account, p.created, p.err = s.SignUp(fingerprint, name)
	}()
	return p
}

// Fingerprint is the key the account is for, known before it is durable.
func (p *PendingSignUp) Fingerprint() string { return p.fingerprint }

// Done is closed once the sign-up has ended, durably or not.
func (p *PendingSignUp) Done() <-chan struct{} { return p.done }

// Wait returns what SignUp would have, once the sign-up has ended.
func (p *PendingSignUp) Wait() (account Account, created bool, err error) {
	<-p.done
	return p.account, p.created, p.err
}
