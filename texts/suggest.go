package texts

import (
	"strings"

	"barkeep/data"

	"github.com/agnivade/levenshtein"
	"golang.org/x/text/cases"
)

// Suggest finds the cocktail whose name is closest to what was typed, for
// "did you mean Negroni?": a few typos away at most, more for longer
// names. ok is false when nothing is close.
func Suggest(cocktails []data.Cocktail, typed string) (suggestion data.Cocktail, ok bool) {
	fold := cases.Fold()
	query := fold.String(strings.Join(strings.Fields(typed), " "))
	if query == "" {
		return data.Cocktail{}, false
	}
	best := max(2, len([]rune(query))/3) + 1
	for _, c := range cocktails {
		for _, candidate := range []string{fold.String(c.Name), c.ID} {
			if d := levenshtein.ComputeDistance(query, candidate); d < best {
				best, suggestion, ok = d, c, true
			}
		}
	}
	return suggestion, ok
}
