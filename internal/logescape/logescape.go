// Package logescape keeps text that a client chose from passing for
// something else in a log. The log formatters quote and escape ASCII
// controls, but logfmt writes every other code point as it is: a C1 control
// such as U+0085 NEXT LINE, which line-splitting tools and some terminals
// take for a newline, U+2028 and U+2029, bidi overrides that reorder what a
// reader sees, and zero-width characters that hide text.
//
// A Writer sits between a logger and its output and rewrites those code
// points, whatever wrote them and in whichever format, into visible escapes
// such as \u0085.
package logescape

import (
	"io"
	"strconv"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Writer rewrites dangerous code points on their way to another writer.
// It is safe for concurrent use.
type Writer struct {
	mu  sync.Mutex
	out io.Writer
	// partial holds the start of a UTF-8 sequence that a write ended in
	// the middle of; the next write completes it.
	partial []byte
}

// NewWriter returns a Writer that writes to out.
func NewWriter(out io.Writer) *Writer {
	return &Writer{out: out}
}

// Write writes p to the underlying writer with every dangerous code point,
// and every byte that is not UTF-8, escaped. It reports len(p) when the
// escaped text went out whole.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	text := p
	if len(w.partial) > 0 {
		text = append(w.partial, p...)
		w.partial = nil
	}
	if safe(text) {
		if _, err := w.out.Write(text); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	escaped := make([]byte, 0, len(text)+32)
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		if r == utf8.RuneError && size <= 1 && !utf8.FullRune(text) {
			// The rest of this code point comes with the next write.
			w.partial = append([]byte(nil), text...)
			break
		}
		switch {
		case r == utf8.RuneError && size <= 1:
			escaped = append(escaped, `\x`...)
			escaped = appendHex(escaped, uint32(text[0]), 2)
		case Dangerous(r):
			escaped = appendEscape(escaped, r)
		default:
			escaped = append(escaped, text[:size]...)
		}
		text = text[size:]
	}
	if _, err := w.out.Write(escaped); err != nil {
		return 0, err
	}
	return len(p), nil
}

// safe says whether text is all printable ASCII, tabs, newlines and ESC,
// which is nearly every log line: they go out without a copy.
func safe(text []byte) bool {
	for _, b := range text {
		if b >= utf8.RuneSelf || b == 0x7f || (b < ' ' && !formatterControl(rune(b))) {
			return false
		}
	}
	return true
}

// formatterControl is an ASCII control that the log formatters write
// themselves: the tab and newline of their layout and the ESC of the text
// format's styles. Client text never reaches the output with them raw,
// since both formatters escape them inside values.
func formatterControl(r rune) bool {
	return r == '\t' || r == '\n' || r == 0x1b
}

// Dangerous says whether r is rewritten: control characters (other than the
// formatters' own tab, newline and ESC), DEL and the C1 controls U+0080 to
// U+009F; format characters (Unicode category Cf: bidi marks, overrides
// and isolates, zero-width spaces and joiners, the byte order mark, soft
// hyphen, tags, ...); and the line and paragraph separators U+2028 and
// U+2029.
func Dangerous(r rune) bool {
	switch {
	case r < ' ':
		return !formatterControl(r)
	case r < 0x7f:
		return false
	case r <= 0x9f:
		return true
	}
	return unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// appendEscape writes r as \uXXXX, or \UXXXXXXXX beyond the BMP: the same
// escapes the text formatter uses, and in a quoted logfmt value the ones a
// logfmt decoder turns back into r.
func appendEscape(b []byte, r rune) []byte {
	if r > 0xffff {
		return appendHex(append(b, `\U`...), uint32(r), 8)
	}
	return appendHex(append(b, `\u`...), uint32(r), 4)
}

func appendHex(b []byte, v uint32, digits int) []byte {
	hex := strconv.FormatUint(uint64(v), 16)
	for range digits - len(hex) {
		b = append(b, '0')
	}
	return append(b, hex...)
}
