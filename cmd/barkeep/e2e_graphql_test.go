package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"barkeep/api"
	"barkeep/store"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	gossh "golang.org/x/crypto/ssh"
)

// cocktailFields is every field of a Cocktail.
const cocktailFields = `id name category base glass method ingredients { name amount unit text } garnish instructions likes likedByMe`

type cocktailJSON struct {
	store.Liked
	LikedByMe bool `json:"likedByMe"`
}

type connectionJSON struct {
	TotalCount int            `json:"totalCount"`
	Nodes      []cocktailJSON `json:"nodes"`
	PageInfo   struct {
		HasNextPage bool    `json:"hasNextPage"`
		EndCursor   *string `json:"endCursor"`
	} `json:"pageInfo"`
}

func likedIDs(cocktails []store.Liked) []string {
	out := make([]string, len(cocktails))
	for i, c := range cocktails {
		out[i] = c.ID
	}
	return out
}

func nodeIDs(cocktails []cocktailJSON) []string {
	out := make([]string, len(cocktails))
	for i, c := range cocktails {
		out[i] = c.ID
	}
	return out
}

// TestE2EGraphQLSeedAppFeatures runs the seed app's features (an account,
// the list, search by ingredient, the detail view, likes, a random
// cocktail) and the bar over HTTP, and checks them against the commands
// over SSH of the same account.
func TestE2EGraphQLSeedAppFeatures(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	// More requests than a person makes: the rate limit has a test of
	// its own.
	srv, base := startAPIServer(t, dataDir, "--http-rate", "1000", "--http-burst", "1000")
	key := newClientKey(t)
	token := mintToken(t, srv.addr, key, "web")
	run := func(command string) sessionOutput { return runSession(t, srv.addr, key, false, command) }

	t.Run("the account is the key's", func(t *testing.T) {
		me := answer[struct {
			Me struct{ Name, Fingerprint, Since string }
		}](t, base, token, `{ me { name fingerprint since } }`, nil).Me
		if me.Name != "carol" || me.Fingerprint != gossh.FingerprintSHA256(key.PublicKey()) || me.Since == "" {
			t.Errorf("me = %+v", me)
		}
	})

	t.Run("the list, page by page, is the list command's", func(t *testing.T) {
		var all []string
		vars := map[string]any{"first": 50}
		for range 10 {
			page := answer[struct{ Cocktails connectionJSON }](t, base, token,
				`query($first: Int, $after: String) { cocktails(first: $first, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`, vars).Cocktails
			all = append(all, nodeIDs(page.Nodes)...)
			if !page.PageInfo.HasNextPage {
				break
			}
			vars["after"] = *page.PageInfo.EndCursor
		}
		want := likedIDs(decodeStrict[cocktailsJSON](t, run("list --json")).Cocktails)
		if !slices.Equal(all, want) {
			t.Errorf("the pages hold %d cocktails, the list command %d; first %v", len(all), len(want), all[:min(3, len(all))])
		}
	})

	t.Run("search takes the bar's ingredient text", func(t *testing.T) {
		found := answer[struct{ Cocktails connectionJSON }](t, base, token,
			`{ cocktails(search: "gin, campari", first: 100) { totalCount nodes { id } } }`, nil).Cocktails
		want := foundIDs(decodeStrict[foundJSON](t, run("search gin, campari --json")).Cocktails)
		if !slices.Equal(nodeIDs(found.Nodes), want) || found.TotalCount != len(want) || !slices.Contains(want, "negroni") {
			t.Errorf("search found %v (%d), the command %v", nodeIDs(found.Nodes), found.TotalCount, want)
		}
		r := post(t, base, token, `{ cocktails(search: "gin, campri") { totalCount } }`, nil)
		if r.code() != api.CodeUnknownIngredient || r.gql.Errors[0].Extensions["suggestion"] != "campari" {
			t.Errorf("a misspelt ingredient: %s", r.body)
		}
	})

	t.Run("the detail view is show's", func(t *testing.T) {
		got := answer[struct{ Cocktail cocktailJSON }](t, base, token, `{ cocktail(id: "negroni") { `+cocktailFields+` } }`, nil).Cocktail
		want := decodeStrict[store.Liked](t, run("show negroni --json"))
		if !reflectEqualJSON(t, got.Liked, want) {
			t.Errorf("cocktail(id: negroni) = %+v\nshow negroni --json = %+v", got.Liked, want)
		}
		r := post(t, base, token, `{ cocktail(id: "tea") { name } }`, nil)
		if r.code() != api.CodeUnknownCocktail || !strings.Contains(r.gql.Errors[0].Message, `no cocktail called "tea"`) || string(r.gql.Data) != `{"cocktail":null}` {
			t.Errorf("an unknown cocktail: %s", r.body)
		}
	})

	t.Run("likes are the account's, over HTTP and SSH alike", func(t *testing.T) {
		liked := answer[struct{ Like cocktailJSON }](t, base, token, `mutation { like(id: "negroni") { id likes likedByMe } }`, nil).Like
		if liked.Likes != 1 || !liked.LikedByMe {
			t.Errorf("like = %+v", liked)
		}
		mine := decodeStrict[cocktailsJSON](t, run("likes --json")).Cocktails
		if len(mine) != 1 || mine[0].ID != "negroni" || mine[0].Likes != 1 {
			t.Errorf("likes over SSH after a like over HTTP: %+v", mine)
		}
		wantExit(t, run("like americano"), 0)
		me := answer[struct {
			Me struct{ Likes []cocktailJSON }
		}](t, base, token, `{ me { likes { id likedByMe } } }`, nil).Me
		if !slices.Equal(nodeIDs(me.Likes), []string{"americano", "negroni"}) {
			t.Errorf("me.likes = %v, want the newest first", nodeIDs(me.Likes))
		}
		unliked := answer[struct{ Unlike cocktailJSON }](t, base, token, `mutation { unlike(id: "negroni") { likes likedByMe } }`, nil).Unlike
		if unliked.Likes != 0 || unliked.LikedByMe {
			t.Errorf("unlike = %+v", unliked)
		}
	})

	t.Run("random", func(t *testing.T) {
		any := answer[struct{ Random *cocktailJSON }](t, base, token, `{ random { id } }`, nil).Random
		if any == nil || any.ID == "" {
			t.Error("random gave no cocktail")
		}
		want := foundIDs(decodeStrict[foundJSON](t, run("search gin, campari --json")).Cocktails)
		for range 5 {
			got := answer[struct{ Random *cocktailJSON }](t, base, token, `{ random(search: "gin, campari") { id } }`, nil).Random
			if got == nil || !slices.Contains(want, got.ID) {
				t.Errorf("random(search: gin, campari) = %+v, not one of %v", got, want)
			}
		}
	})

	t.Run("the bar and what it makes are bar's and makeable's", func(t *testing.T) {
		type barJSON struct {
			Bar      []string
			Makeable []struct {
				Cocktail cocktailJSON
				Missing  []string
			}
		}
		got := answer[struct{ AddToBar barJSON }](t, base, token,
			`mutation { addToBar(ingredients: ["gin", "campari", "sweet vermouth"]) { bar makeable { cocktail { id } missing } } }`, nil).AddToBar
		if bar := run("bar").stdout; strings.Join(got.Bar, "\n")+"\n" != bar {
			t.Errorf("addToBar gave %v, the bar command %q", got.Bar, bar)
		}
		makeable := decodeStrict[makeableJSON](t, run("makeable --json")).Cocktails
		if len(got.Makeable) != len(makeable) || len(makeable) == 0 || got.Makeable[0].Cocktail.ID != makeable[0].ID {
			t.Errorf("makeable over HTTP %+v, over SSH %d, first %+v", got.Makeable, len(makeable), makeable[:min(1, len(makeable))])
		}
		removed := answer[struct{ RemoveFromBar barJSON }](t, base, token, `mutation { removeFromBar(ingredients: ["gin"]) { bar } }`, nil).RemoveFromBar
		if !slices.Equal(removed.Bar, []string{"campari", "sweet vermouth"}) {
			t.Errorf("removeFromBar left %v", removed.Bar)
		}
	})

	t.Run("the same request over HTTP and SSH gives the same answer", func(t *testing.T) {
		const query = `query Bar($s: String) { cocktails(search: $s, first: 3) { totalCount nodes { ` + cocktailFields + ` } } me { name fingerprint since bar } }`
		overHTTP := post(t, base, token, query, map[string]any{"s": "vermouth"})
		out := run(`graphql --variables '{"s": "vermouth"}' ` + query)
		wantExit(t, out, 0)
		if strings.TrimSpace(out.stdout) != string(overHTTP.body) || overHTTP.status != http.StatusOK {
			t.Errorf("over SSH:\n%s\nover HTTP (%d):\n%s", out.stdout, overHTTP.status, overHTTP.body)
		}
		// The document on stdin, and a refused one: the response still
		// goes to stdout, exit status 1.
		in := runWithStdin(t, srv.addr, key, "graphql", `{ cocktail(id: "negroni") { name } }`)
		wantExit(t, in, 0)
		if strings.TrimSpace(in.stdout) != `{"data":{"cocktail":{"name":"Negroni"}}}` {
			t.Errorf("the document on stdin gave %q", in.stdout)
		}
		bad := run(`graphql { cocktail(id: "tea") { name } }`)
		wantExit(t, bad, 1)
		if !strings.Contains(bad.stdout, api.CodeUnknownCocktail) || !strings.Contains(bad.stderr, "no cocktail called") {
			t.Errorf("a refused document: stdout %q, stderr %q", bad.stdout, bad.stderr)
		}
	})

	t.Run("GET runs only queries, and subscriptions need a websocket", func(t *testing.T) {
		get := func(query string) httpResult {
			req, _ := http.NewRequest(http.MethodGet, base+"/graphql?query="+url.QueryEscape(query), nil)
			return doHTTP(t, req, token)
		}
		if r := get(`{ me { name } }`); r.status != http.StatusOK || string(r.gql.Data) != `{"me":{"name":"carol"}}` {
			t.Errorf("GET query: %d %s", r.status, r.body)
		}
		if r := get(`mutation { like(id: "kir") { likes } }`); r.status == http.StatusOK || len(r.gql.Errors) == 0 {
			t.Errorf("GET mutation: %d %s", r.status, r.body)
		}
		if kir := decodeStrict[store.Liked](t, run("show kir --json")); kir.Likes != 0 {
			t.Errorf("a mutation by GET was run: kir has %d likes", kir.Likes)
		}
		// A subscription needs a stream: not a plain request.
		if r := post(t, base, token, `subscription { likesChanged(ids: ["kir"]) { likes } }`, nil); !strings.Contains(string(r.body), "websocket") {
			t.Errorf("a subscription by POST: %d %s", r.status, r.body)
		}
	})

	t.Run("introspection is on, and the schema is the one ssh HOST schema prints", func(t *testing.T) {
		out := run("schema")
		wantExit(t, out, 0)
		if out.stdout != api.Schema {
			t.Error("ssh HOST schema does not print api/schema.graphql")
		}
		parsed, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: out.stdout})
		if err != nil {
			t.Fatalf("the printed schema does not load: %v", err)
		}
		types := answer[struct {
			Schema struct{ Types []struct{ Name string } } `json:"__schema"`
		}](t, base, token, `{ __schema { types { name } } }`, nil).Schema.Types
		for _, want := range []string{"Cocktail", "CocktailConnection", "Me", "Makeable"} {
			if !slices.ContainsFunc(types, func(ty struct{ Name string }) bool { return ty.Name == want }) || parsed.Types[want] == nil {
				t.Errorf("type %s is missing from introspection or the SDL", want)
			}
		}
	})

	t.Run("the health check and nothing else", func(t *testing.T) {
		resp, err := apiClient.Get(base + "/healthz")
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /healthz: %v %v", resp, err)
		}
		resp.Body.Close()
		for _, path := range []string{"/", "/debug/pprof/", "/graphql/x", "/playground"} {
			resp, err := apiClient.Get(base + path)
			if err != nil || resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %v %v, want 404", path, resp.Status, err)
			}
			resp.Body.Close()
		}
		req, _ := http.NewRequest(http.MethodPut, base+"/graphql", nil)
		if resp, err := apiClient.Do(req); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("PUT /graphql: %v %v, want 405", resp, err)
		}
	})
}

