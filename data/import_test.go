package data

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// referenceCatalog is a real copy of the Next.js reference app's catalog,
// kept outside the module: the tests that read it are skipped without it.
const referenceCatalog = "../../shared/reference/nextjs-reference-cocktails.json"

func readFixture(t testing.TB, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestTheFormatIsDetected(t *testing.T) {
	tests := []struct {
		name   string
		json   string
		format string
		err    string
	}{
		{"a Barkeep catalog is barkeep", string(readFixture(t, "testdata/catalog.json")), FormatBarkeep, ""},
		{"a Next.js catalog is nextjs", string(readFixture(t, "testdata/nextjs-sample.json")), FormatNextJS, ""},
		{"a TheCocktailDB answer is cocktaildb", string(readFixture(t, "testdata/cocktaildb-sample.json")), FormatCocktailDB, ""},
		{"a Next.js catalog without pictures is told by its quantities", `[{"name":"Gin Shot","category":"Shot","glass":"Shot glass","instructions":"Pour.","ingredients":[{"quantity":"1 oz","name":"Gin"}]}]`, FormatNextJS, ""},
		{"a stray value among Next.js entries does not hide the format", `[42,{"picture":"x","name":"Gin Shot","category":"Shot","glass":"Shot glass","instructions":"Pour.","ingredients":[{"quantity":"1 oz","name":"Gin"}]}]`, FormatNextJS, ""},
		{"a byte order mark is ignored", "\uFEFF" + `{"drinks":[{"strDrink":"Gin Shot","strCategory":"Shot","strGlass":"Shot glass","strInstructions":"Pour.","strIngredient1":"Gin","strMeasure1":"1 oz"}]}`, FormatCocktailDB, ""},
		{"a Barkeep entry among Next.js ones keeps Barkeep's strictness", `[{"picture":"x","name":"A"},{"id":"b","name":"B","base":"gin"}]`, "", "barkeep catalog"},
		{"a broken array is refused as Barkeep's", `[{"id":`, "", "barkeep catalog: decode JSON"},
		{"an object without drinks is refused", `{"cocktails":[]}`, "", `expected a Barkeep catalog`},
		{"drinks that are not an array are refused", `{"drinks":"none found"}`, "", "cocktaildb catalog: decode JSON"},
		{"no drinks is no cocktail", `{"drinks":null}`, "", "no usable cocktail"},
		{"a bare string is refused", `"cocktails"`, "", "not a JSON array or object"},
		{"an empty file is refused", ``, "", "not a JSON array or object"},
		{"a broken object is refused", `{"drinks":[`, "", "decode JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imported, err := Import([]byte(tt.json))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Import error = %v, want one mentioning %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if imported.Format != tt.format {
				t.Errorf("format = %q, want %q", imported.Format, tt.format)
			}
		})
	}
}

