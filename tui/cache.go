package tui

import "sync"

// drawnCache holds text already drawn, shared by every session: what is
// drawn depends only on its key, and sessions mostly show the same screens
// at the same few window sizes, so a new session's first frame is mostly
// drawn already. It forgets everything once full, which bounds it whatever
// window sizes and like counts come along.
type drawnCache[K comparable] struct {
	limit   int
	mu      sync.Mutex
	entries map[K]string
}

// get returns the text drawn for key, drawing it (outside the lock) when
// no session has yet.
func (c *drawnCache[K]) get(key K, draw func() string) string {
	c.mu.Lock()
	text, ok := c.entries[key]
	c.mu.Unlock()
	if ok {
		return text
	}
	text = draw()
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= c.limit {
		c.entries = make(map[K]string, min(c.limit, 64))
	}
	c.entries[key] = text
	c.mu.Unlock()
	return text
}

// The caches of list rows and help bars. A row is about 150 bytes, and a
// screenful of 80 rows in each list at a few sizes fits in the rows' limit.
var (
	drawnRows = &drawnCache[rowKey]{limit: 8192}
	drawnHelp = &drawnCache[helpInputs]{limit: 512}
	// The welcome a new key's first frame shows, by window size.
	drawnWelcomes = &drawnCache[welcomeInputs]{limit: 256}
)
