package data

import "testing"

func TestIngredientNamesAreNormalised(t *testing.T) {
	tests := []struct {
		name, ingredient, qualifier, want string
	}{
		{"names are lowercase with single spaces", "  Orange   Juice ", "", "orange juice"},
		{"rhum is rum", "Dark rhum", "", "dark rum"},
		{"light rum is white rum", "Light rhum", "", "white rum"},
		{"creme takes its accent", "Creme de Cassis", "", "crème de cassis"},
		{"curacao takes its cedilla", "Blue Curacao", "", "blue curaçao"},
		{"generic whisky is whiskey", "Whisky", "", "whiskey"},
		{"blended whisky is blended whiskey", "Blended whisky", "", "blended whiskey"},
		{"scotch whisky keeps its spelling", "Scotch Whisky", "", "scotch whisky"},
		{"scotch alone is scotch whisky", "Scotch", "", "scotch whisky"},
		{"bourbon is bourbon whiskey", "Bourbon", "", "bourbon whiskey"},
		{"lime alone stays lime", "Lime", "", "lime"},
		{"fresh lime juice is lime juice", "Fresh lime juice", "", "lime juice"},
		{"sugar syrup is simple syrup", "Sugar syrup", "", "simple syrup"},
		{"syrup, simple is simple syrup", "Syrup, simple", "", "simple syrup"},
		{"club soda is soda water", "Club soda", "", "soda water"},
		{"carbonated water is soda water", "Carbonated water", "", "soda water"},
		{"soda is soda water", "Soda", "", "soda water"},
		{"kahlua is coffee liqueur", "Kahlua", "", "coffee liqueur"},
		{"cointreau stays", "Cointreau", "", "cointreau"},
		{"grenadine syrup is grenadine", "Grenadine syrup", "", "grenadine"},
		{"angostura is angostura bitters", "Angostura", "", "angostura bitters"},
		{"coca-cola is cola", "Coca-Cola", "", "cola"},
		{"ice-cream is two words", "Vanilla ice-cream", "", "vanilla ice cream"},
		{"a qualifier joins the name", "Creme de cacao", "white", "white crème de cacao"},
		{"a qualifier is normalised with the name", "Rum", "light", "white rum"},
		{"a brand qualifier is dropped", "151 proof rhum", "bacardi", "overproof rum"},
		{"a brand qualifier is dropped with its product line", "Vodka", "smirnoff red label", "vodka"},
		{"a serving word is dropped", "Champagne", "chilled", "champagne"},
		{"a description the vocabulary does not know goes when the name is known", "Marjoram leaves", "fresh chopped", "marjoram leaves"},
		{"a description stays with a name the vocabulary does not know", "Unicorn tears", "fresh golden", "golden unicorn tears"},
		{"a qualified name can become an alias", "Lime juice", "fresh", "lime juice"},
		{"no name stays no name", "  ", "white", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ingredientName(MustEmbeddedVocabulary(), tt.ingredient, tt.qualifier); got != tt.want {
				t.Errorf("ingredientName(%q, %q) = %q, want %q", tt.ingredient, tt.qualifier, got, tt.want)
			}
		})
	}
}

func TestTheBaseIsTheFirstSpiritElseTheFirstOtherBase(t *testing.T) {
	tests := []struct {
		name        string
		ingredients []string
		want        string
	}{
		{"a spirit listed after a liqueur is the base", []string{"white crème de cacao", "vodka"}, "vodka"},
		{"the first of two spirits is the base", []string{"white rum", "cognac"}, "rum"},
		{"a flavoured spirit is its spirit", []string{"coconut rum", "pineapple juice"}, "rum"},
		{"a cream liqueur is a liqueur, not whiskey", []string{"irish cream liqueur", "coffee"}, "liqueur"},
		{"sloe gin is a liqueur", []string{"sloe gin", "lemon juice"}, "liqueur"},
		{"cherry brandy is a liqueur", []string{"cherry brandy", "cream"}, "liqueur"},
		{"ginger beer is not beer", []string{"ginger beer", "lager"}, "beer"},
		{"a bitter is an amaro", []string{"campari", "sweet vermouth"}, "amaro"},
		{"champagne is sparkling wine", []string{"champagne", "crème de cassis"}, "sparkling wine"},
		{"sherry is wine", []string{"dry sherry", "orange bitters"}, "wine"},
		{"cachaça is cachaça", []string{"cachaça", "lime"}, "cachaça"},
		{"scotch is whiskey", []string{"scotch whisky", "drambuie"}, "whiskey"},
		{"a soft drink has no base", []string{"lemonade", "ice"}, "other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ingredients []Ingredient
			for _, name := range tt.ingredients {
				ingredients = append(ingredients, Ingredient{Name: name, Amount: 1, Unit: "whole"})
			}
			if got := baseOf(ingredients); got != tt.want {
				t.Errorf("baseOf(%v) = %q, want %q", tt.ingredients, got, tt.want)
			}
		})
	}
}
