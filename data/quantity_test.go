package data

import "testing"

func TestForeignQuantitiesParse(t *testing.T) {
	tests := []struct {
		name    string
		written string
		want    measure
	}{
		{"ounces become ml at 30 ml an ounce", "2 oz", measure{amount: 60, unit: "ml"}},
		{"a mixed number of ounces is summed", "1 1/2 oz", measure{amount: 45, unit: "ml"}},
		{"a mixed number may be hyphenated", "1-1/2 oz", measure{amount: 45, unit: "ml"}},
		{"a quarter ounce rounds to the half ml", "1/4 oz", measure{amount: 7.5, unit: "ml"}},
		{"a decimal with a comma is a decimal", "1,5 cl", measure{amount: 15, unit: "ml"}},
		{"words after the unit describe the ingredient", "1/2 oz white", measure{amount: 15, unit: "ml", qualifier: "white"}},
		{"centilitres are ten ml", "2 cl", measure{amount: 20, unit: "ml"}},
		{"three centilitres are thirty ml", "3 cl", measure{amount: 30, unit: "ml"}},
		{"a unit glued to its amount is read", "70ml", measure{amount: 70, unit: "ml"}},
		{"the same measure written twice keeps the first", "70ml/2fl oz", measure{amount: 70, unit: "ml"}},
		{"a measure in brackets after another is dropped", "1 1/2 oz (45 ml)", measure{amount: 45, unit: "ml"}},
		{"one dash is a dash", "1 dash", measure{amount: 1, unit: "dash"}},
		{"dashes are dashes", "2 dashes", measure{amount: 2, unit: "dash"}},
		{"a teaspoon is a tsp", "1 tsp", measure{amount: 1, unit: "tsp"}},
		{"tblsp is a tbsp", "1 tblsp", measure{amount: 1, unit: "tbsp"}},
		{"tablespoons are tbsp", "4 tablespoons", measure{amount: 4, unit: "tbsp"}},
		{"a shot is 45 ml", "1 shot", measure{amount: 45, unit: "ml"}},
		{"a jigger is 45 ml", "1 jigger", measure{amount: 45, unit: "ml"}},
		{"a quarter cup is 60 ml", "1/4 cup", measure{amount: 60, unit: "ml"}},
		{"a range takes its lower bound", "2-3 drops", measure{amount: 2, unit: "drop"}},
		{"a spaced range takes its lower bound", "2 - 3 oz", measure{amount: 60, unit: "ml"}},
		{"a range in words takes its lower bound", "1 to 2 dashes", measure{amount: 1, unit: "dash"}},
		{"a bare number counts whole ones", "2", measure{amount: 2, unit: "whole"}},
		{"a bare fraction counts part of one", "1/2", measure{amount: 0.5, unit: "whole"}},
		{"a third is rounded to hundredths", "1/3", measure{amount: 0.33, unit: "whole"}},
		{"a splash is a splash", "1 splash", measure{amount: 1, unit: "splash"}},
		{"a pinch alone is one pinch", "Pinch", measure{amount: 1, unit: "pinch"}},
		{"an article counts one", "a dash", measure{amount: 1, unit: "dash"}},
		{"slices are slices", "2 slices", measure{amount: 2, unit: "slice"}},
		{"wedges are wedges", "2 wedges", measure{amount: 2, unit: "wedge"}},
		{"cubes are cubes", "8 cubes", measure{amount: 8, unit: "cube"}},
		{"sprigs are sprigs", "2 sprigs", measure{amount: 2, unit: "sprig"}},
		{"leaves are leaves", "6 leaves", measure{amount: 6, unit: "leaf"}},
		{"a unit with a full stop is read", "1 tsp.", measure{amount: 1, unit: "tsp"}},
		{"a half fraction character is a half", "½ oz", measure{amount: 15, unit: "ml"}},
		{"a fraction character after a number adds to it", "1½ oz", measure{amount: 45, unit: "ml"}},
		{"a trailing of is dropped", "1 slice of", measure{amount: 1, unit: "slice"}},
		{"fill with tops up", "Fill with", measure{unit: "top"}},
		{"top up with tops up", "Top up with", measure{unit: "top"}},
		{"top alone tops up", "Top", measure{unit: "top"}},
		{"to fill tops up", "To fill", measure{unit: "top"}},
		{"juice of half a fruit stays text", "Juice of 1/2", measure{text: "Juice of 1/2"}},
		{"a twist stays text", "1 twist of", measure{text: "1 twist of"}},
		{"parts are ratios and stay text", "1 part", measure{text: "1 part"}},
		{"to taste stays text", "to taste", measure{text: "to taste"}},
		{"a bare number followed by words stays text", "3 large", measure{text: "3 large"}},
		{"a weight stays text", "50 gr", measure{text: "50 gr"}},
		{"a unit alone in the plural stays text", "Cubes", measure{text: "Cubes"}},
		{"an article without a unit stays text", "a few", measure{text: "a few"}},
		{"a long description stays text", "1 oz of the finest aged rum you have", measure{text: "1 oz of the finest aged rum you have"}},
		{"a zero amount stays text", "0 oz", measure{text: "0 oz"}},
		{"a division by zero stays text", "1/0 oz", measure{text: "1/0 oz"}},
		{"text keeps its case but not its extra spaces", "  Juice  of 1 ", measure{text: "Juice of 1"}},
		{"an empty quantity is as needed", "", measure{text: unknownMeasure}},
		{"a blank quantity is as needed", "  ", measure{text: unknownMeasure}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseMeasure(tt.written); got != tt.want {
				t.Errorf("parseMeasure(%q) = %+v, want %+v", tt.written, got, tt.want)
			}
		})
	}
}
