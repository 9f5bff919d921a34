package command

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"barkeep/data"
	"barkeep/internal/storetest"
)

func TestSplitWords(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		want       []string
	}{
		{"whitespace of any kind separates words", " list \t--json\r\n", []string{"list", "--json"}},
		{"nothing is no words", "  ", nil},
		{"double quotes group", `show "Dry Martini" --json`, []string{"show", "Dry Martini", "--json"}},
		{"double quotes group inside a word", `show Dry" "Martini`, []string{"show", "Dry Martini"}},
		{"a backslash escapes a double quote or a backslash inside double quotes", `"a \"b\" \\ \n"`, []string{`a "b" \ \n`}},
		{"single quotes inside double quotes are apostrophes", `show "Dark 'n' Stormy"`, []string{"show", "Dark 'n' Stormy"}},
		{"single quotes that open a word and close before a space group", `show 'Dry Martini' --json`, []string{"show", "Dry Martini", "--json"}},
		{"single quotes that open a word and close at the end group", `show 'Dry Martini'`, []string{"show", "Dry Martini"}},
		{"an apostrophe inside a word is a character", `show Bee's Knees`, []string{"show", "Bee's", "Knees"}},
		{"a group runs past apostrophes inside it to the quote that closes it", `show 'Bee's Knees' x`, []string{"show", "Bee's Knees", "x"}},
		{"a word of its own in single quotes is unquoted", `show Dark 'n' Stormy`, []string{"show", "Dark", "n", "Stormy"}},
		{"a single quote left open is an apostrophe", `show 'Bee's Knees`, []string{"show", "'Bee's", "Knees"}},
		{"a single quote that is not followed by a space does not close", `'a'b c`, []string{"'a'b", "c"}},
		{"an apostrophe at the end of a word is a character", `Knees'`, []string{"Knees'"}},
		{"a lone single quote is a word", `show ' x`, []string{"show", "'", "x"}},
		{"empty quotes are an empty word", `'' ""`, []string{"", ""}},
		{"a backslash outside quotes escapes the next character", `show Bee\'s\ Knees`, []string{"show", "Bee's Knees"}},
		{"a backslash at the end is a character", `show \`, []string{"show", `\`}},
		{"a backslash inside single quotes is a character", `'a\ b'`, []string{`a\ b`}},
		{"multibyte characters pass whole", `show "Crème" Añejo`, []string{"show", "Crème", "Añejo"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := splitWords(tc.line)
			if err != nil {
				t.Fatalf("splitWords(%q): %v", tc.line, err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("splitWords(%q) = %q, want %q", tc.line, got, tc.want)
			}
		})
	}
	t.Run("a double quote left open is an error", func(t *testing.T) {
		if got, err := splitWords(`show "Dry Martini`); err == nil {
			t.Errorf("got %q, want an error", got)
		}
	})
}

// typedForms are the lines a server receives for "COMMAND NAME", however
// the user quoted NAME: ssh host COMMAND "NAME" (the local shell drops
// the quotes), quoting for a remote shell with double or single quotes,
// printf %q's backslashes, and in lower case.
func typedForms(command, name string) map[string]string {
	backslashed := strings.NewReplacer(`'`, `\'`, ` `, `\ `).Replace(name)
	doubleQuoted := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name)
	return map[string]string{
		"as the local shell passes it on": command + " " + name,
		"in double quotes":                command + ` "` + doubleQuoted + `"`,
		"in single quotes":                command + ` '` + name + `'`,
		"with backslashes":                command + " " + backslashed,
		"in lower case":                   command + " " + strings.ToLower(name),
	}
}