// reflectEqualJSON compares two values by their JSON.
func reflectEqualJSON(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return string(ja) == string(jb)
}

// runWithStdin runs a command with input on stdin, without a PTY.
func runWithStdin(t *testing.T, addr string, key gossh.Signer, command, stdin string) sessionOutput {
	t.Helper()
	client := mustDial(t, addr, "carol", key)
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	var stdout, stderr lockedBuffer
	session.Stdout, session.Stderr = &stdout, &stderr
	session.Stdin = strings.NewReader(stdin)
	err = session.Run(command)
	return sessionOutput{stdout: stdout.String(), stderr: stderr.String(), err: err}
}

// TestE2EGraphQLTokens mints, uses and revokes tokens, and shows that
// every request without a valid one gets 401 and a GraphQL error.
func TestE2EGraphQLTokens(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	srv, base := startAPIServer(t, dataDir)
	alice, bob := newClientKey(t), newClientKey(t)
	web := mintToken(t, srv.addr, alice, "web")
	ci := mintToken(t, srv.addr, alice, "ci")
	bobs := mintToken(t, srv.addr, bob, "web")
	const whoami = `{ me { fingerprint } }`

	var refusals [][]byte
	for name, authorization := range map[string]string{
		"no token":                 "",
		"a made-up token":          "Bearer barkeep_" + strings.Repeat("a", len(web)-len("barkeep_")),
		"another service's token":  "Bearer ghp_0123456789abcdefghijklmnopqrstuvwxyz",
		"the token without Bearer": web,
		"basic auth":               "Basic YWxpY2U6c2VjcmV0",
		"a token cut short":        "Bearer " + web[:len(web)-1],
	} {
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query":"`+whoami+`"}`))
		req.Header.Set("Content-Type", "application/json")
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
		}
		r := doHTTP(t, req, "")
		if r.status != http.StatusUnauthorized || r.code() != api.CodeUnauthenticated || r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: %d %v %s, want 401 UNAUTHENTICATED with WWW-Authenticate", name, r.status, r.header, r.body)
		}
		refusals = append(refusals, r.body)
	}
	noLeaks(t, dataDir, refusals...)

	listed := func(key gossh.Signer) map[string]*string {
		t.Helper()
		var list struct {
			Tokens []struct {
				Name     string  `json:"name"`
				Created  string  `json:"created"`
				LastUsed *string `json:"lastUsed"`
			} `json:"tokens"`
		}
		out := runSession(t, srv.addr, key, false, "token list --json")
		wantExit(t, out, 0)
		if err := json.Unmarshal([]byte(out.stdout), &list); err != nil {
			t.Fatalf("token list --json: %q: %v", out.stdout, err)
		}
		names := map[string]*string{}
		for _, tok := range list.Tokens {
			names[tok.Name] = tok.LastUsed
			if tok.Created == "" {
				t.Errorf("token %s has no creation time", tok.Name)
			}
		}
		return names
	}
	if before := listed(alice); len(before) != 2 || before["web"] != nil || before["ci"] != nil {
		t.Errorf("before any use, alice's tokens: %v", before)
	}

	type me struct{ Me struct{ Fingerprint string } }
	if got := answer[me](t, base, web, whoami, nil).Me.Fingerprint; got != gossh.FingerprintSHA256(alice.PublicKey()) {
		t.Errorf("alice's token is %s's", got)
	}
	if got := answer[me](t, base, bobs, whoami, nil).Me.Fingerprint; got != gossh.FingerprintSHA256(bob.PublicKey()) {
		t.Errorf("bob's token is %s's", got)
	}
	if after := listed(alice); after["web"] == nil || after["ci"] != nil {
		t.Errorf("after using web, alice's tokens: %v", after)
	}
	text := runSession(t, srv.addr, alice, false, "token list")
	if line, ok := lineWith(text.stdout, "ci"); !ok || !strings.Contains(line, "never") || !strings.Contains(text.stdout, "LAST USED") {
		t.Errorf("token list:\n%s", text.stdout)
	}

	for _, bad := range []struct{ command, stderr string }{
		{"token create web", `a token called "web" already`},
		{"token create 'my token'", "letters, digits"},
		{"token revoke nope", `no token called "nope"`},
		{"token revoke", "takes one name"},
		{"token frobnicate", "create NAME, list or revoke NAME"},
	} {
		out := runSession(t, srv.addr, alice, false, bad.command)
		if out.err == nil || !strings.Contains(out.stderr, bad.stderr) {
			t.Errorf("%s: %v, stderr %q, want %q", bad.command, out.err, out.stderr, bad.stderr)
		}
	}

	// Revoked: 401 at once, over HTTP and websockets, while the other
	// token goes on working.
	wantExit(t, runSession(t, srv.addr, alice, false, "token revoke web"), 0)
	if r := post(t, base, web, whoami, nil); r.status != http.StatusUnauthorized || r.code() != api.CodeUnauthenticated {
		t.Errorf("a revoked token: %d %s", r.status, r.body)
	}
	if _, err := dialWebsocket(t, base, web, nil); closeStatus(err) != 4403 {
		t.Errorf("a websocket with a revoked token: %v, want close status 4403", err)
	}
	answer[me](t, base, ci, whoami, nil)

	// Only hashes are stored, and tokens outlive a restart.
	srv.stop(t)
	raw, err := os.ReadFile(filepath.Join(dataDir, "barkeep.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{web, ci, bobs} {
		if strings.Contains(string(raw), secret) || strings.Contains(string(raw), secret[len("barkeep_"):]) {
			t.Error("the store file holds a token")
		}
	}
	srv, base = startAPIServer(t, dataDir)
	answer[me](t, base, ci, whoami, nil)
	if r := post(t, base, web, whoami, nil); r.status != http.StatusUnauthorized {
		t.Errorf("after a restart the revoked token gets %d", r.status)
	}
}

