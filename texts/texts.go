// Package texts is what Barkeep shows the same way in the TUI and in the
// commands over SSH: a cocktail's card, like counts, measures in ml or
// ounces, and lists of ingredients as a person types them. What went wrong
// is worded in package reply, which the GraphQL API shares. Everything
// here is plain text; the TUI styles it.
package texts

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// ReadingWidth is the widest a line of prose is wrapped at, whatever the
// window: longer lines are hard to read.
const ReadingWidth = 76

// Likes counts likes: "1 like", "3 likes".
func Likes(n int) string {
	if n == 1 {
		return "1 like"
	}
	return strconv.Itoa(n) + " likes"
}

// Count counts things with the noun's plural when there are not exactly
// one: Count(2, "cocktail", "cocktails") is "2 cocktails".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Wrap breaks text into lines of at most width cells, at spaces where it
// can; the text's own line breaks stay.
func Wrap(text string, width int) []string {
	lines := strings.Split(ansi.Wrap(text, max(width, 1), ""), "\n")
	for i, line := range lines {
		lines[i] = strings.TrimRight(line, " ")
	}
	return lines
}

// Sentence makes a message a sentence for the TUI: a capital first letter
// and a full stop (the commands print the same message after "barkeep: ").
func Sentence(message string) string {
	r, size := utf8.DecodeRuneInString(message)
	if size == 0 {
		return ""
	}
	message = string(unicode.ToUpper(r)) + message[size:]
	if strings.HasSuffix(message, ".") || strings.HasSuffix(message, "?") || strings.HasSuffix(message, "!") {
		return message
	}
	return message + "."
}

// List joins names as a sentence does: "gin", "gin and campari", "gin,
// campari and sweet vermouth".
func List(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
