package tui

import "charm.land/bubbles/v2/key"

// keyHelp is the help a view offers: a short line and the full columns.
type keyHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h keyHelp) ShortHelp() []key.Binding  { return h.short }
func (h keyHelp) FullHelp() [][]key.Binding { return h.full }

// helpFor returns the help of the view on screen, typing or not.
func (m Model) helpFor() keyHelp {
	k := m.keys
	switch {
	case m.current == viewSearch:
		return keyHelp{
			short: []key.Binding{k.Complete, k.Move, k.Open, k.Back, k.ForceQuit},
			full:  [][]key.Binding{{k.Complete, k.Open, k.Move}, {k.Back, k.ForceQuit}},
		}
	case m.current == viewCatalog && m.catalog.typing():
		return keyHelp{
			short: []key.Binding{k.Move, k.Apply, k.Back, k.ForceQuit},
			full:  [][]key.Binding{{k.Apply, k.Move}, {k.Back, k.ForceQuit}},
		}
	case m.current == viewDetail:
		return keyHelp{
			short: []key.Binding{k.Like, k.Random, k.Back, k.Help, k.Quit},
			full: [][]key.Binding{
				{k.Up, k.Down, k.PageUp, k.PageDown},
				{k.Like, k.Random, k.Search, k.Favourites},
				k.General(),
			},
		}
	}
	return keyHelp{
		short: []key.Binding{k.Search, k.Like, k.Random, k.Favourites, k.Filter, k.Open, k.Help, k.Quit},
		full:  [][]key.Binding{k.Navigation(), k.Actions(), k.General()},
	}
}
