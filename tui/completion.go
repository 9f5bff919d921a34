package tui

// completion cycles through the catalog's names for what was typed: tab
// completes, and each tab after moves on to the next candidate for as long
// as the input still holds the last completion.
type completion struct {
	completed  string // the input's value after the last completion
	candidates []string
	index      int
}

// next returns the next candidate for the input's value, asking candidates
// for a new list when the value is not the last completion.
func (c *completion) next(value string, candidates func() []string) (string, bool) {
	if value != c.completed {
		c.candidates = candidates()
		c.index = 0
	}
	if len(c.candidates) == 0 {
		return "", false
	}
	candidate := c.candidates[c.index]
	c.index = (c.index + 1) % len(c.candidates)
	return candidate, true
}
