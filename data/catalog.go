// Package data holds Barkeep's cocktail model and the catalog the binary embeds.
//
// A catalog is a JSON array of cocktails. Loading validates every entry and
// refuses the whole catalog on the first bad one, naming the entry and the
// field, so that a typo never ships as a half-empty bar. Catalogs of other
// apps are imported instead (see Import): converted entry by entry, their
// unusable entries reported and left out.
package data

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed cocktails.json
var embedded []byte

// Cocktail is one drink of the catalog.
type Cocktail struct {
	ID           string       `json:"id"`
	Name         string       `json:"name"`
	Category     string       `json:"category"`
	Base         string       `json:"base"`
	Glass        string       `json:"glass"`
	Method       string       `json:"method"`
	Ingredients  []Ingredient `json:"ingredients"`
	Garnish      string       `json:"garnish"`
	Instructions string       `json:"instructions"`
}

// Ingredient is one measured line of a recipe.
type Ingredient struct {
	Name   string  `json:"name"`
	Amount float64 `json:"amount"`
	Unit   string  `json:"unit"`
	// Text is the measure as a person reads it. Without a unit it is the
	// measure as written in an imported catalog, having no amount and unit
	// to parse into ("Juice of 1/2"); with one, it may be left out of a
	// catalog file and is always Measure() (JSON output always has it).
	Text string `json:"text,omitempty"`
}

// MarshalJSON writes an ingredient with its text always filled in, so that
// readers of Barkeep's JSON need not know how to spell a measure.
func (ing Ingredient) MarshalJSON() ([]byte, error) {
	type plain Ingredient
	withText := plain(ing)
	withText.Text = ing.Measure()
	return json.Marshal(struct {
		plain
		Text string `json:"text"`
	}{withText, withText.Text})
}

// Units are the measures a recipe may use. Liquids are always in ml; "top"
// means "top up with" and is the only unit without an amount. An ingredient
// may also have no unit at all when its measure is only Text.
var Units = []string{
	"ml", "dash", "drop", "barspoon", "tsp", "tbsp", "cube", "piece", "slice",
	"wedge", "leaf", "sprig", "pinch", "splash", "whole", "top",
}

// UnitTop is the unit of an ingredient that tops the glass up.
const UnitTop = "top"

// ErrInvalid marks a catalog that parsed but broke a rule.
var ErrInvalid = errors.New("invalid catalog")

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Embedded returns the catalog compiled into the binary. Its ingredients
// are all the vocabulary's, by their canonical names.
func Embedded() ([]Cocktail, error) {
	cocktails, err := Parse(embedded)
	if err != nil {
		return nil, fmt.Errorf("embedded catalog: %w", err)
	}
	vocabulary, err := EmbeddedVocabulary()
	if err != nil {
		return nil, err
	}
	if err := InVocabulary(vocabulary, cocktails); err != nil {
		return nil, fmt.Errorf("embedded catalog: %w", err)
	}
	return cocktails, nil
}

// InVocabulary checks that every ingredient of cocktails is an entry of
// the vocabulary, named by its canonical name.
func InVocabulary(v *Vocabulary, cocktails []Cocktail) error {
	for i, c := range cocktails {
		for j, ing := range c.Ingredients {
			canonical, ok := v.Resolve(ing.Name)
			switch {
			case !ok:
				return fmt.Errorf("%w: entry %d (%s): field ingredients[%d]: %q is not in the vocabulary", ErrInvalid, i+1, c.label(), j, ing.Name)
			case canonical != ing.Name:
				return fmt.Errorf("%w: entry %d (%s): field ingredients[%d]: %q is the vocabulary's %q: use that name", ErrInvalid, i+1, c.label(), j, ing.Name, canonical)
			}
		}
	}
	return nil
}

// LoadFile reads a catalog file in any format Import reads. The entries of a
// foreign catalog that cannot be used are left out: ImportFile tells which.
func LoadFile(path string) ([]Cocktail, error) {
	imported, err := ImportFile(path)
	if err != nil {
		return nil, err
	}
	return imported.Cocktails, nil
}

// Parse decodes a catalog and validates every entry.
func Parse(raw []byte) ([]Cocktail, error) {
	var cocktails []Cocktail
	decoder := json.NewDecoder(strings.NewReader(string(raw)))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&cocktails); err != nil {
		return nil, fmt.Errorf("decode JSON: %w", err)
	}
	if decoder.More() {
		return nil, fmt.Errorf("decode JSON: unexpected data after the array")
	}
	if len(cocktails) == 0 {
		return nil, fmt.Errorf("%w: no cocktails", ErrInvalid)
	}
	seen := make(map[string]int, len(cocktails))
	for i, c := range cocktails {
		if err := c.validate(); err != nil {
			return nil, fmt.Errorf("%w: entry %d (%s): %w", ErrInvalid, i+1, c.label(), err)
		}
		if first, dup := seen[c.ID]; dup {
			return nil, fmt.Errorf("%w: entry %d (%s): field id: %q already used by entry %d", ErrInvalid, i+1, c.label(), c.ID, first)
		}
		seen[c.ID] = i + 1
		// In memory, text is kept only where it is the measure itself.
		for j := range c.Ingredients {
			if c.Ingredients[j].Unit != "" {
				c.Ingredients[j].Text = ""
			}
		}
	}
	return cocktails, nil
}

