package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"barkeep/data"
	"barkeep/reply"
	"barkeep/store"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// search returns the cocktails of an ingredient query, as the bar's search
// reads it; a query without terms (nil, empty, only commas) is every
// cocktail. An unknown term is an error for each, with its suggestion.
func (a *API) search(ctx context.Context, query *string) ([]data.Cocktail, error) {
	catalog := a.store.Catalog()
	if query == nil || len(store.ParseTerms(*query)) == 0 {
		return catalog.All(), nil
	}
	result := catalog.Search(*query)
	if len(result.Unknown) == 0 {
		return result.Cocktails(), nil
	}
	for _, term := range result.Unknown[1:] {
		graphql.AddError(ctx, unknownIngredient(catalog, reply.UnknownSearchTerms([]string{term}), term))
	}
	term := result.Unknown[0]
	return nil, unknownIngredient(catalog, reply.UnknownSearchTerms([]string{term}), term)
}

// page cuts one page of the connection out of cocktails.
func (a *API) page(ctx context.Context, cocktails []data.Cocktail, first *int, after *string) (CocktailConnection, error) {
	n := defaultPage
	if first != nil {
		n = *first
	}
	if n < 0 || n > maxPage {
		return CocktailConnection{}, badInput("first must be from 0 to %d, got %d", maxPage, n)
	}
	start := 0
	if after != nil {
		id, ok := cursorID(*after)
		i := slices.IndexFunc(cocktails, func(c data.Cocktail) bool { return c.ID == id })
		if !ok || i < 0 {
			return CocktailConnection{}, badInput("after is not the cursor of a cocktail in these results: %s", reply.Quote(*after))
		}
		start = i + 1
	}
	end := min(start+n, len(cocktails))
	conn := CocktailConnection{
		TotalCount: len(cocktails),
		Nodes:      a.seen(ctx, cocktails[start:end]),
		Edges:      make([]CocktailEdge, 0, end-start),
		PageInfo:   PageInfo{HasNextPage: end < len(cocktails)},
	}
	for _, c := range conn.Nodes {
		conn.Edges = append(conn.Edges, CocktailEdge{Cursor: cursorOf(c.ID), Node: c})
	}
	if len(conn.Edges) > 0 {
		conn.PageInfo.EndCursor = &conn.Edges[len(conn.Edges)-1].Cursor
	}
	return conn, nil
}

// A cursor names the cocktail it follows, opaquely: a page still starts in
// the right place after a restart with a catalog that gained cocktails.
const cursorPrefix = "cocktail:"

func cursorOf(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + id))
}

func cursorID(cursor string) (string, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return "", false
	}
	return strings.CutPrefix(string(raw), cursorPrefix)
}

// cocktail is the cocktail of an id, or UNKNOWN_COCKTAIL.
func (a *API) cocktail(id string) (data.Cocktail, error) {
	c, ok := a.store.Catalog().Cocktail(id)
	if !ok {
		return data.Cocktail{}, unknownCocktail(id)
	}
	return c, nil
}

// setLike likes or unlikes a cocktail as the viewer; it returns once the
// change is on disk.
func (a *API) setLike(ctx context.Context, id string, like bool) (Cocktail, error) {
	c, err := a.cocktail(id)
	if err != nil {
		return Cocktail{}, err
	}
	if _, err := a.store.SetLike(viewerOf(ctx).fingerprint, c.ID, like); err != nil {
		return Cocktail{}, a.saveFailed(ctx, "your like of "+c.Name, err)
	}
	return a.seenOne(ctx, c), nil
}

// makeable is what the account can make, then what it is one ingredient
// away from.
func (a *API) makeable(ctx context.Context, fingerprint string) []Makeable {
	all := a.store.Makeable(fingerprint)
	cocktails := make([]data.Cocktail, len(all))
	for i, m := range all {
		cocktails[i] = m.Cocktail
	}
	makeable := make([]Makeable, len(all))
	for i, c := range a.seen(ctx, cocktails) {
		makeable[i] = Makeable{Cocktail: c, Missing: all[i].Missing}
	}
	return makeable
}

// setInBar adds ingredients to, or takes them out of, the viewer's bar.
// Each term must name one ingredient of the catalog, or, to be taken out,
// one of the bar (which may keep some an earlier catalog had); none is
// changed unless all do.
func (a *API) setInBar(ctx context.Context, terms []string, inBar bool) (store.Account, error) {
	me, err := a.me(ctx)
	if err != nil {
		return me, err
	}
	catalog := a.store.Catalog()
	names := make([]string, 0, len(terms))
	var errs gqlerror.List
	for _, term := range terms {
		name, matches := catalog.ResolveIngredient(term)
		if kept, ok := a.store.InBar(me.Fingerprint, term); ok && !inBar {
			name, matches = kept, nil
		}
		switch {
		case name != "":
			names = append(names, name)
		case len(matches) == 0:
			errs = append(errs, unknownIngredient(catalog, reply.UnknownIngredient(term), term))
		default:
			errs = append(errs, coded(CodeAmbiguousIngredient, reply.AmbiguousIngredient(term, matches), "term", term, "candidates", matches))
		}
	}
	if len(errs) > 0 {
		for _, e := range errs[1:] {
			graphql.AddError(ctx, e)
		}
		return store.Account{}, errs[0]
	}
	if err := a.store.SetInBar(me.Fingerprint, names, inBar); err != nil {
		return store.Account{}, a.saveFailed(ctx, "your bar", err)
	}
	return me, nil
}

// me is the viewer's account.
func (a *API) me(ctx context.Context) (store.Account, error) {
	account, ok := a.store.Account(viewerOf(ctx).fingerprint)
	if !ok {
		return account, coded(CodeUnauthenticated, "this request is made as no account")
	}
	return account, nil
}

// maxWatched is how many cocktails one likesChanged may watch.
const maxWatched = 100

// likesChanged streams the cocktails among ids whose likes change, from
// the store's change feed, until ctx ends or the token is revoked.
func (a *API) likesChanged(ctx context.Context, ids []string) (<-chan Cocktail, error) {
	if len(ids) == 0 || len(ids) > maxWatched {
		return nil, badInput("likesChanged watches 1 to %d cocktails, got %d", maxWatched, len(ids))
	}
	for _, id := range ids {
		if _, err := a.cocktail(id); err != nil {
			return nil, err
		}
	}
	v := viewerOf(ctx)
	release := func() {}
	if v.via != overSSH {
		var ok bool
		if release, ok = a.perToken.acquireSubscription(v.token); !ok {
			return nil, coded(CodeTooManySubscriptions, fmt.Sprintf("this token has %d subscriptions open already, the limit", a.limits.MaxSubscriptions))
		}
	}
	changes := a.store.Subscribe()
	changes.Watch(ids)
	wake := make(chan struct{}, 1)
	changes.Notify(func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	out := make(chan Cocktail)
	go func() {
		defer close(out)
		defer release()
		defer changes.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case <-wake:
			}
			if v.via == overWebsocket && !a.tokenValid(v.token) {
				transport.AddSubscriptionError(ctx, invalidToken())
				return
			}
			for _, id := range changes.Take() {
				c, _ := a.store.Catalog().Cocktail(id)
				select {
				case out <- a.seenOne(ctx, c):
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}
