package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// The catalog formats Import reads.
const (
	// FormatBarkeep is Barkeep's own catalog, as Parse reads it.
	FormatBarkeep = "barkeep"
	// FormatNextJS is the data/cocktails.json of the Next.js reference app:
	// an array of {id, name, picture, category, glass, instructions,
	// ingredients: [{quantity, name}]}.
	FormatNextJS = "nextjs"
	// FormatCocktailDB is TheCocktailDB API's answer: {"drinks": [{idDrink,
	// strDrink, strCategory, strGlass, strInstructions, strIngredient1..15,
	// strMeasure1..15, ...}]}.
	FormatCocktailDB = "cocktaildb"
)

// cocktailDBSlots is how many ingredients a TheCocktailDB drink has room for.
const cocktailDBSlots = 15

// expectedFormats is what a catalog file may be, for the error that finds none.
const expectedFormats = `expected a Barkeep catalog or a Next.js reference catalog (a JSON array of cocktails) or a TheCocktailDB answer (a JSON object {"drinks": [...]})`

// Imported is a catalog read by Import.
type Imported struct {
	Cocktails []Cocktail
	Format    string // FormatBarkeep, FormatNextJS or FormatCocktailDB
	// Skipped are the entries of a foreign catalog that could not be used,
	// in file order. A Barkeep catalog is refused instead.
	Skipped []Skip
	// Amended are the entries kept with a change the reader should know
	// of (a recipe without instructions), in file order.
	Amended []Skip
	// Unknown are the ingredient names the vocabulary does not know,
	// sorted: each stays an ingredient of its own, which search finds by
	// its name and words only.
	Unknown []string
}

// Skip is an entry of a foreign catalog left out of the import, or kept
// with a change.
type Skip struct {
	Name   string // the entry's name, or "entry N" when it has none
	Reason string
}

// ImportFile reads a catalog file in any format Import reads.
func ImportFile(path string) (Imported, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Imported{}, fmt.Errorf("load catalog %s: %w", path, err)
	}
	imported, err := Import(raw)
	if err != nil {
		return Imported{}, fmt.Errorf("load catalog %s: %w", path, err)
	}
	return imported, nil
}

// Import reads a catalog in Barkeep's format, the Next.js reference app's or
// TheCocktailDB's, telling which from its shape.
//
// A Barkeep catalog is a file we own, held to Parse's rules: its first bad
// entry refuses it. A foreign catalog is converted entry by entry (see
// convert); the entries that cannot be used are reported in Skipped and the
// rest is returned. Every cocktail returned passes Parse's validation.
func Import(raw []byte) (Imported, error) {
	vocabulary, err := EmbeddedVocabulary()
	if err != nil {
		return Imported{}, err
	}
	raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))
	format, err := detectFormat(raw)
	if err != nil {
		return Imported{}, err
	}
	var entries []foreignEntry
	switch format {
	case FormatBarkeep:
		cocktails, err := Parse(raw)
		if err != nil {
			return Imported{}, fmt.Errorf("%s catalog: %w", format, err)
		}
		return Imported{Cocktails: cocktails, Format: format, Unknown: unknownNames(vocabulary, cocktails)}, nil
	case FormatNextJS:
		entries, err = nextJSEntries(raw)
	case FormatCocktailDB:
		entries, err = cocktailDBEntries(raw)
	}
	if err != nil {
		return Imported{}, fmt.Errorf("%s catalog: %w", format, err)
	}
	imported, err := convertAll(vocabulary, format, entries)
	if err != nil {
		return Imported{}, err
	}
	imported.Unknown = unknownNames(vocabulary, imported.Cocktails)
	return imported, nil
}

// unknownNames lists the ingredient names of cocktails the vocabulary does
// not know, sorted.
func unknownNames(v *Vocabulary, cocktails []Cocktail) []string {
	var unknown []string
	for _, c := range cocktails {
		for _, ing := range c.Ingredients {
			if _, ok := v.Index(ing.Name); !ok && !slices.Contains(unknown, ing.Name) {
				unknown = append(unknown, ing.Name)
			}
		}
	}
	slices.Sort(unknown)
	return unknown
}

