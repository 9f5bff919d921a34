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
	switch {
	case key.Matches(name, km.Up):
		s.cursor--
	case key.Matches(name, km.Down):
		s.cursor++
	case key.Matches(name, km.PageUp):
		s.cursor -= s.height
	case key.Matches(name, km.PageDown):
		s.cursor += s.height
	case key.Matches(name, km.Home):
		s.cursor = 0
	case key.Matches(name, km.End):
		s.cursor = n - 1
	default:
		return false
	}
	s.cursor = max(0, min(s.cursor, n-1))
	s.scrollToCursor(n)
	return true
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
