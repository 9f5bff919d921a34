package texts

// The messages the TUI and the commands give for the same thing, as the
// commands print them after "barkeep: "; the TUI makes them sentences (see
// Sentence).

// BarEmpty is what an empty bar says, and how to fill it.
const BarEmpty = "your bar is empty"

// NotInBar is the answer to taking out of the bar what is not in it.
func NotInBar(names []string) string {
	if len(names) == 1 {
		return names[0] + " is not in your bar"
	}
	return List(names) + " are not in your bar"
}
