package tui

import (
	"flag"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"barkeep/internal/storetest"
	"barkeep/store"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// session is one TUI driven by hand, over a store in a temporary directory.
type session struct {
	t     *testing.T
	m     *Model
	store *store.Store
	me    store.Account
}

func newStore(t *testing.T) *store.Store {
	t.Helper()
	return storetest.Open(t, storetest.FixtureCatalog(t))
}

func newSession(t *testing.T, s *store.Store, name string, width, height int) *session {
	t.Helper()
	return startSession(t, s, name, nil, width, height)
}

// newLiveSession is a session that hears of other sessions' likes, as the
// server's are.
func newLiveSession(t *testing.T, s *store.Store, name string, width, height int) (*session, *store.Subscription) {
	t.Helper()
	changes := s.Subscribe()
	t.Cleanup(changes.Close)
	return startSession(t, s, name, changes, width, height), changes
}

func startSession(t *testing.T, s *store.Store, name string, changes *store.Subscription, width, height int) *session {
	t.Helper()
	me, _, err := s.SignUp("SHA256:"+name, name)
	if err != nil {
		t.Fatal(err)
	}
	// The welcome has its own tests: the others start as a returning key.
	if err := s.MarkWelcomed(me.Fingerprint); err != nil {
		t.Fatal(err)
	}
	me, _ = s.Account(me.Fingerprint)
	m := New(Config{Store: s, Account: me, Changes: changes, Width: width, Height: height})
	return &session{t: t, m: m, store: s, me: me}
}

// keyPress builds the message a terminal sends for a key name or a character.
func keyPress(name string) tea.KeyPressMsg {
	special := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "up": tea.KeyUp,
		"down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome,
		"end": tea.KeyEnd, "backspace": tea.KeyBackspace,
	}
	if code, ok := special[name]; ok {
		return tea.KeyPressMsg{Code: code}
	}
	if name == "ctrl+c" {
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(name)[0]
	return tea.KeyPressMsg{Code: r, Text: name}
}

// send delivers a message and returns the command the model answered with.
func (s *session) send(msg tea.Msg) tea.Cmd {
	s.t.Helper()
	next, cmd := s.m.Update(msg)
	s.m = next.(*Model)
	return cmd
}

// press presses keys in order. A like's save runs at once, as the program
// would run its command.
func (s *session) press(names ...string) tea.Cmd {
	s.t.Helper()
	var cmd tea.Cmd
	for _, name := range names {
		cmd = s.send(keyPress(name))
		if name == "l" && cmd != nil && !s.m.current().typing() {
			if saved, ok := cmd().(likeSavedMsg); ok {
				s.send(saved)
			}
		}
	}
	return cmd
}

// save presses a key that saves something (a like, a bar change) and runs
// the save as the program would, delivering its result.
func (s *session) save(name string) {
	s.t.Helper()
	cmd := s.send(keyPress(name))
	if cmd == nil {
		s.t.Fatalf("%s saved nothing", name)
	}
	s.send(cmd())
}

// typeText types each character of text.
func (s *session) typeText(text string) {
	s.t.Helper()
	for _, r := range text {
		s.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (s *session) screen() string { return ansi.Strip(s.m.View().Content) }

// card is the id of the cocktail whose card is on screen, or "".
func (s *session) card() string {
	if card, ok := s.m.current().(*cardPage); ok {
		return card.cocktail.ID
	}
	return ""
}

// catalogSelected is the cocktail selected in the catalog.
func (s *session) catalogSelected() string {
	c, _ := s.m.page(catalogKind).(*catalogPage).list.selected()
	return c.ID
}

// row returns the screen line that shows the cocktail.
// rowLikes finds a row's like count.
var rowLikes = regexp.MustCompile(`[♡♥] \d+`)

func (s *session) row(name string) string {
	for _, line := range strings.Split(s.screen(), "\n") {
		if strings.Contains(line, name) {
			return strings.TrimSpace(line)
		}
	}
	s.t.Fatalf("no row shows %s:\n%s", name, s.screen())
	return ""
}

func (s *session) wantScreen(substrings ...string) {
	s.t.Helper()
	screen := s.screen()
	for _, want := range substrings {
		if !strings.Contains(screen, want) {
			s.t.Fatalf("screen lacks %q:\n%s", want, screen)
		}
	}
}

func (s *session) dontWantScreen(substrings ...string) {
	s.t.Helper()
	screen := s.screen()
	for _, unwanted := range substrings {
		if strings.Contains(screen, unwanted) {
			s.t.Fatalf("screen shows %q:\n%s", unwanted, screen)
		}
	}
}

// golden compares the screen with testdata/<test name>/<name>.golden.
func (s *session) golden(name string) {
	s.t.Helper()
	path := filepath.Join("testdata", s.t.Name(), name+".golden")
	got := s.screen()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			s.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			s.t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		s.t.Fatalf("%v (run go test ./tui -update to create it)", err)
	}
	if got != string(want) {
		s.t.Errorf("screen differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

var goldenSizes = []struct{ width, height int }{{40, 12}, {80, 24}, {120, 40}, {200, 60}}

func TestViewsMatchGoldenFiles(t *testing.T) {
	scenes := []struct {
		name  string
		drive func(s *session)
	}{
		{"list", func(s *session) {}},
		{"list-scrolled", func(s *session) { s.press("G", "k") }},
		{"filter", func(s *session) { s.press("/"); s.typeText("mar") }},
		{"filter-applied", func(s *session) { s.press("/"); s.typeText("mar"); s.press("enter") }},
		{"filter-nothing", func(s *session) { s.press("/"); s.typeText("zzz") }},
		{"search-empty", func(s *session) { s.press("s") }},
		{"search", func(s *session) { s.press("s"); s.typeText("gin, campari") }},
		{"search-unknown", func(s *session) { s.press("s"); s.typeText("gin, unicorn") }},
		{"detail", func(s *session) { s.press("/"); s.typeText("negroni"); s.press("enter", "enter") }},
		{"detail-liked", func(s *session) { s.press("/"); s.typeText("negroni"); s.press("enter", "enter", "l") }},
		{"favourites-empty", func(s *session) { s.press("f") }},
		{"favourites", func(s *session) { s.press("j", "l", "j", "j", "l", "f") }},
		{"detail-scaled-in-ounces", func(s *session) {
			if err := s.store.SetInBar(s.me.Fingerprint, []string{"gin", "campari"}, true); err != nil {
				s.t.Fatal(err)
			}
			s.press("/")
			s.typeText("negroni")
			s.press("enter", "enter", "u", "+", "+")
		}},
		{"full-help", func(s *session) { s.press("?") }},
		{"full-help-on-a-card", func(s *session) { s.press("enter", "?") }},
		{"account", func(s *session) { s.press("n") }},
		{"uses", func(s *session) {
			if err := s.store.SetInBar(s.me.Fingerprint, []string{"gin", "sweet vermouth"}, true); err != nil {
				s.t.Fatal(err)
			}
			s.press("b", "j", "enter")
		}},
		{"bar-typing", func(s *session) { s.press("b"); s.typeText("verm") }},
		{"search-without-commas", func(s *session) { s.press("s"); s.typeText("vermouth gin") }},
		{"top", func(s *session) { s.press("t") }},
		{"bar-empty", func(s *session) { s.press("b") }},
		{"bar", func(s *session) {
			s.press("b")
			s.typeText("gin")
			s.save("enter")
			s.typeText("camp")
			s.press("tab")
			s.save("enter")
			s.press("esc")
		}},
		{"welcome", func(s *session) {
			s.m = New(Config{Store: s.store, SignUp: s.store.SignUpInBackground("SHA256:newcomer", "newcomer"), Width: s.m.width, Height: s.m.height})
			s.send(s.m.waitForSignUp()())
		}},
		{"makeable", func(s *session) {
			s.press("b")
			for _, ing := range []string{"gin", "dry vermouth", "sweet vermouth"} {
				s.typeText(ing)
				s.save("enter")
			}
			s.press("esc", "m")
		}},
	}
	for _, scene := range scenes {
		for _, size := range goldenSizes {
			name := fmt.Sprintf("%s-%dx%d", scene.name, size.width, size.height)
			t.Run(name, func(t *testing.T) {
				st := newStore(t)
				other := newSession(t, st, "bob", 80, 24)
				other.press("l") // bob likes Americano, so counts differ
				s := newSession(t, st, "alice", size.width, size.height)
				scene.drive(s)
				s.golden("screen")
			})
		}
	}
}

// Every screen fits the window exactly, at every size the layout is made
// for, so that no resize ever scrolls or wraps the terminal.
func TestEveryViewFitsEveryWindowSize(t *testing.T) {
	st := newStore(t)
	views := map[string][]string{
		"list":       nil,
		"search":     {"s", "g", "i", "n"},
		"detail":     {"G", "enter"},
		"favourites": {"l", "f"},
		"help":       {"?"},
		"filter":     {"/", "m"},
		"bar":        {"b"},
		"bar-filled": {"b", "g", "i", "n", "enter", "esc"},
		"makeable":   {"m"},
		"top":        {"t"},
		"account":    {"n"},
		"card-help":  {"enter", "?"},
		"uses":       {"b", "g", "i", "n", "enter", "esc", "enter"},
		"scaled":     {"enter", "u", "+", "+", "+"},
	}
	for name, keys := range views {
		s := newSession(t, st, "alice", 80, 24)
		s.press(keys...)
		for width := MinWidth; width <= 300; width += 13 {
			for height := MinHeight; height <= 80; height += 7 {
				s.send(tea.WindowSizeMsg{Width: width, Height: height})
				lines := strings.Split(s.screen(), "\n")
				if len(lines) != height {
					t.Fatalf("%s at %dx%d has %d lines:\n%s", name, width, height, len(lines), s.screen())
				}
				for i, line := range lines {
					if w := ansi.StringWidth(line); w > width {
						t.Fatalf("%s at %dx%d: line %d is %d wide:\n%s", name, width, height, i, w, s.screen())
					}
				}
			}
		}
	}
}

// Also for a new key, whose welcome is laid out at every size.
func TestASmallWindowAsksToBeMadeBigger(t *testing.T) {
	st := newStore(t)
	newcomer := New(Config{Store: st, SignUp: st.SignUpInBackground("SHA256:newcomer", "newcomer"), Width: 80, Height: 24})
	for _, s := range []*session{newSession(t, st, "alice", 80, 24), {t: t, m: newcomer, store: st}} {
		for _, size := range [][2]int{{39, 24}, {80, 11}, {5, 5}, {3, 12}, {1, 1}, {0, 0}} {
			s.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			screen := s.screen()
			if size[0] > 10 && !strings.Contains(screen, "Make the window") {
				t.Errorf("at %dx%d the screen is:\n%s", size[0], size[1], screen)
			}
			for _, line := range strings.Split(screen, "\n") {
				if ansi.StringWidth(line) > max(size[0], 1) {
					t.Errorf("at %dx%d a line is wider than the window: %q", size[0], size[1], line)
				}
			}
		}
		s.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		s.wantScreen("All cocktails")
	}
}

func TestEscapeGoesBackAndNeverQuits(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	isQuit := func(cmd tea.Cmd) bool {
		if cmd == nil {
			return false
		}
		_, quit := cmd().(tea.QuitMsg)
		return quit
	}
	if isQuit(s.press("esc")) {
		t.Fatal("esc on the list quit")
	}
	s.wantScreen("All cocktails")
	s.press("/")
	s.typeText("mar")
	s.press("enter")
	s.wantScreen(`Cocktails matching "mar"`)
	s.press("esc")
	s.wantScreen("All cocktails", "Americano")
	s.press("enter")
	s.wantScreen("Ingredients")
	s.press("esc")
	s.wantScreen("All cocktails")
	s.press("s")
	s.typeText("gin")
	s.press("down", "enter")
	s.wantScreen("How to make it")
	s.press("esc")
	s.wantScreen("Search by ingredient", "Ingredients › gin")
	if isQuit(s.press("esc")) {
		t.Fatal("esc in search quit")
	}
	s.wantScreen("All cocktails")
}

func TestQuitKeys(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	if cmd := s.press("q"); cmd == nil || cmd() != tea.Quit() {
		t.Error("q on the list does not quit")
	}
	s.press("s")
	if cmd := s.press("q"); cmd != nil && cmd() == tea.Quit() {
		t.Error("q typed into the search quit")
	}
	s.wantScreen("Ingredients › q")
	if cmd := s.press("ctrl+c"); cmd == nil || cmd() != tea.Quit() {
		t.Error("ctrl+c while typing does not quit")
	}
}

func TestLettersAreTextWhileTyping(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	s.press("/")
	s.typeText("rlfs?jk")
	s.wantScreen("Filter › rlfs?jk")
	s.dontWantScreen("Cocktail\n", "My favourites", "Search by ingredient")
}

func TestRandomOpensAnotherCocktail(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	s.press("enter")
	shown := s.card()
	for range 50 {
		s.press("r")
		if s.card() == "" {
			t.Fatal("r did not open a card")
		}
		if s.card() == shown {
			t.Fatalf("r showed %s again", shown)
		}
		shown = s.card()
	}
	s.press("esc")
	s.wantScreen("All cocktails")
}

func TestLikeTogglesAndShowsInFavourites(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	s.press("/")
	s.typeText("negroni")
	s.press("enter", "enter", "l")
	s.wantScreen("♥ 1 like · you like it", "Liked Negroni")
	if !s.store.Liked(s.me.Fingerprint, "negroni") {
		t.Fatal("the like is not in the store")
	}
	s.press("f")
	s.wantScreen("My favourites", "Negroni")
	s.press("l")
	s.wantScreen("Unliked Negroni")
	s.dontWantScreen("♥")
	if s.store.Likes("negroni") != 0 {
		t.Error("the unlike is not in the store")
	}
}

func TestAFailedLikeIsReportedNotShown(t *testing.T) {
	st := newStore(t)
	s := newSession(t, st, "alice", 80, 24)
	s.press("enter")
	cmd := s.send(keyPress("l"))
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	s.send(cmd())
	s.wantScreen("Could not save your like of Americano just now; nothing changed, try again.", "♡ 0 likes")
}

func TestLikesFromOtherSessionsShowLive(t *testing.T) {
	st := newStore(t)
	s, _ := newLiveSession(t, st, "alice", 80, 24)
	heard := make(chan tea.Msg, 2)
	s.m.hearLikes(func(msg tea.Msg) { heard <- msg })
	bob := newSession(t, st, "bob", 80, 24)
	for _, want := range []string{"♡ 1", "♡ 0"} {
		bob.press("l")
		var msg tea.Msg
		select {
		case msg = <-heard:
		case <-time.After(5 * time.Second):
			t.Fatalf("no message for the like that makes %s", want)
		}
		if _, ok := msg.(likesChangedMsg); !ok {
			t.Fatalf("hearing of likes gave %T", msg)
		}
		s.send(msg)
		if row := s.row("Americano"); rowLikes.FindString(row) != want {
			t.Errorf("Americano's row is %q, want it to show %s", row, want)
		}
	}
	if len(heard) > 0 {
		t.Errorf("%d more messages than changes", len(heard))
	}
}

func TestBackgroundColourPicksStyles(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	dark := s.m.View().Content
	s.send(tea.BackgroundColorMsg{Color: color.White})
	light := s.m.View().Content
	if dark == light {
		t.Error("a light background did not change the styles")
	}
	if ansi.Strip(dark) != ansi.Strip(light) {
		t.Error("the text changed with the background")
	}
}

func TestSearchCompletesIngredientsWithTab(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	s.press("s")
	s.typeText("gin, camp")
	s.press("tab")
	s.wantScreen("Ingredients › gin, campari", "1 cocktail with gin + campari", "Negroni")
	s.press("backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	s.typeText("verm")
	s.press("tab")
	s.wantScreen("gin, vermouth", "2 cocktails with gin + vermouth")
	s.press("tab")
	s.wantScreen("gin, sweet vermouth", "Negroni")
	s.press("tab")
	s.wantScreen("gin, dry vermouth", "Dry Martini")
}

func TestBarAddsAndRemovesIngredients(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	s.press("b")
	s.wantScreen("My bar", "Your bar is empty", "Add › ")
	s.typeText("dry")
	s.press("enter")
	s.wantScreen(`"dry" could be "dry vermouth", "dry white wine", "london dry gin"`)
	s.press("tab")
	s.wantScreen("Add › dry vermouth")
	s.save("enter")
	s.typeText("GIN")
	s.save("enter")
	s.wantScreen("My bar", "2 ingredients", "dry vermouth", "gin", "Added gin to your bar")
	if got := s.store.Bar(s.me.Fingerprint); !slices.Equal(got, []string{"dry vermouth", "gin"}) {
		t.Fatalf("bar in the store = %v", got)
	}
	s.typeText("unicorn")
	s.press("enter")
	s.wantScreen(`No ingredient in the catalog matches "unicorn"`)
	s.press("esc", "down")
	s.save("x")
	s.wantScreen("Took gin out of your bar", "My bar", "1 ingredient")
	if got := s.store.Bar(s.me.Fingerprint); !slices.Equal(got, []string{"dry vermouth"}) {
		t.Errorf("bar in the store = %v", got)
	}
}

func TestMakeableNamesTheMissingIngredientAndRandomPicksAReadyOne(t *testing.T) {
	st := newStore(t)
	s := newSession(t, st, "alice", 80, 24)
	if err := st.SetInBar(s.me.Fingerprint, []string{"gin", "dry vermouth", "sweet vermouth"}, true); err != nil {
		t.Fatal(err)
	}
	s.press("m")
	s.wantScreen("What I can make", "1 now · 1 one away")
	if row := s.row("Dry Martini"); !strings.Contains(row, "✓ ready") {
		t.Errorf("dry martini row %q", row)
	}
	if row := s.row("Negroni"); !strings.Contains(row, "needs campari") {
		t.Errorf("negroni row %q", row)
	}
	for range 10 {
		s.press("r")
		if s.card() != "dry-martini" {
			t.Fatalf("r in makeable opened %s, which I cannot make", s.card())
		}
		s.press("esc")
	}
}

func TestRandomInAListPicksFromThatList(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	s.press("s")
	s.typeText("campari")
	s.press("esc")
	s.wantScreen("Search by ingredient", "2 cocktails with campari")
	for range 20 {
		s.press("r")
		if id := s.card(); id != "americano" && id != "negroni" {
			t.Fatalf("r in the results opened %s", id)
		}
		s.press("esc")
	}
	s.press("esc")
	s.wantScreen("All cocktails")
}

func TestMostLikedFollowsLikesLive(t *testing.T) {
	st := newStore(t)
	s := newSession(t, st, "alice", 80, 24)
	s.press("t")
	s.wantScreen("Nobody has liked a cocktail yet")
	bob := newSession(t, st, "bob", 80, 24)
	bob.press("/")
	bob.typeText("kir")
	bob.press("enter", "l")
	s.send(likesChangedMsg{})
	if row := s.row("Kir"); rowLikes.FindString(row) != "♡ 1" {
		t.Errorf("kir row %q", row)
	}
}

func TestMouseSelectsAndOpensRows(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	s.send(tea.MouseClickMsg{X: 5, Y: 5, Button: tea.MouseLeft}) // the third row
	if id := s.catalogSelected(); id != "dry-martini" {
		t.Fatalf("a click on the third row selected %s", id)
	}
	s.send(tea.MouseClickMsg{X: 5, Y: 5, Button: tea.MouseLeft})
	if s.card() != "dry-martini" {
		t.Fatal("a second click did not open the row")
	}
	s.press("esc")
	s.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if id := s.catalogSelected(); id != "mojito" {
		t.Errorf("the wheel moved to %s", id)
	}
	s.send(tea.MouseClickMsg{X: 5, Y: 40, Button: tea.MouseLeft})
	if _, ok := s.m.current().(*catalogPage); !ok {
		t.Error("a click below the rows opened something")
	}
}

func TestASessionWatchesOnlyTheLikesItShows(t *testing.T) {
	st := newStore(t)
	s, changes := newLiveSession(t, st, "alice", 80, 12)
	bob, _, err := st.SignUp("SHA256:bob", "bob")
	if err != nil {
		t.Fatal(err)
	}
	like := func(id string) {
		if _, err := st.SetLike(bob.Fingerprint, id, !st.Liked(bob.Fingerprint, id)); err != nil {
			t.Fatal(err)
		}
	}
	ready := make(chan struct{}, 1)
	changes.Notify(func() { ready <- struct{}{} })
	heard := func() []string {
		select {
		case <-ready:
			return changes.Take()
		default:
			return nil
		}
	}
	// At 80x12 the list shows its first rows only: americano to kir.
	like("old-fashioned")
	if got := heard(); got != nil {
		t.Errorf("heard of %v, which is not on screen", got)
	}
	like("americano")
	if got := heard(); !slices.Equal(got, []string{"americano"}) {
		t.Errorf("heard %v, want americano", got)
	}
	s.press("G")
	like("old-fashioned")
	if got := heard(); !slices.Equal(got, []string{"old-fashioned"}) {
		t.Errorf("after scrolling down heard %v, want old-fashioned", got)
	}
	s.press("t")
	like("kir")
	if got := heard(); !slices.Equal(got, []string{"kir"}) {
		t.Errorf("most liked heard %v, want every like", got)
	}
}

// Keys the TUI does not know, pastes, control characters, invalid UTF-8, a
// flood of text and a held-down key all leave it responsive, and change
// nothing where they mean nothing.
func TestBadInputLeavesTheUIResponsive(t *testing.T) {
	tests := []struct {
		name  string
		setup []string
		input []tea.Msg
		want  string
	}{
		{"unknown keys on the list", nil, []tea.Msg{
			tea.KeyPressMsg{Code: tea.KeyF5}, tea.KeyPressMsg{Code: 'z', Text: "z"},
			tea.KeyPressMsg{Code: 'x', Mod: tea.ModAlt}, tea.KeyPressMsg{Code: tea.KeyInsert},
		}, "▸ Americano"},
		{"a paste on the list", nil, []tea.Msg{tea.PasteMsg{Content: "qqq\x1b[2J"}}, "▸ Americano"},
		{"a paste into the search", []string{"s"}, []tea.Msg{tea.PasteMsg{Content: "gin, campari"}}, "Negroni"},
		{"control characters and invalid UTF-8 typed", []string{"/"}, []tea.Msg{
			tea.KeyPressMsg{Code: 0x07, Text: "\x07"}, tea.KeyPressMsg{Code: 0xfffd, Text: "\xff"},
			tea.PasteMsg{Content: "\x1b]0;pwned\x07\xfe"},
		}, "Filter › "},
		{"10,000 characters typed", []string{"s"}, repeatKey('g', 10000), "Ingredients › "},
		{"a held-down key", nil, repeatKey('j', 5000), "▸ Old Fashioned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSession(t, newStore(t), "alice", 80, 24)
			s.press(tt.setup...)
			for _, msg := range tt.input {
				s.send(msg)
			}
			s.wantScreen(tt.want)
			for _, line := range strings.Split(s.screen(), "\n") {
				if ansi.StringWidth(line) > 80 {
					t.Fatalf("a line is %d wide:\n%s", ansi.StringWidth(line), s.screen())
				}
			}
			if strings.ContainsAny(ansi.Strip(s.m.View().Content), "\x07\x1b") {
				t.Fatal("control characters reached the screen")
			}
			// Still responsive: esc goes back to the list, which moves.
			s.press("esc", "esc", "esc", "g", "j")
			s.wantScreen("All cocktails", "▸ Daiquiri")
		})
	}
}

func repeatKey(r rune, n int) []tea.Msg {
	msgs := make([]tea.Msg, n)
	for i := range msgs {
		msgs[i] = tea.KeyPressMsg{Code: r, Text: string(r)}
	}
	return msgs
}

// A session whose key is new browses while its sign-up goes to disk: the
// name it signs up with shows at once, and a like pressed meanwhile is
// saved once the account is durable.
func TestSessionBrowsesWhileItSignsUp(t *testing.T) {
	st := newStore(t)
	pending := st.SignUpInBackground("SHA256:newcomer", "newcomer")
	s := &session{t: t, m: New(Config{Store: st, SignUp: pending, Width: 80, Height: 24}), store: st}
	s.wantScreen("All cocktails", "▸ Americano", "newcomer")
	like := s.send(keyPress("l"))
	if like == nil {
		t.Fatal("l saved nothing")
	}
	saved := like() // waits for the sign-up before it writes
	if _, ok := st.Account("SHA256:newcomer"); !ok {
		t.Fatal("the like was saved before the account")
	}
	s.send(saved)
	s.send(s.m.waitForSignUp()())
	s.wantScreen("newcomer", "♥ Liked Americano")
	if !st.Liked("SHA256:newcomer", "americano") {
		t.Error("the like is not in the store")
	}
}

// A sign-up that fails says so, and nothing is saved for the account.
func TestSessionWhoseSignUpFails(t *testing.T) {
	st := storetest.Open(t, storetest.FixtureCatalog(t))
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	pending := st.SignUpInBackground("SHA256:newcomer", "newcomer")
	s := &session{t: t, m: New(Config{Store: st, SignUp: pending, Width: 80, Height: 24}), store: st}
	s.send(s.m.waitForSignUp()())
	s.wantScreen("Couldn't open your account", "▸ Americano")
	s.press("l")
	s.wantScreen("Could not save your like of Americano")
	if st.Liked("SHA256:newcomer", "americano") {
		t.Error("a like was saved for an account that was never made")
	}
}

func TestSearchShowsWhatMatchedAndTakesASuggestionWithTab(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	s.press("s")
	s.typeText("whisky")
	if row := s.row("Old Fashioned"); !strings.Contains(row, "bourbon whiskey") {
		t.Errorf("whisky: the old fashioned row %q does not say it matched bourbon whiskey", row)
	}
	s.press("ctrl+a", "ctrl+k")
	s.typeText("gin, campri")
	s.wantScreen(`No ingredient in the catalog matches "campri" (did you mean "campari"?).`, "tab: campari")
	s.press("tab")
	s.wantScreen("Ingredients › gin, campari", "1 cocktail with gin + campari", "Negroni")
	s.press("ctrl+a", "ctrl+k")
	s.typeText("gin campri")
	s.press("tab")
	s.wantScreen("Ingredients › gin campari", "Negroni")
}

func TestMakeableCountsCointreauAsTripleSecAndSaysWhatToBuy(t *testing.T) {
	st := newStore(t)
	s := newSession(t, st, "alice", 80, 24)
	if err := st.SetInBar(s.me.Fingerprint, []string{"tequila", "cointreau", "lime juice", "white rum"}, true); err != nil {
		t.Fatal(err)
	}
	s.press("m")
	if row := s.row("Margarita"); !strings.Contains(row, "✓ ready") {
		t.Errorf("with cointreau, the margarita row is %q", row)
	}
	s.wantScreen("Buy next, and what each adds:", "simple syrup  +1  Daiquiri")
}

func TestBarSuggestsTheNearestIngredientForATypo(t *testing.T) {
	s := newSession(t, newStore(t), "alice", 80, 24)
	s.press("b")
	s.typeText("campri")
	s.wantScreen("tab: campari")
	s.press("enter")
	s.wantScreen(`No ingredient in the catalog matches "campri" (did you mean "campari"?).`)
	s.press("tab")
	s.wantScreen("Add › campari")
}
