package data

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// noInstructions stands in for the instructions of a recipe that came
// without any: the drink is kept, and says so.
const noInstructions = "The catalog this recipe came from gives no instructions."

// convert turns a foreign entry into a cocktail without its id, which
// depends on the other entries (see uniqueID). The fields Barkeep has and
// foreign catalogs lack are derived: the base from the ingredients, the
// method and garnish from the instructions. A recipe without instructions
// is kept, with a sentence saying so.
func (e foreignEntry) convert(v *Vocabulary) (Cocktail, error) {
	if e.malformed != nil {
		return Cocktail{}, fmt.Errorf("malformed entry: %w", e.malformed)
	}
	c := Cocktail{
		Name:         strings.Join(strings.Fields(e.Name), " "),
		Category:     strings.TrimSpace(e.Category),
		Glass:        glassName(e.Glass),
		Ingredients:  ingredients(v, e.Ingredients),
		Instructions: strings.TrimSpace(plainLines.Replace(e.Instructions)),
	}
	for _, required := range []struct{ field, value string }{
		{"name", c.Name}, {"category", c.Category}, {"glass", c.Glass},
	} {
		if required.value == "" {
			return Cocktail{}, fmt.Errorf("no %s", required.field)
		}
	}
	if len(c.Ingredients) == 0 {
		return Cocktail{}, errors.New("no ingredients")
	}
	c.Base = baseOf(c.Ingredients)
	c.Method = methodOf(c.Instructions)
	c.Garnish = garnishOf(c.Instructions)
	if c.Instructions == "" {
		c.Instructions = noInstructions
	}
	return c, nil
}

// plainLines turns Windows and old Mac line ends into newlines, and tabs
// into spaces: a carriage return would send the terminal's cursor back to
// the start of the line it is drawing.
var plainLines = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", " ")

// ingredients converts the ingredient lines, dropping those without a name.
// An ingredient listed twice (water for the syrup, then water to dilute)
// keeps its first line: a Barkeep recipe names each ingredient once, and
// losing a line is better than losing the drink.
func ingredients(v *Vocabulary, lines []foreignIngredient) []Ingredient {
	var out []Ingredient
	seen := map[string]bool{}
	for _, line := range lines {
		m := parseMeasure(line.Quantity)
		name := ingredientName(v, line.Name, m.qualifier)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, Ingredient{Name: name, Amount: m.amount, Unit: m.unit, Text: m.text})
	}
	return out
}

// glassAliases are the glasses the embedded catalog names otherwise.
var glassAliases = map[string]string{
	"old-fashioned":      "old fashioned",
	"champagne flute":    "flute",
	"margarita/coupette": "margarita",
	"irish coffee cup":   "irish coffee",
	"martini":            "cocktail",
	"white wine":         "wine",
	"beer pilsner":       "pilsner",
}

// glassName is the glass as the embedded catalog names it: "Highball glass"
// is "highball".
func glassName(glass string) string {
	g := strings.TrimSuffix(strings.Join(strings.Fields(strings.ToLower(glass)), " "), " glass")
	if alias, ok := glassAliases[g]; ok {
		return alias
	}
	return g
}

// methodWords are the forms of the verbs that name a method.
var methodWords = map[string]string{
	"blend": "blend", "blends": "blend", "blended": "blend", "blender": "blend", "blending": "blend",
	"layer": "layer", "layers": "layer", "layered": "layer", "layering": "layer",
	"muddle": "muddle", "muddles": "muddle", "muddled": "muddle", "muddler": "muddle", "muddling": "muddle",
	"shake": "shake", "shakes": "shake", "shaken": "shake", "shaker": "shake", "shaking": "shake",
	"stir": "stir", "stirs": "stir", "stirred": "stir", "stirring": "stir",
}

// methodPriority settles instructions that name several methods: the rarer
// one is what makes the drink (a blended drink is also poured and stirred, a
// muddled one often shaken), and "stir" is often only a last touch.
var methodPriority = []string{"blend", "layer", "muddle", "dry shake", "shake", "stir"}

// methodOf derives the method from the instructions, "build" when they name
// none.
func methodOf(instructions string) string {
	words := strings.FieldsFunc(strings.ToLower(instructions), func(r rune) bool { return !unicode.IsLetter(r) })
	found := map[string]bool{}
	for i, w := range words {
		method, ok := methodWords[w]
		if !ok {
			continue
		}
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch {
		case w == "blended" && (strings.HasPrefix(next, "whisk") || next == "scotch"):
			continue // the spirit, not the method
		case i > 0 && words[i-1] == "not":
			continue // "not chilled and not layered"
		case method == "shake" && i > 0 && words[i-1] == "dry":
			method = "dry shake"
		}
		found[method] = true
	}
	for _, method := range methodPriority {
		if found[method] {
			return method
		}
	}
	return "build"
}

var (
	// garnishPattern finds "Garnish with a lime wedge." up to the end of its
	// clause.
	garnishPattern = regexp.MustCompile(`(?i)\bgarnish(?:ed)?\s+with\s+([^.,;:!?()\n]+)`)
	// garnishCondition ends the garnish where a condition starts: "chocolate
	// shavings if desired".
	garnishCondition = regexp.MustCompile(`\s(if|when|and serve|to serve|before)\b.*$`)
)

// maxGarnishWords bounds what is still a garnish rather than a clause the
// pattern misread.
const maxGarnishWords = 8

// garnishOf finds the garnish the instructions name, "" when they name none
// in the one way that reads reliably: "garnish with ...".
func garnishOf(instructions string) string {
	match := garnishPattern.FindStringSubmatch(instructions)
	if match == nil {
		return ""
	}
	garnish := garnishCondition.ReplaceAllString(strings.ToLower(match[1]), "")
	words := strings.Fields(garnish)
	if len(words) > 0 && (words[0] == "a" || words[0] == "an" || words[0] == "the") {
		words = words[1:]
	}
	if len(words) > maxGarnishWords {
		return ""
	}
	return strings.Join(words, " ")
}

// letterFolds are the letters that do not decompose into a base letter and
// an accent.
var letterFolds = strings.NewReplacer("ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "ł", "l", "đ", "d", "ð", "d", "þ", "th", "ı", "i")

// slug is the id of a cocktail named name, as the embedded catalog makes
// them: "Piña Colada" is "pina-colada", "Bee's Knees" is "bees-knees". It is
// "" when the name has no Latin letter or digit.
func slug(name string) string {
	var b strings.Builder
	gap := false
	for _, r := range norm.NFD.String(letterFolds.Replace(strings.ToLower(name))) {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			if gap && b.Len() > 0 {
				b.WriteByte('-')
			}
			gap = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r) || r == '\'' || r == '’':
			// accents and apostrophes vanish without splitting the word
		default:
			gap = true
		}
	}
	return b.String()
}

// uniqueID makes base an id no other cocktail of the import has, numbering
// it from 2 on a collision ("french-75", "french-75-2").
func uniqueID(base string, used map[string]bool) string {
	if base == "" {
		base = "cocktail"
	}
	id := base
	for n := 2; used[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id
}
