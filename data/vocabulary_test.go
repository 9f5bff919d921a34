package data

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func embeddedVocab(t testing.TB) *Vocabulary {
	t.Helper()
	v, err := EmbeddedVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// names turns entry indexes into names, for messages and comparisons.
func names(v *Vocabulary, indexes []int32) []string {
	out := make([]string, len(indexes))
	for i, x := range indexes {
		out[i] = v.Entry(int(x)).Name
	}
	return out
}

func index(t testing.TB, v *Vocabulary, name string) int {
	t.Helper()
	i, ok := v.IndexOfName(name)
	if !ok {
		t.Fatalf("%q is not an entry", name)
	}
	return i
}

func TestTheEmbeddedVocabularyValidatesAndCoversTheCatalogs(t *testing.T) {
	v := embeddedVocab(t)
	if v.Len() < 300 {
		t.Errorf("the vocabulary has %d entries, want at least 300", v.Len())
	}
	for _, path := range []string{"cocktails.json", "testdata/catalog.json", "testdata/iba.json"} {
		t.Run(path, func(t *testing.T) {
			cocktails, err := Parse(readFixture(t, path))
			if err != nil {
				t.Fatal(err)
			}
			if err := InVocabulary(v, cocktails); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestAVocabularyThatBreaksARuleIsRefused(t *testing.T) {
	tests := []struct {
		name, json string
		wants      []string
	}{
		{"no entries", `{"entries": []}`, []string{"no entries"}},
		{"not JSON", `{"entries": [`, []string{"decode JSON"}},
		{"an unknown field", `{"entries": [{"name": "gin", "colour": "clear"}]}`, []string{"colour"}},
		{"a name listed twice", `{"entries": [{"name": "gin"}, {"name": "gin"}]}`, []string{`"gin" is listed twice`}},
		{"a spelling claimed by two entries", `{"entries": [{"name": "cola", "spellings": ["coke"]}, {"name": "cocaine", "spellings": ["coke"]}]}`, []string{`"coke"`, `"cola"`, `"cocaine"`}},
		{"a spelling that is another entry's name", `{"entries": [{"name": "triple sec", "spellings": ["cointreau"]}, {"name": "cointreau"}]}`, []string{"cointreau", "triple sec", "claimed by both"}},
		{"a plural claimed by another entry", `{"entries": [{"name": "lime"}, {"name": "limes"}]}`, []string{`"limes"`, `"lime"`, "claimed by both"}},
		{"a spelling that only repeats the name", `{"entries": [{"name": "cachaça", "spellings": ["cachaca"]}]}`, []string{"cachaça", "reads as one it has already"}},
		{"an uppercase name", `{"entries": [{"name": "Gin"}]}`, []string{"lowercase"}},
		{"a control character", `{"entries": [{"name": "gin\u001b"}]}`, []string{"U+001B"}},
		{"a kind that is no entry", `{"entries": [{"name": "bourbon whiskey", "kinds": ["whisky"]}]}`, []string{"bourbon whiskey", "kinds", `"whisky" is not an entry's name`}},
		{"an entry its own kind", `{"entries": [{"name": "gin", "kinds": ["gin"]}]}`, []string{"cannot list itself"}},
		{"a kind listed twice", `{"entries": [{"name": "whiskey"}, {"name": "rye", "kinds": ["whiskey", "whiskey"]}]}`, []string{"listed twice"}},
		{"kinds in a circle", `{"entries": [{"name": "a", "kinds": ["b"]}, {"name": "b", "kinds": ["c"]}, {"name": "c", "kinds": ["a"]}]}`, []string{"circle", "a → b → c → a"}},
		{"kinds and sources in a circle", `{"entries": [{"name": "lime"}, {"name": "lime juice", "kinds": ["lime"], "from": ["lime"]}]}`, []string{"circle", "lime"}},
		{"a preferred word that is two words", `{"words": {"rhum": "white rum"}, "entries": [{"name": "rum"}]}`, []string{"single words"}},
		{"preferred words in a chain", `{"words": {"rhum": "rum", "rum": "ron"}, "entries": [{"name": "rum"}]}`, []string{"another word in turn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseVocabulary([]byte(tt.json))
			if err == nil {
				t.Fatal("the vocabulary was accepted")
			}
			for _, want := range tt.wants {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
		})
	}
	if _, err := ParseVocabulary([]byte(`{"entries": [{"name": "gin", "kinds": ["vodka"]}]}`)); !errors.Is(err, ErrInvalidVocabulary) {
		t.Errorf("error %v is not ErrInvalidVocabulary", err)
	}
}

func TestNamesResolveByEverySpelling(t *testing.T) {
	v := embeddedVocab(t)
	tests := []struct{ typed, want string }{
		{"whisky", "whiskey"},
		{"Whiskey", "whiskey"},
		{"Scotch Whiskey", "scotch whisky"},
		{"scotch", "scotch whisky"},
		{"Blended whisky", "blended whiskey"},
		{"bourbon", "bourbon whiskey"},
		{"cachaca", "cachaça"},
		{"CACHAÇA", "cachaça"},
		{"coke", "cola"},
		{"Coca-Cola", "cola"},
		{"coca cola", "cola"},
		{"limes", "lime"},
		{"eggs", "egg"},
		{"Egg Whites", "egg white"},
		{"maraschino cherries", "maraschino cherry"},
		{"peaches", ""},
		{"light rhum", "white rum"},
		{"Light Rum", "white rum"},
		{"Bacardi", "white rum"},
		{"Bacardi Limon", "citrus rum"},
		{"151 proof rhum", "overproof rum"},
		{"rhum agricole", "rhum agricole"},
		{"rum agricole", "rhum agricole"},
		{"Añejo rum", "aged rum"},
		{"Peychaud's Bitters", "peychaud's bitters"},
		{"peychauds bitters", "peychaud's bitters"},
		{"Bailey's irish cream", "irish cream liqueur"},
		{"Baileys", "irish cream liqueur"},
		{"St. Germain", "elderflower liqueur"},
		{"st-germain", "elderflower liqueur"},
		{"Kahlúa", "coffee liqueur"},
		{"Rhumple Minze", "peppermint schnapps"},
		{"7-Up", "lemon-lime soda"},
		{"Sprite", "lemon-lime soda"},
		{"Cointreau", "cointreau"},
		{"Grand Marnier", "grand marnier"},
		{"Blue Curacao", "blue curaçao"},
		{"Creme de Cacao", "crème de cacao"},
		{"creme de mure", "crème de mûre"},
		{"Jägermeister", "jägermeister"},
		{"mint", "mint leaves"},
		{"sugar syrup", "simple syrup"},
		{"Syrup, simple", "simple syrup"},
		{"club soda", "soda water"},
		{"Vanilla ice-cream", "vanilla ice cream"},
		{"  gin  ", "gin"},
		{"butterscotch", ""},
		{"rhumple", ""},
		{"unicorn tears", ""},
		{"", ""},
		{"!!!", ""},
	}
	for _, tt := range tests {
		got, ok := v.Resolve(tt.typed)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tt.typed, got, ok, tt.want)
		}
	}
}

func TestKindsAndSourcesAreExpanded(t *testing.T) {
	v := embeddedVocab(t)
	makes := func(name string) []string { return names(v, v.Makes(index(t, v, name))) }
	members := func(name string) []string { return names(v, v.Members(index(t, v, name))) }
	tests := []struct {
		name   string
		got    []string
		has    []string
		hasNot []string
	}{
		{"cointreau stands in for triple sec and every orange liqueur", makes("cointreau"), []string{"cointreau", "triple sec", "orange liqueur", "liqueur"}, []string{"grand marnier", "curaçao"}},
		{"bourbon stands in for whiskey", makes("bourbon whiskey"), []string{"bourbon whiskey", "whiskey"}, []string{"rye whiskey", "scotch whisky"}},
		{"islay scotch is a scotch, which is a whiskey", makes("islay scotch whisky"), []string{"scotch whisky", "whiskey"}, nil},
		{"limes make lime juice and lime peel", makes("lime"), []string{"lime", "lime juice", "lime peel"}, []string{"lime cordial"}},
		{"an egg makes its white and its yolk", makes("egg"), []string{"egg white", "egg yolk"}, nil},
		{"a kind stands in for its own kinds only", makes("whiskey"), []string{"whiskey"}, []string{"bourbon whiskey"}},
		{"whiskey has every whiskey", members("whiskey"), []string{"bourbon whiskey", "rye whiskey", "scotch whisky", "islay scotch whisky", "irish whiskey", "tennessee whiskey", "canadian whisky", "japanese whisky", "blended whiskey"}, []string{"irish cream liqueur", "southern comfort", "drambuie"}},
		{"brandy has cognac, calvados and pisco", members("brandy"), []string{"cognac", "armagnac", "calvados", "applejack", "pisco"}, []string{"apricot brandy", "cherry liqueur", "peach brandy", "crème de mûre", "coffee liqueur", "grand marnier"}},
		{"orange liqueur has triple sec, cointreau, grand marnier and the curaçaos", members("orange liqueur"), []string{"triple sec", "cointreau", "grand marnier", "curaçao", "orange curaçao", "blue curaçao"}, []string{"orange juice", "orange bitters", "orange flower water"}},
		{"sparkling wine has champagne and prosecco", members("sparkling wine"), []string{"champagne", "prosecco", "cava"}, []string{"white wine"}},
		{"every rum is a rum, rhum agricole too", members("rum"), []string{"white rum", "gold rum", "dark rum", "aged rum", "overproof rum", "spiced rum", "demerara rum", "rhum agricole", "jamaican rum"}, []string{"peppermint schnapps", "cachaça"}},
		{"scotch has no butterscotch", members("scotch whisky"), []string{"islay scotch whisky"}, []string{"butterscotch schnapps", "drambuie"}},
		{"gin has no ginger beer and no sloe gin", members("gin"), []string{"london dry gin", "old tom gin"}, []string{"ginger beer", "ginger ale", "sloe gin"}},
		{"beer has no ginger beer and no root beer", members("beer"), []string{"lager", "stout"}, []string{"ginger beer", "root beer"}},
		{"cream has no cream of coconut and no cream liqueur", members("cream"), []string{"heavy cream", "light cream"}, []string{"cream of coconut", "coconut cream", "irish cream liqueur"}},
		{"apricot brandy is a liqueur", makes("apricot brandy"), []string{"liqueur"}, []string{"brandy"}},
		{"orange juice stands in for nothing but itself", makes("orange juice"), []string{"orange juice"}, []string{"orange liqueur", "orange"}},
		{"lime cordial is not lime juice", makes("lime cordial"), []string{"lime cordial"}, []string{"lime juice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, want := range tt.has {
				if !slices.Contains(tt.got, want) {
					t.Errorf("%v lacks %q", tt.got, want)
				}
			}
			for _, not := range tt.hasNot {
				if slices.Contains(tt.got, not) {
					t.Errorf("%v has %q", tt.got, not)
				}
			}
		})
	}
	if got := names(v, v.MadeBy(index(t, v, "triple sec"))); !slices.Equal(got, []string{"cointreau", "triple sec"}) {
		t.Errorf("triple sec is made by %v, want cointreau and triple sec", got)
	}
}

// The false friends of the issue, each of which a name's words suggest
// and the vocabulary must keep apart.
func TestFalseFriendsStayApart(t *testing.T) {
	v := embeddedVocab(t)
	related := func(a, b string) bool {
		ia, ib := index(t, v, a), index(t, v, b)
		return slices.Contains(v.Accepts(ia), int32(ib)) || slices.Contains(v.Accepts(ib), int32(ia))
	}
	pairs := []struct{ a, b string }{
		{"orange juice", "orange liqueur"}, {"ginger beer", "gin"}, {"ginger beer", "beer"},
		{"apricot brandy", "brandy"}, {"cherry liqueur", "brandy"}, {"coffee liqueur", "brandy"},
		{"peppermint schnapps", "rum"}, {"butterscotch schnapps", "scotch whisky"},
		{"sloe gin", "gin"}, {"irish cream liqueur", "whiskey"}, {"irish cream liqueur", "cream"},
		{"southern comfort", "whiskey"}, {"drambuie", "scotch whisky"}, {"grand marnier", "cognac"},
		{"cream of coconut", "cream"}, {"coconut cream", "cream of coconut"}, {"bitter lemon", "bitters"},
		{"lime cordial", "lime juice"}, {"root beer", "beer"}, {"sugar cane juice", "sugar"},
		{"cachaça", "rum"}, {"coconut rum", "coconut cream"}, {"maraschino cherry", "maraschino liqueur"},
		{"elderflower cordial", "elderflower liqueur"}, {"green ginger wine", "wine"}, {"sherry", "wine"},
		{"advocaat", "egg"},
	}
	for _, p := range pairs {
		if related(p.a, p.b) {
			t.Errorf("%s and %s are related: one finds or stands in for the other", p.a, p.b)
		}
	}
	for _, typed := range []string{"rhumple minze", "rumple minze"} {
		if got, _ := v.Resolve(typed); got != "peppermint schnapps" {
			t.Errorf("%q resolves to %q", typed, got)
		}
	}
	if _, ok := v.Resolve("butterscotch"); ok {
		t.Error("butterscotch alone names an entry")
	}
	if got := v.Key("Rhumple Minze"); got != "rhumple minze" {
		t.Errorf("Key(Rhumple Minze) = %q: rhum is replaced inside a word", got)
	}
}

// cocktailDBNames are the first hundred ingredients TheCocktailDB lists
// (list.php?i=list), as it spells them.
var cocktailDBNames = []string{
	"Light rum", "Bourbon", "Vodka", "Gin", "Blended whiskey", "Tequila", "Sweet Vermouth",
	"Apricot brandy", "Triple sec", "Southern Comfort", "Orange bitters", "Brandy", "Lemon vodka",
	"Dry Vermouth", "Dark rum", "Amaretto", "Tea", "Applejack", "Champagne", "Scotch",
	"Coffee liqueur", "Añejo rum", "Bitters", "Sugar", "Kahlua", "Dubonnet Rouge", "Lime juice",
	"Irish whiskey", "Apple brandy", "Carbonated water", "Cherry brandy", "Creme de Cacao",
	"Grenadine", "Port", "Coffee brandy", "Red wine", "Rum", "Grapefruit juice", "Ricard", "Sherry",
	"Cognac", "Sloe gin", "Strawberry schnapps", "Apple juice", "Pineapple juice", "Lemon juice",
	"Sugar syrup", "Milk", "Strawberries", "Chocolate syrup", "Yoghurt", "Mango", "Ginger", "Lime",
	"Cantaloupe", "Berries", "Grapes", "Kiwi", "Tomato juice", "Cocoa powder", "Chocolate",
	"Heavy cream", "Galliano", "Peach Vodka", "Ouzo", "Coffee", "Spiced rum", "Water", "Espresso",
	"Angelica root", "Orange", "Cranberries", "Johnnie Walker", "Apple cider", "Everclear",
	"Cranberry juice", "Egg yolk", "Egg", "Grape juice", "Peach nectar", "Lemon", "Firewater",
	"Lemonade", "Lager", "Whiskey", "Absolut Citron", "Pisco", "Irish cream", "Ale",
	"Chocolate liqueur", "Midori melon liqueur", "Sambuca", "Cider", "Sprite", "7-Up",
	"Blackberry brandy", "Peppermint schnapps", "Creme de Cassis", "Jack Daniels", "Baileys irish cream",
}

// The names of the two foreign catalogs resolve through the vocabulary,
// but for the few it leaves to be ingredients of their own: fruit and
// flavours whose words a search should match freely, and brands and
// oddities too rare to name.
func TestForeignCatalogsNamesResolve(t *testing.T) {
	v := embeddedVocab(t)
	wantUnknown := []string{"berries", "cantaloupe", "chocolate", "cranberries", "firewater", "ginger", "grapes", "kiwi", "mango", "strawberries"}
	var unknown []string
	for _, name := range cocktailDBNames {
		if _, ok := v.Resolve(name); !ok {
			unknown = append(unknown, strings.ToLower(name))
		}
	}
	slices.Sort(unknown)
	if !slices.Equal(unknown, wantUnknown) {
		t.Errorf("TheCocktailDB names the vocabulary does not know: %q, want %q", unknown, wantUnknown)
	}
	spot := map[string]string{
		"Light rum": "white rum", "Scotch": "scotch whisky", "Blended whiskey": "blended whiskey",
		"Kahlua": "coffee liqueur", "Coffee brandy": "coffee liqueur", "Cherry brandy": "cherry liqueur",
		"Blackberry brandy": "crème de mûre", "Apricot brandy": "apricot brandy", "Ricard": "pastis",
		"Johnnie Walker": "scotch whisky", "Jack Daniels": "tennessee whiskey", "Absolut Citron": "citrus vodka",
		"Carbonated water": "soda water", "Yoghurt": "yogurt", "7-Up": "lemon-lime soda", "Everclear": "grain alcohol",
	}
	for typed, want := range spot {
		if got, _ := v.Resolve(typed); got != want {
			t.Errorf("Resolve(%q) = %q, want %q", typed, got, want)
		}
	}
}

func TestTheReferenceCatalogsNamesResolve(t *testing.T) {
	imported := importReference(t)
	if len(imported.Cocktails) != 249 || len(imported.Skipped) != 0 {
		t.Errorf("imported %d of 249, skipped %+v", len(imported.Cocktails), imported.Skipped)
	}
	want := []string{
		"blue maui", "candy", "firewater", "fruit", "mini-snickers bars", "schweppes russchian",
		"surge", "tropical berry kool-aid",
	}
	for _, name := range want {
		if !slices.Contains(imported.Unknown, name) {
			t.Errorf("the import report lacks %q among the names it does not know: %q", name, imported.Unknown)
		}
	}
	if len(imported.Unknown) > 30 {
		t.Errorf("%d names unknown to the vocabulary: %q", len(imported.Unknown), imported.Unknown)
	}
	byName := map[string]Cocktail{}
	for _, c := range imported.Cocktails {
		byName[strings.ToLower(c.Name)] = c
	}
	// The splits the reference catalog had are one ingredient each now.
	for _, c := range imported.Cocktails {
		for _, ing := range c.Ingredients {
			switch ing.Name {
			case "scotch", "blended scotch", "coca-cola", "light rum", "light rhum", "bacardi limon", "rhum", "whisky":
				t.Errorf("%s keeps the raw name %q", c.Name, ing.Name)
			}
		}
	}
	if c, ok := byName["410 gone"]; !ok || c.Instructions != noInstructions {
		t.Errorf("410 gone = %+v", c)
	}
}

func TestAWordAndItsPluralHaveOneStem(t *testing.T) {
	for plural, word := range map[string]string{
		"limes": "lime", "eggs": "egg", "cherries": "cherry", "peaches": "peach", "glasses": "glass",
		"tomatoes": "tomato", "mangos": "mango", "leaves": "leaf", "bitters": "bitter", "camparis": "campari",
		"cointreaus": "cointreau", "drambuies": "drambuie", "chilis": "chili", "chilies": "chili",
		"brandies": "brandy", "pies": "pie", "ales": "ale", "gins": "gin",
	} {
		if stem(plural) != stem(word) {
			t.Errorf("stem(%q) = %q, stem(%q) = %q", plural, stem(plural), word, stem(word))
		}
	}
	for _, pair := range [][2]string{{"gin", "ginger"}, {"lime", "limo"}, {"rum", "rumple"}, {"whiskey", "whisky"}, {"glass", "glas"}} {
		if stem(pair[0]) == stem(pair[1]) {
			t.Errorf("%q and %q share the stem %q", pair[0], pair[1], stem(pair[0]))
		}
	}
}

// FuzzResolve feeds names of any shape to resolution: it never panics,
// keys are stable, and whatever resolves resolves to a name that resolves
// to itself, however it is cased.
func FuzzResolve(f *testing.F) {
	for _, seed := range []string{
		"whisky", "Light Rhum", "limes", "Peychaud's", "Coca-Cola", "crème de mûre", "", " ", "\xff",
		"ǅ", "ﬁ", "İstanbul", "a\u0301", "🍸", "st. germain", "rhumple minze", "bitterss", "ß", "cherries", "drambuie", "ǿ", strings.Repeat("rum ", 200),
	} {
		f.Add(seed)
	}
	v := embeddedVocab(f)
	f.Fuzz(func(t *testing.T, name string) {
		key := v.Key(name)
		if again := v.Key(key); again != key {
			t.Fatalf("Key(%q) = %q, but Key of that is %q", name, key, again)
		}
		if !utf8.ValidString(key) && utf8.ValidString(name) {
			t.Fatalf("Key(%q) = %q is not UTF-8", name, key)
		}
		canonical, ok := v.Resolve(name)
		if !ok {
			return
		}
		if again, ok := v.Resolve(canonical); !ok || again != canonical {
			t.Fatalf("%q resolves to %q, which resolves to %q", name, canonical, again)
		}
		if upper, _ := v.Resolve(strings.ToUpper(name)); upper != canonical && utf8.ValidString(name) && strings.ToLower(strings.ToUpper(name)) == strings.ToLower(name) {
			t.Fatalf("%q resolves to %q, its upper case to %q", name, canonical, upper)
		}
	})
}
