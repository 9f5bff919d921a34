package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"barkeep/data"
	"barkeep/internal/storetest"
	"barkeep/store"

	"charm.land/log/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// testLimits are the defaults of barkeep serve.
var testLimits = Limits{MaxDepth: 15, MaxComplexity: 10000, MaxBodyBytes: 64 << 10, RequestsPerSecond: 10, Burst: 20, MaxSubscriptions: 8}

type fixture struct {
	t     *testing.T
	api   *API
	store *store.Store
	me    store.Account
	log   *strings.Builder
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s := storetest.Open(t, storetest.FixtureCatalog(t))
	me, _, err := s.SignUp("SHA256:me", "alice")
	if err != nil {
		t.Fatal(err)
	}
	logs := &strings.Builder{}
	a := New(Options{Store: s, Tokens: s, Logger: log.New(logs), Limits: testLimits})
	return &fixture{t: t, api: a, store: s, me: me, log: logs}
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

func (e gqlError) code() string { c, _ := e.Extensions["code"].(string); return c }

// run runs a document as the fixture's account, as ssh HOST graphql does.
func (f *fixture) run(query string, variables map[string]any) response {
	f.t.Helper()
	var responses []json.RawMessage
	_, err := f.api.Run(context.Background(), f.me.Fingerprint, Request{Query: query, Variables: variables}, func(r json.RawMessage) error {
		responses = append(responses, r)
		return nil
	})
	if err != nil || len(responses) != 1 {
		f.t.Fatalf("%s: %d responses, %v", query, len(responses), err)
	}
	var r response
	if err := json.Unmarshal(responses[0], &r); err != nil {
		f.t.Fatal(err)
	}
	return r
}

// ok runs a document that must succeed and decodes its data into T.
func ok[T any](f *fixture, query string, variables map[string]any) T {
	f.t.Helper()
	r := f.run(query, variables)
	if len(r.Errors) > 0 {
		f.t.Fatalf("%s: errors %+v", query, r.Errors)
	}
	var v T
	if err := json.Unmarshal(r.Data, &v); err != nil {
		f.t.Fatal(err)
	}
	return v
}

// refused runs a document that must fail with code, and nothing else.
func (f *fixture) refused(query string, code string) gqlError {
	f.t.Helper()
	r := f.run(query, nil)
	if len(r.Errors) == 0 || r.Errors[0].code() != code {
		f.t.Fatalf("%s: errors %+v, want %s", query, r.Errors, code)
	}
	return r.Errors[0]
}

type cocktailsPage struct {
	Cocktails struct {
		TotalCount int                   `json:"totalCount"`
		Nodes      []struct{ ID string } `json:"nodes"`
		Edges      []struct {
			Cursor string
			Node   struct{ ID string }
		} `json:"edges"`
		PageInfo struct {
			HasNextPage bool    `json:"hasNextPage"`
			EndCursor   *string `json:"endCursor"`
		} `json:"pageInfo"`
	} `json:"cocktails"`
}

const pageQuery = `query($search: String, $first: Int, $after: String) {
  cocktails(search: $search, first: $first, after: $after) {
    totalCount nodes { id } edges { cursor node { id } } pageInfo { hasNextPage endCursor }
  }
}`

func TestCocktailsPageThroughEveryResultOnce(t *testing.T) {
	f := newFixture(t)
	var seen []string
	vars := map[string]any{"first": 3}
	for range 10 {
		p := ok[cocktailsPage](f, pageQuery, vars).Cocktails
		if p.TotalCount != 8 {
			t.Fatalf("totalCount %d, want the fixture's 8", p.TotalCount)
		}
		for i, n := range p.Nodes {
			if p.Edges[i].Node.ID != n.ID {
				t.Errorf("edge %d is %s, node %s", i, p.Edges[i].Node.ID, n.ID)
			}
			seen = append(seen, n.ID)
		}
		if !p.PageInfo.HasNextPage {
			break
		}
		vars["after"] = *p.PageInfo.EndCursor
	}
	if got := strings.Join(seen, " "); got != "americano daiquiri dry-martini kir margarita mojito negroni old-fashioned" {
		t.Errorf("pages gave %s", got)
	}
	empty := ok[cocktailsPage](f, pageQuery, map[string]any{"first": 0}).Cocktails
	if len(empty.Nodes) != 0 || empty.PageInfo.EndCursor != nil || !empty.PageInfo.HasNextPage {
		t.Errorf("first: 0 gave %+v", empty)
	}
}

func TestSearchTakesTheBarsIngredientText(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		search string
		want   string
	}{
		{"gin, campari", "negroni"},
		{"Campari", "americano negroni"},
		{"vermouth, gin", "dry-martini negroni"},
		{"lime", "daiquiri margarita mojito"},
		{"creme", "kir"},
		{" , ", "americano daiquiri dry-martini kir margarita mojito negroni old-fashioned"},
	}
	for _, tt := range tests {
		t.Run(tt.search, func(t *testing.T) {
			p := ok[cocktailsPage](f, pageQuery, map[string]any{"search": tt.search}).Cocktails
			var ids []string
			for _, n := range p.Nodes {
				ids = append(ids, n.ID)
			}
			if got := strings.Join(ids, " "); got != tt.want || p.TotalCount != len(ids) {
				t.Errorf("search %q found %s (%d in all), want %s", tt.search, got, p.TotalCount, tt.want)
			}
		})
	}
}

