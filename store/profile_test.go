package store

import (
	"errors"
	"strings"
	"testing"
)

func TestRenameValidatesAndLasts(t *testing.T) {
	s, path := newStore(t)
	me, _, err := s.SignUp("SHA256:me", "root")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "   ", strings.Repeat("é", MaxNameLength+1), "bell\a", "zero\u200bwidth", "\xff"} {
		if _, err := s.Rename(me.Fingerprint, bad); !errors.Is(err, ErrBadName) {
			t.Errorf("Rename(%q) = %v, want ErrBadName", bad, err)
		}
	}
	renamed, err := s.Rename(me.Fingerprint, "  Dora Maar ")
	if err != nil || renamed.Name != "Dora Maar" || !renamed.Since.Equal(me.Since) {
		t.Fatalf("Rename = %+v, %v", renamed, err)
	}
	if _, err := s.Rename("SHA256:nobody", "Dora"); !errors.Is(err, ErrUnknownAccount) {
		t.Errorf("renaming an unknown account: %v", err)
	}
	if err := s.MarkWelcomed(me.Fingerprint); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Check(path); err != nil {
		t.Fatalf("the renamed store does not check: %v", err)
	}
	again := openStore(t, path)
	t.Cleanup(func() { _ = again.Close() })
	if a, _ := again.Account(me.Fingerprint); a.Name != "Dora Maar" || !a.Welcomed {
		t.Errorf("after reopening the account is %+v", a)
	}
}
