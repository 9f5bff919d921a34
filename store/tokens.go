package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// API tokens let programs that cannot hold an SSH key (a web app, a script
// over HTTP) act as an account. An account mints them over SSH; a token is
// shown once and only its SHA-256 hash is kept, so that a copy of the store
// file lets nobody in.

// Errors of the token calls, for errors.Is.
var (
	ErrTokenName     = errors.New("a token name is 1 to 32 letters, digits, dots, dashes or underscores")
	ErrTokenExists   = errors.New("a token of that name already exists")
	ErrUnknownToken  = errors.New("no token of that name")
	ErrTooManyTokens = fmt.Errorf("an account may hold at most %d tokens: revoke one first", MaxTokensPerAccount)
)

// MaxTokensPerAccount bounds the tokens one key may hold at once.
const MaxTokensPerAccount = 20

// TokenPrefix starts every token, so that secret scanners (and people) can
// tell one when they see it.
const TokenPrefix = "barkeep_"

// tokenEntropy is how many random bytes a token carries: 256 bits.
const tokenEntropy = 32

// tokenEncoding spells a token's bytes in characters that survive URLs,
// headers and double clicks.
var tokenEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// tokenLength is the length of a token: the prefix, then the random bytes
// and their CRC-32, which lets a scanner tell a token from random text.
var tokenLength = len(TokenPrefix) + tokenEncoding.EncodedLen(tokenEntropy+crc32.Size)

var tokenNamePattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,32}$`)

// TokenHash is what the store keeps of a token: its SHA-256.
type TokenHash [sha256.Size]byte

// Token is one API token of an account, without its secret.
type Token struct {
	Fingerprint string    `json:"fingerprint"`
	Name        string    `json:"name"`
	Created     time.Time `json:"created"`
	LastUsed    time.Time `json:"lastUsed"` // zero until first used
	Hash        TokenHash `json:"-"`
}

// Tokens is the keeping of API tokens, whichever backend holds them.
type Tokens interface {
	// CreateToken mints a token for the account and returns its secret,
	// which nothing keeps: it is for the caller to show once.
	CreateToken(fingerprint, name string) (secret string, token Token, err error)
	// Tokens lists the account's tokens by name.
	Tokens(fingerprint string) []Token
	// RevokeToken deletes the account's token of that name.
	RevokeToken(fingerprint, name string) error
	// TokenByHash finds the token a secret hashes to (see HashToken).
	TokenByHash(hash TokenHash) (Token, bool)
	// TouchToken records that the token was used at that time.
	TouchToken(hash TokenHash, at time.Time) error
}

var _ Tokens = (*Store)(nil)

// HashToken is the hash a secret is looked up by. ok is false for text
// that is not a token's form (prefix, length, checksum): such text is
// not looked up at all.
func HashToken(secret string) (hash TokenHash, ok bool) {
	body, found := strings.CutPrefix(secret, TokenPrefix)
	if !found || len(secret) != tokenLength {
		return hash, false
	}
	raw, err := tokenEncoding.DecodeString(body)
	// The last character carries two bits that decoding ignores: a text
	// that is not the one encoding of its bytes is not a token.
	if err != nil || len(raw) != tokenEntropy+crc32.Size || tokenEncoding.EncodeToString(raw) != body {
		return hash, false
	}
	if crc32.ChecksumIEEE(raw[:tokenEntropy]) != binary.BigEndian.Uint32(raw[tokenEntropy:]) {
		return hash, false
	}
	return sha256.Sum256([]byte(secret)), true
}

// newTokenSecret draws a new token.
func newTokenSecret() string {
	raw := make([]byte, tokenEntropy, tokenEntropy+crc32.Size)
	rand.Read(raw) // never fails (crypto/rand panics rather)
	raw = binary.BigEndian.AppendUint32(raw, crc32.ChecksumIEEE(raw))
	return TokenPrefix + tokenEncoding.EncodeToString(raw)
}

// tokenUseResolution is how stale the last use on disk may be: a token
// used all day writes its last use once a minute, not at every request.
const tokenUseResolution = time.Minute

// tokenTable is the store's tokens in memory. It has its own lock: a
// request's token lookup never waits for likes.
type tokenTable struct {
	mu         sync.RWMutex
	byHash     map[TokenHash]Token
	usedOnDisk map[TokenHash]time.Time // the last use as the file has it
}

func (t *tokenTable) putLocked(token Token, usedOnDisk time.Time) {
	if t.byHash == nil {
		t.byHash, t.usedOnDisk = map[TokenHash]Token{}, map[TokenHash]time.Time{}
	}
	t.byHash[token.Hash] = token
	t.usedOnDisk[token.Hash] = usedOnDisk
}

// apply brings the table up to a change from the backend's feed.
func (t *tokenTable) apply(token Token, op TokenOp) {
	t.mu.Lock()
	defer t.mu.Unlock()
	held, ok := t.byHash[token.Hash]
	switch {
	case op == TokenCreated && !ok:
		t.putLocked(token, token.LastUsed)
	case op == TokenUsed && ok:
		if token.LastUsed.After(held.LastUsed) {
			held.LastUsed = token.LastUsed
			t.byHash[token.Hash] = held
		}
		if token.LastUsed.After(t.usedOnDisk[token.Hash]) {
			t.usedOnDisk[token.Hash] = token.LastUsed
		}
	case op == TokenRevoked:
		delete(t.byHash, token.Hash)
		delete(t.usedOnDisk, token.Hash)
	}
}

// replace makes the table hold exactly these tokens, as they are on disk.
func (t *tokenTable) replace(tokens []Token) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.byHash, t.usedOnDisk = nil, nil
	for _, token := range tokens {
		t.putLocked(token, token.LastUsed)
	}
}

// CreateToken mints a token for the account. It returns once the token's
// hash is durable.
func (s *Store) CreateToken(fingerprint, name string) (string, Token, error) {
	if _, ok := s.Account(fingerprint); !ok {
		return "", Token{}, fmt.Errorf("create token: %w %s", ErrUnknownAccount, fingerprint)
	}
	if !tokenNamePattern.MatchString(name) {
		return "", Token{}, fmt.Errorf("create token: %w", ErrTokenName)
	}
	unlock := s.lockAccount(fingerprint)
	defer unlock()
	held := s.Tokens(fingerprint)
	if slices.ContainsFunc(held, func(t Token) bool { return t.Name == name }) {
		return "", Token{}, fmt.Errorf("create token %q: %w", name, ErrTokenExists)
	}
	if len(held) >= MaxTokensPerAccount {
		return "", Token{}, fmt.Errorf("create token %q: %w", name, ErrTooManyTokens)
	}
	secret := newTokenSecret()
	hash, _ := HashToken(secret)
	token := Token{Fingerprint: fingerprint, Name: name, Created: time.Now().UTC().Truncate(time.Second), Hash: hash}
	if err := s.backend.CreateToken(context.Background(), token); err != nil {
		return "", Token{}, fmt.Errorf("save token %q in %s: %w", name, s.backend, err)
	}
	return secret, token, nil
}

// Tokens lists the account's tokens by name.
func (s *Store) Tokens(fingerprint string) []Token {
	s.tokens.mu.RLock()
	var held []Token
	for _, t := range s.tokens.byHash {
		if t.Fingerprint == fingerprint {
			held = append(held, t)
		}
	}
	s.tokens.mu.RUnlock()
	slices.SortFunc(held, func(a, b Token) int { return strings.Compare(a.Name, b.Name) })
	return held
}

// RevokeToken deletes the account's token of that name. It returns once
// the deletion is durable; from then on the token lets nobody in.
func (s *Store) RevokeToken(fingerprint, name string) error {
	unlock := s.lockAccount(fingerprint)
	defer unlock()
	held := s.Tokens(fingerprint)
	i := slices.IndexFunc(held, func(t Token) bool { return t.Name == name })
	if i < 0 {
		return fmt.Errorf("revoke token %q: %w", name, ErrUnknownToken)
	}
	if err := s.backend.RevokeToken(context.Background(), held[i]); err != nil {
		return fmt.Errorf("revoke token %q in %s: %w", name, s.backend, err)
	}
	return nil
}

// TokenByHash finds a token by the hash of its secret.
func (s *Store) TokenByHash(hash TokenHash) (Token, bool) {
	s.tokens.mu.RLock()
	defer s.tokens.mu.RUnlock()
	t, ok := s.tokens.byHash[hash]
	return t, ok
}

// TouchToken records a use of the token. Memory has it at once; the file
// only when its copy is more than tokenUseResolution older, so that a busy
// token costs a commit a minute. A revoked token stays revoked.
func (s *Store) TouchToken(hash TokenHash, at time.Time) error {
	at = at.UTC().Truncate(time.Second)
	// Most requests come in a second already recorded: they take only
	// the read lock, which requests on every core share.
	if token, ok := s.TokenByHash(hash); !ok || !at.After(token.LastUsed) {
		return nil
	}
	s.tokens.mu.Lock()
	token, ok := s.tokens.byHash[hash]
	if !ok || !at.After(token.LastUsed) {
		s.tokens.mu.Unlock()
		return nil
	}
	token.LastUsed = at
	s.tokens.byHash[hash] = token
	due := at.Sub(s.tokens.usedOnDisk[hash]) >= tokenUseResolution
	if due {
		// Claimed before the write, so that the requests meanwhile do not
		// write it too.
		s.tokens.usedOnDisk[hash] = at
	}
	s.tokens.mu.Unlock()
	if !due {
		return nil
	}
	if err := s.backend.TouchToken(context.Background(), token); err != nil {
		return fmt.Errorf("save last use of token %q in %s: %w", token.Name, s.backend, err)
	}
	return nil
}

func (b *boltBackend) CreateToken(_ context.Context, t Token) error {
	if err := b.db.Batch(func(tx *bolt.Tx) error { return putToken(tx, t) }); err != nil {
		return err
	}
	b.apply(Change{Kind: ChangeToken, Token: t, TokenOp: TokenCreated})
	return nil
}

func (b *boltBackend) RevokeToken(_ context.Context, t Token) error {
	err := b.db.Batch(func(tx *bolt.Tx) error {
		bucket, err := tx.CreateBucketIfNotExists(bucketTokens)
		if err != nil {
			return err
		}
		return bucket.Delete(t.Hash[:])
	})
	if err != nil {
		return err
	}
	b.apply(Change{Kind: ChangeToken, Token: t, TokenOp: TokenRevoked})
	return nil
}

func (b *boltBackend) TouchToken(_ context.Context, t Token) error {
	err := b.db.Batch(func(tx *bolt.Tx) error {
		bucket := tx.Bucket(bucketTokens)
		if bucket == nil || bucket.Get(t.Hash[:]) == nil {
			return nil // revoked meanwhile
		}
		return putToken(tx, t)
	})
	if err != nil {
		return err
	}
	b.apply(Change{Kind: ChangeToken, Token: t, TokenOp: TokenUsed})
	return nil
}

// bucketTokens holds tokens by their hash; added after format 1 first
// shipped, so it may be absent.
var bucketTokens = []byte("tokens")

// tokenRecord is a token as the file keeps it, under its hash.
type tokenRecord struct {
	Fingerprint string    `json:"fingerprint"`
	Name        string    `json:"name"`
	Created     time.Time `json:"created"`
	LastUsed    time.Time `json:"lastUsed"`
}

func putToken(tx *bolt.Tx, t Token) error {
	b, err := tx.CreateBucketIfNotExists(bucketTokens)
	if err != nil {
		return err
	}
	v, err := json.Marshal(tokenRecord{Fingerprint: t.Fingerprint, Name: t.Name, Created: t.Created, LastUsed: t.LastUsed})
	if err != nil {
		return err
	}
	return b.Put(t.Hash[:], v)
}

// decodeToken reads one record of the tokens bucket.
func decodeToken(k, v []byte) (Token, error) {
	var r tokenRecord
	if len(k) != sha256.Size || v == nil || json.Unmarshal(v, &r) != nil {
		return Token{}, fmt.Errorf("token record %x does not decode", k)
	}
	if !tokenNamePattern.MatchString(r.Name) || r.Created.IsZero() {
		return Token{}, fmt.Errorf("token record %x has the name %q and creation time %v, which creation never gives", k, r.Name, r.Created)
	}
	t := Token{Fingerprint: r.Fingerprint, Name: r.Name, Created: r.Created, LastUsed: r.LastUsed}
	copy(t.Hash[:], k)
	return t, nil
}

// readTokens reads the tokens bucket.
func readTokens(tx *bolt.Tx) ([]Token, error) {
	b := tx.Bucket(bucketTokens)
	if b == nil {
		return nil, nil
	}
	var tokens []Token
	err := b.ForEach(func(k, v []byte) error {
		t, err := decodeToken(k, v)
		if err != nil {
			return fmt.Errorf("damaged %w", err)
		}
		tokens = append(tokens, t)
		return nil
	})
	return tokens, err
}

// checkTokens checks every token record: each decodes, belongs to an
// account and holds a name unique to it.
func checkTokens(tx *bolt.Tx, accounts map[string]bool, p *problems) {
	b := tx.Bucket(bucketTokens)
	if b == nil {
		return
	}
	names := map[string]bool{}
	_ = b.ForEach(func(k, v []byte) error {
		t, err := decodeToken(k, v)
		switch key := t.Fingerprint + "\x00" + t.Name; {
		case err != nil:
			p.add("%v", err)
		case !accounts[t.Fingerprint]:
			p.add("token %q belongs to %q, which is not an account", t.Name, t.Fingerprint)
		case names[key]:
			p.add("account %q holds two tokens named %q", t.Fingerprint, t.Name)
		default:
			names[key] = true
		}
		return nil
	})
}
