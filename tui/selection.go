package tui

import (
	"barkeep/keys"

	"charm.land/bubbles/v2/key"
)

// selection is a cursor over rows of which height are on screen at once,
// scrolled so that the cursor is always one of them.
type selection struct {
	cursor int
	offset int // index of the first visible row
	height int // rows visible
}

// navigate moves the cursor over n rows for a movement key and says whether
// the key was one.
func (s *selection) navigate(name keyName, km keys.KeyMap, n int) bool {
	cursor, ok := moved(name, km, s.cursor, s.height, n-1)
	if !ok {
		return false
	}
	s.cursor = max(0, min(cursor, n-1))
	s.scrollToCursor(n)
	return true
}

// moved is where a movement key takes a position at from 0 to last, a page
// being page rows, and whether the key was one. The result is not clamped:
// a line up from the top is -1.
func moved(name keyName, km keys.KeyMap, at, page, last int) (int, bool) {
	switch {
	case key.Matches(name, km.Up):
		return at - 1, true
	case key.Matches(name, km.Down):
		return at + 1, true
	case key.Matches(name, km.PageUp):
		return at - page, true
	case key.Matches(name, km.PageDown):
		return at + page, true
	case key.Matches(name, km.Home):
		return 0, true
	case key.Matches(name, km.End):
		return last, true
	}
	return at, false
}

// scrollToCursor keeps the cursor on screen and the screen full of rows.
func (s *selection) scrollToCursor(n int) {
	if s.cursor < s.offset {
		s.offset = s.cursor
	}
	if s.height > 0 && s.cursor >= s.offset+s.height {
		s.offset = s.cursor - s.height + 1
	}
	s.offset = max(0, min(s.offset, n-s.height))
}
