package api

import (
	"context"

	"barkeep/data"
	"barkeep/store"
)

// Cocktail is a catalog cocktail as one request sees it: with its likes,
// read for a whole list at once when the list was resolved, so that a page
// shows one moment's counts and costs one lock.
type Cocktail struct {
	data.Cocktail
	likes store.LikeState
}

// Likes is how many accounts like the cocktail.
func (c Cocktail) Likes() int { return c.likes.Count }

// LikedByMe says whether the request's account likes it.
func (c Cocktail) LikedByMe() bool { return c.likes.Liked }

// Makeable is a cocktail of what I can make, and what my bar lacks for it.
type Makeable struct {
	Cocktail Cocktail
	Missing  []string
}

// seen gives cocktails their likes as the request's account sees them.
func (a *API) seen(ctx context.Context, cocktails []data.Cocktail) []Cocktail {
	ids := make([]string, len(cocktails))
	for i, c := range cocktails {
		ids[i] = c.ID
	}
	states := make([]store.LikeState, len(cocktails))
	a.store.LikeStates(viewerOf(ctx).fingerprint, ids, states)
	seen := make([]Cocktail, len(cocktails))
	for i, c := range cocktails {
		seen[i] = Cocktail{Cocktail: c, likes: states[i]}
	}
	return seen
}

// seenOne is seen for one cocktail.
func (a *API) seenOne(ctx context.Context, c data.Cocktail) Cocktail {
	return a.seen(ctx, []data.Cocktail{c})[0]
}
