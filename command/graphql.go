package command

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"barkeep/api"
)

// graphqlLine runs a graphql command line; ok is false for any other line.
// Its document is the rest of the line as the client sent it, never split
// into words: GraphQL has quotes of its own (`cocktail(id: "negroni")`),
// which the shell rules would strip.
func graphqlLine(env Env, line string) (status int, ok bool) {
	rest, found := strings.CutPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "graphql")
	if !found || rest != "" && !unicode.IsSpace(rune(rest[0])) {
		return 0, false
	}
	return report(env, runGraphQL(env, rest)), true
}

// graphql runs the document given as words, for Run.
func (r request) graphql() error {
	return runGraphQL(r.env, strings.Join(r.args, " "))
}

// runGraphQL runs `graphql [--variables JSON] [--operation NAME]
// [DOCUMENT]` as the key's account, the document on stdin when the line
// has none, and prints each response on one line of JSON, as HTTP would
// send it: one for a query or mutation, one per event for a subscription,
// until the client hangs up.
func runGraphQL(env Env, line string) error {
	req, err := parseGraphQLLine(line)
	if err != nil {
		return err
	}
	if env.API == nil {
		return errors.New("this server does not serve GraphQL")
	}
	limit := env.API.Limits().MaxBodyBytes
	if req.Query == "" && env.Stdin != nil {
		doc, err := io.ReadAll(io.LimitReader(env.Stdin, limit+1))
		if err != nil {
			return fmt.Errorf("could not read the document from stdin: %w", err)
		}
		req.Query = string(doc)
	}
	switch {
	case strings.TrimSpace(req.Query) == "":
		return usagef("graphql needs a document: ssh HOST graphql '{ me { name } }', or the document on stdin")
	case int64(len(req.Query)) > limit:
		return fmt.Errorf("the document is larger than the limit of %d bytes", limit)
	}
	ctx := env.Context
	if ctx == nil {
		ctx = context.Background()
	}
	var firstError string
	clean, err := env.API.Run(ctx, env.Account.Fingerprint, req, func(response json.RawMessage) error {
		if firstError == "" {
			firstError = firstErrorOf(response)
		}
		_, err := fmt.Fprintf(env.Stdout, "%s\n", response)
		return err
	})
	switch {
	case err != nil:
		return err
	case !clean:
		return fmt.Errorf("the response holds errors, the first: %s", firstError)
	}
	return nil
}

// firstErrorOf is the message of a response's first error, if any.
func firstErrorOf(response json.RawMessage) string {
	var r struct {
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(response, &r) != nil || len(r.Errors) == 0 {
		return ""
	}
	return fmt.Sprintf("%.200q", r.Errors[0].Message)
}

// parseGraphQLLine reads the flags at the start of a graphql line, and
// takes what follows as the document. A value or document wrapped in
// single quotes loses them (`'{ me { name } }'`): a GraphQL document never
// starts with one.
func parseGraphQLLine(line string) (api.Request, error) {
	var req api.Request
	rest := strings.TrimSpace(line)
	for strings.HasPrefix(rest, "--") {
		name, after, _ := strings.Cut(rest, " ")
		after = strings.TrimSpace(after)
		var value string
		var err error
		switch name {
		case "--variables":
			if value, rest, err = leadingValue(after, true); err != nil {
				return req, err
			}
			dec := json.NewDecoder(strings.NewReader(value))
			dec.UseNumber() // as HTTP decodes them
			if err := dec.Decode(&req.Variables); err != nil || req.Variables == nil || dec.More() {
				return req, usagef("--variables takes one JSON object, such as '{\"id\": \"negroni\"}'")
			}
		case "--operation":
			if value, rest, err = leadingValue(after, false); err != nil {
				return req, err
			}
			req.OperationName = value
		default:
			return req, usagef("unknown flag %s for graphql (it takes --variables JSON and --operation NAME)", quote(name))
		}
		rest = strings.TrimSpace(rest)
	}
	req.Query = unwrapQuotes(rest)
	return req, nil
}

// leadingValue splits a flag's value off the front of s: a single-quoted
// string, a JSON object (when isJSON), or a word.
func leadingValue(s string, isJSON bool) (value, rest string, err error) {
	switch {
	case s == "":
		return "", "", usagef("a graphql flag is missing its value")
	case s[0] == '\'':
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 {
			return "", "", usagef("a graphql flag's value has no closing quote")
		}
		return s[1 : end+1], s[end+2:], nil
	case isJSON:
		dec := json.NewDecoder(strings.NewReader(s))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return "", "", usagef("--variables takes one JSON object, such as '{\"id\": \"negroni\"}'")
		}
		return string(raw), s[dec.InputOffset():], nil
	}
	value, rest, _ = strings.Cut(s, " ")
	return value, rest, nil
}

// unwrapQuotes drops single quotes around the whole of s.
func unwrapQuotes(s string) string {
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return s[1 : len(s)-1]
	}
	return s
}

// schema prints the GraphQL schema's SDL, for client code generators.
func (r request) schema() error {
	if err := r.noArgs(); err != nil {
		return err
	}
	if err := r.textOnly(); err != nil {
		return err
	}
	_, err := io.WriteString(r.env.Stdout, api.Schema)
	return err
}
