package texts

import (
	"math"
	"strconv"
	"strings"

	"barkeep/data"
)

// Units is how a card writes liquid measures.
type Units int

const (
	Metric   Units = iota // ml, as the catalog holds them
	Imperial              // ounces, in quarters and thirds, as bartenders write them
)

// Toggle is the other system.
func (u Units) Toggle() Units {
	if u == Metric {
		return Imperial
	}
	return Metric
}

// String is the system's unit: "ml" or "oz".
func (u Units) String() string {
	if u == Imperial {
		return "oz"
	}
	return "ml"
}

// MaxServings is the most servings a recipe is scaled to.
const MaxServings = 12

// mlPerOunce is the bartender's ounce: 30 ml, not 29.57.
const mlPerOunce = 30

// Measure writes an ingredient's measure for servings glasses: "30 ml",
// "¾ oz", "6 dashes", "top up" (which tops up each glass, so it does not
// scale), "3 × juice of 1/2" for a measure that is only text.
func Measure(ing data.Ingredient, units Units, servings int) string {
	servings = max(servings, 1)
	scaled := ing
	scaled.Amount = ing.Amount * float64(servings)
	switch ing.Unit {
	case "":
		if servings == 1 {
			return ing.Text
		}
		return strconv.Itoa(servings) + " × " + ing.Text
	case "ml":
		if units == Imperial {
			return ounces(scaled.Amount)
		}
	}
	return scaled.Measure()
}

// vulgar are the fractions a bartender writes, by their value.
var vulgar = []struct {
	value float64
	text  string
}{{0, ""}, {0.25, "¼"}, {1.0 / 3, "⅓"}, {0.5, "½"}, {2.0 / 3, "⅔"}, {0.75, "¾"}, {1, ""}}

// ounces writes ml as ounces rounded to the nearest quarter or third:
// "¾ oz", "1½ oz". Less than a quarter ounce is written in teaspoons.
func ounces(ml float64) string {
	oz := ml / mlPerOunce
	if oz < 0.25-1e-9 {
		tsp := math.Max(math.Round(ml/5*2)/2, 0.5) // 5 ml, to the half
		return fraction(tsp) + " tsp"
	}
	return fraction(oz) + " oz"
}

// fraction writes a positive amount as a whole number and the nearest of
// the fractions a bartender writes: 1.5 is "1½", 0.75 is "¾".
func fraction(amount float64) string {
	whole := math.Floor(amount)
	rest := amount - whole
	best := vulgar[0]
	for _, f := range vulgar[1:] {
		if math.Abs(rest-f.value) < math.Abs(rest-best.value) {
			best = f
		}
	}
	if best.value == 1 {
		whole++
	}
	var b strings.Builder
	if whole > 0 || best.text == "" {
		b.WriteString(strconv.FormatFloat(whole, 'f', -1, 64))
	}
	b.WriteString(best.text)
	return b.String()
}
