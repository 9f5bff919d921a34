package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"barkeep/store"
)

// decodeStrict parses a command's --json output into the store's own types,
// refusing fields the types do not have.
func decodeStrict[T any](t *testing.T, out sessionOutput) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(strings.NewReader(out.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %q: %v (stderr %q)", out.stdout, err, out.stderr)
	}
	return v
}

type cocktailsJSON struct {
	Cocktails []store.Liked `json:"cocktails"`
}

type foundJSON struct {
	Cocktails []store.Found `json:"cocktails"`
}

func foundIDs(cocktails []store.Found) []string {
	out := make([]string, len(cocktails))
	for i, c := range cocktails {
		out[i] = c.ID
	}
	return out
}

type makeableJSON struct {
	Cocktails []store.Makeable `json:"cocktails"`
}

// TestE2ECommands runs every command over a real SSH connection without a
// PTY, as a script would.
func TestE2ECommands(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	srv := startServer(t, dataDir)
	key := newClientKey(t)
	run := func(command string) sessionOutput { return runSession(t, srv.addr, key, false, command) }

	list := decodeStrict[cocktailsJSON](t, run("list --json"))
	if len(list.Cocktails) < 100 || list.Cocktails[0].ID == "" || list.Cocktails[0].Glass == "" {
		t.Fatalf("list --json gave %d cocktails, first %+v", len(list.Cocktails), list.Cocktails[0])
	}
	text := run("list")
	wantExit(t, text, 0)
	if strings.Contains(text.stdout, "\x1b") || !strings.Contains(text.stdout, "negroni") {
		t.Errorf("list without a PTY printed escape codes or no negroni:\n%.300s", text.stdout)
	}

	found := decodeStrict[foundJSON](t, run("search gin, campari --json"))
	if !slices.ContainsFunc(found.Cocktails, func(c store.Found) bool { return c.ID == "negroni" }) {
		t.Errorf("search gin, campari found %+v", found.Cocktails)
	}
	shown := decodeStrict[store.Liked](t, run("show negroni --json"))
	if shown.Name != "Negroni" || len(shown.Ingredients) != 3 {
		t.Errorf("show negroni --json = %+v", shown)
	}
	card := run("show 'Dry Martini'")
	wantExit(t, card, 0)
	if !strings.Contains(card.stdout, "Ingredients") || !strings.Contains(card.stdout, "dry vermouth") {
		t.Errorf("show card:\n%s", card.stdout)
	}
	if random := decodeStrict[store.Liked](t, run("random --json")); random.ID == "" {
		t.Error("random --json gave no cocktail")
	}

	for range 2 { // liking twice is one like, and a success
		liked := run("like negroni")
		wantExit(t, liked, 0)
		if !strings.Contains(liked.stdout, "Liked Negroni (1 like)") {
			t.Errorf("like printed %q", liked.stdout)
		}
	}
	wantExit(t, run("bar add gin, campari, sweet vermouth"), 0)
	makeable := decodeStrict[makeableJSON](t, run("makeable --json"))
	if len(makeable.Cocktails) == 0 || makeable.Cocktails[0].Missing == nil {
		t.Errorf("makeable --json = %+v", makeable.Cocktails[:min(2, len(makeable.Cocktails))])
	}
	whoami := run("whoami")
	wantExit(t, whoami, 0)
	if !strings.Contains(whoami.stdout, "carol") || !strings.Contains(whoami.stdout, "SHA256:") {
		t.Errorf("whoami printed %q", whoami.stdout)
	}

	// An acknowledged like and bar are there after a restart.
	srv.stop(t)
	srv = startServer(t, dataDir)
	likes := decodeStrict[cocktailsJSON](t, run("likes --json"))
	if len(likes.Cocktails) != 1 || likes.Cocktails[0].ID != "negroni" || likes.Cocktails[0].Likes != 1 {
		t.Errorf("likes after restart = %+v", likes.Cocktails)
	}
	top := decodeStrict[cocktailsJSON](t, run("top 1 --json"))
	if len(top.Cocktails) != 1 || top.Cocktails[0].ID != "negroni" {
		t.Errorf("top 1 after restart = %+v", top.Cocktails)
	}
	bar := run("bar")
	if bar.stdout != "campari\ngin\nsweet vermouth\n" {
		t.Errorf("bar after restart printed %q", bar.stdout)
	}
	wantExit(t, run("unlike negroni"), 0)
	wantExit(t, run("unlike negroni"), 0)
}

// TestE2EBadCommands shows that every bad request over SSH gets usage or a
// clear error and its exit status, never a panic or a hang.
func TestE2EBadCommands(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())
	key := newClientKey(t)
	tests := []struct {
		name    string
		command string
		status  int
		stderr  string
	}{
		{"help", "help", 0, ""},
		{"an unknown command", "frobnicate", 2, "Usage:"},
		{"show without a cocktail", "show", 2, "needs a cocktail"},
		{"an unknown cocktail", "show tea", 1, `no cocktail called "tea"`},
		{"liking an unknown cocktail", "like tea", 1, `no cocktail called "tea"`},
		{"an 8,000-character argument", "show " + strings.Repeat("x", 8000), 1, "no cocktail called"},
		{"a 10,000-character argument", "show " + strings.Repeat("x", 10000), 2, "the command is too long"},
		{"invalid UTF-8", "show \xff\xfe", 2, "UTF-8"},
		{"an unknown flag", "list --xml", 2, "unknown flag"},
		{"unbalanced quotes", `show "negroni`, 2, "cannot split"},
		{"an unknown ingredient", "search unicorn", 1, "unicorn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := runSession(t, srv.addr, key, false, tt.command)
			wantExit(t, out, tt.status)
			if !strings.Contains(out.stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", out.stderr, tt.stderr)
			}
		})
	}
	if !srv.running() {
		t.Fatalf("the server died; its log:\n%s", srv.log)
	}
}
