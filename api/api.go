package api

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"barkeep/store"

	"charm.land/log/v2"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"
)

// Schema is the schema's SDL, as the code was generated from it: what
// `ssh HOST schema` prints for client code generators.
//
//go:embed schema.graphql
var Schema string

// Options are what the API runs with.
type Options struct {
	Store *store.Store
	// Tokens are the API tokens HTTP requests carry; the store keeps them.
	Tokens store.Tokens
	// Logger records what went wrong on the server's side; clients are
	// told only that it did.
	Logger *log.Logger
	Limits Limits
	// CORSOrigins are the web origins (https://app.example.com) whose
	// pages may call the API from a browser.
	CORSOrigins []string
	// WebsocketPing is how often a websocket is pinged; a client that
	// misses two pongs is disconnected.
	WebsocketPing time.Duration
}

// API runs the schema over one store, for HTTP (Handler) and SSH (Run).
type API struct {
	store         *store.Store
	tokens        store.Tokens
	logger        *log.Logger
	limits        Limits
	corsOrigins   []string
	websocketPing time.Duration
	perToken      *tokenLimits

	exec *executor.Executor // for Run
	http *handler.Server    // for Handler
}

// queryCacheSize is how many parsed and validated documents are kept:
// clients send the same few documents again and again.
const queryCacheSize = 1000

// websocketInitTimeout is how long a websocket may wait before it says
// who it is (connection_init).
const websocketInitTimeout = 10 * time.Second

// New builds the API.
func New(opts Options) *API {
	a := &API{
		store:         opts.Store,
		tokens:        opts.Tokens,
		logger:        opts.Logger,
		limits:        opts.Limits,
		corsOrigins:   opts.CORSOrigins,
		websocketPing: opts.WebsocketPing,
		perToken:      newTokenLimits(opts.Limits.RequestsPerSecond, opts.Limits.Burst, opts.Limits.MaxSubscriptions),
	}
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{api: a}, Complexity: complexity()})
	a.exec = executor.New(schema)
	a.configure(a.exec)
	a.http = handler.New(schema)
	readLimit := opts.Limits.MaxBodyBytes
	a.http.AddTransport(transport.Websocket{
		Implementation: transport.CoderWebsocketImplementation{
			AcceptOptions: websocket.AcceptOptions{OriginPatterns: opts.CORSOrigins},
		},
		InitFunc:         a.websocketInit,
		InitTimeout:      websocketInitTimeout,
		CloseFunc:        a.websocketClosed,
		PingPongInterval: opts.WebsocketPing,
		PayloadReadLimit: &readLimit,
	})
	a.http.AddTransport(transport.GET{})
	a.http.AddTransport(transport.POST{})
	a.configure(a.http)
	return a
}

// Limits are the limits the API holds requests to.
func (a *API) Limits() Limits { return a.limits }

// executorSettings is what handler.Server and executor.Executor share.
type executorSettings interface {
	Use(graphql.HandlerExtension)
	AroundOperations(graphql.OperationMiddleware)
	SetErrorPresenter(graphql.ErrorPresenterFunc)
	SetRecoverFunc(graphql.RecoverFunc)
	SetQueryCache(graphql.Cache[*ast.QueryDocument])
}

// configure sets up both ways in alike: the same errors, limits and
// introspection (on: the schema is public).
func (a *API) configure(e executorSettings) {
	e.SetErrorPresenter(a.presentError)
	e.SetRecoverFunc(a.recoverPanic)
	e.SetQueryCache(lru.New[*ast.QueryDocument](queryCacheSize))
	e.Use(extension.Introspection{})
	e.Use(depthLimit{max: a.limits.MaxDepth})
	e.Use(extension.FixedComplexityLimit(a.limits.MaxComplexity))
	e.AroundOperations(a.checkOperation)
}

// Request is one GraphQL request, as clients send it over HTTP.
type Request struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName,omitempty"`
	Variables     map[string]any `json:"variables,omitempty"`
}

// Run executes a request as the account with that fingerprint, with no
// token: the caller has authenticated it (an SSH key). It hands emit
// each response as JSON: one for a query or mutation, one per event for
// a subscription until ctx ends. clean says whether no response held
// errors; err is emit's.
func (a *API) Run(ctx context.Context, fingerprint string, req Request, emit func(json.RawMessage) error) (clean bool, err error) {
	ctx = graphql.StartOperationTrace(withViewer(ctx, viewer{fingerprint: fingerprint, via: overSSH}))
	params := &graphql.RawParams{Query: req.Query, OperationName: req.OperationName, Variables: req.Variables}
	opCtx, errs := a.exec.CreateOperationContext(ctx, params)
	if errs != nil {
		return false, emitJSON(emit, a.exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs))
	}
	responses, ctx := a.exec.DispatchOperation(ctx, opCtx)
	clean = true
	for {
		resp := responses(ctx)
		if resp == nil {
			return clean, nil
		}
		clean = clean && len(resp.Errors) == 0
		if err := emitJSON(emit, resp); err != nil {
			return clean, err
		}
	}
}

func emitJSON(emit func(json.RawMessage) error, resp *graphql.Response) error {
	b, err := json.Marshal(resp)
	if err != nil {
		return fmt.Errorf("encode GraphQL response: %w", err)
	}
	return emit(b)
}
