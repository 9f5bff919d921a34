package main

// Reading screens: both servers draw a list of cocktail names, one a row,
// the selected one marked "▸", and a help line ending in "q quit".

import (
	"regexp"
	"strconv"
	"strings"
)

const (
	selectedMarker = "▸"
	helpMarker     = "q quit"
)

// rowName is the text of a screen line without its leading marker and
// spaces, which is where a list row's name starts.
func rowName(line string) string {
	return strings.TrimLeft(strings.TrimSpace(line), selectedMarker+" ")
}

// rowOf returns the screen line that is the row of the cocktail called
// name: one that starts with the name followed by a gap, so that
// "Negroni" is not "Negroni Sbagliato".
func rowOf(screen, name string) (string, bool) {
	for _, line := range strings.Split(screen, "\n") {
		rest, ok := strings.CutPrefix(rowName(line), name)
		if ok && (rest == "" || strings.HasPrefix(rest, "  ")) {
			return line, true
		}
	}
	return "", false
}

// selectedIs says whether the selected row is the cocktail called name.
func selectedIs(screen, name string) bool {
	line, ok := rowOf(screen, name)
	return ok && strings.Contains(line, selectedMarker)
}

// visibleRows counts the names, from the first, that have a row on screen:
// the rows of a list that starts at the top.
func visibleRows(screen string, names []string) int {
	n := 0
	for n < len(names) {
		if _, ok := rowOf(screen, names[n]); !ok {
			break
		}
		n++
	}
	return n
}

// fullFrame says whether the first frame is complete: the list's last
// visible row and the help line are on screen.
func fullFrame(screen, lastRow string) bool {
	if !strings.Contains(screen, helpMarker) {
		return false
	}
	_, ok := rowOf(screen, lastRow)
	return ok
}

var likeCount = regexp.MustCompile(`[♡♥] (\d+)`)

// likesOnRow reads the like count on the cocktail's row, or -1.
func likesOnRow(screen, name string) int {
	line, ok := rowOf(screen, name)
	if !ok {
		return -1
	}
	m := likeCount.FindStringSubmatch(line)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
