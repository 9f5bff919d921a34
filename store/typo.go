package store

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"

	"barkeep/data"
)

// Typos are measured in half edits: inserting, deleting or replacing a
// letter costs two, replacing it with a neighbour on the keyboard or
// swapping two letters one, the slips fingers make most.
const (
	editCost      = 2
	neighbourCost = 1
	swapCost      = 1
	// stillTyping is added to the distance to the start of a name, so
	// that a whole name at the same distance comes first.
	stillTyping = 1
	// minPrefix is the fewest letters compared with the start of a name:
	// three letters start too many names to say which was meant.
	minPrefix = 4
)

// maxSuggestions is how many equally near ingredients a typo offers.
const maxSuggestions = 3

// typoKey is one spelling as suggestions compare it: its folded words,
// one space between them. Distances are counted in bytes: folded names
// are ASCII but for scripts without Latin letters, whose letters then
// count as an edit or two each, as their typos do.
type typoKey struct {
	text       string
	letters    uint64 // letterSet(text)
	ingredient int32
}

func newTypoKey(text string, ingredient int32) typoKey {
	return typoKey{text: text, letters: letterSet(text), ingredient: ingredient}
}

// letterSet has a bit for each ASCII letter and digit of s. Every letter
// of a term that a name lacks costs at least one edit, so a name lacking
// too many is no match without counting further.
func letterSet(s string) uint64 {
	var set uint64
	for i := range len(s) {
		switch b := s[i]; {
		case 'a' <= b && b <= 'z':
			set |= 1 << (b - 'a')
		case '0' <= b && b <= '9':
			set |= 1 << (26 + b - '0')
		}
	}
	return set
}

// typoLimit is how far a name may be from a term of n letters and still be
// what was meant: one edit for short terms, two for most, three for long.
func typoLimit(n int) int {
	switch {
	case n <= 4:
		return 1 * editCost
	case n <= 9:
		return 2 * editCost
	}
	return 3 * editCost
}

// Suggest returns the ingredients term may be a typo of: those whose name
// or spelling, or the start of one for a term still being typed, is
// nearest and near enough ("campri": campari; "vermuth": vermouth). Only
// ingredients that find a cocktail are offered; terms of fewer than three
// letters get none.
func (c *Catalog) Suggest(term string) []string {
	typed := strings.Join(data.FoldWords(term), " ")
	if len(typed) < 3 {
		return nil
	}
	limit := typoLimit(len(typed))
	letters := letterSet(typed)
	nearest := map[int32]int{}
	var rows editRows
	for _, k := range c.typos {
		if (len(typed)-len(k.text))*editCost > limit || bits.OnesCount64(letters&^k.letters)*neighbourCost > limit || !sameStart(typed, k.text) {
			continue // too much shorter, too many letters it lacks, or another start
		}
		d := rows.distance(typed, k.text, limit)
		if d > limit {
			continue
		}
		if old, seen := nearest[k.ingredient]; !seen || d < old {
			nearest[k.ingredient] = d
		}
	}
	best := math.MaxInt
	for _, d := range nearest {
		best = min(best, d)
	}
	var found []int32
	for x, d := range nearest {
		if d == best {
			found = append(found, x)
		}
	}
	slices.SortFunc(found, func(a, b int32) int {
		return cmp.Or(cmp.Compare(c.used[b], c.used[a]), cmp.Compare(c.found[b], c.found[a]), strings.Compare(c.names[a], c.names[b]))
	})
	names := make([]string, 0, min(len(found), maxSuggestions))
	for _, x := range found[:min(len(found), maxSuggestions)] {
		names = append(names, c.names[x])
	}
	return names
}

// sameStart says whether name could start as typed does: people seldom
// miss the first letter of a word but for a neighbouring key, a swap with
// the second letter, or a letter too many or too few. Checking it first
// spares most names the distance table.
func sameStart(typed, name string) bool {
	if len(name) < 2 {
		return true
	}
	t0, n0 := typed[0], name[0]
	return t0 == n0 || typed[1] == n0 || t0 == name[1] || neighbours(t0, n0)
}