func TestBadRequestsGetTheirCodes(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name, query, code, message string
	}{
		{"an unknown cocktail", `{ cocktail(id: "tea") { name } }`, CodeUnknownCocktail, `no cocktail called "tea"`},
		{"liking an unknown cocktail", `mutation { like(id: "tea") { name } }`, CodeUnknownCocktail, `no cocktail called "tea"`},
		{"a misspelt ingredient", `{ cocktails(search: "gin, campri") { totalCount } }`, CodeUnknownIngredient, `no ingredient in the catalog matches "campri" (did you mean "campari"?)`},
		{"an ingredient the bar has never heard of", `{ random(search: "unicorn") { name } }`, CodeUnknownIngredient, `no ingredient in the catalog matches "unicorn"`},
		{"an unknown ingredient for the bar", `mutation { addToBar(ingredients: ["gin", "tequilla"]) { bar } }`, CodeUnknownIngredient, `no ingredient in the catalog matches "tequilla" (did you mean "tequila"?)`},
		{"an ambiguous ingredient for the bar", `mutation { addToBar(ingredients: ["dry"]) { bar } }`, CodeAmbiguousIngredient, `"dry" could be "dry vermouth", "dry white wine", "london dry gin": say which`},
		{"a page too long", `{ cocktails(first: 101) { totalCount } }`, CodeBadUserInput, "first must be from 0 to 100"},
		{"a cursor made up", `{ cocktails(after: "bm9wZQ") { totalCount } }`, CodeBadUserInput, "after is not the cursor"},
		{"watching nothing", `subscription { likesChanged(ids: []) { id } }`, CodeBadUserInput, "likesChanged watches 1 to 100"},
		{"a syntax error", `{ me { name }`, "GRAPHQL_PARSE_FAILED", "Expected Name"},
		{"an unknown field", `{ me { password } }`, "GRAPHQL_VALIDATION_FAILED", `Cannot query field "password"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := f.refused(tt.query, tt.code)
			if !strings.Contains(e.Message, tt.message) {
				t.Errorf("message %q, want %q", e.Message, tt.message)
			}
		})
	}
	if bar := f.store.Bar(f.me.Fingerprint); len(bar) != 0 {
		t.Errorf("a refused addToBar changed the bar: %v", bar)
	}
	e := f.refused(`{ cocktails(search: "gin, campri") { totalCount } }`, CodeUnknownIngredient)
	if e.Extensions["term"] != "campri" || e.Extensions["suggestion"] != "campari" {
		t.Errorf("extensions %+v, want the term and its suggestion", e.Extensions)
	}
	e = f.refused(`mutation { addToBar(ingredients: ["dry"]) { bar } }`, CodeAmbiguousIngredient)
	if fmt.Sprint(e.Extensions["candidates"]) != "[dry vermouth dry white wine london dry gin]" {
		t.Errorf("extensions %+v, want the candidates", e.Extensions)
	}
}

func TestLikesAndTheBarAsMe(t *testing.T) {
	f := newFixture(t)
	type liked struct {
		Like struct {
			ID        string
			Likes     int
			LikedByMe bool
		}
	}
	for range 2 { // liking twice is one like
		got := ok[liked](f, `mutation { like(id: "negroni") { id likes likedByMe } }`, nil).Like
		if got.Likes != 1 || !got.LikedByMe {
			t.Errorf("like gave %+v", got)
		}
	}
	type me map[string]struct {
		Name     string
		Likes    []struct{ ID string }
		Bar      []string
		Makeable []struct {
			Cocktail struct{ ID string }
			Missing  []string
		}
	}
	got := ok[me](f, `mutation { addToBar(ingredients: ["gin", "Campari", "sweet verm"]) { name likes { id } bar makeable { cocktail { id } missing } } }`, nil)["addToBar"]
	if got.Name != "alice" || len(got.Likes) != 1 || got.Likes[0].ID != "negroni" || strings.Join(got.Bar, ",") != "campari,gin,sweet vermouth" {
		t.Errorf("me after addToBar = %+v", got)
	}
	if len(got.Makeable) == 0 || got.Makeable[0].Cocktail.ID != "negroni" || len(got.Makeable[0].Missing) != 0 {
		t.Errorf("makeable = %+v, want the negroni first, missing nothing", got.Makeable)
	}
	got = ok[me](f, `mutation { removeFromBar(ingredients: ["gin"]) { bar } }`, nil)["removeFromBar"]
	if strings.Join(got.Bar, ",") != "campari,sweet vermouth" {
		t.Errorf("bar after removeFromBar = %v", got.Bar)
	}
	unliked := ok[struct{ Unlike struct{ Likes int } }](f, `mutation { unlike(id: "negroni") { likes } }`, nil)
	if unliked.Unlike.Likes != 0 {
		t.Errorf("unlike left %d likes", unliked.Unlike.Likes)
	}
}

func TestAFailedSaveSaysSoWithoutTheServersPaths(t *testing.T) {
	f := newFixture(t)
	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	e := f.refused(`mutation { like(id: "negroni") { likes } }`, CodeSaveFailed)
	if e.Message != "could not save your like of Negroni just now; nothing changed, try again" {
		t.Errorf("message %q", e.Message)
	}
	if !strings.Contains(f.log.String(), f.store.Path()) {
		t.Errorf("the log does not say what failed:\n%s", f.log)
	}
}

func TestLimitsRefuseBeforeAnythingRuns(t *testing.T) {
	f := newFixture(t)
	var lists strings.Builder
	lists.WriteString("{")
	for i := range 200 {
		fmt.Fprintf(&lists, " l%d: cocktails(first: 100) { nodes { name } }", i)
	}
	lists.WriteString(" }")
	e := f.refused(lists.String(), CodeComplexityLimitExceeded)
	if !strings.Contains(e.Message, "exceeds the limit of 10000") {
		t.Errorf("message %q", e.Message)
	}
	r := f.run(lists.String(), nil)
	if string(r.Data) != "null" && len(r.Data) != 0 {
		t.Errorf("a refused operation has data: %s", r.Data)
	}

	deep := "{ me { makeable { cocktail { ingredients { name } } } } }"
	f.api = New(Options{Store: f.store, Tokens: f.store, Logger: log.New(io.Discard), Limits: Limits{MaxDepth: 4, MaxComplexity: 10000}})
	if e := f.refused(deep, CodeDepthLimitExceeded); !strings.Contains(e.Message, "5 deep, more than the limit of 4") {
		t.Errorf("message %q", e.Message)
	}
	if e := f.refused(`{ ...F } fragment F on Query { me { makeable { cocktail { ingredients { name } } } } }`, CodeDepthLimitExceeded); !strings.Contains(e.Message, "5 deep") {
		t.Errorf("through a fragment: %q", e.Message)
	}
	ok[struct{}](f, "{ me { makeable { cocktail { name } } } }", nil)
}

// introspectionQuery is graphql-js's getIntrospectionQuery(), which client
// code generators send.
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

func TestIntrospectionIsOnButBounded(t *testing.T) {
	f := newFixture(t)
	type schema struct {
		Schema struct {
			QueryType struct{ Name string }
			Types     []struct{ Name string }
		} `json:"__schema"`
	}
	got := ok[schema](f, introspectionQuery, nil)
	if got.Schema.QueryType.Name != "Query" || len(got.Schema.Types) < 10 {
		t.Errorf("introspection gave %+v", got.Schema.QueryType)
	}
	if e := f.refused(`{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`, "GRAPHQL_VALIDATION_FAILED"); !strings.Contains(e.Message, "introspection depth") {
		t.Errorf("introspection walking the schema in circles: %q", e.Message)
	}
	f.refused(`{ a: __schema { queryType { name } } b: __schema { queryType { name } } c: __schema { queryType { name } }
	  d: __schema { queryType { name } } e: __schema { queryType { name } } }`, CodeComplexityLimitExceeded)
}

func TestAnErrorThatIsNotForClientsIsHidden(t *testing.T) {
	f := newFixture(t)
	e := f.api.presentError(context.Background(), fmt.Errorf("open /srv/barkeep-data/barkeep.db: %w", io.ErrUnexpectedEOF))
	if e.Message != "internal server error" || e.Extensions["code"] != CodeInternal {
		t.Errorf("presented as %+v", e)
	}
	if !strings.Contains(f.log.String(), "/srv/barkeep-data/barkeep.db") {
		t.Errorf("the log lost the error:\n%s", f.log)
	}
	p := f.api.recoverPanic(context.Background(), "index out of range").(*gqlerror.Error)
	if p.Message != "internal server error" || !strings.Contains(f.log.String(), "goroutine") {
		t.Errorf("a panic gave %q and logged:\n%s", p, f.log)
	}
}

func TestAnIngredientAnEarlierCatalogHadCanLeaveTheBar(t *testing.T) {
	cocktails := storetest.FixtureCatalog(t)
	path := filepath.Join(t.TempDir(), "barkeep.db")
	s, err := store.Open(path, store.NewCatalog(cocktails))
	if err != nil {
		t.Fatal(err)
	}
	me, _, err := s.SignUp("SHA256:me", "alice")
	if err == nil {
		err = s.SetInBar(me.Fingerprint, []string{"crème de cassis", "gin"}, true)
	}
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	withoutKir := slices.DeleteFunc(slices.Clone(cocktails), func(c data.Cocktail) bool { return c.ID == "kir" })
	if s, err = store.Open(path, store.NewCatalog(withoutKir)); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := &fixture{t: t, store: s, me: me, api: New(Options{Store: s, Tokens: s, Logger: log.New(io.Discard), Limits: testLimits})}
	f.refused(`mutation { addToBar(ingredients: ["creme de cassis"]) { bar } }`, CodeUnknownIngredient)
	got := ok[map[string]struct{ Bar []string }](f, `mutation { removeFromBar(ingredients: ["Creme de Cassis"]) { bar } }`, nil)
	if bar := got["removeFromBar"].Bar; !slices.Equal(bar, []string{"gin"}) {
		t.Errorf("the bar after removing what the catalog lacks: %v", bar)
	}
}