// TestE2EGraphQLLiveLikes shows that a like over SSH arrives on a
// subscription, and one over GraphQL on an open TUI, and that revoking the
// token ends its subscription.
func TestE2EGraphQLLiveLikes(t *testing.T) {
	t.Parallel()
	srv, base := startAPIServer(t, t.TempDir())
	alice, bob, carol := newClientKey(t), newClientKey(t), newClientKey(t)
	token := mintToken(t, srv.addr, bob, "web")

	// Alice watches the Negroni row in the TUI.
	a := openTUI(t, srv.addr, "alice", alice)
	filterToNegroni(t, a, "♡ 0")

	ws, err := dialWebsocket(t, base, token, nil)
	if err != nil {
		t.Fatalf("websocket: %v", err)
	}
	ws.subscribe(t, "1", `subscription { likesChanged(ids: ["negroni", "kir"]) { id likes likedByMe } }`)
	// A query on the same socket answers at once: the subscription is on
	// by the time it does.
	ws.subscribe(t, "2", `{ me { name } }`)
	ws.mustNext(t, "2", "next")
	ws.mustNext(t, "2", "complete")

	type event struct {
		Data struct {
			LikesChanged struct {
				ID        string
				Likes     int
				LikedByMe bool
			}
		}
	}
	next := func(wantLikes int, wantMine bool) {
		t.Helper()
		var e event
		m := ws.mustNext(t, "1", "next")
		if err := json.Unmarshal(m.Payload, &e); err != nil {
			t.Fatal(err)
		}
		if got := e.Data.LikesChanged; got.ID != "negroni" || got.Likes != wantLikes || got.LikedByMe != wantMine {
			t.Errorf("event %s, want negroni with %d likes, mine %v", m.Payload, wantLikes, wantMine)
		}
	}

	wantExit(t, runSession(t, srv.addr, carol, false, "like negroni"), 0)
	next(1, false)
	waitForNegroniRow(t, a.term, "♡ 1")

	liked := answer[struct{ Like struct{ Likes int } }](t, base, token, `mutation { like(id: "negroni") { likes } }`, nil)
	if liked.Like.Likes != 2 {
		t.Errorf("like over GraphQL gave %d likes", liked.Like.Likes)
	}
	waitForNegroniRow(t, a.term, "♡ 2")
	next(2, true)

	// A like of a cocktail not watched is not sent.
	wantExit(t, runSession(t, srv.addr, carol, false, "like americano"), 0)
	a.press(t, "l")
	waitForNegroniRow(t, a.term, "♥ 3")
	next(3, true)

	// Revoked, the token's subscription ends with an error at its next
	// event.
	wantExit(t, runSession(t, srv.addr, bob, false, "token revoke web"), 0)
	wantExit(t, runSession(t, srv.addr, carol, false, "unlike negroni"), 0)
	if m := ws.mustNext(t, "1", "error"); !strings.Contains(string(m.Payload), api.CodeUnauthenticated) {
		t.Errorf("the subscription of a revoked token ended with %s", m.Payload)
	}

	// Over SSH the same subscription streams to stdout until hang-up.
	client := mustDial(t, srv.addr, "carol", carol)
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stream lockedBuffer
	session.Stdout = &stream
	if err := session.Start(`graphql subscription { likesChanged(ids: ["negroni"]) { likes } }`); err != nil {
		t.Fatal(err)
	}
	// The subscription is on some time after the session starts; a like
	// before then is not streamed, so like until one is.
	eventually(t, "a like streamed over SSH", func() bool {
		wantExit(t, runSession(t, srv.addr, carol, false, "like negroni"), 0)
		wantExit(t, runSession(t, srv.addr, carol, false, "unlike negroni"), 0)
		return strings.Contains(stream.String(), `{"data":{"likesChanged":{"likes":`)
	})
}

