package command

import (
	"errors"
	"strings"
)

// MaxLineBytes is the longest command line Barkeep reads. The longest
// real command, a bar add of many ingredients, fits many times over; the
// cap keeps what a stranger's line can cost small, whatever it holds.
// (OpenSSH would take about 128 KiB, what Linux allows one argument of
// the shell it runs the command with; POSIX promises only 4096 bytes.)
const MaxLineBytes = 8192

var errUnclosedDoubleQuote = errors.New(`a double quote (") is not closed`)

// splitWords splits a command line into words the way people type them,
// in one pass:
//   - whitespace separates words;
//   - double quotes group, anywhere, and inside them a backslash escapes
//     a double quote or a backslash; a double quote left open is an error;
//   - outside quotes a backslash escapes the next character;
//   - single quotes group only when one opens a word and another closes
//     it before whitespace or the end of the line, and take everything
//     between them as it is: 'Bee's Knees' is one word;
//   - any other single quote is an apostrophe, a character of its word:
//     Bee's, Knees', or one left open.
//
// A word of its own in single quotes is unquoted ('n' of Dark 'n' Stormy
// becomes n) as a shell would; names are found ignoring punctuation (see
// store.Catalog.Find), so the cocktail is found either way.
func splitWords(line string) ([]string, error) {
	var words []string
	var word strings.Builder
	inWord := false
	closes := singleQuoteCloses{line: line}
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case isSpace(c):
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
			i++
		case c == '\'' && !inWord:
			inWord = true
			if end := closes.after(i); end >= 0 {
				word.WriteString(line[i+1 : end])
				i = end + 1
			} else {
				word.WriteByte(c)
				i++
			}
		case c == '"':
			inWord = true
			end, err := doubleQuoted(&word, line, i+1)
			if err != nil {
				return nil, err
			}
			i = end
		case c == '\\' && i+1 < len(line):
			inWord = true
			word.WriteByte(line[i+1])
			i += 2
		default:
			inWord = true
			end := i + 1
			for end < len(line) && !isSpecial(line[end]) {
				end++
			}
			word.WriteString(line[i:end])
			i = end
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}

// doubleQuoted writes the text of a double-quoted group that starts at
// from (just past its opening quote) and returns where it ends (just past
// its closing quote).
func doubleQuoted(word *strings.Builder, line string, from int) (int, error) {
	for i := from; i < len(line); i++ {
		switch c := line[i]; {
		case c == '"':
			return i + 1, nil
		case c == '\\' && i+1 < len(line) && (line[i+1] == '"' || line[i+1] == '\\'):
			word.WriteByte(line[i+1])
			i++
		default:
			word.WriteByte(c)
		}
	}
	return 0, errUnclosedDoubleQuote
}

// singleQuoteCloses finds the single quotes that can close a group: those
// followed by whitespace or the end of the line. Groups open left to
// right, so one cursor moving forward serves them all, and a line of
// opening quotes that never close costs one pass, not one each.
type singleQuoteCloses struct {
	line string
	next int // no closing quote lies before next
}

// after returns the first closing quote after position open, or -1.
func (c *singleQuoteCloses) after(open int) int {
	c.next = max(c.next, open+1)
	for ; c.next < len(c.line); c.next++ {
		if c.line[c.next] == '\'' && (c.next+1 == len(c.line) || isSpace(c.line[c.next+1])) {
			return c.next
		}
	}
	return -1
}

// isSpecial is a byte that ends a run of plain characters.
func isSpecial(c byte) bool { return isSpace(c) || c == '\'' || c == '"' || c == '\\' }

// isSpace is ASCII whitespace; bytes of multibyte characters never match.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
