package tui

import (
	"strings"

	"barkeep/keys"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// typingHelp is the help while an input has the focus: the keys given,
// the last two of which (leaving and quitting) a narrow window keeps.
func typingHelp(bindings ...key.Binding) keyHelp {
	return keyHelp{short: bindings, full: []keys.Group{{Title: "While typing", Keys: bindings}}}
}

// fitShortHelp drops keys from the end of the short help until it fits the
// width, but keeps the last two (help and quit, or back and quit), which
// are never to be hidden; when it drops any, help says there is more. It
// measures the text rather than drawing it.
func fitShortHelp(short []key.Binding, separator string, width int) []key.Binding {
	widths := make([]int, len(short))
	total := 0
	for i, b := range short {
		widths[i] = ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc)
		total += widths[i]
	}
	total += ansi.StringWidth(separator) * max(len(short)-1, 0)
	fitted := short
	for len(fitted) > 2 && total > width {
		dropped := len(fitted) - 3
		total -= widths[dropped] + ansi.StringWidth(separator)
		fitted = append(fitted[:dropped:dropped], fitted[dropped+1:]...)
		widths = append(widths[:dropped:dropped], widths[dropped+1:]...)
	}
	if len(fitted) < len(short) && len(fitted) >= 2 && fitted[len(fitted)-2].Help().Key == "?" {
		more := fitted[len(fitted)-2]
		more.SetHelp("?", "more")
		fitted[len(fitted)-2] = more
	}
	return fitted
}

// helpPage is the full help of the page below it: every key that does
// something there, in titled groups side by side when they fit, one under
// the other when not, scrolling when the window is short.
type helpPage struct {
	c      *common
	about  string // the title of the page below
	groups []keys.Group
	offset int
	width  int
	height int

	drawn      []string
	drawnWidth int
}

func newHelpPage(c *common, about string, help keyHelp) *helpPage {
	p := &helpPage{c: c, about: about, drawnWidth: -1}
	for _, g := range help.full {
		if len(g.Keys) > 0 {
			p.groups = append(p.groups, g)
		}
	}
	return p
}

func (p *helpPage) header() (string, string) { return "Keys", p.about }

func (p *helpPage) resize(width, height int) { p.width, p.height = width, max(height, 1) }

// groupGap is the room between groups side by side.
const groupGap = 4

// lines lays the groups out for the width: as many side by side as fit.
func (p *helpPage) lines() []string {
	if p.drawnWidth == p.width {
		return p.drawn
	}
	st := p.c.styles
	type block struct {
		lines []string
		width int
	}
	var blocks []block
	for _, g := range p.groups {
		keyWidth := 0
		for _, b := range g.Keys {
			keyWidth = max(keyWidth, ansi.StringWidth(b.Help().Key))
		}
		b := block{lines: []string{st.section.wrap(g.Title)}, width: ansi.StringWidth(g.Title)}
		for _, binding := range g.Keys {
			line := st.amount.wrap(pad(binding.Help().Key, keyWidth)) + "  " + st.text.wrap(binding.Help().Desc)
			line = ansi.Truncate(line, p.width, "…")
			b.width = max(b.width, ansi.StringWidth(line))
			b.lines = append(b.lines, line)
		}
		blocks = append(blocks, b)
	}
	var out []string
	for len(blocks) > 0 {
		// A row of blocks: as many as fit side by side.
		n, used := 1, blocks[0].width
		for n < len(blocks) && used+groupGap+blocks[n].width <= p.width {
			used += groupGap + blocks[n].width
			n++
		}
		rows := 0
		for _, b := range blocks[:n] {
			rows = max(rows, len(b.lines))
		}
		for i := range rows {
			var line strings.Builder
			for j, b := range blocks[:n] {
				text := ""
				if i < len(b.lines) {
					text = b.lines[i]
				}
				if j < n-1 {
					text += strings.Repeat(" ", b.width-ansi.StringWidth(text)+groupGap)
				}
				line.WriteString(text)
			}
			out = append(out, strings.TrimRight(line.String(), " "))
		}
		out = append(out, "")
		blocks = blocks[n:]
	}
	p.drawn, p.drawnWidth = out[:len(out)-1], p.width
	return p.drawn
}

func (p *helpPage) view() string {
	all := p.lines()
	p.offset = max(0, min(p.offset, len(all)-p.height))
	shown := all[p.offset:min(p.offset+p.height, len(all))]
	lines := make([]string, p.height)
	copy(lines, shown)
	if p.offset+p.height < len(all) {
		lines[p.height-1] = p.c.styles.hint.wrap("… ↓ for more")
	}
	return strings.Join(lines, "\n")
}

func (p *helpPage) update(msg tea.Msg) tea.Cmd {
	total := len(p.lines())
	if wheel, ok := msg.(tea.MouseWheelMsg); ok {
		p.offset += wheelDelta(wheel.Mouse())
	} else {
		p.offset, _ = moved(nameOf(msg), p.c.keys, p.offset, p.height, total-p.height)
	}
	p.offset = max(0, min(p.offset, total-p.height))
	return nil
}

func (p *helpPage) typing() bool { return false }

func (p *helpPage) help() keyHelp {
	k := &p.c.keys
	return p.c.helpFor("help", func() keyHelp {
		closeHelp := k.Help
		closeHelp.SetHelp("?", "close")
		return keyHelp{
			short: []key.Binding{k.Move, closeHelp, k.Quit},
			full:  []keys.Group{k.Navigation(), k.General()},
		}
	})
}

func (p *helpPage) shown(buf []string) []string { return noneShown(buf) }

// noneShown is the shown of a page without like counts.
func noneShown(buf []string) []string {
	if buf == nil {
		return []string{}
	}
	return buf[:0]
}
