package logescape

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"charm.land/log/v2"
	"github.com/charmbracelet/colorprofile"
)

// namedDangerous are the code points a log must never carry raw, named
// one by one so that the test does not lean on Dangerous alone.
var namedDangerous = []rune{
	0x7f, 0x85, 0x9b, 0x061c, 0x00ad, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f,
	0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060,
	0x2066, 0x2067, 0x2068, 0x2069, 0xfeff, 0xe0001,
}

// everyDangerous is every C1 control, every format character (Cf), the
// named ones, and the line and paragraph separators.
func everyDangerous() []rune {
	runes := append([]rune(nil), namedDangerous...)
	for r := rune(0x80); r <= 0x9f; r++ {
		runes = append(runes, r)
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.Is(unicode.Cf, r) {
			runes = append(runes, r)
		}
	}
	return runes
}

func TestEveryDangerousCodePointIsEscapedInBothFormats(t *testing.T) {
	formats := map[string]log.Formatter{"logfmt": log.LogfmtFormatter, "text": log.TextFormatter}
	for name, format := range formats {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			logger := log.NewWithOptions(NewWriter(&out), log.Options{Formatter: format})
			logger.SetColorProfile(colorprofile.ANSI256) // styles on, as at a terminal
			for _, r := range everyDangerous() {
				out.Reset()
				forged := fmt.Sprintf("a1%clevel=error msg=fake", r)
				logger.Info("connect", "user", forged, "command", "x"+string(r))
				line := out.String()
				if strings.Count(line, "\n") != 1 || !strings.HasSuffix(line, "\n") {
					t.Errorf("U+%04X: the record is not one line: %q", r, line)
				}
				for _, got := range line {
					if Dangerous(got) || got == r {
						t.Errorf("U+%04X: the record carries U+%04X raw: %q", r, got, line)
						break
					}
				}
				if want := fmt.Sprintf(`%04x`, r); !strings.Contains(line, want) {
					t.Errorf("U+%04X: no visible escape %s in %q", r, want, line)
				}
			}
		})
	}
}

func TestOrdinaryTextPassesUnchanged(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	text := "time=now user=\"Zoë 漢字 🍸\" msg=connect\tx\n\x1b[1mINFO\x1b[m\n"
	if n, err := w.Write([]byte(text)); n != len(text) || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if out.String() != text {
		t.Errorf("got %q, want it unchanged", out.String())
	}
}

func TestACodePointSplitAcrossWritesIsJudgedWhole(t *testing.T) {
	for _, r := range []rune{'é', 0x85, 0x202e, 0xe0001} {
		var out bytes.Buffer
		w := NewWriter(&out)
		encoded := []byte("a" + string(r) + "b")
		for i := range encoded {
			if _, err := w.Write(encoded[i : i+1]); err != nil {
				t.Fatal(err)
			}
		}
		want := "a" + string(r) + "b"
		if Dangerous(r) {
			want = "a" + string(appendEscape(nil, r)) + "b"
		}
		if out.String() != want {
			t.Errorf("U+%04X written a byte at a time: got %q, want %q", r, out.String(), want)
		}
	}
}

func TestBytesThatAreNotUTF8AreEscaped(t *testing.T) {
	var out bytes.Buffer
	if _, err := NewWriter(&out).Write([]byte("a\x85b\xffc\r\x00\n")); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), `a\x85b\xffc\u000d\u0000`+"\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if !utf8.ValidString(out.String()) {
		t.Errorf("the output is not UTF-8: %q", out.String())
	}
}
