package command

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"barkeep/data"
	"barkeep/reply"
	"barkeep/store"
	"barkeep/texts"
)

// cocktailList is the JSON document of every command that lists cocktails.
type cocktailList[T any] struct {
	Cocktails []T `json:"cocktails"`
}

func (r request) withLikes(cocktails []data.Cocktail) []store.Liked {
	liked := make([]store.Liked, len(cocktails))
	for i, c := range cocktails {
		liked[i] = store.Liked{Cocktail: c, Likes: r.env.Store.Likes(c.ID)}
	}
	return liked
}

// printList prints cocktails as JSON or as a table.
func (r request) printList(cocktails []store.Liked) error {
	if r.json {
		return r.writeJSON(cocktailList[store.Liked]{Cocktails: cocktails})
	}
	return writeTable(r.env.Stdout, cocktails, nil)
}

// printCocktail prints one cocktail as JSON or as a card.
func (r request) printCocktail(c data.Cocktail) error {
	liked := store.Liked{Cocktail: c, Likes: r.env.Store.Likes(c.ID)}
	if r.json {
		return r.writeJSON(liked)
	}
	return writeCard(r.env.Stdout, texts.Card{
		Cocktail: c,
		Likes:    liked.Likes,
		Liked:    r.env.Store.Liked(r.env.Account.Fingerprint, c.ID),
		AtHand:   r.env.Store.AtHand(r.env.Account.Fingerprint),
	})
}

func (r request) list() error {
	if err := r.noArgs(); err != nil {
		return err
	}
	return r.printList(r.withLikes(r.env.Store.Catalog().All()))
}

// cocktailArg is the one cocktail a command names, by id or by name.
func (r request) cocktailArg() (data.Cocktail, error) {
	if len(r.args) == 0 {
		return data.Cocktail{}, usagef("%s needs a cocktail id or name", r.name)
	}
	query := strings.Join(r.args, " ")
	catalog := r.env.Store.Catalog()
	c, ok := catalog.Find(query)
	if !ok {
		if near, ok := texts.Suggest(catalog.All(), query); ok {
			return data.Cocktail{}, fmt.Errorf("%s; did you mean %s? (ssh HOST %s %s)", reply.UnknownCocktail(query), near.Name, r.name, near.ID)
		}
		return data.Cocktail{}, fmt.Errorf("%s (try: ssh HOST list)", reply.UnknownCocktail(query))
	}
	return c, nil
}

func (r request) show() error {
	c, err := r.cocktailArg()
	if err != nil {
		return err
	}
	return r.printCocktail(c)
}

func (r request) random() error {
	if err := r.noArgs(); err != nil {
		return err
	}
	return r.printCocktail(r.env.Store.Catalog().Random(""))
}

// search lists the cocktails with every ingredient asked for and, for each,
// the ingredients that matched other than as typed ("cognac" for brandy).
func (r request) search() error {
	query := strings.Join(r.args, " ")
	catalog := r.env.Store.Catalog()
	result := catalog.Search(texts.SearchQuery(catalog, query))
	switch {
	case len(result.Terms) == 0:
		return usagef("search needs one or more ingredients, separated by commas")
	case len(result.Unknown) > 0:
		return errors.New(reply.UnknownSearchTermsNear(result.Unknown, result.Suggestions))
	}
	liked := r.withLikes(result.Cocktails())
	found := make([]store.Found, len(liked))
	matched := column{header: "MATCHED", rows: make([][]string, len(liked))}
	anyMatched := false
	for i, c := range liked {
		found[i] = store.Found{Liked: c, Matched: result.Matched(c.Cocktail)}
		if found[i].Matched == nil {
			found[i].Matched = []string{}
		}
		matched.rows[i] = found[i].Matched
		anyMatched = anyMatched || len(found[i].Matched) > 0
	}
	if r.json {
		return r.writeJSON(cocktailList[store.Found]{Cocktails: found})
	}
	if !anyMatched {
		return writeTable(r.env.Stdout, liked, nil)
	}
	return writeTable(r.env.Stdout, liked, &matched)
}

// defaultShopping is how many ingredients shopping lists without N.
const defaultShopping = 10

