package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"barkeep/api"
	"barkeep/store"

	"charm.land/log/v2"
)

// httpConfig is the GraphQL API's part of "barkeep serve".
type httpConfig struct {
	addr          string // off when empty
	corsOrigins   string // comma-separated
	readTimeout   time.Duration
	writeTimeout  time.Duration
	maxHeader     int
	websocketPing time.Duration
	limits        api.Limits
}

func (c *httpConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&c.addr, "http-addr", envDefault("BARKEEP_HTTP_ADDR", ""),
		"serve the GraphQL API over HTTP on this address, such as 127.0.0.1:8080 (env BARKEEP_HTTP_ADDR; off when empty)")
	fs.StringVar(&c.corsOrigins, "http-cors-origin", envDefault("BARKEEP_HTTP_CORS_ORIGIN", ""),
		"web origins whose pages may call the API from a browser, comma-separated, such as https://bar.example.com (env BARKEEP_HTTP_CORS_ORIGIN)")
	fs.DurationVar(&c.readTimeout, "http-read-timeout", 10*time.Second, "time a client gets to send a request, headers and body")
	fs.DurationVar(&c.writeTimeout, "http-write-timeout", 10*time.Second, "time a request gets from the end of its headers to the end of its response")
	fs.IntVar(&c.maxHeader, "http-max-header-bytes", 16<<10, "size allowed for a request's line and headers; more get 431")
	fs.Int64Var(&c.limits.MaxBodyBytes, "http-max-body-bytes", 64<<10, "size allowed for a request body or websocket message; more get 413")
	fs.Float64Var(&c.limits.RequestsPerSecond, "http-rate", 10, "requests a second allowed per token (over websockets: operations); more get 429")
	fs.IntVar(&c.limits.Burst, "http-burst", 20, "requests per token allowed at once above the rate")
	fs.IntVar(&c.limits.MaxSubscriptions, "http-max-subscriptions", 8, "subscriptions, and websockets, open at once per token")
	fs.DurationVar(&c.websocketPing, "http-websocket-ping", 30*time.Second, "how often websockets are pinged; one that misses two pongs is closed")
	fs.IntVar(&c.limits.MaxDepth, "graphql-max-depth", 15, "how deeply a GraphQL operation's fields may nest, over HTTP and SSH")
	fs.IntVar(&c.limits.MaxComplexity, "graphql-max-complexity", 10000,
		"a GraphQL operation's estimated cost allowed, over HTTP and SSH: a field costs 1 plus what it selects, a list that many times over (cocktails: first)")
}

// origins are the CORS origins, each scheme://host[:port].
func (c *httpConfig) origins() ([]string, error) {
	var origins []string
	for _, o := range strings.Split(c.corsOrigins, ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.TrimSuffix(u.Path, "/") != "" || u.RawQuery != "" {
			return nil, fmt.Errorf("--http-cors-origin: %q is not an origin such as https://bar.example.com", o)
		}
		origins = append(origins, u.Scheme+"://"+u.Host)
	}
	return origins, nil
}

func (c *httpConfig) validate() error {
	if _, err := c.origins(); err != nil {
		return err
	}
	for _, limit := range []struct {
		name  string
		value int64
	}{
		{"http-max-header-bytes", int64(c.maxHeader)}, {"http-max-body-bytes", c.limits.MaxBodyBytes},
		{"http-burst", int64(c.limits.Burst)}, {"http-max-subscriptions", int64(c.limits.MaxSubscriptions)},
		{"graphql-max-depth", int64(c.limits.MaxDepth)}, {"graphql-max-complexity", int64(c.limits.MaxComplexity)},
	} {
		if limit.value < 1 {
			return fmt.Errorf("--%s must be at least 1, got %d", limit.name, limit.value)
		}
	}
	if c.limits.RequestsPerSecond <= 0 {
		return fmt.Errorf("--http-rate must be more than 0, got %g", c.limits.RequestsPerSecond)
	}
	for _, d := range []struct {
		name  string
		value time.Duration
	}{{"http-read-timeout", c.readTimeout}, {"http-write-timeout", c.writeTimeout}, {"http-websocket-ping", c.websocketPing}} {
		if d.value <= 0 {
			return fmt.Errorf("--%s must be more than 0, got %v", d.name, d.value)
		}
	}
	return nil
}

// newAPI builds the GraphQL API over the store, for SSH and HTTP alike.
func newAPI(c httpConfig, st *store.Store, logger *log.Logger) *api.API {
	origins, _ := c.origins() // validated with the flags
	return api.New(api.Options{
		Store:         st,
		Tokens:        st,
		Logger:        logger,
		Limits:        c.limits,
		CORSOrigins:   origins,
		WebsocketPing: c.websocketPing,
	})
}

// serveHTTP serves the API on c.addr until stop is called. Stop ends
// requests in flight and websockets, waiting at most grace.
func serveHTTP(c httpConfig, a *api.API, logger *log.Logger) (stop func(grace time.Duration), err error) {
	listener, err := net.Listen("tcp", c.addr)
	if err != nil {
		return nil, fmt.Errorf("listen for HTTP on %s: %w", c.addr, err)
	}
	// Requests' contexts end with base: websockets, which Shutdown does not
	// wait for, close when it does.
	base, cancel := context.WithCancel(context.Background())
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: c.readTimeout,
		ReadTimeout:       c.readTimeout,
		WriteTimeout:      c.writeTimeout,
		IdleTimeout:       2 * c.readTimeout,
		MaxHeaderBytes:    c.maxHeader,
		BaseContext:       func(net.Listener) context.Context { return base },
		ErrorLog:          logger.StandardLog(log.StandardLogOptions{ForceLevel: log.WarnLevel}),
	}
	logger.Info("graphql endpoint", "addr", listener.Addr().String(), "path", "/graphql")
	served := make(chan struct{})
	go func() {
		defer close(served)
		if err := srv.Serve(listener); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("graphql endpoint stopped", "err", err)
		}
	}()
	return func(grace time.Duration) {
		cancel()
		ctx, done := context.WithTimeout(context.Background(), grace)
		defer done()
		if err := srv.Shutdown(ctx); err != nil {
			_ = srv.Close()
		}
		<-served
	}, nil
}
