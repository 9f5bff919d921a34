package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"barkeep/store"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Handler serves the API over HTTP: POST and GET /graphql, the websocket
// transport (graphql-transport-ws) on the same path, and GET /healthz.
// Nothing else.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	graphQL := a.authenticate(a.limitBody(a.http))
	mux.Handle("GET /graphql", graphQL)
	mux.Handle("POST /graphql", graphQL)
	if len(a.corsOrigins) == 0 {
		return mux
	}
	return cors.New(cors.Options{
		AllowedOrigins: a.corsOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Authorization", "Content-Type"},
		MaxAge:         600,
	}).Handler(mux)
}

// authenticate lets through requests that carry a valid token, within its
// allowance, as the token's account; the others get 401 or 429 with a
// GraphQL error. A websocket goes on to its connection_init, which carries
// the token instead (browsers cannot set headers on one).
func (a *API) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" {
			// The server's read and write timeouts are for requests; a
			// websocket lives on, kept alive by pings instead.
			rc := http.NewResponseController(w)
			_ = rc.SetReadDeadline(time.Time{})
			_ = rc.SetWriteDeadline(time.Time{})
			next.ServeHTTP(w, r)
			return
		}
		v, refusal := a.tokenViewer(r.Header.Get("Authorization"), overHTTP)
		if refusal != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="barkeep"`)
			writeError(w, http.StatusUnauthorized, refusal)
			return
		}
		if !a.perToken.allow(v.token) {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusTooManyRequests, a.rateLimited())
			return
		}
		next.ServeHTTP(w, r.WithContext(withViewer(r.Context(), v)))
	})
}

func invalidToken() *gqlerror.Error {
	return coded(CodeUnauthenticated, "this token is not valid: mistyped, made up or revoked")
}

func (a *API) rateLimited() *gqlerror.Error {
	return coded(CodeRateLimited, fmt.Sprintf("more than %g requests a second with this token; slow down", a.limits.RequestsPerSecond))
}

// tokenViewer is the viewer of an Authorization value, "Bearer TOKEN", or
// why there is none.
func (a *API) tokenViewer(authorization string, via route) (viewer, *gqlerror.Error) {
	scheme, secret, _ := strings.Cut(strings.TrimSpace(authorization), " ")
	switch {
	case authorization == "":
		return viewer{}, coded(CodeUnauthenticated, "an API token is needed: send Authorization: Bearer TOKEN (make one with ssh HOST token create NAME)")
	case !strings.EqualFold(scheme, "Bearer"):
		return viewer{}, coded(CodeUnauthenticated, "the Authorization header must be Bearer TOKEN")
	}
	hash, ok := store.HashToken(strings.TrimSpace(secret))
	var token store.Token
	if ok {
		token, ok = a.tokens.TokenByHash(hash)
	}
	if !ok {
		return viewer{}, invalidToken()
	}
	if _, ok := a.store.Account(token.Fingerprint); !ok {
		return viewer{}, coded(CodeUnauthenticated, "this token's account is gone")
	}
	if err := a.tokens.TouchToken(hash, time.Now()); err != nil {
		a.logger.Error("token last use not saved", "token", token.Name, "fingerprint", token.Fingerprint, "err", err)
	}
	return viewer{fingerprint: token.Fingerprint, via: via, token: hash}, nil
}

// limitBody refuses a body larger than the limit with 413, before any of
// it is parsed.
func (a *API) limitBody(next http.Handler) http.Handler {
	limit := a.limits.MaxBodyBytes
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		tooLarge := coded(CodeRequestTooLarge, fmt.Sprintf("the request body is larger than the limit of %d bytes", limit))
		if r.ContentLength > limit {
			writeError(w, http.StatusRequestEntityTooLarge, tooLarge)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
		switch {
		case err != nil:
			writeError(w, http.StatusBadRequest, coded(CodeBadRequest, "the request body could not be read"))
			return
		case int64(len(body)) > limit:
			writeError(w, http.StatusRequestEntityTooLarge, tooLarge)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// writeError answers with one GraphQL error and no data.
func writeError(w http.ResponseWriter, status int, err *gqlerror.Error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(graphql.Response{Errors: gqlerror.List{err}})
}

// websocketConn is one websocket's hold on its token's connection count.
type websocketConn struct {
	release func()
	once    sync.Once
}

// websocketInit authenticates a websocket from its connection_init
// payload, {"Authorization": "Bearer TOKEN"}: the same tokens, allowance
// and rules as HTTP, and at most MaxSubscriptions connections per token.
func (a *API) websocketInit(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	v, refusal := a.tokenViewer(payload.Authorization(), overWebsocket)
	if refusal != nil {
		return transport.WithWebsocketCloseCode(ctx, closeForbidden), nil, refusal
	}
	if !a.perToken.allow(v.token) {
		return transport.WithWebsocketCloseCode(ctx, closeTooManyRequests), nil, a.rateLimited()
	}
	release, ok := a.perToken.acquireConnection(v.token)
	if !ok {
		return transport.WithWebsocketCloseCode(ctx, closeTooManyRequests), nil,
			coded(CodeTooManySubscriptions, fmt.Sprintf("this token has %d websockets open already, the limit", a.limits.MaxSubscriptions))
	}
	v.connection = &websocketConn{release: release}
	return withViewer(ctx, v), nil, nil
}

// Close codes of graphql-transport-ws.
const (
	closeForbidden       = 4403
	closeTooManyRequests = 4429
)

func (a *API) websocketClosed(ctx context.Context, _ int) {
	if c := viewerOf(ctx).connection; c != nil {
		c.once.Do(c.release)
	}
}

// checkOperation holds each operation over a websocket to the token's
// allowance, and refuses it once the token is revoked; HTTP requests were
// checked on arrival. Subscriptions need a stream: a websocket or SSH.
func (a *API) checkOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	v := viewerOf(ctx)
	var refusal *gqlerror.Error
	switch {
	case v.via == overHTTP && graphql.GetOperationContext(ctx).Operation.Operation == ast.Subscription:
		refusal = coded(CodeBadRequest, "subscriptions are served over the websocket transport (graphql-transport-ws) on this same path")
	case v.via != overWebsocket:
	case !a.tokenValid(v.token):
		refusal = invalidToken()
	case !a.perToken.allow(v.token):
		refusal = a.rateLimited()
	}
	if refusal != nil {
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{refusal}})
	}
	return next(ctx)
}

func (a *API) tokenValid(hash store.TokenHash) bool {
	_, ok := a.tokens.TokenByHash(hash)
	return ok
}
