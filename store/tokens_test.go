package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestATokenIsShownOnceAndFoundByItsHash(t *testing.T) {
	s, path := newStore(t)
	alice := signUp(t, s, "SHA256:alice", "alice")
	secret, token, err := s.CreateToken(alice.Fingerprint, "web")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) != tokenLength {
		t.Errorf("secret %q: want %s and %d characters", secret, TokenPrefix, tokenLength)
	}
	hash, ok := HashToken(secret)
	if !ok {
		t.Fatalf("HashToken refuses the token it made")
	}
	found, ok := s.TokenByHash(hash)
	if !ok || found.Name != "web" || found.Fingerprint != alice.Fingerprint || found.Created.IsZero() || !found.LastUsed.IsZero() {
		t.Errorf("TokenByHash = %+v, %v; created %+v", found, ok, token)
	}
	other, _, err := s.CreateToken(alice.Fingerprint, "ci")
	if err != nil {
		t.Fatal(err)
	}
	if other == secret {
		t.Error("two tokens share a secret")
	}
	if names := tokenNames(s.Tokens(alice.Fingerprint)); names != "ci web" {
		t.Errorf("tokens = %s, want ci web", names)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(secret)) || bytes.Contains(raw, []byte(secret[len(TokenPrefix):])) {
		t.Error("the store file holds a token's secret")
	}
	reopened := openStore(t, path)
	defer reopened.Close()
	if got, ok := reopened.TokenByHash(hash); !ok || got.Name != "web" {
		t.Errorf("after reopening, TokenByHash = %+v, %v", got, ok)
	}
}

func TestHashTokenRefusesWhatIsNotAToken(t *testing.T) {
	secret := newTokenSecret()
	flipped := []byte(secret)
	last := len(flipped) - 1
	flipped[last] = map[bool]byte{true: 'b', false: 'a'}[flipped[last] == 'a']
	for name, text := range map[string]string{
		"empty":                     "",
		"without the prefix":        secret[len(TokenPrefix):],
		"another prefix":            "ghp_" + secret[len(TokenPrefix):],
		"cut short":                 secret[:len(secret)-1],
		"one character longer":      secret + "a",
		"one character changed":     string(flipped),
		"characters outside base32": TokenPrefix + strings.Repeat("!", tokenLength-len(TokenPrefix)),
		"upper case":                strings.ToUpper(secret),
	} {
		if _, ok := HashToken(text); ok {
			t.Errorf("HashToken accepts %s: %q", name, text)
		}
	}
}

