package data

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// measure is a free-text quantity of a foreign catalog, parsed.
type measure struct {
	amount float64
	unit   string // "" when the quantity is kept as text
	text   string
	// qualifier holds the words written after the unit ("1 oz white" creme
	// de cacao): they describe the ingredient, not the measure.
	qualifier string
}

// unknownMeasure stands for an empty quantity ("Ice", "Nutmeg" with nothing
// written), which validation does not allow as empty text.
const unknownMeasure = "as needed"

// conversion turns one written unit into a Barkeep unit.
type conversion struct {
	unit   string
	factor float64
}

// Volumes become ml with US measures, since the foreign catalogs are American:
// 1 oz = 30 ml as bartenders round it, a shot or jigger 45 ml, a cup 240 ml.
// Parts are ratios, not volumes, and stay text, as do containers (bottle,
// can, glass) and weights, which have no Barkeep unit.
var conversions = map[string]conversion{
	"oz": {"ml", 30}, "ozs": {"ml", 30}, "ounce": {"ml", 30}, "ounces": {"ml", 30},
	"fl oz": {"ml", 30}, "fluid ounce": {"ml", 30}, "fluid ounces": {"ml", 30},
	"ml": {"ml", 1}, "cl": {"ml", 10}, "dl": {"ml", 100},
	"l": {"ml", 1000}, "liter": {"ml", 1000}, "liters": {"ml", 1000}, "litre": {"ml", 1000}, "litres": {"ml", 1000},
	"shot": {"ml", 45}, "shots": {"ml", 45}, "jigger": {"ml", 45}, "jiggers": {"ml", 45},
	"cup": {"ml", 240}, "cups": {"ml", 240},
	"pint": {"ml", 473}, "pints": {"ml", 473}, "quart": {"ml", 946}, "quarts": {"ml", 946}, "qt": {"ml", 946},
	"gal": {"ml", 3785}, "gallon": {"ml", 3785}, "gallons": {"ml", 3785},
	"fifth": {"ml", 750}, "fifths": {"ml", 750},
	"tsp": {"tsp", 1}, "tsps": {"tsp", 1}, "teaspoon": {"tsp", 1}, "teaspoons": {"tsp", 1},
	"tbsp": {"tbsp", 1}, "tblsp": {"tbsp", 1}, "tbs": {"tbsp", 1}, "tbl": {"tbsp", 1},
	"tablespoon": {"tbsp", 1}, "tablespoons": {"tbsp", 1},
	"barspoon": {"barspoon", 1}, "barspoons": {"barspoon", 1}, "bar spoon": {"barspoon", 1}, "bar spoons": {"barspoon", 1},
	"dash": {"dash", 1}, "dashes": {"dash", 1}, "drop": {"drop", 1}, "drops": {"drop", 1},
	"splash": {"splash", 1}, "splashes": {"splash", 1}, "pinch": {"pinch", 1}, "pinches": {"pinch", 1},
	"slice": {"slice", 1}, "slices": {"slice", 1}, "wedge": {"wedge", 1}, "wedges": {"wedge", 1},
	"cube": {"cube", 1}, "cubes": {"cube", 1}, "sprig": {"sprig", 1}, "sprigs": {"sprig", 1},
	"leaf": {"leaf", 1}, "leaves": {"leaf", 1}, "piece": {"piece", 1}, "pieces": {"piece", 1},
	"whole": {"whole", 1},
}

// vulgarFractions are the single-character fractions recipes are typed with.
var vulgarFractions = map[rune]string{
	'½': "1/2", '⅓': "1/3", '⅔': "2/3", '¼': "1/4", '¾': "3/4", '⅕': "1/5", '⅖': "2/5",
	'⅗': "3/5", '⅘': "4/5", '⅙': "1/6", '⅚': "5/6", '⅐': "1/7", '⅛': "1/8", '⅜': "3/8",
	'⅝': "5/8", '⅞': "7/8", '⅑': "1/9", '⅒': "1/10",
}

var (
	// topPattern is every way the catalogs say "top up with".
	topPattern = regexp.MustCompile(`^(fill( up| to top| to the top)?|top( it)?( up| off)?|to (fill|top)|full glass)( with)?$`)
	// digitLetter splits units glued to their amount: "70ml", "2cl".
	digitLetter = regexp.MustCompile(`(\d)(\pL)`)
	// spacedRange joins "2 - 3" into the one token "2-3".
	spacedRange = regexp.MustCompile(`(\d)\s*-\s*(\d)`)
	// qualifierWord is a word that may describe an ingredient.
	qualifierWord = regexp.MustCompile(`^\pL[\pL'’.-]*$`)
)

// maxQualifierWords bounds what still reads as a description ("smirnoff red
// label") rather than a sentence, which is kept as text.
const maxQualifierWords = 4

// parseMeasure reads a foreign quantity: "1 1/2 oz" is 45 ml, "2-3 drops" is
// 2 drops (ranges take their lower bound, which is safe with strong
// ingredients and keeps counts whole), "2" is 2 whole, "Top up with" is the
// unit "top", and whatever else is kept as written in text.
func parseMeasure(written string) measure {
	written = strings.Join(strings.Fields(written), " ")
	if written == "" {
		return measure{text: unknownMeasure}
	}
	asText := measure{text: written}
	s := strings.ToLower(written)
	if topPattern.MatchString(s) {
		return measure{unit: UnitTop}
	}
	s = cutAlternative(expandFractions(s))
	s = digitLetter.ReplaceAllString(s, "$1 $2")
	s = spacedRange.ReplaceAllString(s, "$1-$2")
	tokens := strings.Fields(s)

	amount, used, ok := leadingAmount(tokens)
	if !ok {
		// A counted unit alone, in the singular, is one: "Dash", "Pinch".
		if len(tokens) == 1 && tokens[0] != "ml" {
			if conv, ok := conversions[tokens[0]]; ok && conv.unit == tokens[0] {
				return finish(1, conv, nil, asText)
			}
		}
		return asText
	}
	conv, n := unitAt(tokens, used)
	if n == 0 {
		if used < len(tokens) || isArticle(tokens[0]) {
			// "3 large", "1 twist of": the words name a measure we do not know.
			return asText
		}
		conv = conversion{unit: "whole", factor: 1}
	}
	return finish(amount, conv, tokens[used+n:], asText)
}

