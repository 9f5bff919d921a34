package store

import (
	"testing"

	"barkeep/data"
)

func TestFindByIDOrName(t *testing.T) {
	catalog := NewCatalog([]data.Cocktail{
		{ID: "dark-n-stormy", Name: "Dark 'n' Stormy"},
		{ID: "dark-n-stormy-2", Name: "Dark n Stormy"},
		{ID: "bees-knees", Name: "Bee's Knees"},
		{ID: "creme", Name: "Crème de la Crème"},
	})
	for _, tc := range []struct{ name, query, want string }{
		{"an id finds its cocktail", "bees-knees", "bees-knees"},
		{"a name finds its cocktail ignoring case, accents and spacing", "  creme DE la  crème ", "creme"},
		{"the name as written wins over one that differs in punctuation", "Dark n Stormy", "dark-n-stormy-2"},
		{"the name as written wins the other way too", "dark 'n' stormy", "dark-n-stormy"},
		{"punctuation is ignored when nothing matches with it", "'Bee's Knees'", "bees-knees"},
		{"a space where the apostrophe was still finds it", "Bee s Knees", "bees-knees"},
		{"a word split differently is not the name", "Bees Knees", ""},
		{"a word missing is not the name", "Bee's", ""},
		{"punctuation alone finds nothing", "' '", ""},
		{"nothing finds nothing", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := catalog.Find(tc.query)
			if got := map[bool]string{true: c.ID}[ok]; got != tc.want {
				t.Errorf("Find(%q) = %q, want %q", tc.query, got, tc.want)
			}
		})
	}
}