// TestE2EGraphQLLimits holds a stranger to each of the public endpoint's
// limits, set small.
func TestE2EGraphQLLimits(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	srv, base := startAPIServer(t, dataDir,
		"--graphql-max-depth", "4", "--http-max-body-bytes", "16384", "--http-max-header-bytes", "1024",
		"--http-read-timeout", "3s", "--http-write-timeout", "1s", "--http-rate", "1", "--http-burst", "5")
	key := newClientKey(t)
	var answers [][]byte
	var mu sync.Mutex
	keep := func(b []byte) {
		mu.Lock()
		defer mu.Unlock()
		answers = append(answers, b)
	}
	t.Cleanup(func() { noLeaks(t, dataDir, answers...) })
	// Each part has a token of its own: the rate limit is per token.
	tokens := map[string]string{}
	for _, name := range []string{"complexity", "depth", "body", "header", "write", "rate", "rate2"} {
		tokens[name] = mintToken(t, srv.addr, key, name)
	}

	t.Run("200 lists of 100 cocktails are refused, not run", func(t *testing.T) {
		t.Parallel()
		var doc strings.Builder
		doc.WriteString("{")
		for i := range 200 {
			fmt.Fprintf(&doc, " l%d: cocktails(first: 100) { nodes { name } }", i)
		}
		doc.WriteString(" }")
		r := post(t, base, tokens["complexity"], doc.String(), nil)
		keep(r.body)
		if r.code() != api.CodeComplexityLimitExceeded || (len(r.gql.Data) != 0 && string(r.gql.Data) != "null") {
			t.Errorf("%d %s", r.status, r.body)
		}
	})

	t.Run("fields nested too deep are refused", func(t *testing.T) {
		t.Parallel()
		r := post(t, base, tokens["depth"], `{ me { makeable { cocktail { ingredients { name } } } } }`, nil)
		keep(r.body)
		if r.code() != api.CodeDepthLimitExceeded || !strings.Contains(r.gql.Errors[0].Message, "5 deep, more than the limit of 4") {
			t.Errorf("%d %s", r.status, r.body)
		}
		answer[any](t, base, tokens["depth"], `{ me { makeable { cocktail { name } } } }`, nil)
	})

	t.Run("a body over the limit gets 413", func(t *testing.T) {
		t.Parallel()
		r := post(t, base, tokens["body"], "{ me { name } }"+strings.Repeat(" ", 16384), nil)
		keep(r.body)
		if r.status != http.StatusRequestEntityTooLarge || r.code() != api.CodeRequestTooLarge {
			t.Errorf("%d %s", r.status, r.body)
		}
		answer[any](t, base, tokens["body"], "{ me { name } }"+strings.Repeat(" ", 15000), nil)
		ws, err := dialWebsocket(t, base, tokens["body"], nil)
		if err != nil {
			t.Fatal(err)
		}
		ws.subscribe(t, "1", "{ me { name } }"+strings.Repeat(" ", 16384))
		if _, err := ws.next(); closeStatus(err) != 1009 {
			t.Errorf("a websocket message over the limit: %v, want close status 1009 (too big)", err)
		}
	})

	t.Run("headers over the limit get 431", func(t *testing.T) {
		t.Parallel()
		// net/http reads up to 4 KiB ahead of a request's headers, and 4
		// KiB more on a connection kept alive: past that, the limit holds.
		for size, want := range map[int]int{500: http.StatusOK, 1024 + 8<<10 + 1: http.StatusRequestHeaderFieldsTooLarge} {
			req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query":"{ me { name } }"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tokens["header"])
			req.Header.Set("X-Padding", strings.Repeat("a", size))
			resp, err := apiClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body) // the connection is kept alive
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("a header of %d bytes: %s, want %d", size, resp.Status, want)
			}
		}
	})

	t.Run("a client that does not finish its request is dropped", func(t *testing.T) {
		t.Parallel()
		conn := rawHTTP(t, base)
		if _, err := io.WriteString(conn, "POST /graphql HTTP/1.1\r\nHost: barkeep\r\n"); err != nil {
			t.Fatal(err)
		}
		if n, err := conn.Read(make([]byte, 512)); !errors.Is(err, io.EOF) {
			t.Errorf("the connection was not closed after --http-read-timeout: read %d bytes, %v", n, err)
		}
	})

	t.Run("a response not written in time is dropped", func(t *testing.T) {
		t.Parallel()
		const body = `{"query":"{ me { name } }"}`
		head := fmt.Sprintf("POST /graphql HTTP/1.1\r\nHost: barkeep\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", tokens["write"], len(body))
		// Sent at once, it is answered.
		conn := rawHTTP(t, base)
		if _, err := io.WriteString(conn, head+body); err != nil {
			t.Fatal(err)
		}
		if resp, err := http.ReadResponse(bufio.NewReader(conn), nil); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("a request sent at once: %v %v", resp, err)
		}
		// The body sent after --http-write-timeout (1s) but within
		// --http-read-timeout (3s): the answer would come too late.
		conn = rawHTTP(t, base)
		if _, err := io.WriteString(conn, head); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Second)
		if _, err := io.WriteString(conn, body); err != nil {
			t.Fatal(err)
		}
		if n, err := conn.Read(make([]byte, 512)); !errors.Is(err, io.EOF) {
			t.Errorf("a response past --http-write-timeout: read %d bytes, %v; want the connection closed", n, err)
		}
	})

	t.Run("requests beyond a token's rate get 429", func(t *testing.T) {
		t.Parallel()
		limited := 0
		for range 15 {
			r := post(t, base, tokens["rate"], `{ me { name } }`, nil)
			keep(r.body)
			if r.status == http.StatusTooManyRequests {
				limited++
				if r.code() != api.CodeRateLimited || r.header.Get("Retry-After") == "" {
					t.Errorf("429 without its code or Retry-After: %v %s", r.header, r.body)
				}
			}
		}
		if limited == 0 {
			t.Error("15 requests at once, at 1 a second with a burst of 5: none refused")
		}
		answer[any](t, base, tokens["rate2"], `{ me { name } }`, nil) // another token is not held back
		ws, err := dialWebsocket(t, base, tokens["rate2"], nil)
		if err != nil {
			t.Fatal(err)
		}
		refused := 0
		for i := range 8 {
			id := strconv.Itoa(i)
			ws.subscribe(t, id, `{ me { name } }`)
			if m := ws.mustNext(t, id, "next"); strings.Contains(string(m.Payload), api.CodeRateLimited) {
				refused++
			}
			ws.mustNext(t, id, "complete")
		}
		if refused == 0 {
			t.Error("8 operations at once over a websocket: none refused")
		}
	})
}

