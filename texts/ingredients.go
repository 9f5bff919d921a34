package texts

import (
	"errors"
	"slices"
	"strings"

	"barkeep/reply"
	"barkeep/store"
)

// UnknownIngredientError is typed text that names no ingredient of the
// catalog, with what each term may be a typo of (Suggestions[i] for
// Terms[i], when known).
type UnknownIngredientError struct {
	Terms       []string
	Suggestions [][]string
}

func (e UnknownIngredientError) Error() string {
	return reply.UnknownSearchTermsNear(e.Terms, e.Suggestions)
}

// Suggesting adds to an UnknownIngredientError what suggest offers for
// each of its terms (Catalog.Suggest); other errors it returns as they are.
func Suggesting(err error, suggest func(term string) []string) error {
	var unknown UnknownIngredientError
	if !errors.As(err, &unknown) {
		return err
	}
	unknown.Suggestions = make([][]string, len(unknown.Terms))
	for i, term := range unknown.Terms {
		unknown.Suggestions[i] = suggest(term)
	}
	return unknown
}

// AmbiguousIngredientError is typed text that could be several
// ingredients.
type AmbiguousIngredientError struct {
	Term    string
	Matches []string
}

func (e AmbiguousIngredientError) Error() string { return reply.AmbiguousIngredient(e.Term, e.Matches) }

// A Resolver names the one ingredient a term means, or else lists the
// ingredients it could be (none for a term that means nothing), as
// Catalog.ResolveIngredient does.
type Resolver func(term string) (name string, matches []string)

// ResolveIngredients turns ingredients as a person types them into the
// names resolve gives, in order and once each. They are separated by
// commas; between commas, words that do not name one ingredient together
// are taken as the longest runs that each do, so that "sweet vermouth",
// "gin campari" and "sweet vermouth lime juice" all mean what they say.
func ResolveIngredients(resolve Resolver, typed string) ([]string, error) {
	var names []string
	for _, term := range store.ParseTerms(typed) {
		found, err := resolveTerm(resolve, term)
		if err != nil {
			return nil, err
		}
		for _, name := range found {
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	return names, nil
}

func resolveTerm(resolve Resolver, term string) ([]string, error) {
	name, matches := resolve(term)
	if name != "" {
		return []string{name}, nil
	}
	whole := ingredientError(term, matches)
	words := strings.Fields(term)
	var names []string
	for i := 0; i < len(words); {
		j := len(words)
		for ; j > i; j-- {
			if name, _ := resolve(strings.Join(words[i:j], " ")); name != "" {
				names = append(names, name)
				break
			}
		}
		if j == i {
			if len(matches) > 0 || len(words) == 1 {
				return nil, whole
			}
			_, wordMatches := resolve(words[i])
			return nil, ingredientError(words[i], wordMatches)
		}
		i = j
	}
	return names, nil
}

func ingredientError(term string, matches []string) error {
	if len(matches) == 0 {
		return UnknownIngredientError{Terms: []string{term}}
	}
	return AmbiguousIngredientError{Term: term, Matches: matches}
}

// SearchQuery is a search as typed, with its comma-less runs of words split
// the way ResolveIngredients splits them: a term that matches no
// ingredient as a whole becomes the longest runs of its words that each
// match some ("gin campari" is "gin, campari"). Words that match nothing
// stay terms of their own, for the search to report.
func SearchQuery(catalog *store.Catalog, typed string) string {
	terms := store.ParseTerms(typed)
	var out []string
	for _, term := range terms {
		words := strings.Fields(term)
		if len(words) == 1 || matchesSome(catalog, term) {
			out = append(out, term)
			continue
		}
		for i := 0; i < len(words); {
			j := len(words)
			for ; j > i+1; j-- {
				if matchesSome(catalog, strings.Join(words[i:j], " ")) {
					break
				}
			}
			out = append(out, strings.Join(words[i:j], " "))
			i = j
		}
	}
	return strings.Join(out, ", ")
}

func matchesSome(catalog *store.Catalog, term string) bool { return catalog.Matches(term) }
