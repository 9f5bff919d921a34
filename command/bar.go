package command

import (
	"fmt"
	"strings"

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
	_, err := fmt.Fprintln(r.env.Stdout, strings.Join(bar, "\n"))
	return err
}

func (r request) changeBar(args []string, add bool) error {
	if len(args) == 0 {
		return usagef("bar %s needs one or more ingredients, separated by commas", r.args[0])
	}
	ingredients, err := resolveIngredients(r.env.Store.Catalog(), args)
	if err != nil {
		return err
	}
	if err := r.env.Store.SetInBar(r.env.Account.Fingerprint, ingredients, add); err != nil {
		return r.couldNotSave("your bar", err)
	}
	return r.printBar()
}

// resolveIngredients turns what was typed into the catalog's ingredient
// names. Ingredients are separated by commas; without commas, words that
// do not name one ingredient together are tried one by one, so that both
// "bar add sweet vermouth" and "bar add gin campari" do what was meant.
func resolveIngredients(catalog *store.Catalog, args []string) ([]string, error) {
	joined := strings.Join(args, " ")
	terms := store.ParseTerms(joined)
	if len(terms) == 1 && len(args) > 1 {
		if name, _ := catalog.ResolveIngredient(terms[0]); name == "" {
			terms = args
		}
	}
	var names []string
	for _, term := range terms {
		name, matches := catalog.ResolveIngredient(term)
		switch {
		case name != "":
			names = append(names, name)
		case len(matches) == 0:
			return nil, fmt.Errorf("no ingredient in the catalog matches %s", quote(term))
		default:
			return nil, fmt.Errorf("%s could be %s: say which", quote(term), quoteAll(matches[:min(len(matches), 8)]))
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
