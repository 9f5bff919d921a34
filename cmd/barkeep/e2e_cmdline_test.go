package main

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"barkeep/command"
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