// editRows are the rows of the distance table, reused from one name to
// the next.
type editRows struct{ before, previous, current []int }

// distance is the keyboard-aware edit distance from typed to name, or to
// a start of name plus stillTyping when that is nearer and typed has
// enough letters to say what it starts (minPrefix). Distances above limit
// are only known to be above it: the table is filled along its diagonal,
// as far from it as limit allows (every step off it is an insertion or a
// deletion), and given up as soon as every way is further than limit.
func (r *editRows) distance(typed, name string, limit int) int {
	n := len(name)
	far := limit + editCost + 1
	for _, row := range []*[]int{&r.before, &r.previous, &r.current} {
		*row = slices.Grow((*row)[:0], n+2)[:n+2]
	}
	// Each row is read only where the one before wrote it or marked its
	// edges far.
	band := limit / editCost
	for j := 0; j <= min(n, band); j++ {
		r.previous[j] = j * editCost
	}
	r.previous[min(n, band)+1] = far
	for i := 1; i <= len(typed); i++ {
		lo, hi := max(1, i-band), min(n, i+band)
		if lo > hi {
			return far
		}
		if lo == 1 {
			r.current[0] = i * editCost
		} else {
			r.current[lo-1] = far
		}
		r.current[hi+1] = far
		rowMin := far
		if lo == 1 {
			rowMin = r.current[0]
		}
		for j := lo; j <= hi; j++ {
			replace := 0
			if typed[i-1] != name[j-1] {
				replace = editCost
				if neighbours(typed[i-1], name[j-1]) {
					replace = neighbourCost
				}
			}
			d := min(r.previous[j]+editCost, r.current[j-1]+editCost, r.previous[j-1]+replace)
			if i > 1 && j > 1 && typed[i-1] == name[j-2] && typed[i-2] == name[j-1] && typed[i-1] != typed[i-2] {
				d = min(d, r.before[j-2]+swapCost)
			}
			r.current[j] = d
			rowMin = min(rowMin, d)
		}
		// A swap can take one off the next row's best, never more.
		if rowMin > limit+swapCost {
			return rowMin
		}
		r.before, r.previous, r.current = r.previous, r.current, r.before
	}
	// The last row holds values only within the band around its diagonal.
	last := len(typed)
	best := far
	if n <= last+band {
		best = r.previous[n]
	}
	if last >= minPrefix {
		for j := max(last-1, last-band); j < min(n, last+band+1); j++ {
			best = min(best, r.previous[j]+stillTyping)
		}
	}
	return best
}

// keyboardRows are the keys of a QWERTY keyboard, each row with how far
// it sits right of the one above, in keys.
var keyboardRows = []struct {
	keys   string
	offset float64
}{{"1234567890", 0}, {"qwertyuiop", 0.5}, {"asdfghjkl", 0.75}, {"zxcvbnm", 1.25}}

// neighbourKeys holds, for each ASCII key, the keys next to it in its row
// or across rows, one bit each; built once, read only.
var neighbourKeys = func() (table [128][2]uint64) {
	for ra, a := range keyboardRows {
		for ca, ka := range a.keys {
			for rb, b := range keyboardRows {
				for cb, kb := range b.keys {
					dx := math.Abs(float64(ca) + a.offset - float64(cb) - b.offset)
					if (ra == rb && dx == 1) || ((ra-rb == 1 || rb-ra == 1) && dx <= 0.75) {
						table[ka][kb/64] |= 1 << (kb % 64)
					}
				}
			}
		}
	}
	return table
}()

// neighbours says whether two letters sit next to each other on a QWERTY
// keyboard.
func neighbours(a, b byte) bool {
	return a < 128 && b < 128 && neighbourKeys[a][b/64]&(1<<(b%64)) != 0
}
