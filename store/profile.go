package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrBadName is a name an account cannot take; the error says why.
var ErrBadName = errors.New("not a name an account can take")

// badName says why a name cannot be taken, as a person reads it.
type badName string

func (e badName) Error() string        { return string(e) }
func (e badName) Is(target error) bool { return target == ErrBadName }

// ValidateName returns a name chosen for an account as the account keeps
// it (without spaces around it), or why it cannot be one: blank, longer
// than MaxNameLength characters, or holding characters that do not print.
func ValidateName(name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", badName("a name must be UTF-8 text")
	}
	name = strings.TrimSpace(name)
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return "", badName("a name cannot be blank")
	case n > MaxNameLength:
		return "", badName(fmt.Sprintf("a name has at most %d characters; that one has %d", MaxNameLength, n))
	}
	for _, r := range name {
		if r != ' ' && (!unicode.IsPrint(r) || unicode.Is(unicode.Cf, r)) {
			return "", badName(fmt.Sprintf("a name cannot hold %U, which does not print", r))
		}
	}
	return name, nil
}

// Rename gives the account another name (see ValidateName) and returns
// the account renamed, once the change is on disk.
func (s *Store) Rename(fingerprint, name string) (Account, error) {
	name, err := ValidateName(name)
	if err != nil {
		return Account{}, err
	}
	return s.changeAccount(fingerprint, "rename", func(a *Account) { a.Name = name })
}

// MarkWelcomed records that the account has had its welcome, once that is
// on disk: it is never shown again.
func (s *Store) MarkWelcomed(fingerprint string) error {
	_, err := s.changeAccount(fingerprint, "welcome", func(a *Account) { a.Welcomed = true })
	return err
}

// changeAccount writes a change to an account through to the backend,
// whose feed brings it to memory.
func (s *Store) changeAccount(fingerprint, what string, change func(*Account)) (Account, error) {
	unlock := s.lockAccount(fingerprint)
	defer unlock()
	account, ok := s.Account(fingerprint)
	if !ok {
		return Account{}, fmt.Errorf("%s: %w %s", what, ErrUnknownAccount, fingerprint)
	}
	change(&account)
	if err := s.backend.UpdateAccount(context.Background(), account); err != nil {
		return Account{}, fmt.Errorf("save %s of %s in %s: %w", what, fingerprint, s.backend, err)
	}
	return account, nil
}