// finish converts amount to conv's unit and sorts out the words left after it.
func finish(amount float64, conv conversion, rest []string, asText measure) measure {
	if len(rest) > 0 && rest[len(rest)-1] == "of" {
		rest = rest[:len(rest)-1]
	}
	if len(rest) > maxQualifierWords {
		return asText
	}
	for _, w := range rest {
		if !qualifierWord.MatchString(w) {
			return asText
		}
	}
	amount *= conv.factor
	if conv.unit == "ml" {
		amount = math.Round(amount*2) / 2
	} else {
		amount = math.Round(amount*100) / 100
	}
	if !(amount > 0) || math.IsInf(amount, 0) {
		return asText
	}
	return measure{amount: amount, unit: conv.unit, qualifier: strings.Join(rest, " ")}
}

// cutAlternative drops the same measure written again in another system,
// which adds nothing: "70ml/2fl oz", "1 1/2 oz (45 ml)". A slash between two
// digits is a fraction instead.
func cutAlternative(s string) string {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			return s[:i]
		case '/':
			if i == 0 || i == len(s)-1 || !isDigit(s[i-1]) || !isDigit(s[i+1]) {
				return s[:i]
			}
		}
	}
	return s
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// expandFractions writes "1½" as "1 1/2" and the fraction slash as a slash.
func expandFractions(s string) string {
	var b strings.Builder
	for _, r := range s {
		if frac, ok := vulgarFractions[r]; ok {
			b.WriteString(" " + frac + " ")
			continue
		}
		if r == '⁄' {
			r = '/'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// leadingAmount reads the number tokens start with: "2", "1.5", "1,5",
// "1/2", "1 1/2", "1-1/2", the range "2-3" or "2 to 3" (its lower bound), or
// "a"/"an"/"one" (which only count when a unit follows, see parseMeasure). It
// returns how many tokens it used.
func leadingAmount(tokens []string) (float64, int, bool) {
	if len(tokens) == 0 {
		return 0, 0, false
	}
	if isArticle(tokens[0]) {
		return 1, 1, true
	}
	amount, ok := rangeStart(tokens[0])
	if !ok {
		return 0, 0, false
	}
	used := 1
	if amount == math.Trunc(amount) && !strings.Contains(tokens[0], "/") && len(tokens) > 1 {
		if frac, ok := properFraction(tokens[1]); ok {
			amount += frac
			used++
		}
	}
	if len(tokens) > used+1 && (tokens[used] == "to" || tokens[used] == "or") {
		if _, ok := rangeStart(tokens[used+1]); ok {
			used += 2
		}
	}
	return amount, used, true
}

// properFraction reads the "1/2" of "1 1/2", perhaps starting a range
// ("1 1/2-2").
func properFraction(token string) (float64, bool) {
	lo, _, _ := strings.Cut(token, "-")
	if !strings.Contains(lo, "/") {
		return 0, false
	}
	v, ok := number(lo)
	return v, ok && v < 1
}

func isArticle(token string) bool {
	return token == "a" || token == "an" || token == "one"
}

// rangeStart reads a number, or the range "lo-hi" as its lower bound, or the
// mixed number "1-1/2" that American recipes write with a hyphen.
func rangeStart(token string) (float64, bool) {
	lo, hi, isRange := strings.Cut(token, "-")
	low, ok := number(lo)
	if !ok {
		return 0, false
	}
	if !isRange {
		return low, true
	}
	high, ok := number(hi)
	if !ok {
		return 0, false
	}
	if strings.Contains(hi, "/") && !strings.Contains(lo, "/") && high < 1 {
		return low + high, true
	}
	return low, true
}

// number reads "2", "1.5", "1,5", ".5" or "1/2".
func number(token string) (float64, bool) {
	if token == "" || strings.IndexFunc(token, func(r rune) bool {
		return !unicode.IsDigit(r) && r != '.' && r != ',' && r != '/'
	}) >= 0 {
		return 0, false
	}
	if num, den, isFraction := strings.Cut(token, "/"); isFraction {
		n, okN := decimal(num)
		d, okD := decimal(den)
		if !okN || !okD || d == 0 || strings.ContainsAny(num+den, ".,") {
			return 0, false
		}
		return n / d, true
	}
	return decimal(token)
}

func decimal(token string) (float64, bool) {
	if token == "" || strings.Count(token, ".")+strings.Count(token, ",") > 1 {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.Replace(token, ",", ".", 1), 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// unitAt finds the unit at tokens[i], written in one or two words ("fl oz")
// and perhaps with a full stop ("tsp."), and how many tokens it takes.
func unitAt(tokens []string, i int) (conversion, int) {
	if i+1 < len(tokens) {
		if conv, ok := conversions[tokens[i]+" "+strings.TrimSuffix(tokens[i+1], ".")]; ok {
			return conv, 2
		}
	}
	if i < len(tokens) {
		if conv, ok := conversions[strings.TrimSuffix(tokens[i], ".")]; ok {
			return conv, 1
		}
	}
	return conversion{}, 0
}
