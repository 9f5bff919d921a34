package data

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmbeddedCatalogValidates(t *testing.T) {
	cocktails, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(cocktails) < 100 {
		t.Errorf("embedded catalog has %d cocktails, want at least 100", len(cocktails))
	}
	categories := map[string]int{}
	for _, c := range cocktails {
		categories[c.Category]++
	}
	for _, iba := range []string{"The Unforgettables", "Contemporary Classics", "New Era Drinks"} {
		if categories[iba] == 0 {
			t.Errorf("no cocktail in IBA category %q", iba)
		}
	}
}

func TestEmbeddedCatalogHasTheIBAClassics(t *testing.T) {
	cocktails, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, c := range cocktails {
		names[c.Name] = true
	}
	for _, want := range []string{"Negroni", "Old Fashioned", "Dry Martini", "Manhattan", "Daiquiri", "Margarita", "Mojito", "Espresso Martini", "Paper Plane", "Penicillin"} {
		if !names[want] {
			t.Errorf("embedded catalog lacks %q", want)
		}
	}
}

func TestMalformedCatalogsAreRefusedNamingEntryAndField(t *testing.T) {
	valid := `{"id":"negroni","name":"Negroni","category":"c","base":"gin","glass":"old fashioned","method":"stir","ingredients":[{"name":"gin","amount":30,"unit":"ml"}],"garnish":"","instructions":"Stir."}`
	withField := func(from, to string) string { return "[" + strings.Replace(valid, from, to, 1) + "]" }
	tests := []struct {
		name  string
		json  string
		wants []string
	}{
		{"empty array", `[]`, []string{"no cocktails"}},
		{"not JSON", `{"cocktails":`, []string{"decode JSON"}},
		{"truncated", `[` + valid[:len(valid)/2], []string{"decode JSON"}},
		{"unknown field", withField(`"garnish"`, `"colour":"red","garnish"`), []string{"colour"}},
		{"bad slug", withField(`"id":"negroni"`, `"id":"Negroni!"`), []string{"entry 1", "Negroni", "field id"}},
		{"missing name", withField(`"name":"Negroni"`, `"name":""`), []string{"entry 1", "field name"}},
		{"missing glass", withField(`"glass":"old fashioned"`, `"glass":" "`), []string{"Negroni", "field glass"}},
		{"no ingredients", withField(`[{"name":"gin","amount":30,"unit":"ml"}]`, `[]`), []string{"Negroni", "field ingredients"}},
		{"unknown unit", withField(`"unit":"ml"`, `"unit":"gallon"`), []string{"Negroni", "ingredients[0]", "unit", "gallon"}},
		{"zero amount", withField(`"amount":30`, `"amount":0`), []string{"Negroni", "ingredients[0]", "amount"}},
		{"amount on top", withField(`"amount":30,"unit":"ml"`, `"amount":30,"unit":"top"`), []string{"Negroni", "amount"}},
		{"uppercase ingredient", withField(`{"name":"gin"`, `{"name":"Gin"`), []string{"Negroni", "ingredients[0]", "lowercase"}},
		{"amount without a unit", withField(`"amount":30,"unit":"ml"`, `"amount":30,"unit":"","text":"a good pour"`), []string{"Negroni", "ingredients[0]", "amount", "without a unit"}},
		{"no unit and no text", withField(`"amount":30,"unit":"ml"`, `"amount":0,"unit":""`), []string{"Negroni", "ingredients[0]", "text", "missing"}},
		{"blank text", withField(`"amount":30,"unit":"ml"`, `"amount":0,"unit":"","text":"  "`), []string{"Negroni", "ingredients[0]", "text", "missing"}},
		{"text beside a unit", withField(`"unit":"ml"`, `"unit":"ml","text":"a good pour"`), []string{"Negroni", "ingredients[0]", "text", "a good pour"}},
		{"duplicate ingredient", withField(`[{"name":"gin","amount":30,"unit":"ml"}]`, `[{"name":"gin","amount":30,"unit":"ml"},{"name":"gin","amount":10,"unit":"ml"}]`), []string{"Negroni", "listed twice"}},
		{"escape in a name", withField(`"name":"Negroni"`, `"name":"Negroni\u001b[2J"`), []string{"entry 1", "field name", "U+001B"}},
		{"newline in a glass", withField(`"glass":"old fashioned"`, `"glass":"old\nfashioned"`), []string{"Negroni", "field glass", "U+000A"}},
		{"bell in the instructions", withField(`"instructions":"Stir."`, `"instructions":"Stir.\u0007"`), []string{"Negroni", "field instructions", "U+0007"}},
		{"carriage return in the instructions", withField(`"instructions":"Stir."`, `"instructions":"Stir.\r\nStrain."`), []string{"Negroni", "field instructions", "U+000D"}},
		{"tab in an ingredient", withField(`{"name":"gin"`, `{"name":"dry\tgin"`), []string{"Negroni", "ingredients[0]", "name", "U+0009"}},
		{"duplicate id", "[" + valid + "," + strings.Replace(valid, `"Negroni"`, `"Negroni Again"`, 1) + "]", []string{"entry 2", "Negroni Again", "field id", "entry 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.json))
			if err == nil {
				t.Fatal("Parse accepted a malformed catalog")
			}
			for _, want := range tt.wants {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
		})
	}
}

func TestInvalidEntriesAreMarkedInvalid(t *testing.T) {
	_, err := Parse([]byte(`[{"id":"x"}]`))
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("error %v is not ErrInvalid", err)
	}
}

func TestLoadFileNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.json")
	if err := os.WriteFile(path, []byte("[{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadFile error %v does not name %s", err, path)
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("LoadFile of a missing file succeeded")
	}
}

func TestMeasureReadsLikeARecipe(t *testing.T) {
	tests := []struct {
		ing  Ingredient
		want string
	}{
		{Ingredient{Amount: 30, Unit: "ml"}, "30 ml"},
		{Ingredient{Amount: 7.5, Unit: "ml"}, "7.5 ml"},
		{Ingredient{Amount: 1, Unit: "dash"}, "1 dash"},
		{Ingredient{Amount: 2, Unit: "dash"}, "2 dashes"},
		{Ingredient{Amount: 6, Unit: "leaf"}, "6 leaves"},
		{Ingredient{Amount: 1, Unit: "whole"}, "1"},
		{Ingredient{Unit: "top"}, "top up"},
		{Ingredient{Text: "Juice of 1/2"}, "Juice of 1/2"},
	}
	for _, tt := range tests {
		if got := tt.ing.Measure(); got != tt.want {
			t.Errorf("Measure(%v %s) = %q, want %q", tt.ing.Amount, tt.ing.Unit, got, tt.want)
		}
	}
}

func TestAMeasureGivenAsTextLoads(t *testing.T) {
	raw := `[{"id":"gin-sour","name":"Gin Sour","category":"c","base":"gin","glass":"coupe","method":"shake",` +
		`"ingredients":[{"name":"gin","amount":60,"unit":"ml"},{"name":"lemon","amount":0,"unit":"","text":"Juice of 1/2"}],` +
		`"garnish":"","instructions":"Shake."}]`
	cocktails, err := Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if got := cocktails[0].Ingredients[1].Measure(); got != "Juice of 1/2" {
		t.Errorf("Measure() = %q, want the text", got)
	}
}

func TestFixtureCatalogValidates(t *testing.T) {
	if _, err := LoadFile("testdata/catalog.json"); err != nil {
		t.Fatal(err)
	}
}

func TestIngredientJSONAlwaysHasItsText(t *testing.T) {
	raw, err := json.Marshal([]Ingredient{{Name: "gin", Amount: 30, Unit: "ml"}, {Name: "lemon", Unit: "", Text: "Juice of 1/2"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"name":"gin","amount":30,"unit":"ml","text":"30 ml"},{"name":"lemon","amount":0,"unit":"","text":"Juice of 1/2"}]`
	if string(raw) != want {
		t.Errorf("JSON = %s, want %s", raw, want)
	}
	cocktails, err := Parse([]byte(`[{"id":"g","name":"G","category":"c","base":"gin","glass":"g","method":"stir","ingredients":[{"name":"gin","amount":30,"unit":"ml","text":"30 ml"}],"garnish":"","instructions":"Stir."}]`))
	if err != nil {
		t.Fatalf("a catalog with the text a measure reads as was refused: %v", err)
	}
	if got := cocktails[0].Ingredients[0]; got.Text != "" || got.Measure() != "30 ml" {
		t.Errorf("loaded %+v", got)
	}
}
