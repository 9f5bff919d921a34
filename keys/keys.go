// Package keys is Barkeep's key map: every binding the TUI answers to,
// declared once, with the help text the help bar and the full help show.
package keys

import "charm.land/bubbles/v2/key"

// KeyMap holds every key binding of the TUI.
type KeyMap struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Home     key.Binding
	End      key.Binding

	Move     key.Binding
	Open     key.Binding
	UsedIn   key.Binding // enter on an ingredient of my bar
	Apply    key.Binding
	Save     key.Binding
	AddTyped key.Binding
	Back     key.Binding
	Filter   key.Binding
	Complete key.Binding

	Random key.Binding
	Like   key.Binding
	Units  key.Binding
	More   key.Binding
	Fewer  key.Binding
	// Servings stands for More and Fewer in the help.
	Servings key.Binding
	Copy     key.Binding

	Search     key.Binding
	Favourites key.Binding
	Top        key.Binding
	Bar        key.Binding
	Makeable   key.Binding
	Account    key.Binding
	Add        key.Binding
	Remove     key.Binding

	Help      key.Binding
	Quit      key.Binding
	ForceQuit key.Binding
}

// Default returns Barkeep's key map.
func Default() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first")),
		End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last")),

		Move:     key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		UsedIn:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "cocktails with it")),
		Apply:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Save:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		AddTyped: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "add")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),

		Random:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "random")),
		Like:     key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "like")),
		Units:    key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "ml/oz")),
		More:     key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "more servings")),
		Fewer:    key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "fewer servings")),
		Servings: key.NewBinding(key.WithKeys("+", "=", "-"), key.WithHelp("+/-", "servings")),
		Copy:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy")),

		Search:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "search")),
		Favourites: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "favourites")),
		Top:        key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "most liked")),
		Bar:        key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "my bar")),
		Makeable:   key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "what can I make")),
		Account:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "my name")),
		Add:        key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add")),
		Remove:     key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x/del", "remove")),

		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// Group is a titled set of keys, a column of the full help.
type Group struct {
	Title string
	Keys  []key.Binding
}

// Navigation is the group of movement keys.
func (k KeyMap) Navigation() Group {
	return Group{"Move", []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End}}
}

// Views is the group of keys that open the other pages from anywhere.
func (k KeyMap) Views() Group {
	return Group{"Pages", []key.Binding{k.Search, k.Favourites, k.Top, k.Bar, k.Makeable, k.Account}}
}

// General is the group of keys that work everywhere.
func (k KeyMap) General() Group {
	return Group{"Anywhere", []key.Binding{k.Random, k.Back, k.Help, k.Quit}}
}

// WhileTyping returns the key map for when an input has the focus: letters
// are text then, and home and end move the input's cursor, so the list
// moves only by arrows and pages.
func (k KeyMap) WhileTyping() KeyMap {
	typing := k
	typing.Up = key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up"))
	typing.Down = key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down"))
	typing.Home = key.NewBinding(key.WithDisabled())
	typing.End = key.NewBinding(key.WithDisabled())
	return typing
}
