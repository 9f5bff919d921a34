package api

import (
	"context"

	"barkeep/store"
)

// route is how a request reached the API.
type route int

const (
	overSSH route = iota
	overHTTP
	overWebsocket
)

// viewer is who a request is made as, and how it came.
type viewer struct {
	fingerprint string
	via         route
	token       store.TokenHash // over HTTP and websockets
	connection  *websocketConn  // over websockets
}

type viewerKey struct{}

func withViewer(ctx context.Context, v viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// viewerOf is the request's viewer. Every way into the schema sets one
// before anything is resolved.
func viewerOf(ctx context.Context) viewer {
	v, _ := ctx.Value(viewerKey{}).(viewer)
	return v
}
