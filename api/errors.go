package api

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"barkeep/reply"
	"barkeep/store"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The codes in an error's extensions.code: stable, for clients to branch
// on. gqlgen's own (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED,
// COMPLEXITY_LIMIT_EXCEEDED) come through as they are.
const (
	CodeUnauthenticated      = "UNAUTHENTICATED"
	CodeUnknownCocktail      = "UNKNOWN_COCKTAIL"
	CodeUnknownIngredient    = "UNKNOWN_INGREDIENT"
	CodeAmbiguousIngredient  = "AMBIGUOUS_INGREDIENT"
	CodeBadUserInput         = "BAD_USER_INPUT"
	CodeSaveFailed           = "SAVE_FAILED"
	CodeRateLimited          = "RATE_LIMITED"
	CodeRequestTooLarge      = "REQUEST_TOO_LARGE"
	CodeTooManySubscriptions = "TOO_MANY_SUBSCRIPTIONS"
	CodeDepthLimitExceeded   = "DEPTH_LIMIT_EXCEEDED"
	// CodeComplexityLimitExceeded is gqlgen's code for its complexity
	// limit, used for introspection's bounds too.
	CodeComplexityLimitExceeded = "COMPLEXITY_LIMIT_EXCEEDED"
	CodeBadRequest              = "BAD_REQUEST"
	CodeInternal                = "INTERNAL_SERVER_ERROR"
)

// coded is a GraphQL error with a code and, in pairs, more extensions.
func coded(code, message string, extensions ...any) *gqlerror.Error {
	ext := map[string]any{"code": code}
	for i := 0; i+1 < len(extensions); i += 2 {
		ext[extensions[i].(string)] = extensions[i+1]
	}
	return &gqlerror.Error{Message: message, Extensions: ext}
}

func unknownCocktail(id string) *gqlerror.Error {
	return coded(CodeUnknownCocktail, reply.UnknownCocktail(id), "id", id)
}

func badInput(format string, args ...any) *gqlerror.Error {
	return coded(CodeBadUserInput, fmt.Sprintf(format, args...))
}

// unknownIngredient is a term that names no ingredient, with the one it
// most likely meant when one is close enough.
func unknownIngredient(catalog *store.Catalog, message, term string) *gqlerror.Error {
	if suggestions := catalog.Suggest(term); len(suggestions) > 0 {
		suggestion := suggestions[0]
		return coded(CodeUnknownIngredient, message+fmt.Sprintf(" (did you mean %s?)", reply.Quote(suggestion)),
			"term", term, "suggestion", suggestion)
	}
	return coded(CodeUnknownIngredient, message, "term", term, "suggestion", nil)
}

// saveFailed logs why a write failed and tells the client, without the
// server's paths and system errors, that it did not happen.
func (a *API) saveFailed(ctx context.Context, what string, err error) *gqlerror.Error {
	a.logger.Error("save failed", "api", "graphql", "fingerprint", viewerOf(ctx).fingerprint, "err", err)
	return coded(CodeSaveFailed, reply.CouldNotSave(what))
}

// presentError lets through the errors meant for clients (ours, and
// gqlgen's parse, validation and limit errors) and turns anything else,
// which may name files or carry system errors, into an internal error,
// logged here.
func (a *API) presentError(ctx context.Context, err error) *gqlerror.Error {
	gqlErr, ok := errors.AsType[*gqlerror.Error](err)
	if !ok || gqlErr.Extensions["code"] == nil && gqlErr.Err != nil {
		a.logger.Error("graphql request failed", "path", graphql.GetPath(ctx).String(), "err", err)
		return &gqlerror.Error{
			Message:    "internal server error",
			Path:       graphql.GetPath(ctx),
			Extensions: map[string]any{"code": CodeInternal},
		}
	}
	if gqlErr.Extensions["code"] == nil {
		gqlErr.Extensions = map[string]any{"code": CodeBadRequest}
	}
	return gqlErr
}

// recoverPanic logs a resolver's panic with its stack, for the server's
// eyes only.
func (a *API) recoverPanic(ctx context.Context, p any) error {
	a.logger.Error("graphql resolver panicked", "path", graphql.GetPath(ctx).String(), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	return coded(CodeInternal, "internal server error")
}
