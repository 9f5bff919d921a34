package api

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Limits bound what one request may ask for and how often. The depth and
// complexity limits hold for every way in; the others for HTTP and
// websockets, per token.
type Limits struct {
	// MaxDepth is how deeply fields may nest.
	MaxDepth int
	// MaxComplexity bounds a request's estimated cost: a field costs 1
	// plus what it selects, and a list as many times as it may hold
	// (cocktails: first; me's lists: listEstimate; ingredients:
	// ingredientsEstimate).
	MaxComplexity int
	// MaxBodyBytes bounds an HTTP request's body and a websocket message.
	MaxBodyBytes int64
	// RequestsPerSecond and Burst are each token's allowance of requests
	// (HTTP requests, and operations and connections over websockets).
	RequestsPerSecond float64
	Burst             int
	// MaxSubscriptions is how many subscriptions, and how many websocket
	// connections, one token may have open at once.
	MaxSubscriptions int
}

// Page sizes of the cocktails connection.
const (
	defaultPage = 20 // the schema's default for first
	maxPage     = 100
)

// The lengths the complexity estimate assumes for lists without a first.
const (
	listEstimate        = 50 // me's likes and makeable
	ingredientsEstimate = 6  // a recipe's lines
)

// complexity is the cost model of MaxComplexity.
func complexity() ComplexityRoot {
	var c ComplexityRoot
	c.Query.Cocktails = func(child int, _ *string, first *int, _ *string) int {
		n := defaultPage
		if first != nil {
			n = max(*first, 1)
		}
		return 1 + n*child
	}
	c.Me.Likes = func(child int) int { return 1 + listEstimate*child }
	c.Me.Makeable = func(child int) int { return 1 + listEstimate*child }
	c.Cocktail.Ingredients = func(child int) int { return 1 + ingredientsEstimate*child }
	return c
}

// gqlgen's complexity counts nothing under __schema, and gqlparser's
// validation bounds only how deeply introspection nests: each __schema
// costs the same whatever it asks, so the number of them is bounded too.
const maxIntrospectionRoots = 4

// depthLimit refuses, before anything runs, operations nested deeper than
// max, and operations that ask for the schema over and over.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                          { return "DepthLimit" }
func (depthLimit) Validate(schema graphql.ExecutableSchema) error { return nil }

func (d depthLimit) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	var s shape
	s.walk(opCtx.Operation.SelectionSet, 0)
	switch {
	case s.depth > d.max:
		return coded(CodeDepthLimitExceeded, fmt.Sprintf("the operation nests fields %d deep, more than the limit of %d", s.depth, d.max))
	case s.introspectionRoots > maxIntrospectionRoots:
		return coded(CodeComplexityLimitExceeded, fmt.Sprintf("the operation asks for the schema %d times, more than the limit of %d", s.introspectionRoots, maxIntrospectionRoots))
	}
	return nil
}

// shape is what depthLimit measures of an operation.
type shape struct {
	depth              int
	introspectionRoots int
}

// walk measures a selection set that sits depth fields deep. The
// operation is validated: fragments do not spread into themselves.
func (s *shape) walk(set ast.SelectionSet, depth int) {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if depth == 0 && (sel.Name == "__schema" || sel.Name == "__type") {
				s.introspectionRoots++
			}
			s.depth = max(s.depth, depth+1)
			s.walk(sel.SelectionSet, depth+1)
		case *ast.FragmentSpread:
			if sel.Definition != nil {
				s.walk(sel.Definition.SelectionSet, depth)
			}
		case *ast.InlineFragment:
			s.walk(sel.SelectionSet, depth)
		}
	}
}
