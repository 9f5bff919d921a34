package data

import "testing"

func TestSlugsAreLowercaseASCII(t *testing.T) {
	tests := []struct{ name, cocktail, want string }{
		{"accents are folded", "Piña Colada", "pina-colada"},
		{"a leading apostrophe vanishes", "'57 Chevy with a White License Plate", "57-chevy-with-a-white-license-plate"},
		{"an inner apostrophe joins the word", "Bee's Knees", "bees-knees"},
		{"punctuation separates words once", "French \"75\"", "french-75"},
		{"letters without an accent to drop are spelled out", "Straße Æble", "strasse-aeble"},
		{"a name without Latin letters has no slug", "日本酒", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := slug(tt.cocktail); got != tt.want {
				t.Errorf("slug(%q) = %q, want %q", tt.cocktail, got, tt.want)
			}
		})
	}
}

func TestIDsAreMadeUnique(t *testing.T) {
	used := map[string]bool{}
	for _, want := range []string{"french-75", "french-75-2", "french-75-3"} {
		got := uniqueID("french-75", used)
		if got != want {
			t.Errorf("uniqueID = %q, want %q", got, want)
		}
		used[got] = true
	}
	if got := uniqueID("", used); got != "cocktail" {
		t.Errorf("uniqueID of an empty slug = %q, want cocktail", got)
	}
}

func TestGlassesLoseTheWordGlass(t *testing.T) {
	tests := []struct{ name, glass, want string }{
		{"the word glass is dropped", "Highball glass", "highball"},
		{"case and spaces are normalised", "  Cocktail   Glass ", "cocktail"},
		{"a glass named otherwise in the embedded catalog takes its name", "Old-fashioned glass", "old fashioned"},
		{"a flute is a flute", "Champagne flute", "flute"},
		{"a glass not ending in glass stays", "Punch bowl", "punch bowl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := glassName(tt.glass); got != tt.want {
				t.Errorf("glassName(%q) = %q, want %q", tt.glass, got, tt.want)
			}
		})
	}
}

func TestTheMethodComesFromTheInstructions(t *testing.T) {
	tests := []struct{ name, instructions, want string }{
		{"shaking is shake", "Shake with ice and strain.", "shake"},
		{"a shaker is shake", "Pour into a shaker with ice, then strain.", "shake"},
		{"stirring is stir", "Stirred over ice, strained.", "stir"},
		{"blending wins over stirring", "Blend with ice. Pour and stir.", "blend"},
		{"muddling wins over shaking", "Muddle the mint, add rum and shake.", "muddle"},
		{"layering wins over shaking", "Shake the vodka, then layer the cream on top.", "layer"},
		{"a dry shake is a dry shake", "Dry shake to foam the egg, then shake with ice.", "dry shake"},
		{"blended whiskey is not blending", "Pour the blended whiskey over ice.", "build"},
		{"a negated method is not the method", "Pour in order, not layered.", "build"},
		{"milkshake is not shaking", "Serve like a milkshake.", "build"},
		{"no method word is build", "Pour over ice.", "build"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := methodOf(tt.instructions); got != tt.want {
				t.Errorf("methodOf(%q) = %q, want %q", tt.instructions, got, tt.want)
			}
		})
	}
}

func TestTheGarnishComesFromGarnishWith(t *testing.T) {
	tests := []struct{ name, instructions, want string }{
		{"garnish with names the garnish", "Stir. Garnish with a lime wedge.", "lime wedge"},
		{"garnished with names the garnish", "Served garnished with an olive", "olive"},
		{"a condition is not the garnish", "Blend. Garnish with chocolate shavings if desired.", "chocolate shavings"},
		{"the garnish ends with its clause", "Pour, garnish with a cherry, and serve.", "cherry"},
		{"garnish without with names nothing", "Garnish and serve.", ""},
		{"a sentence is not a garnish", "Garnish with whatever you have in the fridge that looks nice enough today", ""},
		{"no garnish is no garnish", "Shake.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := garnishOf(tt.instructions); got != tt.want {
				t.Errorf("garnishOf(%q) = %q, want %q", tt.instructions, got, tt.want)
			}
		})
	}
}