func (c Cocktail) label() string {
	if c.Name != "" {
		return fmt.Sprintf("%q", c.Name)
	}
	if c.ID != "" {
		return fmt.Sprintf("id %q", c.ID)
	}
	return "unnamed"
}

// plainText refuses what a terminal would act on instead of showing:
// control characters (newlines aside, where lines are allowed) and invalid
// UTF-8.
func plainText(s string, lines bool) error {
	if !utf8.ValidString(s) {
		return errors.New("not valid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(lines && r == '\n') {
			return fmt.Errorf("holds the control character %U", r)
		}
	}
	return nil
}

func (c Cocktail) validate() error {
	if !slugPattern.MatchString(c.ID) {
		return fmt.Errorf("field id: %q is not a slug (lowercase letters, digits and single hyphens)", c.ID)
	}
	required := []struct{ field, value string }{
		{"name", c.Name}, {"category", c.Category}, {"base", c.Base},
		{"glass", c.Glass}, {"method", c.Method}, {"instructions", c.Instructions},
	}
	for _, r := range required {
		if strings.TrimSpace(r.value) == "" {
			return fmt.Errorf("field %s: missing", r.field)
		}
	}
	oneLine := []struct{ field, value string }{
		{"name", c.Name}, {"category", c.Category}, {"base", c.Base},
		{"glass", c.Glass}, {"method", c.Method}, {"garnish", c.Garnish},
	}
	for _, f := range oneLine {
		if err := plainText(f.value, false); err != nil {
			return fmt.Errorf("field %s: %w", f.field, err)
		}
	}
	if err := plainText(c.Instructions, true); err != nil {
		return fmt.Errorf("field instructions: %w", err)
	}
	if len(c.Ingredients) == 0 {
		return fmt.Errorf("field ingredients: a cocktail needs at least one ingredient")
	}
	names := make(map[string]bool, len(c.Ingredients))
	for i, ing := range c.Ingredients {
		if err := ing.validate(); err != nil {
			return fmt.Errorf("field ingredients[%d]: %w", i, err)
		}
		if names[ing.Name] {
			return fmt.Errorf("field ingredients[%d]: %q is listed twice", i, ing.Name)
		}
		names[ing.Name] = true
	}
	return nil
}

func (ing Ingredient) validate() error {
	if strings.TrimSpace(ing.Name) == "" {
		return fmt.Errorf("name: missing")
	}
	for _, f := range []struct{ field, value string }{{"name", ing.Name}, {"text", ing.Text}} {
		if err := plainText(f.value, false); err != nil {
			return fmt.Errorf("%s: %w", f.field, err)
		}
	}
	if ing.Name != strings.ToLower(strings.TrimSpace(ing.Name)) {
		return fmt.Errorf("name: %q must be lowercase without outer spaces", ing.Name)
	}
	if ing.Unit == "" {
		if ing.Amount != 0 {
			return fmt.Errorf("amount: %v without a unit; a measure given as text takes no amount", ing.Amount)
		}
		if strings.TrimSpace(ing.Text) == "" {
			return fmt.Errorf("text: missing; an ingredient without a unit needs its measure as text")
		}
		return nil
	}
	if !slices.Contains(Units, ing.Unit) {
		return fmt.Errorf("unit: %q is not a known unit (%s)", ing.Unit, strings.Join(Units, ", "))
	}
	if ing.Text != "" && ing.Text != ing.Measure() {
		return fmt.Errorf("text: %q does not read as the amount and unit (%q)", ing.Text, ing.Measure())
	}
	switch {
	case ing.Unit == UnitTop && ing.Amount != 0:
		return fmt.Errorf("amount: %v with unit %q; topping up takes no amount", ing.Amount, UnitTop)
	case ing.Unit != UnitTop && !(ing.Amount > 0):
		return fmt.Errorf("amount: %v must be greater than zero", ing.Amount)
	}
	return nil
}

// plurals are the units whose name changes when there is more than one.
var plurals = map[string]string{
	"dash": "dashes", "drop": "drops", "barspoon": "barspoons", "cube": "cubes",
	"piece": "pieces", "slice": "slices", "wedge": "wedges", "leaf": "leaves",
	"sprig": "sprigs", "pinch": "pinches", "splash": "splashes",
}

// Measure is the amount and unit as a person reads them: "30 ml", "2 dashes",
// "top up", or the text of a measure that has no unit.
func (ing Ingredient) Measure() string {
	switch ing.Unit {
	case "":
		return ing.Text
	case UnitTop:
		return "top up"
	case "whole":
		return formatAmount(ing.Amount)
	}
	unit := ing.Unit
	if plural, ok := plurals[unit]; ok && ing.Amount > 1 {
		unit = plural
	}
	return formatAmount(ing.Amount) + " " + unit
}

func formatAmount(amount float64) string {
	return strconv.FormatFloat(amount, 'f', -1, 64)
}
