package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"barkeep/command"
	"barkeep/store"
)

// TestE2ECommandLines sends command lines as strangers and shells do: far
// too long ones, several at once, refused before they are read; and names
// with apostrophes as the local shell passes them on.
func TestE2ECommandLines(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())
	key := newClientKey(t)

	huge := "show " + strings.Repeat("x", 200<<10)
	want := fmt.Sprintf("barkeep: the command is too long (%d bytes; the limit is %d)\n", len(huge), command.MaxLineBytes)
	var wg sync.WaitGroup
	for range 8 {
		client := mustDial(t, srv.addr, "carol", key)
		wg.Go(func() {
			out := crashRunOn(client, huge)
			if out.status != command.ExitUsage || !strings.HasPrefix(out.stderr, want) || out.stdout != "" {
				t.Errorf("a 200 KB command: status %d (%v), printed %q and %.200q; want %d, nothing and %q",
					out.status, out.err, out.stdout, out.stderr, command.ExitUsage, want)
			}
		})
	}
	wg.Wait()

	for _, tc := range []struct{ line, card string }{
		{`show Bee's Knees`, "Bee's Knees (bees-knees)\n"},
		{`show Dark 'n' Stormy`, "Dark 'n' Stormy (dark-n-stormy)\n"},
		{`show 'Tommy's Margarita'`, "Tommy's Margarita (tommys-margarita)\n"},
	} {
		out := runSession(t, srv.addr, key, false, tc.line)
		wantExit(t, out, 0)
		if !strings.HasPrefix(out.stdout, tc.card) || !strings.Contains(out.stdout, "Ingredients") {
			t.Errorf("%q printed %q, want the card of %q", tc.line, out.stdout, tc.card)
		}
	}
	liked := runSession(t, srv.addr, key, false, `like Bee's Knees`)
	wantExit(t, liked, 0)
	if !strings.Contains(liked.stdout, "Liked Bee's Knees (1 like)") {
		t.Errorf("like Bee's Knees printed %q", liked.stdout)
	}
}

// TestE2EWhatAnotherCatalogLacks serves two catalogs in turn over one data
// directory: the second lacks an ingredient of the member's bar and
// cocktails the member likes, which stay, are shown for what they are, and
// can be taken out.
func TestE2EWhatAnotherCatalogLacks(t *testing.T) {
	t.Parallel()
	const fixture = "../../data/testdata/catalog.json"
	raw, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	var cocktails []map[string]any
	if err := json.Unmarshal(raw, &cocktails); err != nil {
		t.Fatal(err)
	}
	// Without these, no cocktail of the catalog has campari.
	smaller, err := json.Marshal(slices.DeleteFunc(cocktails, func(c map[string]any) bool {
		return slices.Contains([]string{"negroni", "americano"}, c["id"].(string))
	}))
	if err != nil {
		t.Fatal(err)
	}
	smallerFile := filepath.Join(t.TempDir(), "smaller.json")
	if err := os.WriteFile(smallerFile, smaller, 0o600); err != nil {
		t.Fatal(err)
	}

	dataDir, key := t.TempDir(), newClientKey(t)
	first := startServer(t, dataDir, "--catalog", fixture)
	for _, line := range []string{"like negroni", "like dry-martini", "bar add gin, campari"} {
		wantExit(t, runSession(t, first.addr, key, false, line), 0)
	}
	first.stop(t)

	srv := startServer(t, dataDir, "--catalog", smallerFile)
	run := func(line string, status int) string {
		t.Helper()
		out := runSession(t, srv.addr, key, false, line)
		wantExit(t, out, status)
		return out.stdout
	}
	if got, want := run("bar", 0), "campari  (not in this catalog)\ngin\n"; got != want {
		t.Errorf("bar printed %q, want %q", got, want)
	}
	likes := run("likes", 0)
	if !regexp.MustCompile(`(?m)^dry-martini +Dry Martini +gin +1$`).MatchString(likes) ||
		!regexp.MustCompile(`(?m)^negroni +\(not on the menu now\) +1$`).MatchString(likes) {
		t.Errorf("likes printed:\n%s", likes)
	}
	if got := decodeStrict[struct {
		Cocktails []store.Liked `json:"cocktails"`
		NotOnMenu []string      `json:"not_on_menu"`
	}](t, runSession(t, srv.addr, key, false, "likes --json")); len(got.Cocktails) != 1 || !slices.Equal(got.NotOnMenu, []string{"negroni"}) {
		t.Errorf("likes --json = %+v", got)
	}

	if got, want := run("bar rm campari", 0), "gin\n"; got != want {
		t.Errorf("bar rm campari printed %q, want %q", got, want)
	}
	run("bar add campari", 1)
	if got, want := run("unlike negroni", 0), "Unliked negroni (not on the menu now) (0 likes)\n"; got != want {
		t.Errorf("unlike negroni printed %q, want %q", got, want)
	}
	run("unlike negroni", 1)
	run("like negroni", 1)
	if likes := run("likes", 0); strings.Contains(likes, "negroni") {
		t.Errorf("likes after unlike negroni:\n%s", likes)
	}
}