// rawHTTP is a TCP connection to the API, for requests no HTTP client
// would send; reads on it give up after exitTimeout.
func rawHTTP(t *testing.T, base string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetReadDeadline(time.Now().Add(exitTimeout))
	return conn
}

// TestE2EGraphQLSubscriptionsPerToken shows that a token holds at most
// --http-max-subscriptions subscriptions and websockets, and gets them
// back as they end.
func TestE2EGraphQLSubscriptionsPerToken(t *testing.T) {
	t.Parallel()
	srv, base := startAPIServer(t, t.TempDir(), "--http-max-subscriptions", "2")
	key := newClientKey(t)
	token := mintToken(t, srv.addr, key, "web")
	const watch = `subscription { likesChanged(ids: ["negroni"]) { likes } }`

	ws, err := dialWebsocket(t, base, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"1", "2", "3"} {
		ws.subscribe(t, id, watch)
	}
	// A resolver's error comes as the operation's one response.
	m, err := ws.next()
	if err != nil || m.Type != "next" || !strings.Contains(string(m.Payload), api.CodeTooManySubscriptions) {
		t.Fatalf("the third subscription: %s %s %v", m.Type, m.Payload, err)
	}
	refused := m.ID
	kept := slices.DeleteFunc([]string{"1", "2", "3"}, func(id string) bool { return id == refused })
	// One ended makes room for another, which gets the next like.
	if err := ws.send(wsMessage{ID: kept[0], Type: "complete"}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a fourth subscription, once one has ended", func() bool {
		ws.subscribe(t, "4", watch)
		wantExit(t, runSession(t, srv.addr, key, false, "like negroni"), 0)
		wantExit(t, runSession(t, srv.addr, key, false, "unlike negroni"), 0)
		for {
			m, err := ws.next()
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case m.ID == "4" && m.Type == "next":
				return !strings.Contains(string(m.Payload), api.CodeTooManySubscriptions)
			}
		}
	})

	second, err := dialWebsocket(t, base, token, nil)
	if err != nil {
		t.Fatalf("a second websocket: %v", err)
	}
	if _, err := dialWebsocket(t, base, token, nil); closeStatus(err) != 4429 {
		t.Errorf("a third websocket: %v, want close status 4429", err)
	}
	_ = second.conn.CloseNow()
	eventually(t, "a websocket, once one has closed", func() bool {
		c, err := dialWebsocket(t, base, token, nil)
		if err == nil {
			_ = c.conn.CloseNow()
		}
		return err == nil
	})

	// Shutdown closes the websockets still open, and exits cleanly.
	srv.stop(t)
	for {
		m, err := ws.next() // the likes' events still on their way, then the end
		if errors.Is(err, context.DeadlineExceeded) {
			t.Fatal("a websocket is still open after the server stopped")
		}
		if err != nil {
			break
		}
		if m.Type != "next" {
			t.Fatalf("after shutdown the websocket got %s %s", m.Type, m.Payload)
		}
	}
}

