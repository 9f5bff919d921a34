package command

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"barkeep/api"

	"charm.land/log/v2"
)

func TestAGraphQLLineKeepsItsQuotes(t *testing.T) {
	tests := []struct {
		name, line    string
		query, opName string
		variables     string
		usage         string
	}{
		{name: "a document as sent", line: ` { cocktail(id: "negroni") { name } }`, query: `{ cocktail(id: "negroni") { name } }`},
		{name: "a document in single quotes", line: ` '{ me { name } }'`, query: `{ me { name } }`},
		{name: "variables as JSON", line: ` --variables {"id": "negroni", "n": 2} query($id: ID!) { cocktail(id: $id) { name } }`,
			query: `query($id: ID!) { cocktail(id: $id) { name } }`, variables: `{"id":"negroni","n":2}`},
		{name: "variables in single quotes", line: ` --variables '{"id": "kir"}' --operation One query One { me { name } }`,
			query: `query One { me { name } }`, opName: "One", variables: `{"id":"kir"}`},
		{name: "no document", line: "", query: ""},
		{name: "variables that are not an object", line: ` --variables [1] { me { name } }`, usage: "one JSON object"},
		{name: "variables that are not JSON", line: ` --variables {id: 1} { me { name } }`, usage: "one JSON object"},
		{name: "a flag without its value", line: ` --operation`, usage: "missing its value"},
		{name: "an unknown flag", line: ` --json { me { name } }`, usage: `unknown flag "--json"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := parseGraphQLLine(tt.line)
			if tt.usage != "" {
				var usage usageError
				if !errors.As(err, &usage) || !strings.Contains(err.Error(), tt.usage) {
					t.Errorf("error %v, want a usage error saying %q", err, tt.usage)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			vars := ""
			if req.Variables != nil {
				b, _ := json.Marshal(req.Variables)
				vars = string(b)
			}
			if req.Query != tt.query || req.OperationName != tt.opName || vars != tt.variables {
				t.Errorf("parsed %+v (variables %s)", req, vars)
			}
		})
	}
}

func TestGraphQLRunsAsTheKeysAccount(t *testing.T) {
	b := openBar(t)
	limits := api.Limits{MaxDepth: 15, MaxComplexity: 10000, MaxBodyBytes: 1024, RequestsPerSecond: 1, Burst: 1, MaxSubscriptions: 1}
	graphQL := api.New(api.Options{Store: b.store, Tokens: b.store, Logger: log.New(&bytes.Buffer{}), Limits: limits})
	run := func(line, stdin string) (int, string, string) {
		var out, errOut bytes.Buffer
		status := RunLine(Env{Store: b.store, Account: b.me, Stdout: &out, Stderr: &errOut, API: graphQL, Stdin: strings.NewReader(stdin)}, line)
		return status, out.String(), errOut.String()
	}
	status, out, _ := run(`graphql mutation { like(id: "negroni") { likes likedByMe } }`, "")
	if status != ExitOK || out != `{"data":{"like":{"likes":1,"likedByMe":true}}}`+"\n" {
		t.Errorf("like: %d %q", status, out)
	}
	if !b.store.Liked(b.me.Fingerprint, "negroni") {
		t.Error("the like is not the account's")
	}
	status, out, _ = run("graphql", "{ me { name } }")
	if status != ExitOK || out != `{"data":{"me":{"name":"alice"}}}`+"\n" {
		t.Errorf("the document on stdin: %d %q", status, out)
	}
	status, _, errOut := run("graphql", "{ me { name } }"+strings.Repeat(" ", 1024))
	if status != ExitFailed || !strings.Contains(errOut, "larger than the limit of 1024 bytes") {
		t.Errorf("a document over the limit: %d %q", status, errOut)
	}
	status, _, errOut = run("graphql", "")
	if status != ExitUsage || !strings.Contains(errOut, "needs a document") {
		t.Errorf("no document: %d %q", status, errOut)
	}
	status, out, errOut = run(`graphql { cocktail(id: "tea") { name } }`, "")
	if status != ExitFailed || !strings.Contains(out, "UNKNOWN_COCKTAIL") || !strings.Contains(errOut, `no cocktail called`) {
		t.Errorf("an unknown cocktail: %d %q %q", status, out, errOut)
	}
	if status, _, errOut := b.run("graphql", "{ me { name } }"); status != ExitFailed || !strings.Contains(errOut, "does not serve GraphQL") {
		t.Errorf("without an API: %d %q", status, errOut)
	}
	if out := b.ok("schema"); out != api.Schema {
		t.Error("schema does not print the API's schema")
	}
}
