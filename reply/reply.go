// Package reply words what Barkeep tells a person when a request cannot be
// done, once for both of the ways to ask: the commands over SSH and the
// GraphQL API.
package reply

import (
	"fmt"
	"strconv"
	"strings"
)

// Quote makes client-sent text safe to echo: quoted, escapes visible, cut
// to a readable length.
func Quote(s string) string {
	const limit = 60
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit]) + "…"
	}
	return strconv.Quote(s)
}

// QuoteAll quotes each term, separated by commas.
func QuoteAll(terms []string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = Quote(t)
	}
	return strings.Join(quoted, ", ")
}

// UnknownCocktail is a cocktail id or name that names none.
func UnknownCocktail(query string) string {
	return "no cocktail called " + Quote(query)
}

// UnknownSearchTerms are the terms of a search that match no ingredient.
func UnknownSearchTerms(terms []string) string { return UnknownSearchTermsNear(terms, nil) }

// UnknownSearchTermsNear are the terms of a search that match no
// ingredient, each with the ingredients it may be a typo of
// (suggestions[i] for terms[i]).
func UnknownSearchTermsNear(terms []string, suggestions [][]string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = Quote(t)
		if i < len(suggestions) {
			quoted[i] += DidYouMean(suggestions[i])
		}
	}
	return "no ingredient in the catalog matches " + strings.Join(quoted, ", ")
}

// DidYouMean offers the ingredients a typo may have meant, ` (did you mean
// "campari"?)`, or nothing when there are none.
func DidYouMean(suggestions []string) string {
	if len(suggestions) == 0 {
		return ""
	}
	quoted := make([]string, len(suggestions))
	for i, s := range suggestions {
		quoted[i] = Quote(s)
	}
	return " (did you mean " + strings.Join(quoted, " or ") + "?)"
}

// UnknownIngredient is a term that names no ingredient of the catalog.
func UnknownIngredient(term string) string {
	return "no ingredient in the catalog matches " + Quote(term)
}

// maxCandidates is how many candidates an ambiguous term lists.
const maxCandidates = 8

// AmbiguousIngredient is a term that could be any of several ingredients.
func AmbiguousIngredient(term string, candidates []string) string {
	return fmt.Sprintf("%s could be %s: say which", Quote(term), QuoteAll(candidates[:min(len(candidates), maxCandidates)]))
}

// CouldNotSave is a write that failed on the server's side: what is the
// thing not saved ("your like of Negroni"). Why it failed is for the
// server's log, not for the person.
func CouldNotSave(what string) string {
	return fmt.Sprintf("could not save %s just now; nothing changed, try again", what)
}