// detectFormat tells the formats apart by their keys. Arrays are Barkeep's
// unless they have the Next.js keys and none of Barkeep's, so that a broken
// Barkeep catalog is still refused with Parse's precise error.
func detectFormat(raw []byte) (string, error) {
	switch trimmed := bytes.TrimLeft(raw, " \t\r\n"); {
	case len(trimmed) > 0 && trimmed[0] == '[':
		if looksLikeNextJS(raw) {
			return FormatNextJS, nil
		}
		return FormatBarkeep, nil
	case len(trimmed) > 0 && trimmed[0] == '{':
		var object map[string]json.RawMessage
		if err := json.Unmarshal(raw, &object); err != nil {
			return "", fmt.Errorf("decode JSON: %w; %s", err, expectedFormats)
		}
		if _, ok := object["drinks"]; ok {
			return FormatCocktailDB, nil
		}
		return "", fmt.Errorf("unknown catalog format: an object without \"drinks\"; %s", expectedFormats)
	default:
		return "", fmt.Errorf("unknown catalog format: not a JSON array or object; %s", expectedFormats)
	}
}

func looksLikeNextJS(raw []byte) bool {
	var entries []json.RawMessage
	if json.Unmarshal(raw, &entries) != nil {
		return false
	}
	nextJS := false
	for _, rawEntry := range entries {
		entry := objectKeys(rawEntry)
		if hasAny(entry, "base", "method", "garnish") {
			return false
		}
		nextJS = nextJS || hasAny(entry, "picture")
		var ingredients []json.RawMessage
		if json.Unmarshal(entry["ingredients"], &ingredients) != nil {
			continue
		}
		for _, rawIngredient := range ingredients {
			ingredient := objectKeys(rawIngredient)
			if hasAny(ingredient, "amount", "unit", "text") {
				return false
			}
			nextJS = nextJS || hasAny(ingredient, "quantity")
		}
	}
	return nextJS
}

// objectKeys decodes a JSON object, or is empty for any other value: an
// entry that is not an object says nothing of the format.
func objectKeys(raw json.RawMessage) map[string]json.RawMessage {
	var object map[string]json.RawMessage
	if json.Unmarshal(raw, &object) != nil {
		return nil
	}
	return object
}

func hasAny(object map[string]json.RawMessage, keys ...string) bool {
	for _, key := range keys {
		if _, ok := object[key]; ok {
			return true
		}
	}
	return false
}

// foreignEntry is one cocktail of a foreign catalog, before conversion.
type foreignEntry struct {
	Name         string              `json:"name"`
	Category     string              `json:"category"`
	Glass        string              `json:"glass"`
	Instructions string              `json:"instructions"`
	Ingredients  []foreignIngredient `json:"ingredients"`
	// malformed is why the entry could not be decoded, if it could not.
	malformed error
}

type foreignIngredient struct {
	Name     string `json:"name"`
	Quantity string `json:"quantity"`
}

// nextJSEntries decodes the entries one by one, so that one with a value of
// the wrong type is skipped rather than refusing the catalog.
func nextJSEntries(raw []byte) ([]foreignEntry, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(raw, &raws); err != nil {
		return nil, fmt.Errorf("decode JSON: %w", err)
	}
	entries := make([]foreignEntry, len(raws))
	for i, r := range raws {
		if err := json.Unmarshal(r, &entries[i]); err != nil {
			entries[i] = foreignEntry{Name: bestEffortName(r, "name"), malformed: wrongType("", err)}
		}
	}
	return entries, nil
}