func TestTokenNamesAreCheckedAndUniquePerAccount(t *testing.T) {
	s, _ := newStore(t)
	alice := signUp(t, s, "SHA256:alice", "alice")
	bob := signUp(t, s, "SHA256:bob", "bob")
	if _, _, err := s.CreateToken(alice.Fingerprint, "web"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateToken(bob.Fingerprint, "web"); err != nil {
		t.Errorf("another account's token of the same name: %v", err)
	}
	tests := []struct {
		name        string
		fingerprint string
		token       string
		want        error
	}{
		{"a name already used", alice.Fingerprint, "web", ErrTokenExists},
		{"an empty name", alice.Fingerprint, "", ErrTokenName},
		{"a name with a space", alice.Fingerprint, "my token", ErrTokenName},
		{"a name of 33 characters", alice.Fingerprint, strings.Repeat("a", 33), ErrTokenName},
		{"a control character", alice.Fingerprint, "web\x1b[2J", ErrTokenName},
		{"an unknown account", "SHA256:nobody", "web2", ErrUnknownAccount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := s.CreateToken(tt.fingerprint, tt.token); !errors.Is(err, tt.want) {
				t.Errorf("CreateToken(%q) = %v, want %v", tt.token, err, tt.want)
			}
		})
	}
	for i := len(s.Tokens(alice.Fingerprint)); i < MaxTokensPerAccount; i++ {
		if _, _, err := s.CreateToken(alice.Fingerprint, fmt.Sprintf("t%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.CreateToken(alice.Fingerprint, "one-too-many"); !errors.Is(err, ErrTooManyTokens) {
		t.Errorf("token %d: %v, want ErrTooManyTokens", MaxTokensPerAccount+1, err)
	}
}

func TestARevokedTokenLetsNobodyIn(t *testing.T) {
	s, path := newStore(t)
	alice := signUp(t, s, "SHA256:alice", "alice")
	bob := signUp(t, s, "SHA256:bob", "bob")
	secret, _, err := s.CreateToken(alice.Fingerprint, "web")
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := HashToken(secret)
	if err := s.RevokeToken(bob.Fingerprint, "web"); !errors.Is(err, ErrUnknownToken) {
		t.Errorf("bob revoking alice's token: %v, want ErrUnknownToken", err)
	}
	if err := s.RevokeToken(alice.Fingerprint, "web"); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.TokenByHash(hash); ok {
		t.Error("a revoked token is still found")
	}
	if err := s.TouchToken(hash, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(alice.Fingerprint, "web"); !errors.Is(err, ErrUnknownToken) {
		t.Errorf("revoking twice: %v, want ErrUnknownToken", err)
	}
	s.Close()
	reopened := openStore(t, path)
	defer reopened.Close()
	if _, ok := reopened.TokenByHash(hash); ok {
		t.Error("a revoked token (touched after it was revoked) is back after reopening")
	}
}

func TestTouchTokenWritesTheLastUseOnceAMinute(t *testing.T) {
	s, path := newStore(t)
	alice := signUp(t, s, "SHA256:alice", "alice")
	secret, _, err := s.CreateToken(alice.Fingerprint, "web")
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := HashToken(secret)
	first := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, at := range []time.Time{first, first.Add(30 * time.Second), first.Add(10 * time.Second)} {
		if err := s.TouchToken(hash, at); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := s.TokenByHash(hash); !got.LastUsed.Equal(first.Add(30 * time.Second)) {
		t.Errorf("in memory the last use is %v, want the latest, %v", got.LastUsed, first.Add(30*time.Second))
	}
	s.Close()
	s = openStore(t, path)
	if got, _ := s.TokenByHash(hash); !got.LastUsed.Equal(first) {
		t.Errorf("on disk the last use is %v, want the first use %v (later ones within a minute are not written)", got.LastUsed, first)
	}
	if err := s.TouchToken(hash, first.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openStore(t, path)
	defer s.Close()
	if got, _ := s.TokenByHash(hash); !got.LastUsed.Equal(first.Add(2 * time.Minute)) {
		t.Errorf("a use two minutes later: on disk %v", got.LastUsed)
	}
}

func TestCheckReadsTokenRecords(t *testing.T) {
	s, path := newStore(t)
	alice := signUp(t, s, "SHA256:alice", "alice")
	if _, _, err := s.CreateToken(alice.Fingerprint, "web"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Check(path); err != nil {
		t.Fatalf("check of a store with a token: %v", err)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTokens)
		if err := b.Put(bytes.Repeat([]byte{1}, 32), []byte(`{"fingerprint":"SHA256:nobody","name":"x","created":"2026-01-01T00:00:00Z"}`)); err != nil {
			return err
		}
		return b.Put(bytes.Repeat([]byte{2}, 32), []byte(`not json`))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Check(path)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), `"SHA256:nobody", which is not an account`) || !strings.Contains(err.Error(), "does not decode") {
		t.Errorf("check of bad token records: %v", err)
	}
	if _, err := Open(path, fixtureCatalog(t)); err == nil {
		t.Error("a store with bad token records opens")
	}
}

func tokenNames(tokens []Token) string {
	names := make([]string, len(tokens))
	for i, t := range tokens {
		names[i] = t.Name
	}
	return strings.Join(names, " ")
}
