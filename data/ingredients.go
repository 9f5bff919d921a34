package data

import (
	"slices"
	"strings"
)

// Foreign catalogs name one ingredient many ways ("Light rhum", "Bacardi",
// "Carbonated water"). Imported names resolve through the vocabulary
// (vocabulary.json), the one that search and the bar use, so that searching
// by ingredient finds a drink whichever catalog it came from. A name the
// vocabulary does not know stays itself, tidied: lowercase, single spaces,
// the accents and spellings below.

// spellings fix single words of the names the vocabulary does not know, so
// that an unknown "Creme de Peche" still reads as its neighbours do.
var spellings = map[string]string{
	"rhum":         "rum",
	"creme":        "crème",
	"curacao":      "curaçao",
	"cachaca":      "cachaça",
	"benedictine":  "bénédictine",
	"jagermeister": "jägermeister",
	"ice-cream":    "ice cream",
}

// whiskyStyles keep the Scottish spelling in names the vocabulary does not
// know ("speyside whisky"); elsewhere "whisky" becomes "whiskey".
var whiskyStyles = []string{"scotch", "islay", "speyside", "highland", "canadian", "japanese"}

// qualifierBrands are the makers a measure names ("1/2 oz Bacardi" 151 proof
// rum) when the ingredient's name already says what to pour.
var qualifierBrands = []string{"bacardi", "smirnoff"}

// servingWords in a measure say how an ingredient is served ("4 oz chilled"
// champagne), as the instructions do, not what it is.
var servingWords = []string{"pure", "chilled", "cold", "hot", "fresh"}

// ingredientName is the canonical name of a foreign ingredient. qualifier
// holds the words its measure ended with ("1 oz white" creme de cacao),
// which may say what the ingredient is: the qualified name is taken when
// the vocabulary knows it ("white crème de cacao", "light rum" = white rum),
// else the bare name when the vocabulary knows that ("chopped" almonds are
// almonds), else both together as a name of their own. A brand or a way to
// serve it is never part of the name.
func ingredientName(v *Vocabulary, name, qualifier string) string {
	base, known := canonicalIngredient(v, name)
	words := strings.Fields(strings.ToLower(qualifier))
	if base == "" || len(words) == 0 || slices.Contains(qualifierBrands, words[0]) {
		return base
	}
	words = slices.DeleteFunc(words, func(w string) bool { return slices.Contains(servingWords, w) })
	if len(words) == 0 {
		return base
	}
	qualified, qualifiedKnown := canonicalIngredient(v, strings.Join(append(words, name), " "))
	if known && !qualifiedKnown {
		return base
	}
	return qualified
}

// canonicalIngredient is the vocabulary's name for name, or name tidied
// when the vocabulary does not know it (known is false then).
func canonicalIngredient(v *Vocabulary, name string) (canonical string, known bool) {
	if resolved, ok := v.Resolve(name); ok {
		return resolved, true
	}
	words := strings.Fields(strings.ToLower(name))
	scottish := slices.ContainsFunc(words, func(w string) bool { return slices.Contains(whiskyStyles, w) })
	for i, w := range words {
		if fixed, ok := spellings[w]; ok {
			words[i] = fixed
		}
		if w == "whisky" && !scottish {
			words[i] = "whiskey"
		}
	}
	return strings.Join(words, " "), false
}

// spirits are the bases a drink is built on. The other bases (wine, beer,
// liqueur...) name a drink only when it has no spirit: "1 oz creme de cacao,
// 1 oz vodka" is a vodka drink, whatever the order the source lists it in.
var spirits = map[string]bool{
	"gin": true, "vodka": true, "rum": true, "tequila": true, "mezcal": true,
	"whiskey": true, "brandy": true, "pisco": true, "cachaça": true,
}

// baseNames are the names whose words would give the wrong base: fruit
// "brandies" and sloe gin are liqueurs, ginger beer is a soft drink, and
// "sparkling" alone says nothing.
var baseNames = map[string]string{
	"sloe gin": "liqueur", "cherry brandy": "liqueur", "apricot brandy": "liqueur",
	"blackberry brandy": "liqueur", "peach brandy": "liqueur", "coffee brandy": "liqueur",
	"ginger beer": "", "ginger ale": "", "root beer": "", "sparkling wine": "sparkling wine",
}

// baseWords give a base to any name with one of their words, in order: a
// liqueur's flavour may be a spirit ("whiskey liqueur"), and a spirit may
// carry a flavour ("coconut rum").
var baseWords = []struct {
	base  string
	words []string
}{
	{"liqueur", []string{
		"liqueur", "schnapps", "crème", "curaçao", "chartreuse", "amaretto", "cointreau",
		"marnier", "triple", "bénédictine", "drambuie", "galliano", "sambuca", "comfort",
		"jägermeister", "advocaat", "pimm's", "falernum", "kümmel", "kummel",
	}},
	{"gin", []string{"gin", "genever"}},
	{"vodka", []string{"vodka"}},
	{"cachaça", []string{"cachaça"}},
	{"rum", []string{"rum", "rhum"}},
	{"tequila", []string{"tequila"}},
	{"mezcal", []string{"mezcal"}},
	{"whiskey", []string{"whiskey", "whisky", "bourbon", "scotch"}},
	{"pisco", []string{"pisco"}},
	{"brandy", []string{"brandy", "cognac", "armagnac", "calvados", "applejack", "grappa"}},
	{"vermouth", []string{"vermouth"}},
	{"amaro", []string{"amaro", "campari", "aperol", "fernet", "cynar", "averna"}},
	{"sparkling wine", []string{"champagne", "prosecco", "cava", "crémant", "spumante"}},
	{"wine", []string{"wine", "port", "sherry", "madeira", "marsala", "dubonnet", "lillet"}},
	{"beer", []string{"beer", "lager", "ale", "stout", "guinness", "corona", "pilsner", "porter", "ipa"}},
	{"sake", []string{"sake"}},
}

// ingredientBase is the base an ingredient gives a drink, or "" for none.
func ingredientBase(name string) string {
	if base, ok := baseNames[name]; ok {
		return base
	}
	words := strings.Fields(name)
	for _, bw := range baseWords {
		if slices.ContainsFunc(words, func(w string) bool { return slices.Contains(bw.words, w) }) {
			return bw.base
		}
	}
	return ""
}

// baseOf is the base of a drink: its first spirit, else the first ingredient
// that gives another base, else "other".
func baseOf(ingredients []Ingredient) string {
	other := ""
	for _, ing := range ingredients {
		base := ingredientBase(ing.Name)
		if spirits[base] {
			return base
		}
		if other == "" {
			other = base
		}
	}
	if other == "" {
		return "other"
	}
	return other
}