// cocktailDBEntries reads the drinks as maps, since each has some forty keys
// of which we use few, any of them may be null, and new ones appear.
func cocktailDBEntries(raw []byte) ([]foreignEntry, error) {
	var answer struct {
		Drinks []json.RawMessage `json:"drinks"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil {
		return nil, fmt.Errorf("decode JSON: %w", err)
	}
	entries := make([]foreignEntry, len(answer.Drinks))
	for i, r := range answer.Drinks {
		entry, err := cocktailDBEntry(r)
		if err != nil {
			entry = foreignEntry{Name: bestEffortName(r, "strDrink"), malformed: err}
		}
		entries[i] = entry
	}
	return entries, nil
}

func cocktailDBEntry(raw json.RawMessage) (foreignEntry, error) {
	var drink map[string]json.RawMessage
	if err := json.Unmarshal(raw, &drink); err != nil {
		return foreignEntry{}, wrongType("", err)
	}
	field := func(key string) (string, error) {
		var value string
		if raw, ok := drink[key]; ok {
			if err := json.Unmarshal(raw, &value); err != nil {
				return "", wrongType(key, err)
			}
		}
		return value, nil
	}
	var entry foreignEntry
	for _, f := range []struct {
		key  string
		into *string
	}{
		{"strDrink", &entry.Name}, {"strCategory", &entry.Category},
		{"strGlass", &entry.Glass}, {"strInstructions", &entry.Instructions},
	} {
		var err error
		if *f.into, err = field(f.key); err != nil {
			return foreignEntry{}, err
		}
	}
	for n := 1; n <= cocktailDBSlots; n++ {
		name, err := field("strIngredient" + strconv.Itoa(n))
		if err != nil {
			return foreignEntry{}, err
		}
		if strings.TrimSpace(name) == "" {
			break
		}
		quantity, err := field("strMeasure" + strconv.Itoa(n))
		if err != nil {
			return foreignEntry{}, err
		}
		entry.Ingredients = append(entry.Ingredients, foreignIngredient{Name: name, Quantity: quantity})
	}
	return entry, nil
}

// wrongType says which field of an entry holds a value of the wrong type in
// the catalog's terms rather than Go's.
func wrongType(field string, err error) error {
	var typeErr *json.UnmarshalTypeError
	if !errors.As(err, &typeErr) {
		return err
	}
	if typeErr.Field != "" {
		field = typeErr.Field
	}
	want := "a " + typeErr.Type.String()
	switch typeErr.Type.Kind() {
	case reflect.Slice:
		want = "an array"
	case reflect.Struct, reflect.Map:
		want = "an object"
	}
	if field == "" {
		return fmt.Errorf("a JSON %s where %s was expected", typeErr.Value, want)
	}
	return fmt.Errorf("field %s: a JSON %s where %s was expected", field, typeErr.Value, want)
}

// bestEffortName is the name of an entry that did not decode, for its Skip.
func bestEffortName(raw json.RawMessage, key string) string {
	var name string
	if json.Unmarshal(objectKeys(raw)[key], &name) != nil {
		return ""
	}
	return name
}

// convertAll converts the usable entries and lists the others.
func convertAll(v *Vocabulary, format string, entries []foreignEntry) (Imported, error) {
	imported := Imported{Format: format}
	usedIDs := make(map[string]bool, len(entries))
	for i, entry := range entries {
		cocktail, err := entry.convert(v)
		if err == nil {
			cocktail.ID = uniqueID(slug(cocktail.Name), usedIDs)
			err = cocktail.validate()
		}
		if err != nil {
			imported.Skipped = append(imported.Skipped, Skip{Name: entry.label(i), Reason: err.Error()})
			continue
		}
		usedIDs[cocktail.ID] = true
		imported.Cocktails = append(imported.Cocktails, cocktail)
		if cocktail.Instructions == noInstructions {
			imported.Amended = append(imported.Amended, Skip{Name: entry.label(i), Reason: "no instructions"})
		}
	}
	if len(imported.Cocktails) == 0 {
		why := "it has no entries"
		if len(imported.Skipped) > 0 {
			first := imported.Skipped[0]
			why = fmt.Sprintf("%d skipped, the first (%s) because: %s", len(imported.Skipped), first.Name, first.Reason)
		}
		return Imported{}, fmt.Errorf("%w: %s catalog has no usable cocktail: %s", ErrInvalid, format, why)
	}
	return imported, nil
}

func (e foreignEntry) label(i int) string {
	if name := strings.Join(strings.Fields(e.Name), " "); name != "" {
		return name
	}
	return fmt.Sprintf("entry %d", i+1)
}
