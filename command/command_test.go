package command

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"barkeep/internal/storetest"
	"barkeep/store"
	"barkeep/texts"
)

type bar struct {
	t     *testing.T
	store *store.Store
	me    store.Account
}

func openBar(t *testing.T) *bar {
	t.Helper()
	s := storetest.Open(t, storetest.FixtureCatalog(t))
	me, _, err := s.SignUp("SHA256:me", "alice")
	if err != nil {
		t.Fatal(err)
	}
	return &bar{t: t, store: s, me: me}
}

// run runs a command line and returns its exit status and output.
func (b *bar) run(args ...string) (status int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	status = Run(Env{Store: b.store, Account: b.me, Stdout: &out, Stderr: &errOut}, args)
	return status, out.String(), errOut.String()
}

// ok runs a command that must succeed and returns its output.
func (b *bar) ok(args ...string) string {
	b.t.Helper()
	status, stdout, stderr := b.run(args...)
	if status != ExitOK || stderr != "" {
		b.t.Fatalf("%q: status %d, stderr %q", args, status, stderr)
	}
	return stdout
}

func decode[T any](t *testing.T, raw string) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %q: %v", raw, err)
	}
	return v
}

func TestListAndSearchAsTextAndJSON(t *testing.T) {
	b := openBar(t)
	text := b.ok("list")
	if lines := strings.Split(strings.TrimSpace(text), "\n"); len(lines) != 9 || !strings.HasPrefix(lines[0], "ID") {
		t.Errorf("list printed:\n%s", text)
	}
	list := decode[cocktailList[store.Liked]](t, b.ok("list", "--json"))
	if len(list.Cocktails) != 8 || list.Cocktails[0].ID != "americano" {
		t.Errorf("list --json = %+v", list)
	}
	found := decode[cocktailList[store.Found]](t, b.ok("search", "gin,", "campari", "--json"))
	if len(found.Cocktails) != 1 || found.Cocktails[0].ID != "negroni" || found.Cocktails[0].Matched == nil || len(found.Cocktails[0].Matched) != 0 {
		t.Errorf("search gin, campari = %+v", found)
	}
	if text := b.ok("search", "gin,", "campari"); strings.Contains(text, "MATCHED") {
		t.Errorf("a search where everything matched as typed has a MATCHED column:\n%s", text)
	}
}

func TestSearchNamesWhatMatchedOtherThanAsTyped(t *testing.T) {
	b := openBar(t)
	text := b.ok("search", "vermouth")
	for _, want := range []string{"MATCHED", "dry-martini", "dry vermouth", "negroni", "sweet vermouth"} {
		if !strings.Contains(text, want) {
			t.Errorf("search vermouth lacks %q:\n%s", want, text)
		}
	}
	found := decode[cocktailList[store.Found]](t, b.ok("search", "whisky", "--json"))
	if len(found.Cocktails) != 1 || found.Cocktails[0].ID != "old-fashioned" || !slices.Equal(found.Cocktails[0].Matched, []string{"bourbon whiskey"}) {
		t.Errorf("search whisky = %+v", found)
	}
}

func TestATypoIsAnsweredWithTheNearestIngredient(t *testing.T) {
	b := openBar(t)
	for _, args := range [][]string{{"search", "gin,", "campri"}, {"bar", "add", "campri"}} {
		status, stdout, stderr := b.run(args...)
		if status != ExitFailed || stdout != "" || !strings.Contains(stderr, `"campri" (did you mean "campari"?)`) {
			t.Errorf("%q: status %d, stdout %q, stderr %q", args, status, stdout, stderr)
		}
	}
	if _, _, stderr := b.run("search", "unicorn"); strings.Contains(stderr, "did you mean") {
		t.Errorf("search unicorn guessed: %q", stderr)
	}
}

func TestShoppingNamesWhatToBuyNext(t *testing.T) {
	b := openBar(t)
	b.ok("bar", "add", "gin,", "sweet", "vermouth")
	text := b.ok("shopping")
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "INGREDIENT") || !strings.HasPrefix(lines[1], "campari") || !strings.Contains(lines[1], "Negroni") {
		t.Errorf("shopping printed:\n%s", text)
	}
	type shoppingJSON struct {
		Shopping []store.Purchase `json:"shopping"`
	}
	list := decode[shoppingJSON](t, b.ok("shopping", "1", "--json"))
	if len(list.Shopping) != 1 || list.Shopping[0].Ingredient != "campari" || list.Shopping[0].Makes != 1 || list.Shopping[0].Cocktails[0].ID != "negroni" {
		t.Errorf("shopping 1 --json = %+v", list)
	}
	full := openBar(t)
	full.ok(append([]string{"bar", "add"}, strings.Join(full.store.Catalog().Ingredients(), ", "))...)
	if out := full.ok("shopping"); !strings.Contains(out, "No one ingredient") {
		t.Errorf("a full bar's shopping printed %q", out)
	}
}

