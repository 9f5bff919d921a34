package tui

import "charm.land/bubbles/v2/key"

// keyHelp is the help a view offers: a short line and the full columns.
type keyHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h keyHelp) ShortHelp() []key.Binding  { return h.short }
func (h keyHelp) FullHelp() [][]key.Binding { return h.full }

// helpFor returns the help of the view on screen, typing or not. The last
// two short entries are the ones a narrow window keeps.
func (m *Model) helpFor() keyHelp {
	k := m.keys
	typingHelp := func(first ...key.Binding) keyHelp {
		short := append(first, k.Back, k.ForceQuit)
		return keyHelp{short: short, full: [][]key.Binding{first, {k.Back, k.ForceQuit}}}
	}
	switch {
	case m.current() == viewSearch && m.search.typing():
		return typingHelp(k.Complete, k.Move, k.Open)
	case m.current() == viewCatalog && m.catalog.typing():
		return typingHelp(k.Move, k.Apply)
	case m.current() == viewBar && m.bar.typing():
		return typingHelp(k.Complete, k.Apply, k.Move)
	case m.current() == viewBar:
		return keyHelp{
			short: []key.Binding{k.Add, k.Remove, k.Makeable, k.Back, k.Help, k.Quit},
			full:  [][]key.Binding{{k.Up, k.Down, k.Add, k.Remove}, k.Views(), k.General()},
		}
	case m.current() == viewDetail:
		return keyHelp{
			short: []key.Binding{k.Like, k.Random, k.Back, k.Help, k.Quit},
			full: [][]key.Binding{
				{k.Up, k.Down, k.PageUp, k.PageDown},
				{k.Like, k.Random, k.Search},
				k.Views(),
				k.General(),
			},
		}
	}
	short := []key.Binding{k.Search, k.Like, k.Random, k.Bar, k.Favourites, k.Top, k.Filter, k.Open, k.Help, k.Quit}
	if m.current() != viewCatalog {
		short = []key.Binding{k.Open, k.Like, k.Random, k.Search, k.Bar, k.Back, k.Help, k.Quit}
	}
	return keyHelp{short: short, full: [][]key.Binding{k.Navigation(), k.Actions(), k.Views(), k.General()}}
}