func TestTheNextJSSampleImports(t *testing.T) {
	imported, err := Import(readFixture(t, "testdata/nextjs-sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	byID := cocktailsByID(imported.Cocktails)
	wantIDs := []string{"57-chevy-with-a-white-license-plate", "americano", "410-gone", "amaretto-liqueur", "french-75", "french-75-2", "pina-colada"}
	if got := ids(imported.Cocktails); !reflect.DeepEqual(got, wantIDs) {
		t.Errorf("ids = %v, want %v", got, wantIDs)
	}

	t.Run("a qualifier in the quantity joins the name and a later spirit is the base", func(t *testing.T) {
		want := Cocktail{
			ID: "57-chevy-with-a-white-license-plate", Name: "'57 chevy with a white license plate",
			Category: "Cocktail", Base: "vodka", Glass: "highball", Method: "stir",
			Ingredients: []Ingredient{
				{Name: "white crème de cacao", Amount: 30, Unit: "ml"},
				{Name: "vodka", Amount: 30, Unit: "ml"},
			},
			Instructions: "1. Fill a rocks glass with ice 2.add white creme de cacao and vodka 3.stir",
		}
		if got := byID[want.ID]; !reflect.DeepEqual(got, want) {
			t.Errorf("got  %+v\nwant %+v", got, want)
		}
	})
	t.Run("names and instructions are trimmed and the garnish is found", func(t *testing.T) {
		want := Cocktail{
			ID: "americano", Name: "Americano", Category: "Ordinary drink", Base: "amaro",
			Glass: "collins", Method: "build",
			Ingredients: []Ingredient{
				{Name: "campari", Amount: 30, Unit: "ml"},
				{Name: "sweet vermouth", Amount: 30, Unit: "ml"},
				{Name: "soda water", Unit: UnitTop},
				{Name: "lemon peel", Text: "Twist of"},
				{Name: "orange peel", Text: unknownMeasure},
			},
			Garnish:      "half orange slice",
			Instructions: "Pour the Campari and vermouth over ice into glass, add a splash of soda water and garnish with half orange slice.",
		}
		if got := byID[want.ID]; !reflect.DeepEqual(got, want) {
			t.Errorf("got  %+v\nwant %+v", got, want)
		}
	})
	t.Run("an ingredient listed twice keeps its first line", func(t *testing.T) {
		var water []Ingredient
		for _, ing := range byID["amaretto-liqueur"].Ingredients {
			if ing.Name == "water" {
				water = append(water, ing)
			}
		}
		if want := []Ingredient{{Name: "water", Amount: 180, Unit: "ml"}}; !reflect.DeepEqual(water, want) {
			t.Errorf("water = %+v, want %+v", water, want)
		}
	})
	t.Run("colours in the quantity keep food colorings apart", func(t *testing.T) {
		names := ingredientNames(byID["amaretto-liqueur"])
		for _, want := range []string{"yellow food coloring", "red food coloring", "glycerine"} {
			if !strings.Contains(names, want) {
				t.Errorf("ingredients %s lack %q", names, want)
			}
		}
	})
	t.Run("a name taken twice is numbered", func(t *testing.T) {
		if got := byID["french-75-2"].Name; got != `French "75"` {
			t.Errorf("french-75-2 is %q", got)
		}
	})
	t.Run("a recipe without instructions is kept and says so", func(t *testing.T) {
		if got := byID["410-gone"].Instructions; got != noInstructions {
			t.Errorf("410 gone has instructions %q", got)
		}
		if want := []Skip{{"410 gone", "no instructions"}}; !reflect.DeepEqual(imported.Amended, want) {
			t.Errorf("amended = %+v, want %+v", imported.Amended, want)
		}
	})
	t.Run("accents are folded in the id only", func(t *testing.T) {
		c := byID["pina-colada"]
		if c.Name != "Piña Colada" || c.Method != "blend" || c.Glass != "hurricane" || c.Base != "rum" {
			t.Errorf("pina-colada = %+v", c)
		}
	})
	t.Run("unusable entries are reported with their name or position", func(t *testing.T) {
		want := []Skip{
			{"entry 4", "no name"},
			{"Empty Glass", "no ingredients"},
			{"Typo Punch", "malformed entry: field ingredients.quantity: a JSON number where a string was expected"},
		}
		if !reflect.DeepEqual(imported.Skipped, want) {
			t.Errorf("skipped = %+v, want %+v", imported.Skipped, want)
		}
	})
}

func TestTheCocktailDBSampleImports(t *testing.T) {
	imported, err := Import(readFixture(t, "testdata/cocktaildb-sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	byID := cocktailsByID(imported.Cocktails)
	wantIDs := []string{"margarita", "kitchen-sink-punch", "gap-sour", "no-instructions", "pina-colada", "pina-colada-2", "mojito", "cuba-libre"}
	if got := ids(imported.Cocktails); !reflect.DeepEqual(got, wantIDs) {
		t.Errorf("ids = %v, want %v", got, wantIDs)
	}

	t.Run("a drink converts with its null measure as needed", func(t *testing.T) {
		want := Cocktail{
			ID: "margarita", Name: "Margarita", Category: "Ordinary Drink", Base: "tequila",
			Glass: "cocktail", Method: "shake",
			Ingredients: []Ingredient{
				{Name: "tequila", Amount: 45, Unit: "ml"},
				{Name: "triple sec", Amount: 15, Unit: "ml"},
				{Name: "lime juice", Amount: 30, Unit: "ml"},
				{Name: "salt", Text: unknownMeasure},
			},
			Instructions: "Rub the rim of the glass with the lime slice to make the salt stick to it. Shake the other ingredients with ice, then carefully pour into the glass.",
		}
		if got := byID["margarita"]; !reflect.DeepEqual(got, want) {
			t.Errorf("got  %+v\nwant %+v", got, want)
		}
	})
	t.Run("all fifteen ingredient slots are read", func(t *testing.T) {
		want := []Ingredient{
			{Name: "white rum", Amount: 15, Unit: "ml"},
			{Name: "dark rum", Amount: 45, Unit: "ml"},
			{Name: "vodka", Amount: 20, Unit: "ml"},
			{Name: "lime", Text: "Juice of 1/2"},
			{Name: "angostura bitters", Amount: 2, Unit: "drop"},
			{Name: "gin", Text: "1 part"},
			{Name: "bourbon whiskey", Amount: 45, Unit: "ml"},
			{Name: "orange juice", Amount: 60, Unit: "ml"},
			{Name: "simple syrup", Amount: 1, Unit: "tbsp"},
			{Name: "grenadine", Amount: 1, Unit: "tsp"},
			{Name: "orange bitters", Amount: 3, Unit: "dash"},
			{Name: "coffee liqueur", Amount: 45, Unit: "ml"},
			{Name: "pineapple juice", Amount: 70, Unit: "ml"},
			{Name: "lemon", Amount: 1, Unit: "slice"},
			{Name: "ginger ale", Unit: UnitTop},
		}
		if got := byID["kitchen-sink-punch"].Ingredients; !reflect.DeepEqual(got, want) {
			t.Errorf("got  %+v\nwant %+v", got, want)
		}
	})
	t.Run("an empty ingredient slot ends the list", func(t *testing.T) {
		if got := ingredientNames(byID["gap-sour"]); got != "whiskey, lemon juice" {
			t.Errorf("gap-sour has %s", got)
		}
	})
	t.Run("a fruit listed twice keeps its first line", func(t *testing.T) {
		if got := ingredientNames(byID["mojito"]); got != "white rum, lime, sugar, mint leaves, soda water" {
			t.Errorf("mojito has %s", got)
		}
	})
	t.Run("unusable drinks are reported with their name or position", func(t *testing.T) {
		want := []Skip{
			{"entry 5", "no name"},
			{"Numbered Glass", "malformed entry: field strGlass: a JSON number where a string was expected"},
		}
		if !reflect.DeepEqual(imported.Skipped, want) {
			t.Errorf("skipped = %+v, want %+v", imported.Skipped, want)
		}
	})
}

func TestSkippedEntriesAreReportedWhileTheRestLoads(t *testing.T) {
	drink := func(name, glass, instructions, ingredient string) string {
		out, err := json.Marshal(map[string]any{
			"strDrink": name, "strCategory": "Shot", "strGlass": glass, "strInstructions": instructions,
			"strIngredient1": ingredient, "strMeasure1": "1 oz", "strIngredient2": nil,
		})
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	raw := `{"drinks":[` + strings.Join([]string{
		drink("Good", "Shot glass", "Pour.", "Gin"),
		drink("No Glass", "", "Pour.", "Gin"),
		drink("No Ingredient", "Shot glass", "Pour.", ""),
		`null`,
		`42`,
		drink("Also Good", "Shot glass", "Pour.", "Vodka"),
	}, ",") + `]}`
	imported, err := Import([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(imported.Cocktails); !reflect.DeepEqual(got, []string{"good", "also-good"}) {
		t.Errorf("imported %v, want good and also-good", got)
	}
	want := []Skip{
		{"No Glass", "no glass"},
		{"No Ingredient", "no ingredients"},
		{"entry 4", "no name"},
		{"entry 5", "malformed entry: a JSON number where an object was expected"},
	}
	if !reflect.DeepEqual(imported.Skipped, want) {
		t.Errorf("skipped = %+v, want %+v", imported.Skipped, want)
	}
}

func TestAForeignCatalogWithNothingUsableIsRefused(t *testing.T) {
	_, err := Import([]byte(`[{"picture":"x","name":"Dry Glass","category":"Shot","glass":"Shot glass","instructions":"Pour.","ingredients":[]}]`))
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v is not ErrInvalid", err)
	}
	for _, want := range []string{"nextjs", "no usable cocktail", "Dry Glass", "no ingredients"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestABarkeepCatalogKeepsItsStrictness(t *testing.T) {
	raw := strings.Replace(string(readFixture(t, "testdata/catalog.json")), `"unit": "ml"`, `"unit": "gallon"`, 1)
	_, err := Import([]byte(raw))
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v is not ErrInvalid", err)
	}
	for _, want := range []string{"entry 1", "Negroni", "gallon"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestImportedCatalogsLoadBackUnchanged(t *testing.T) {
	for _, path := range []string{"testdata/catalog.json", "testdata/nextjs-sample.json", "testdata/cocktaildb-sample.json", "cocktails.json"} {
		t.Run(path, func(t *testing.T) {
			imported, err := Import(readFixture(t, path))
			if err != nil {
				t.Fatal(err)
			}
			assertRoundTrip(t, imported.Cocktails)
		})
	}
}

// assertRoundTrip checks that cocktails written as the import command writes
// them read back with Parse as they were.
func assertRoundTrip(t testing.TB, cocktails []Cocktail) {
	t.Helper()
	written, err := json.MarshalIndent(cocktails, "", "  ")
	if err != nil {
		t.Fatalf("write the import: %v", err)
	}
	read, err := Parse(written)
	if err != nil {
		t.Fatalf("read the import back: %v", err)
	}
	if !reflect.DeepEqual(read, cocktails) {
		t.Errorf("the import reads back changed")
	}
}

// importReference imports the reference app's catalog, when it is there.
func importReference(t *testing.T) Imported {
	t.Helper()
	raw, err := os.ReadFile(referenceCatalog)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("no reference catalog at %s", referenceCatalog)
	}
	if err != nil {
		t.Fatal(err)
	}
	imported, err := Import(raw)
	if err != nil {
		t.Fatal(err)
	}
	return imported
}

func TestTheReferenceCatalogImports(t *testing.T) {
	imported := importReference(t)
	if imported.Format != FormatNextJS {
		t.Errorf("format = %q, want %q", imported.Format, FormatNextJS)
	}
	if total := len(imported.Cocktails) + len(imported.Skipped); total != 249 {
		t.Errorf("%d imported + %d skipped = %d entries, want 249", len(imported.Cocktails), len(imported.Skipped), total)
	}
	if len(imported.Cocktails) < 240 {
		t.Errorf("imported %d cocktails, want at least 240; skipped %+v", len(imported.Cocktails), imported.Skipped)
	}
	for _, c := range imported.Cocktails {
		if err := c.validate(); err != nil {
			t.Errorf("%s: %v", c.ID, err)
		}
	}
	assertRoundTrip(t, imported.Cocktails)
}

func TestLoadFileReadsEveryFormat(t *testing.T) {
	for _, path := range []string{"testdata/catalog.json", "testdata/nextjs-sample.json", "testdata/cocktaildb-sample.json"} {
		t.Run(path, func(t *testing.T) {
			cocktails, err := LoadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(cocktails) < 5 {
				t.Errorf("LoadFile(%s) read %d cocktails", path, len(cocktails))
			}
		})
	}
}

func TestImportFileNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "drinks.json")
	if err := os.WriteFile(path, []byte(`{"drinks":null}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportFile(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("ImportFile error %v does not name %s", err, path)
	}
	imported, err := ImportFile("testdata/cocktaildb-sample.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(imported.Skipped) == 0 {
		t.Error("ImportFile reported no skipped drink")
	}
}

// FuzzImport checks that Import never panics and that whatever it accepts is
// a valid catalog that survives being written and read back.
func FuzzImport(f *testing.F) {
	for _, path := range []string{"testdata/catalog.json", "testdata/nextjs-sample.json", "testdata/cocktaildb-sample.json"} {
		f.Add(readFixture(f, path))
	}
	f.Add([]byte(`[{"picture":"","name":"X","category":"c","glass":"g","instructions":"i","ingredients":[{"quantity":"1-1/2 oz","name":"Gin"}]}]`))
	f.Add([]byte(`{"drinks":[{"strDrink":"X","strCategory":"c","strGlass":"g","strInstructions":"i","strIngredient1":"Rhum","strMeasure1":"½ oz white"}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		imported, err := Import(raw)
		if err != nil {
			return
		}
		switch imported.Format {
		case FormatBarkeep, FormatNextJS, FormatCocktailDB:
		default:
			t.Fatalf("unknown format %q", imported.Format)
		}
		if len(imported.Cocktails) == 0 {
			t.Fatal("Import succeeded with no cocktail")
		}
		assertRoundTrip(t, imported.Cocktails)
	})
}

func cocktailsByID(cocktails []Cocktail) map[string]Cocktail {
	byID := make(map[string]Cocktail, len(cocktails))
	for _, c := range cocktails {
		byID[c.ID] = c
	}
	return byID
}

func ids(cocktails []Cocktail) []string {
	var out []string
	for _, c := range cocktails {
		out = append(out, c.ID)
	}
	return out
}

func ingredientNames(c Cocktail) string {
	var names []string
	for _, ing := range c.Ingredients {
		names = append(names, ing.Name)
	}
	return strings.Join(names, ", ")
}

// Instructions written on Windows keep their lines, as newlines: a carriage
// return would send the terminal's cursor back over the line drawn.
func TestImportedInstructionsEndLinesWithNewlines(t *testing.T) {
	raw := `[{"id":"x","name":"Americano","category":"Cocktail","glass":"Highball glass",` +
		`"instructions":"Build over ice.\r\nTop with soda.\tStir.\rGarnish with orange.",` +
		`"ingredients":[{"quantity":"1 oz","name":"Campari"},{"quantity":"1 oz","name":"Sweet Vermouth"}]}]`
	imported, err := Import([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if len(imported.Cocktails) != 1 {
		t.Fatalf("imported %d cocktails, skipped %+v", len(imported.Cocktails), imported.Skipped)
	}
	want := "Build over ice.\nTop with soda. Stir.\nGarnish with orange."
	if got := imported.Cocktails[0].Instructions; got != want {
		t.Errorf("instructions %q, want %q", got, want)
	}
}
