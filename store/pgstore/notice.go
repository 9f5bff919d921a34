package pgstore

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"barkeep/store"
)

// channel is the NOTIFY channel every server listens on.
const channel = "barkeep_changes"

// notice is one NOTIFY payload: what one write changed, small (PostgreSQL
// takes up to 8,000 bytes), sent in the write's transaction so that it is
// delivered only if the write commits.
type notice struct {
	// Node is the server that wrote; Seq, on the last notice of a write,
	// lets that server know its write has come back through the feed.
	Node string `json:"n,omitempty"`
	Seq  uint64 `json:"s,omitempty"`
	Kind string `json:"k"`

	Fingerprint string `json:"f,omitempty"`
	Name        string `json:"m,omitempty"` // account
	Since       int64  `json:"a,omitempty"` // account, Unix microseconds
	Welcomed    bool   `json:"w,omitempty"` // account
	Cocktail    string `json:"c,omitempty"` // like
	Liked       bool   `json:"l,omitempty"` // like
	At          int64  `json:"t,omitempty"` // like, Unix microseconds
	Ingredient  string `json:"i,omitempty"` // bar
	InBar       bool   `json:"b,omitempty"` // bar
	TokenHash   string `json:"h,omitempty"` // token, hex
	TokenOp     uint8  `json:"o,omitempty"` // token: a store.TokenOp
	Created     int64  `json:"r,omitempty"` // token, Unix microseconds
	LastUsed    int64  `json:"u,omitempty"` // token, Unix microseconds; 0 until used
}

// The kinds of notice.
const (
	noticeAccount = "account"
	noticeLike    = "like"
	noticeBar     = "bar"
	noticeToken   = "token"
	// noticeResync tells every server to read everything again: sent after
	// records were written in bulk (barkeep migrate).
	noticeResync = "resync"
)

func (n notice) encode() string {
	b, err := json.Marshal(n)
	if err != nil {
		panic(err) // strings, numbers and booleans always encode
	}
	return string(b)
}

func decodeNotice(payload string) (notice, error) {
	var n notice
	if err := json.Unmarshal([]byte(payload), &n); err != nil {
		return n, fmt.Errorf("notification %q: %w", payload, err)
	}
	return n, nil
}

// change is the store's view of a notice; resyncs are not changes.
func (n notice) change() (store.Change, error) {
	switch n.Kind {
	case noticeAccount:
		return store.Change{Kind: store.ChangeAccount, Account: store.Account{
			Fingerprint: n.Fingerprint, Name: n.Name, Since: time.UnixMicro(n.Since).UTC(), Welcomed: n.Welcomed,
		}}, nil
	case noticeLike:
		c := store.Change{Kind: store.ChangeLike, Fingerprint: n.Fingerprint, CocktailID: n.Cocktail, Liked: n.Liked}
		if n.Liked {
			c.At = time.UnixMicro(n.At).UTC()
		}
		return c, nil
	case noticeBar:
		return store.Change{Kind: store.ChangeBar, Fingerprint: n.Fingerprint, Ingredients: []string{n.Ingredient}, InBar: n.InBar}, nil
	case noticeToken:
		t := store.Token{Fingerprint: n.Fingerprint, Name: n.Name, Created: time.UnixMicro(n.Created).UTC()}
		if n.LastUsed != 0 {
			t.LastUsed = time.UnixMicro(n.LastUsed).UTC()
		}
		if hash, err := hex.DecodeString(n.TokenHash); err != nil || len(hash) != len(t.Hash) {
			return store.Change{}, fmt.Errorf("token notification with the hash %q", n.TokenHash)
		} else {
			copy(t.Hash[:], hash)
		}
		return store.Change{Kind: store.ChangeToken, Token: t, TokenOp: store.TokenOp(n.TokenOp)}, nil
	}
	return store.Change{}, fmt.Errorf("notification of an unknown kind %q", n.Kind)
}

// tokenNotice is the notice of a token change.
func tokenNotice(t store.Token, op store.TokenOp) notice {
	n := notice{Kind: noticeToken, Fingerprint: t.Fingerprint, Name: t.Name, TokenHash: hex.EncodeToString(t.Hash[:]),
		TokenOp: uint8(op), Created: t.Created.UnixMicro()}
	if !t.LastUsed.IsZero() {
		n.LastUsed = t.LastUsed.UnixMicro()
	}
	return n
}

// accountNotice is the notice of an account as it now is.
func accountNotice(a store.Account) notice {
	return notice{Kind: noticeAccount, Fingerprint: a.Fingerprint, Name: a.Name, Since: a.Since.UnixMicro(), Welcomed: a.Welcomed}
}
