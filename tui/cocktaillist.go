package tui

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"barkeep/data"
	"barkeep/keys"
	"barkeep/store"
	"barkeep/texts"

	"github.com/charmbracelet/x/ansi"
)

// cocktailList is the scrolling list of cocktails that every page of
// cocktails shows: one row a cocktail with its name, like count and base
// spirit.
type cocktailList struct {
	items []data.Cocktail
	// note, when set, writes what a row says in place of the base spirit:
	// what a cocktail lacks in makeable, what matched in search.
	note func(data.Cocktail) string
	// noted says the notes are longer than a base spirit.
	noted bool
	selection
	width int
	// widestName is the catalog's widest name, in cells; the name column
	// is no wider, so that the counts stay near the names.
	widestName int
	columns    rowColumns
	// padded says the rows are filled out to the width: a card stands
	// beside them.
	padded bool

	// drawn is what the last view drew, row by row from the item at
	// drawnFrom: moving the selection changes two rows, and the others
	// come from here rather than from the cache every session shares.
	// drawing, ids and states are the next view's buffers.
	drawn, drawing []drawnRow
	drawnFrom      int
	ids            []string
	states         []store.LikeState

	counted   int // the item count countText is for, plus one
	countText string
}

type drawnRow struct {
	key  rowKey
	text string
}

// widestNames holds each catalog's widest name, measured once: a catalog
// may hold a hundred thousand names, and every new session needs it.
var widestNames sync.Map // *store.Catalog → int

func widestName(catalog *store.Catalog) int {
	if widest, ok := widestNames.Load(catalog); ok {
		return widest.(int)
	}
	widest := 0
	for _, c := range catalog.All() {
		widest = max(widest, ansi.StringWidth(c.Name))
	}
	widestNames.Store(catalog, widest)
	return widest
}

// rowColumns are the widths of a row's name and note columns, in cells.
type rowColumns struct{ name, note int }

// The marker before a name ("▸ "), the like count after it, and the gap
// before the note.
const markerWidth, likesWidth, noteGap = 2, 5, 2

// countsEnd is where the like counts end: a header's count lines up there.
func (c rowColumns) countsEnd() int { return markerWidth + c.name + likesWidth }

// The widest a note column gets: a base spirit, or a longer note.
const baseColumn, noteColumn = 16, 28

// fitColumns shares width cells out between the columns: the note gets a
// third (half when it holds notes, which are longer), or what the names
// leave, the name the rest, up to the widest name and a space.
func fitColumns(width, widestName int, noted bool) rowColumns {
	rest := width - markerWidth - likesWidth - noteGap
	widest, share := baseColumn, rest/3
	if noted {
		widest, share = noteColumn, rest/2
	}
	// The note may have more than its share where the names leave room.
	note := max(min(widest, share), min(widest, rest-widestName-1))
	return rowColumns{name: min(rest-note, widestName+1), note: note}
}

// naturalWidth is as wide as the list's rows get however wide the window.
func (l *cocktailList) naturalWidth() int {
	note := baseColumn
	if l.noted {
		note = noteColumn
	}
	return markerWidth + l.widestName + 1 + likesWidth + noteGap + note
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
	l.scrollToCursor(len(l.items))
}

func (l *cocktailList) setSize(width, height int) {
	l.width, l.height = width, max(height, 1)
	l.columns = fitColumns(width, l.widestName, l.noted)
	l.scrollToCursor(len(l.items))
}

func (l *cocktailList) selected() (data.Cocktail, bool) {
	if l.cursor < 0 || l.cursor >= len(l.items) {
		return data.Cocktail{}, false
	}
	return l.items[l.cursor], true
}

// navigate moves the selection for a movement key and says whether the key
// was one.
func (l *cocktailList) navigate(name keyName, km keys.KeyMap) bool {
	return l.selection.navigate(name, km, len(l.items))
}

// count is how many cocktails the list holds, for headers, or nothing for
// none (the empty list says so itself). (Not the selection's position:
// that would be repainted at every key press.)
func (l *cocktailList) count() string {
	if len(l.items) == 0 {
		return ""
	}
	if l.counted == len(l.items)+1 {
		return l.countText
	}
	l.counted, l.countText = len(l.items)+1, texts.Count(len(l.items), "cocktail", "cocktails")
	return l.countText
}

// likeInfo is what a view needs to know of likes.
type likeInfo interface {
	Likes(cocktailID string) int
	Liked(cocktailID string) bool
	// States fills states[i] for ids[i]: a screenful of rows at once.
	States(ids []string, states []store.LikeState)
}

// rowKey is everything a rendered row depends on.
type rowKey struct {
	id, name, note  string
	selected, liked bool
	likes           int
	columns         rowColumns
	// padTo, when set, is the width a row is filled out to with spaces:
	// a row with a card beside it.
	padTo int
	dark  bool
}

