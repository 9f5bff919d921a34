package data

import (
	"slices"
	"strings"
)

// Foreign catalogs name one ingredient many ways ("Light rhum", "Bacardi",
// "Carbonated water"). Imported names are brought to the vocabulary of the
// embedded catalog, so that searching the bar by ingredient finds a drink
// whichever catalog it came from.

// spellings fix single words wherever they appear in a name.
var spellings = map[string]string{
	"rhum":         "rum",
	"creme":        "crème",
	"curacao":      "curaçao",
	"cachaca":      "cachaça",
	"benedictine":  "bénédictine",
	"jagermeister": "jägermeister",
	"ice-cream":    "ice cream",
}

// whiskyStyles keep the Scottish spelling, as the embedded catalog does
// ("scotch whisky"); elsewhere "whisky" is the generic word and becomes
// "whiskey".
var whiskyStyles = []string{"scotch", "islay", "speyside", "highland", "canadian", "japanese"}

// ingredientAliases map whole names, once spelled as above, to the name the
// embedded catalog uses. Brands become what they are ("kahlua" is a coffee
// liqueur) so that a search for the generic word finds them; variants of
// the same thing ("light rum", "white rum") become one name.
var ingredientAliases = map[string]string{
	// rum
	"light rum":     "white rum",
	"silver rum":    "white rum",
	"añejo rum":     "aged rum",
	"anejo rum":     "aged rum",
	"151 proof rum": "overproof rum",
	"malibu rum":    "coconut rum",
	"malibu":        "coconut rum",
	"bacardi limon": "citrus rum",
	// vodka and neutral spirit
	"absolut vodka":  "vodka",
	"absolut citron": "citrus vodka",
	"lemon vodka":    "citrus vodka",
	"absolut kurant": "blackcurrant vodka",
	"absolut peppar": "pepper vodka",
	"everclear":      "grain alcohol",
	// whiskey
	"bourbon":        "bourbon whiskey",
	"scotch":         "scotch whisky",
	"blended scotch": "scotch whisky",
	"rye":            "rye whiskey",
	"jim beam":       "bourbon whiskey",
	"wild turkey":    "bourbon whiskey",
	"jack daniels":   "tennessee whiskey",
	"jack daniel's":  "tennessee whiskey",
	"johnnie walker": "scotch whisky",
	"crown royal":    "canadian whisky",
	// liqueurs
	"kahlua":                     "coffee liqueur",
	"kahlúa":                     "coffee liqueur",
	"tia maria":                  "coffee liqueur",
	"bailey's irish cream":       "irish cream liqueur",
	"baileys irish cream":        "irish cream liqueur",
	"baileys":                    "irish cream liqueur",
	"irish cream":                "irish cream liqueur",
	"erin cream":                 "irish cream liqueur",
	"midori melon liqueur":       "melon liqueur",
	"midori":                     "melon liqueur",
	"chambord raspberry liqueur": "raspberry liqueur",
	"chambord":                   "raspberry liqueur",
	"frangelico":                 "hazelnut liqueur",
	"godiva liqueur":             "chocolate liqueur",
	"cherry heering":             "cherry liqueur",
	"passoa":                     "passion fruit liqueur",
	"st. germain":                "elderflower liqueur",
	"st-germain":                 "elderflower liqueur",
	"st germain":                 "elderflower liqueur",
	"peachtree schnapps":         "peach schnapps",
	"goldschlager":               "cinnamon schnapps",
	"hot damn":                   "cinnamon schnapps",
	"rhumple minze":              "peppermint schnapps",
	"rumple minze":               "peppermint schnapps",
	"crème de mure":              "crème de mûre",
	"lillet":                     "lillet blanc",
	"red vermouth":               "sweet vermouth",
	"red sweet vermouth":         "sweet vermouth",
	// mixers
	"coca-cola":           "cola",
	"coke":                "cola",
	"7-up":                "lemon-lime soda",
	"7up":                 "lemon-lime soda",
	"sprite":              "lemon-lime soda",
	"club soda":           "soda water",
	"carbonated water":    "soda water",
	"soda":                "soda water",
	"sparkling water":     "soda water",
	"tonic":               "tonic water",
	"sugar syrup":         "simple syrup",
	"syrup, simple":       "simple syrup",
	"simple sugar syrup":  "simple syrup",
	"gomme syrup":         "simple syrup",
	"grenadine syrup":     "grenadine",
	"orgeat":              "orgeat syrup",
	"sirup of roses":      "rose syrup",
	"sweet and sour":      "sour mix",
	"sweet and sour mix":  "sour mix",
	"sweet & sour":        "sour mix",
	"fresh lemon juice":   "lemon juice",
	"fresh lime juice":    "lime juice",
	"lime juice cordial":  "lime cordial",
	"rose's lime juice":   "lime cordial",
	"angostura":           "angostura bitters",
	"peychaud bitters":    "peychaud's bitters",
	"peychauds bitters":   "peychaud's bitters",
	"tabasco sauce":       "hot sauce",
	"tabasco":             "hot sauce",
	"fresh mint":          "mint",
	"fresh mint leaves":   "mint leaves",
	"maraschino cherries": "maraschino cherry",
	"white sugar":         "sugar",
	"granulated sugar":    "sugar",
}

// qualifierBrands are the makers a measure names ("1/2 oz Bacardi" 151 proof
// rum) when the ingredient's name already says what to pour.
var qualifierBrands = []string{"bacardi", "smirnoff"}

// servingWords in a measure say how an ingredient is served ("4 oz chilled"
// champagne), as the instructions do, not what it is.
var servingWords = []string{"pure", "chilled", "cold", "hot", "fresh"}

// ingredientName is the canonical name of a foreign ingredient. qualifier
// holds the words its measure ended with ("1 oz white" creme de cacao),
// which describe the ingredient: they join its name, unless they only name a
// brand or a way to serve it. The name is canonical before and after adding
// them, so that "light" + "rum" reads "white rum".
func ingredientName(name, qualifier string) string {
	name = canonicalIngredient(name)
	words := strings.Fields(strings.ToLower(qualifier))
	if name == "" || len(words) == 0 || slices.Contains(qualifierBrands, words[0]) {
		return name
	}
	words = slices.DeleteFunc(words, func(w string) bool { return slices.Contains(servingWords, w) })
	return canonicalIngredient(strings.Join(append(words, name), " "))
}

func canonicalIngredient(name string) string {
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
	joined := strings.Join(words, " ")
	if alias, ok := ingredientAliases[joined]; ok {
		return alias
	}
	return joined
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
