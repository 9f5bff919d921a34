package store

import (
	"path/filepath"
	"testing"
)

func TestAtHandTicksWhatTheBarStandsInFor(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "barkeep.db"), ibaCatalog(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	alice := signUp(t, s, "SHA256:alice", "alice")
	if got := s.AtHand(alice.Fingerprint); got != nil {
		t.Fatalf("an empty bar has %v at hand, want nil: nothing to tick", got)
	}
	if err := s.SetInBar(alice.Fingerprint, []string{"cointreau", "lime", "tequila"}, true); err != nil {
		t.Fatal(err)
	}
	atHand := s.AtHand(alice.Fingerprint)
	for _, ingredient := range []string{"triple sec", "lime juice", "tequila", "ice"} {
		if !atHand[ingredient] {
			t.Errorf("with cointreau, lime and tequila, %s is not at hand", ingredient)
		}
	}
	for _, ingredient := range []string{"campari", "orange juice", "gin"} {
		if atHand[ingredient] {
			t.Errorf("with cointreau, lime and tequila, %s is at hand", ingredient)
		}
	}
	// The card and makeable agree: every ingredient of a cocktail ready to
	// make is at hand.
	for _, m := range s.Makeable(alice.Fingerprint) {
		if len(m.Missing) > 0 {
			continue
		}
		for _, ing := range m.Ingredients {
			if !atHand[ing.Name] {
				t.Errorf("%s is ready to make, but its %s is not at hand", m.Name, ing.Name)
			}
		}
	}
}
