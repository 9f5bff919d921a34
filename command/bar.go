package command

import (
	"errors"
	"fmt"
	"strings"

	"barkeep/reply"
	"barkeep/store"
)

func (r request) bar() error {
	if err := r.textOnly(); err != nil {
		return err
	}
	if len(r.args) == 0 {
		return r.printBar()
	}
	switch r.args[0] {
	case "add":
		return r.changeBar(r.args[1:], true)
	case "rm", "remove":
		return r.changeBar(r.args[1:], false)
	}
	return usagef("bar takes add or rm, got %s", quote(r.args[0]))
}

func (r request) printBar() error {
	bar := r.env.Store.Bar(r.env.Account.Fingerprint)
	if len(bar) == 0 {
		_, err := fmt.Fprintln(r.env.Stdout, "Your bar is empty. Add what you have: ssh HOST bar add gin, campari, sweet vermouth")
		return err
	}
	catalog := r.env.Store.Catalog()
	var b strings.Builder
	for _, ing := range bar {
		b.WriteString(ing)
		if !catalog.HasIngredient(ing) {
			b.WriteString(notInCatalog)
		}
		b.WriteByte('\n')
	}
	_, err := fmt.Fprint(r.env.Stdout, b.String())
	return err
}

// notInCatalog marks an ingredient of a bar that the catalog served now
// lacks: kept, for a catalog that has it, and removable with bar rm.
const notInCatalog = "  (not in this catalog)"

func (r request) changeBar(args []string, add bool) error {
	if len(args) == 0 {
		return usagef("bar %s needs one or more ingredients, separated by commas", r.args[0])
	}
	var inBar func(term string) (string, bool)
	if !add {
		inBar = func(term string) (string, bool) { return r.env.Store.InBar(r.env.Account.Fingerprint, term) }
	}
	ingredients, err := resolveIngredients(r.env.Store.Catalog(), args, inBar)
	if err != nil {
		return err
	}
	if err := r.env.Store.SetInBar(r.env.Account.Fingerprint, ingredients, add); err != nil {
		return r.couldNotSave("your bar", err)
	}
	return r.printBar()
}

// resolveIngredients turns what was typed into ingredient names: the one
// inBar (when given) finds by name, which bar rm takes out though the
// catalog may no longer have it, or else the catalog's. Ingredients are
// separated by commas; without commas, words that do not name one
// ingredient together are tried one by one, so that both "bar add sweet
// vermouth" and "bar add gin campari" do what was meant.
func resolveIngredients(catalog *store.Catalog, args []string, inBar func(term string) (string, bool)) ([]string, error) {
	resolve := func(term string) (string, []string) {
		if inBar != nil {
			if name, ok := inBar(term); ok {
				return name, nil
			}
		}
		return catalog.ResolveIngredient(term)
	}
	joined := strings.Join(args, " ")
	terms := store.ParseTerms(joined)
	if len(terms) == 1 && len(args) > 1 {
		if name, _ := resolve(terms[0]); name == "" {
			terms = args
		}
	}
	var names []string
	for _, term := range terms {
		name, matches := resolve(term)
		switch {
		case name != "":
			names = append(names, name)
		case len(matches) == 0:
			return nil, errors.New(reply.UnknownIngredient(term))
		default:
			return nil, errors.New(reply.AmbiguousIngredient(term, matches))
		}
	}
	return names, nil
}

func (r request) makeable() error {
	if err := r.noArgs(); err != nil {
		return err
	}
	makeable := r.env.Store.Makeable(r.env.Account.Fingerprint)
	if r.json {
		return r.writeJSON(cocktailList[store.Makeable]{Cocktails: makeable})
	}
	liked := make([]store.Liked, len(makeable))
	missing := make([][]string, len(makeable))
	for i, m := range makeable {
		liked[i], missing[i] = m.Liked, m.Missing
	}
	return writeTable(r.env.Stdout, liked, missing)
}
