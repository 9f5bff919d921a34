package main

// Helpers for the GraphQL tests: a real HTTP client and a real websocket
// client (graphql-transport-ws) against the real binary's --http-addr.

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	gossh "golang.org/x/crypto/ssh"
)

var graphQLAddrPattern = regexp.MustCompile(`graphql endpoint"? addr=(\S+)`)

// startAPIServer runs barkeep serve with the HTTP API on a random port and
// returns it with the API's base URL, http://127.0.0.1:PORT.
func startAPIServer(t *testing.T, dataDir string, extraArgs ...string) (*serverProc, string) {
	t.Helper()
	srv := startServer(t, dataDir, append([]string{"--http-addr", "127.0.0.1:0"}, extraArgs...)...)
	m := graphQLAddrPattern.FindStringSubmatch(srv.log.String())
	if m == nil {
		t.Fatalf("barkeep did not log its GraphQL endpoint; its log:\n%s", srv.log)
	}
	return srv, "http://" + m[1]
}

// mintToken makes a token for key's account over SSH.
func mintToken(t *testing.T, sshAddr string, key gossh.Signer, name string) string {
	t.Helper()
	out := runSession(t, sshAddr, key, false, "token create "+name)
	wantExit(t, out, 0)
	token := strings.TrimSpace(out.stdout)
	if !strings.HasPrefix(token, "barkeep_") || strings.ContainsAny(token, " \n") {
		t.Fatalf("token create printed %q", out.stdout)
	}
	return token
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e gqlError) code() string { c, _ := e.Extensions["code"].(string); return c }

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// httpResult is one HTTP exchange with the API.
type httpResult struct {
	status int
	header http.Header
	body   []byte
	gql    gqlResponse
}

func (r httpResult) code() string {
	if len(r.gql.Errors) == 0 {
		return ""
	}
	return r.gql.Errors[0].code()
}

var apiClient = &http.Client{Timeout: startTimeout}

// doHTTP sends req with the token ("" for none) and reads the answer,
// which must be a GraphQL response.
func doHTTP(t *testing.T, req *http.Request, token string) httpResult {
	t.Helper()
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := apiClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	r := httpResult{status: resp.StatusCode, header: resp.Header, body: buf.Bytes()}
	if err := json.Unmarshal(r.body, &r.gql); err != nil {
		t.Fatalf("%s %s: status %d, body %q is no GraphQL response: %v", req.Method, req.URL, r.status, r.body, err)
	}
	return r
}

// post sends a GraphQL request by POST.
func post(t *testing.T, base, token, query string, variables map[string]any) httpResult {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": variables})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return doHTTP(t, req, token)
}

// answer posts a request that must succeed and decodes its data into T.
func answer[T any](t *testing.T, base, token, query string, variables map[string]any) T {
	t.Helper()
	r := post(t, base, token, query, variables)
	if r.status != http.StatusOK || len(r.gql.Errors) > 0 {
		t.Fatalf("%s: status %d, errors %+v", query, r.status, r.gql.Errors)
	}
	var v T
	if err := json.Unmarshal(r.gql.Data, &v); err != nil {
		t.Fatalf("%s: data %s: %v", query, r.gql.Data, err)
	}
	return v
}

// wsClient is a graphql-transport-ws client, as the graphql-ws library
// of web apps speaks it.
type wsClient struct {
	conn *websocket.Conn
}

type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// dialWebsocket opens a websocket to the API and sends connection_init
// with the token. It returns the connection once acknowledged, or the
// error (a close status) that refused it.
func dialWebsocket(t *testing.T, base, token string, header http.Header) (*wsClient, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), screenTimeout)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql", &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"},
		HTTPHeader:   header,
	})
	if err != nil {
		return nil, err
	}
	c := &wsClient{conn: conn}
	t.Cleanup(func() { _ = conn.CloseNow() })
	payload, _ := json.Marshal(map[string]string{"Authorization": "Bearer " + token})
	if err := c.send(wsMessage{Type: "connection_init", Payload: payload}); err != nil {
		return nil, err
	}
	m, err := c.next()
	if err != nil {
		return nil, err
	}
	if m.Type != "connection_ack" {
		t.Fatalf("connection_init was answered %+v", m)
	}
	return c, nil
}

func (c *wsClient) send(m wsMessage) error {
	ctx, cancel := context.WithTimeout(context.Background(), screenTimeout)
	defer cancel()
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return c.conn.Write(ctx, websocket.MessageText, b)
}

// subscribe starts an operation under id.
func (c *wsClient) subscribe(t *testing.T, id, query string) {
	t.Helper()
	payload, _ := json.Marshal(map[string]string{"query": query})
	if err := c.send(wsMessage{ID: id, Type: "subscribe", Payload: payload}); err != nil {
		t.Fatalf("subscribe %s: %v", id, err)
	}
}

// next is the next message other than a ping, which it answers; it waits
// screenTimeout at most.
func (c *wsClient) next() (wsMessage, error) {
	ctx, cancel := context.WithTimeout(context.Background(), screenTimeout)
	defer cancel()
	for {
		_, b, err := c.conn.Read(ctx)
		if err != nil {
			return wsMessage{}, err
		}
		var m wsMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return wsMessage{}, err
		}
		if m.Type == "ping" {
			if err := c.send(wsMessage{Type: "pong"}); err != nil {
				return wsMessage{}, err
			}
			continue
		}
		return m, nil
	}
}

// mustNext is next for a message that must come, of that type, for id.
func (c *wsClient) mustNext(t *testing.T, id, typ string) wsMessage {
	t.Helper()
	m, err := c.next()
	if err != nil {
		t.Fatalf("waiting for %s of %s: %v", typ, id, err)
	}
	if m.ID != id || m.Type != typ {
		t.Fatalf("got %s of %s (%s), want %s of %s", m.Type, m.ID, m.Payload, typ, id)
	}
	return m
}

// closeStatus is the close code of a refused websocket.
func closeStatus(err error) int { return int(websocket.CloseStatus(err)) }

// noLeaks fails when an answer gives away the server's insides: stacks,
// source files, the data directory.
func noLeaks(t *testing.T, dataDir string, bodies ...[]byte) {
	t.Helper()
	for _, b := range bodies {
		for _, leak := range []string{dataDir, ".go:", "goroutine ", "barkeep.db"} {
			if bytes.Contains(b, []byte(leak)) {
				t.Errorf("an answer holds %q: %s", leak, b)
			}
		}
	}
}

// eventually polls cond until it holds, for at most screenTimeout.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(screenTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within %v", what, screenTimeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