func TestShowAndRandom(t *testing.T) {
	b := openBar(t)
	card := b.ok("show", "Dry", "Martini")
	for _, want := range []string{"Dry Martini (dry-martini)", "60 ml  gin", "10 ml  dry vermouth", "lemon twist", "How to make it"} {
		if !strings.Contains(card, want) {
			t.Errorf("show card lacks %q:\n%s", want, card)
		}
	}
	if strings.Contains(card, "\x1b") {
		t.Error("text output has escape codes")
	}
	shown := decode[store.Liked](t, b.ok("show", "negroni", "--json"))
	if shown.ID != "negroni" || len(shown.Ingredients) != 3 || shown.Ingredients[1].Name != "campari" {
		t.Errorf("show --json = %+v", shown)
	}
	random := decode[store.Liked](t, b.ok("random", "--json"))
	if _, ok := b.store.Catalog().Cocktail(random.ID); !ok {
		t.Errorf("random gave %q", random.ID)
	}
}

func TestLikesAreSavedIdempotentAndRanked(t *testing.T) {
	b := openBar(t)
	for range 2 {
		if out := b.ok("like", "negroni"); out != "Liked Negroni (1 like)\n" {
			t.Errorf("like printed %q", out)
		}
	}
	b.ok("like", "kir")
	if !b.store.Liked(b.me.Fingerprint, "negroni") {
		t.Fatal("like not in the store")
	}
	likes := decode[cocktailList[store.Liked]](t, b.ok("likes", "--json"))
	if got := []string{likes.Cocktails[0].ID, likes.Cocktails[1].ID}; !slices.Equal(got, []string{"kir", "negroni"}) {
		t.Errorf("likes = %v, want newest first", got)
	}
	top := decode[cocktailList[store.Liked]](t, b.ok("top", "1", "--json"))
	if len(top.Cocktails) != 1 || top.Cocktails[0].Likes != 1 {
		t.Errorf("top 1 = %+v", top)
	}
	for range 2 {
		b.ok("unlike", "negroni")
	}
	if b.store.Likes("negroni") != 0 {
		t.Error("unlike not in the store")
	}
}

func TestBarAndMakeable(t *testing.T) {
	b := openBar(t)
	if out := b.ok("bar"); !strings.Contains(out, "empty") {
		t.Errorf("empty bar printed %q", out)
	}
	if out := b.ok("bar", "add", "gin,", "sweet", "vermouth"); out != "gin\nsweet vermouth\n" {
		t.Errorf("bar add printed %q", out)
	}
	b.ok("bar", "add", "dry vermouth,", "campari")
	b.ok("bar", "rm", "campari")
	if got := b.store.Bar(b.me.Fingerprint); !slices.Equal(got, []string{"dry vermouth", "gin", "sweet vermouth"}) {
		t.Errorf("bar = %v", got)
	}
	makeable := decode[cocktailList[store.Makeable]](t, b.ok("makeable", "--json"))
	if makeable.Cocktails[0].ID != "dry-martini" || len(makeable.Cocktails[0].Missing) != 0 {
		t.Errorf("makeable starts with %+v", makeable.Cocktails[0])
	}
	var negroni *store.Makeable
	for i := range makeable.Cocktails {
		if makeable.Cocktails[i].ID == "negroni" {
			negroni = &makeable.Cocktails[i]
		}
	}
	if negroni == nil || !slices.Equal(negroni.Missing, []string{"campari"}) {
		t.Errorf("negroni in makeable = %+v, want one away for campari", negroni)
	}
	if text := b.ok("makeable"); !strings.Contains(text, "MISSING") || !strings.Contains(text, "campari") {
		t.Errorf("makeable printed:\n%s", text)
	}
}

func TestWhoami(t *testing.T) {
	b := openBar(t)
	out := b.ok("whoami")
	for _, want := range []string{"alice", "SHA256:me", "member since"} {
		if !strings.Contains(out, want) {
			t.Errorf("whoami lacks %q:\n%s", want, out)
		}
	}
}