// TestE2EGraphQLFromABrowser shows that only the origins given with
// --http-cors-origin may call the API from a web page.
func TestE2EGraphQLFromABrowser(t *testing.T) {
	t.Parallel()
	const app, evil = "https://app.example.com", "https://evil.example.com"
	srv, base := startAPIServer(t, t.TempDir(), "--http-cors-origin", app)
	token := mintToken(t, srv.addr, newClientKey(t), "web")

	preflight := func(origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, base+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
		resp, err := apiClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := preflight(app); resp.Header.Get("Access-Control-Allow-Origin") != app ||
		!strings.Contains(strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers")), "authorization") {
		t.Errorf("the app's preflight: %s %v", resp.Status, resp.Header)
	}
	if resp := preflight(evil); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("another origin's preflight is allowed: %v", resp.Header)
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(`{"query":"{ me { name } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", app)
	// A refusal too must be readable by the app's page.
	if r := doHTTP(t, req, ""); r.status != http.StatusUnauthorized || r.header.Get("Access-Control-Allow-Origin") != app {
		t.Errorf("the app's request without a token: %d %v", r.status, r.header)
	}
	if _, err := dialWebsocket(t, base, token, http.Header{"Origin": {app}}); err != nil {
		t.Errorf("a websocket from the app: %v", err)
	}
	if _, err := dialWebsocket(t, base, token, http.Header{"Origin": {evil}}); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("a websocket from another origin: %v, want 403", err)
	}

	bad := runBarkeep(t, nil, "serve", "--data", t.TempDir(), "--http-cors-origin", "app.example.com")
	if bad.code != exitUsage || !strings.Contains(bad.stderr, `"app.example.com" is not an origin`) {
		t.Errorf("a CORS origin without a scheme: %d %q", bad.code, bad.stderr)
	}
}