// view renders exactly l.height lines, as wide as the columns. A row is
// taken from the last view when nothing it shows has changed, or else from
// the cache every session shares: a new session finds its first screen
// drawn.
func (l *cocktailList) view(st *Styles, likes likeInfo) string {
	shown := l.items[min(l.offset, len(l.items)):min(l.offset+l.height, len(l.items))]
	l.ids = l.ids[:0]
	for _, c := range shown {
		l.ids = append(l.ids, c.ID)
	}
	l.states = slices.Grow(l.states[:0], len(shown))[:len(shown)]
	likes.States(l.ids, l.states)

	rows, size := l.drawing[:0], max(l.height-1, 0)
	for i, c := range shown {
		note := c.Base
		if l.note != nil {
			note = l.note(c)
		}
		index := l.offset + i
		key := rowKey{
			id: c.ID, name: c.Name, note: note, selected: index == l.cursor,
			liked: l.states[i].Liked, likes: l.states[i].Count, columns: l.columns, dark: st.dark,
		}
		if l.padded {
			key.padTo = l.width
		}
		var text string
		if last := index - l.drawnFrom; last >= 0 && last < len(l.drawn) && l.drawn[last].key == key {
			text = l.drawn[last].text
		} else {
			text = drawnRows.get(key, func() string { return renderRow(st, key) })
		}
		rows = append(rows, drawnRow{key, text})
		size += len(text)
	}
	l.drawing, l.drawn, l.drawnFrom = l.drawn, rows, l.offset

	var b strings.Builder
	b.Grow(size)
	for i := range max(l.height, len(rows)) {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(rows) {
			b.WriteString(rows[i].text)
		}
	}
	return b.String()
}

// renderRow draws one row. Styles cover the text only, never the padding
// (but for the gap between a count and a note of one style, which one run
// costs less than two), and the note comes last, unpadded: the renderer parses every cell of
// every frame, spaces as much as text, and a styled cell costs it a colour
// conversion at every full paint, and bytes at every move. The selected
// row's marker and name are in reverse video, which reads with colour and
// without it, and marked "▸" besides.
func renderRow(st *Styles, row rowKey) string {
	nameWidth := row.columns.name
	// The marker and the name share one style run: fewer bytes to send.
	name := "  " + padSpan(st.rowName, row.name, nameWidth)
	if row.selected {
		name = padSpan(st.rowSelected, "▸ "+ansi.Truncate(row.name, nameWidth, "…"), nameWidth+markerWidth)
	}
	count, countStyle := "♡ "+strconv.Itoa(row.likes), st.rowBase
	if row.liked {
		count, countStyle = "♥ "+strconv.Itoa(row.likes), st.rowLiked
	}
	countWidth := ansi.StringWidth(count)
	line := name + strings.Repeat(" ", max(likesWidth-countWidth, 0))
	width := markerWidth + nameWidth + max(likesWidth, countWidth)
	if row.note != "" && row.columns.note > 0 {
		note := ansi.Truncate(row.note, row.columns.note, "…")
		gap := strings.Repeat(" ", noteGap)
		width += noteGap + ansi.StringWidth(note)
		if countStyle == st.rowBase {
			// One run for the count, the gap and the note: the gap's
			// spaces show no foreground, and every run is parsed again
			// at every frame.
			return padRow(line+st.rowBase.wrap(count+gap+note), width, row.padTo)
		}
		return padRow(line+countStyle.wrap(count)+gap+st.rowBase.wrap(note), width, row.padTo)
	}
	return padRow(line+countStyle.wrap(count), width, row.padTo)
}

// padRow fills a row of width cells out to padTo with spaces.
func padRow(line string, width, padTo int) string {
	if padTo > width {
		line += strings.Repeat(" ", padTo-width)
	}
	return line
}

// padSpan fits s into exactly width cells, styling the text but not the
// spaces after it.
func padSpan(style span, s string, width int) string {
	if width <= 0 {
		return ""
	}
	s = ansi.Truncate(s, width, "…")
	return style.wrap(s) + strings.Repeat(" ", width-ansi.StringWidth(s))
}

// hintLines is a hint wrapped at the reading width and filled out to
// height lines.
func hintLines(st *Styles, hint string, width, height int) string {
	lines := make([]string, max(height, 1))
	for i, line := range texts.Wrap(hint, min(width, texts.ReadingWidth)) {
		if i < len(lines) {
			lines[i] = st.hint.wrap(line)
		}
	}
	return strings.Join(lines, "\n")
}

// clickRow selects the row at line y of the list (0 is its first line) and
// says whether that row was already the selected one.
func (l *cocktailList) clickRow(y int) (again bool) {
	i := l.offset + y
	if y < 0 || y >= l.height || i >= len(l.items) {
		return false
	}
	again = i == l.cursor
	l.cursor = i
	return again
}

// scroll moves the selection by delta rows, for the mouse wheel.
func (l *cocktailList) scroll(delta int) {
	l.cursor = max(0, min(l.cursor+delta, len(l.items)-1))
	l.scrollToCursor(len(l.items))
}

// pad fits s into exactly width cells, cutting it with an ellipsis.
func pad(s string, width int) string {
	if width <= 0 {
		return ""
	}
	s = ansi.Truncate(s, width, "…")
	return s + strings.Repeat(" ", width-ansi.StringWidth(s))
}