// shopping lists the ingredients that would let the bar make the most
// cocktails it cannot make yet, each with the cocktails it adds.
func (r request) shopping() error {
	n := defaultShopping
	switch len(r.args) {
	case 0:
	case 1:
		parsed, err := strconv.Atoi(r.args[0])
		if err != nil || parsed < 1 || parsed > 1000 {
			return usagef("shopping takes a number from 1 to 1000, got %s", quote(r.args[0]))
		}
		n = parsed
	default:
		return usagef("shopping takes at most one number")
	}
	purchases := r.env.Store.Shopping(r.env.Account.Fingerprint, n)
	if r.json {
		return r.writeJSON(shoppingList{Shopping: purchases})
	}
	if len(purchases) == 0 {
		_, err := fmt.Fprintln(r.env.Stdout, "No one ingredient would add a cocktail to what your bar makes. Add what you have: ssh HOST bar add gin, campari")
		return err
	}
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "INGREDIENT\tMAKES\tCOCKTAILS")
	for _, p := range purchases {
		names := make([]string, len(p.Cocktails))
		for i, c := range p.Cocktails {
			names[i] = c.Name
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\n", p.Ingredient, p.Makes, strings.Join(names, ", "))
	}
	return tw.Flush()
}

// shoppingList is the JSON document of shopping.
type shoppingList struct {
	Shopping []store.Purchase `json:"shopping"`
}

func (r request) like() error   { return r.setLike(true) }
func (r request) unlike() error { return r.setLike(false) }

// setLike returns only once the store has the change on disk: exit status 0
// means the like is saved.
func (r request) setLike(like bool) error {
	c, err := r.cocktailArg()
	if err != nil && !like && len(r.args) == 1 && r.env.Store.Liked(r.env.Account.Fingerprint, r.args[0]) {
		// A like outlives its cocktail's place in the catalog, and is
		// taken back by the id that likes lists.
		c, err = data.Cocktail{ID: r.args[0], Name: r.args[0] + " " + notOnMenu}, nil
	}
	if err != nil {
		return err
	}
	count, err := r.env.Store.SetLike(r.env.Account.Fingerprint, c.ID, like)
	if err != nil {
		return r.couldNotSave("your like of "+c.Name, err)
	}
	if r.json {
		return r.writeJSON(likeDocument{ID: c.ID, Name: c.Name, Liked: like, Likes: count})
	}
	verb := "Liked"
	if !like {
		verb = "Unliked"
	}
	_, err = fmt.Fprintf(r.env.Stdout, "%s %s (%s)\n", verb, c.Name, texts.Likes(count))
	return err
}

// likeDocument is like and unlike --json: the cocktail, whether I like it
// now, and its count.
type likeDocument struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Liked bool   `json:"liked"`
	Likes int    `json:"likes"`
}

// notOnMenu marks a liked cocktail that the catalog served now lacks: the
// like is kept, for a catalog that has it, and unlike ID takes it back.
const notOnMenu = "(not on the menu now)"

// likesDocument is likes --json: the liked cocktails on the menu, and the
// ids of those that are not.
type likesDocument struct {
	Cocktails []store.Liked `json:"cocktails"`
	NotOnMenu []string      `json:"not_on_menu,omitempty"`
}

func (r request) likes() error {
	if err := r.noArgs(); err != nil {
		return err
	}
	liked := r.withLikes(r.env.Store.Favourites(r.env.Account.Fingerprint))
	offMenu := r.env.Store.LikedOffMenu(r.env.Account.Fingerprint)
	if r.json {
		return r.writeJSON(likesDocument{Cocktails: liked, NotOnMenu: offMenu})
	}
	for _, id := range offMenu {
		liked = append(liked, store.Liked{Cocktail: data.Cocktail{ID: id, Name: notOnMenu}, Likes: r.env.Store.Likes(id)})
	}
	return writeTable(r.env.Stdout, liked, nil)
}

// defaultTop is how many cocktails top shows without N.
const defaultTop = 10

func (r request) top() error {
	n := defaultTop
	switch len(r.args) {
	case 0:
	case 1:
		parsed, err := strconv.Atoi(r.args[0])
		if err != nil || parsed < 1 || parsed > 10000 {
			return usagef("top takes a number from 1 to 10000, got %s", quote(r.args[0]))
		}
		n = parsed
	default:
		return usagef("top takes at most one number")
	}
	return r.printList(r.env.Store.Top(n))
}