func TestBadRequestsGetAClearAnswer(t *testing.T) {
	b := openBar(t)
	long := strings.Repeat("x", 10000)
	tests := []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{"no command", nil, ExitUsage, "no command given"},
		{"an unknown command", []string{"frobnicate"}, ExitUsage, `unknown command "frobnicate"`},
		{"an unknown flag", []string{"list", "--yaml"}, ExitUsage, `unknown flag "--yaml"`},
		{"show without a cocktail", []string{"show"}, ExitUsage, "needs a cocktail"},
		{"show an unknown cocktail", []string{"show", "tea"}, ExitFailed, `no cocktail called "tea"`},
		{"like an unknown cocktail", []string{"like", "tea"}, ExitFailed, `no cocktail called "tea"`},
		{"a 10,000-character argument", []string{"show", long}, ExitFailed, "no cocktail called"},
		{"a 10,000-character command", []string{long}, ExitUsage, "unknown command"},
		{"invalid UTF-8", []string{"show", "\xff\xfe"}, ExitUsage, "UTF-8"},
		{"search without ingredients", []string{"search", ","}, ExitUsage, "needs one or more ingredients"},
		{"search an unknown ingredient", []string{"search", "unicorn"}, ExitFailed, `"unicorn"`},
		{"top with a word", []string{"top", "many"}, ExitUsage, "top takes a number"},
		{"top with zero", []string{"top", "0"}, ExitUsage, "top takes a number"},
		{"shopping with a word", []string{"shopping", "lots"}, ExitUsage, "shopping takes a number"},
		{"shopping with two numbers", []string{"shopping", "1", "2"}, ExitUsage, "at most one number"},
		{"list with an argument", []string{"list", "gin"}, ExitUsage, "list takes no arguments"},
		{"bar with a verb it lacks", []string{"bar", "drink"}, ExitUsage, "bar takes add or rm"},
		{"bar add with nothing", []string{"bar", "add"}, ExitUsage, "needs one or more ingredients"},
		{"bar add an unknown ingredient", []string{"bar", "add", "unicorn"}, ExitFailed, "no ingredient in the catalog"},
		{"bar add an ambiguous one", []string{"bar", "add", "dry"}, ExitFailed, `"dry vermouth", "dry white wine"`},
		{"admin with --json", []string{"admin", "backup", "--json"}, ExitUsage, "no --json"},
		{"show a misspelt cocktail", []string{"show", "negorni"}, ExitFailed, `no cocktail called "negorni"; did you mean Negroni? (ssh HOST show negroni)`},
		{"like a misspelt cocktail", []string{"like", "dry", "martni"}, ExitFailed, "did you mean Dry Martini? (ssh HOST like dry-martini)"},
		{"name without one", []string{"name"}, ExitUsage, "name needs the new name"},
		{"a blank name", []string{"name", "   "}, ExitFailed, "a name cannot be blank"},
		{"a name too long", []string{"name", strings.Repeat("n", 33)}, ExitFailed, "at most 32 characters; that one has 33"},
		{"a name that does not print", []string{"name", "bell\a"}, ExitFailed, "U+0007, which does not print"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, stdout, stderr := b.run(tt.args...)
			if status != tt.status {
				t.Errorf("status %d, want %d (stderr %q)", status, tt.status, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
			}
			if stdout != "" {
				t.Errorf("a failed command printed to stdout: %q", stdout)
			}
			if len(stderr) > 2000 {
				t.Errorf("stderr is %d bytes long: client text is not cut", len(stderr))
			}
		})
	}
	if b.store.Likes("negroni") != 0 || len(b.store.Bar(b.me.Fingerprint)) != 0 {
		t.Error("a refused request changed the store")
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	b := openBar(t)
	out := b.ok("help")
	for _, name := range []string{"list", "show", "search", "random", "like", "unlike", "likes", "top", "bar add", "bar rm", "makeable", "shopping", "whoami"} {
		if !strings.Contains(out, "  "+name) {
			t.Errorf("help lacks %q", name)
		}
	}
}

func TestEveryCommandSpeaksJSON(t *testing.T) {
	b := openBar(t)
	liked := decode[likeDocument](t, b.ok("like", "negroni", "--json"))
	if liked != (likeDocument{ID: "negroni", Name: "Negroni", Liked: true, Likes: 1}) {
		t.Errorf("like --json = %+v", liked)
	}
	if unliked := decode[likeDocument](t, b.ok("unlike", "negroni", "--json")); unliked.Liked || unliked.Likes != 0 {
		t.Errorf("unlike --json = %+v", unliked)
	}
	if bar := decode[barDocument](t, b.ok("bar", "add", "gin", "campari", "--json")); !slices.Equal(bar.Ingredients, []string{"campari", "gin"}) {
		t.Errorf("bar add --json = %+v", bar)
	}
	if bar := decode[barDocument](t, b.ok("bar", "--json")); len(bar.Ingredients) != 2 || bar.NotInCatalog != nil {
		t.Errorf("bar --json = %+v", bar)
	}
	me := decode[accountDocument](t, b.ok("whoami", "--json"))
	if me.Name != "alice" || me.Fingerprint != "SHA256:me" || me.Since == "" {
		t.Errorf("whoami --json = %+v", me)
	}
	if renamed := decode[accountDocument](t, b.ok("name", "Alice", "Liddell", "--json")); renamed.Name != "Alice Liddell" {
		t.Errorf("name --json = %+v", renamed)
	}
}

func TestNameChangesTheName(t *testing.T) {
	b := openBar(t)
	if out := b.ok("name", "  Bob  "); !strings.Contains(out, "name:         Bob\n") {
		t.Errorf("name printed:\n%s", out)
	}
	if a, _ := b.store.Account(b.me.Fingerprint); a.Name != "Bob" {
		t.Errorf("the store has the name %q", a.Name)
	}
}

func TestBarRmOfWhatIsNotThereSaysSo(t *testing.T) {
	b := openBar(t)
	b.ok("bar", "add", "gin")
	status, stdout, stderr := b.run("bar", "rm", "gin,", "campari")
	if status != ExitOK || stdout != texts.Sentence(texts.BarEmpty)+" Add what you have: ssh HOST bar add gin, campari, sweet vermouth\n" {
		t.Errorf("bar rm: status %d, stdout %q", status, stdout)
	}
	if stderr != "barkeep: campari is not in your bar\n" {
		t.Errorf("bar rm of what is not there said %q", stderr)
	}
}
