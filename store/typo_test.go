package store

import (
	"math/rand/v2"
	"testing"
)

// fullDistance is the distance of editRows.distance computed the plain
// way, over the whole table, for checking the banded one.
func fullDistance(typed, name string) int {
	d := make([][]int, len(typed)+1)
	for i := range d {
		d[i] = make([]int, len(name)+1)
		d[i][0] = i * editCost
	}
	for j := range d[0] {
		d[0][j] = j * editCost
	}
	for i := 1; i <= len(typed); i++ {
		for j := 1; j <= len(name); j++ {
			replace := 0
			if typed[i-1] != name[j-1] {
				replace = editCost
				if neighbours(typed[i-1], name[j-1]) {
					replace = neighbourCost
				}
			}
			d[i][j] = min(d[i-1][j]+editCost, d[i][j-1]+editCost, d[i-1][j-1]+replace)
			if i > 1 && j > 1 && typed[i-1] == name[j-2] && typed[i-2] == name[j-1] && typed[i-1] != typed[i-2] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+swapCost)
			}
		}
	}
	best := d[len(typed)][len(name)]
	if len(typed) >= minPrefix {
		for j := len(typed) - 1; j < len(name); j++ {
			if j >= 0 {
				best = min(best, d[len(typed)][j]+stillTyping)
			}
		}
	}
	return best
}

func TestTheBandedDistanceAgreesWithTheWholeTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, 1+rng.IntN(10))
		for i := range b {
			b[i] = "campriwsky "[rng.IntN(11)]
		}
		return string(b)
	}
	var rows editRows
	for range 20000 {
		typed, name := word(), word()
		limit := typoLimit(len(typed))
		got, want := rows.distance(typed, name, limit), fullDistance(typed, name)
		if (got <= limit || want <= limit) && got != want {
			t.Fatalf("distance(%q, %q) = %d, the whole table says %d (limit %d)", typed, name, got, want, limit)
		}
	}
	for _, tt := range []struct {
		typed, name string
		want        int
	}{
		{"campri", "campari", editCost},
		{"tequlia", "tequila", swapCost},
		{"gon", "gin", neighbourCost},
		{"campr", "campari", editCost + stillTyping},
	} {
		if got := rows.distance(tt.typed, tt.name, typoLimit(len(tt.typed))); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.typed, tt.name, got, tt.want)
		}
	}
}