// TestNamesWithApostrophes types every catalog name that has an
// apostrophe in each of the ways a user would, to every command that
// takes a name.
func TestNamesWithApostrophes(t *testing.T) {
	cocktails, err := data.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	s := storetest.Open(t, cocktails)
	me, _, err := s.SignUp("SHA256:me", "alice")
	if err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, line string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if status := RunLine(Env{Store: s, Account: me, Stdout: &stdout, Stderr: &stderr}, line); status != ExitOK {
			t.Fatalf("%q: status %d, stderr %q", line, status, stderr.String())
		}
		return stdout.String()
	}
	var named, ingredients int
	for _, c := range s.Catalog().All() {
		if !strings.Contains(c.Name, "'") {
			continue
		}
		named++
		for _, command := range []string{"show", "like", "unlike"} {
			for form, line := range typedForms(command, c.Name) {
				t.Run(fmt.Sprintf("%s %s typed %s", command, c.Name, form), func(t *testing.T) {
					want := map[string]string{
						"show":   c.Name + " (" + c.ID + ")\n",
						"like":   "Liked " + c.Name + " (1 like)\n",
						"unlike": "Unliked " + c.Name + " (0 likes)\n",
					}[command]
					if command == "unlike" {
						run(t, "like "+c.ID)
					}
					if got := run(t, line); !strings.HasPrefix(got, want) {
						t.Errorf("%q printed %q, want it to start %q", line, got, want)
					}
					run(t, "unlike "+c.ID)
				})
			}
		}
	}
	for _, ing := range s.Catalog().Ingredients() {
		if !strings.Contains(ing, "'") {
			continue
		}
		ingredients++
		for _, command := range []string{"bar add", "bar rm"} {
			for form, line := range typedForms(command, ing) {
				t.Run(fmt.Sprintf("%s %s typed %s", command, ing, form), func(t *testing.T) {
					if command == "bar rm" {
						run(t, "bar add "+ing)
					}
					run(t, line)
					if got, want := slices.Contains(s.Bar(me.Fingerprint), ing), command == "bar add"; got != want {
						t.Errorf("%q: %s in the bar is %v, want %v", line, ing, got, want)
					}
					run(t, "bar rm "+ing)
				})
			}
		}
	}
	if named < 7 || ingredients < 2 {
		t.Errorf("the catalog has %d cocktail names and %d ingredients with an apostrophe; the test expects at least 7 and 2", named, ingredients)
	}
}

func TestTooLongALineIsRefusedBeforeSplitting(t *testing.T) {
	s := storetest.Open(t, storetest.FixtureCatalog(t))
	me, _, err := s.SignUp("SHA256:me", "alice")
	if err != nil {
		t.Fatal(err)
	}
	runLine := func(line string) (int, string) {
		var stdout, stderr bytes.Buffer
		return RunLine(Env{Store: s, Account: me, Stdout: &stdout, Stderr: &stderr}, line), stderr.String()
	}
	longest := "show " + strings.Repeat(" ", MaxLineBytes-len("show negroni")) + "negroni"
	if status, stderr := runLine(longest); status != ExitOK {
		t.Errorf("a line of exactly %d bytes: status %d, stderr %q", len(longest), status, stderr)
	}
	// An open double quote would be a different error: the line must not
	// have been split at all.
	status, stderr := runLine(longest + `"`)
	want := fmt.Sprintf("barkeep: the command is too long (%d bytes; the limit is %d)\n", MaxLineBytes+1, MaxLineBytes)
	if status != ExitUsage || !strings.HasPrefix(stderr, want) {
		t.Errorf("a line of %d bytes: status %d, stderr %q; want %d and %q", MaxLineBytes+1, status, stderr, ExitUsage, want)
	}
}

// BenchmarkSplitWords shows that splitting costs in proportion to the
// line: a 200 KB word (far past MaxLineBytes, which RunLine checks first)
// and 200 KB of single quotes that never close.
func BenchmarkSplitWords(b *testing.B) {
	for _, tc := range []struct{ name, line string }{
		{"one 8 KB word", strings.Repeat("x", 8<<10)},
		{"20 KB of open single quotes", strings.Repeat("'a ", 20<<10/3)},
		{"one 200 KB word", strings.Repeat("x", 200<<10)},
		{"200 KB of open single quotes", strings.Repeat("'a ", 200<<10/3)},
		{"200 KB of double-quoted words", strings.Repeat(`"a b" `, 200<<10/6)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.line)))
			for b.Loop() {
				if _, err := splitWords(tc.line); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
