package command

import (
	"bytes"
	"strings"
	"testing"

	"barkeep/internal/storetest"
)

// FuzzRunLine feeds command lines of any shape, as an SSH client may send
// them, to the command interpreter.
func FuzzRunLine(f *testing.F) {
	for _, seed := range []string{
		"list", "list --json", "show negroni", `show "Dry Martini" --json`, "search gin, campari",
		"like negroni", "unlike negroni", "likes --json", "top 3", "top -1", "bar add gin, campari",
		"bar rm gin", "makeable --json", "whoami", "help", "", "   ", `show "negroni`, "show 'a b",
		"\xff\xfe", "show \x00", "--json", "-", "bar", "bar add", strings.Repeat("x", 10000),
		"search " + strings.Repeat(",", 1000), `show \`, `show Bee's Knees`, `show Dark 'n' Stormy`,
		`show 'Bee's Knees'`, `show Bee\'s\ Knees`, strings.Repeat("'a ", 100), strings.Repeat("x", MaxLineBytes+1),
		`graphql { cocktail(id: "negroni") { name } }`, `graphql --variables '{"a": 1}' { me { name } }`,
		"graphql --variables", "graphql --operation", "graphql --variables {", "token create web", "token list --json", "schema",
	} {
		f.Add(seed)
	}
	s := storetest.Open(f, storetest.FixtureCatalog(f))
	me, _, err := s.SignUp("SHA256:fuzz", "fuzz")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		var stdout, stderr bytes.Buffer
		status := RunLine(Env{Store: s, Account: me, Stdout: &stdout, Stderr: &stderr}, line)
		switch status {
		case ExitOK:
		case ExitFailed, ExitUsage:
			if stderr.Len() == 0 {
				t.Fatalf("%q: status %d without a word on stderr", line, status)
			}
			if stdout.Len() != 0 {
				t.Fatalf("%q: status %d, but printed %q", line, status, stdout.String())
			}
		default:
			t.Fatalf("%q: status %d", line, status)
		}
		if stderr.Len() > 4000 {
			t.Fatalf("%q: %d bytes of error: client text must be cut", line, stderr.Len())
		}
	})
}
