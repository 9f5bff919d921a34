package tui

import (
	"fmt"
	"strings"

	"barkeep/data"
	"barkeep/keys"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// cocktailList is the scrolling list of cocktails that the catalog,
// favourites and search views share: one row a cocktail with its name, base
// spirit and like count.
type cocktailList struct {
	items  []data.Cocktail
	cursor int
	offset int // index of the first visible row
	width  int
	height int // rows visible
}

// setItems replaces the list's cocktails, keeping the selection on the same
// cocktail when it is still there.
func (l *cocktailList) setItems(items []data.Cocktail) {
	selected, had := l.selected()
	l.items = items
	l.cursor = 0
	if had {
		for i, c := range items {
			if c.ID == selected.ID {
				l.cursor = i
				break
			}
		}
	}
	l.scrollToCursor()
}

func (l *cocktailList) setSize(width, height int) {
	l.width, l.height = width, max(height, 1)
	l.scrollToCursor()
}

func (l cocktailList) selected() (data.Cocktail, bool) {
	if l.cursor < 0 || l.cursor >= len(l.items) {
		return data.Cocktail{}, false
	}
	return l.items[l.cursor], true
}

// navigate moves the selection for a movement key and says whether the key
// was one.
func (l *cocktailList) navigate(msg tea.KeyPressMsg, km keys.KeyMap) bool {
	switch {
	case key.Matches(msg, km.Up):
		l.cursor--
	case key.Matches(msg, km.Down):
		l.cursor++
	case key.Matches(msg, km.PageUp):
		l.cursor -= l.height
	case key.Matches(msg, km.PageDown):
		l.cursor += l.height
	case key.Matches(msg, km.Home):
		l.cursor = 0
	case key.Matches(msg, km.End):
		l.cursor = len(l.items) - 1
	default:
		return false
	}
	l.cursor = max(0, min(l.cursor, len(l.items)-1))
	l.scrollToCursor()
	return true
}

func (l *cocktailList) scrollToCursor() {
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.height > 0 && l.cursor >= l.offset+l.height {
		l.offset = l.cursor - l.height + 1
	}
	l.offset = max(0, min(l.offset, len(l.items)-l.height))
}

// position is "12/117", for headers.
func (l cocktailList) position() string {
	if len(l.items) == 0 {
		return "0/0"
	}
	return fmt.Sprintf("%d/%d", l.cursor+1, len(l.items))
}

// likeInfo is what a row needs to know of likes.
type likeInfo interface {
	Likes(cocktailID string) int
	Liked(cocktailID string) bool
}

// view renders exactly l.height lines of l.width cells.
func (l cocktailList) view(st Styles, likes likeInfo) string {
	const markerWidth, likesWidth = 2, 6
	rest := l.width - markerWidth - likesWidth
	baseWidth := min(16, rest/3)
	nameWidth := rest - baseWidth - 1
	lines := make([]string, 0, l.height)
	for i := l.offset; i < len(l.items) && len(lines) < l.height; i++ {
		c := l.items[i]
		marker, name := "  ", st.Name
		if i == l.cursor {
			marker, name = st.Marker.Render("▸ "), st.SelectedName
		}
		heart, heartStyle := "♡", st.Likes
		if likes.Liked(c.ID) {
			heart, heartStyle = "♥", st.Liked
		}
		count := fmt.Sprintf("%s %d", heart, likes.Likes(c.ID))
		lines = append(lines, marker+
			name.Render(pad(c.Name, nameWidth))+" "+
			st.Base.Render(pad(c.Base, baseWidth))+
			heartStyle.Render(lipgloss.PlaceHorizontal(likesWidth, lipgloss.Right, count)))
	}
	for len(lines) < l.height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// pad fits s into exactly width cells, cutting it with an ellipsis.
func pad(s string, width int) string {
	if width <= 0 {
		return ""
	}
	s = ansi.Truncate(s, width, "…")
	return s + strings.Repeat(" ", width-ansi.StringWidth(s))
}
