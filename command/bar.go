package command

import (
	"fmt"
	"strings"

	"barkeep/store"
	"barkeep/texts"
)

func (r request) bar() error {
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

// barDocument is bar --json: what the bar holds, and which of it the
// catalog served now lacks.
type barDocument struct {
	Ingredients  []string `json:"ingredients"`
	NotInCatalog []string `json:"not_in_catalog,omitempty"`
}

func (r request) printBar() error {
	bar := r.env.Store.Bar(r.env.Account.Fingerprint)
	if r.json {
		doc := barDocument{Ingredients: bar}
		for _, ing := range bar {
			if !r.env.Store.Catalog().HasIngredient(ing) {
				doc.NotInCatalog = append(doc.NotInCatalog, ing)
			}
		}
		return r.writeJSON(doc)
	}
	if len(bar) == 0 {
		_, err := fmt.Fprintln(r.env.Stdout, texts.Sentence(texts.BarEmpty)+" Add what you have: ssh HOST bar add gin, campari, sweet vermouth")
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
	catalog, fingerprint := r.env.Store.Catalog(), r.env.Account.Fingerprint
	resolve := texts.Resolver(catalog.ResolveIngredient)
	if !add {
		// What the bar holds is taken out by name, though the catalog may
		// no longer have it.
		resolve = func(term string) (string, []string) {
			if name, ok := r.env.Store.InBar(fingerprint, term); ok {
				return name, nil
			}
			return catalog.ResolveIngredient(term)
		}
	}
	ingredients, err := texts.ResolveIngredients(resolve, strings.Join(args, " "))
	if err != nil {
		return texts.Suggesting(err, catalog.Suggest)
	}
	if !add {
		// Taking out what is not there is done already, as unlike is; it
		// is said, on stderr, so that the bar on stdout stays clean.
		var missing []string
		for _, ing := range ingredients {
			if _, ok := r.env.Store.InBar(fingerprint, ing); !ok {
				missing = append(missing, ing)
			}
		}
		if len(missing) > 0 {
			fmt.Fprintf(r.env.Stderr, "barkeep: %s\n", texts.NotInBar(missing))
		}
	}
	if err := r.env.Store.SetInBar(r.env.Account.Fingerprint, ingredients, add); err != nil {
		return r.couldNotSave("your bar", err)
	}
	return r.printBar()
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
	missing := column{header: "MISSING", rows: make([][]string, len(makeable))}
	for i, m := range makeable {
		liked[i], missing.rows[i] = m.Liked, m.Missing
	}
	return writeTable(r.env.Stdout, liked, &missing)
}
