package command

import (
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"barkeep/store"
)

// token mints, lists and revokes the account's API tokens, which HTTP
// clients send as Authorization: Bearer TOKEN.
func (r request) token() error {
	if len(r.args) == 0 {
		return usagef("token takes create NAME, list or revoke NAME")
	}
	switch sub, args := r.args[0], r.args[1:]; {
	case sub == "list" && len(args) == 0:
		return r.listTokens()
	case sub == "create" && len(args) == 1:
		return r.createToken(args[0])
	case sub == "revoke" && len(args) == 1:
		return r.revokeToken(args[0])
	case sub == "create" || sub == "revoke":
		return usagef("token %s takes one name", sub)
	case sub == "list":
		return usagef("token list takes no arguments")
	}
	return usagef("token takes create NAME, list or revoke NAME, got %s", quote(r.args[0]))
}

// createToken prints the new token alone on stdout, for scripts to keep
// (TOKEN=$(ssh HOST token create ci)), and how to use it on stderr.
func (r request) createToken(name string) error {
	if err := r.textOnly(); err != nil {
		return err
	}
	secret, _, err := r.env.Store.CreateToken(r.env.Account.Fingerprint, name)
	switch {
	case errors.Is(err, store.ErrTokenName), errors.Is(err, store.ErrTooManyTokens):
		return errors.Unwrap(err)
	case errors.Is(err, store.ErrTokenExists):
		return fmt.Errorf("you have a token called %s already (see: ssh HOST token list)", quote(name))
	case err != nil:
		return r.couldNotSave("your new token", err)
	}
	if _, err := fmt.Fprintln(r.env.Stdout, secret); err != nil {
		return err
	}
	_, err = fmt.Fprintf(r.env.Stderr, "This is the only time the token %s is shown: keep it secret. HTTP clients send it as\n"+
		"Authorization: Bearer TOKEN. Revoke it with: ssh HOST token revoke %s\n", quote(name), name)
	return err
}

func (r request) revokeToken(name string) error {
	if err := r.textOnly(); err != nil {
		return err
	}
	err := r.env.Store.RevokeToken(r.env.Account.Fingerprint, name)
	switch {
	case errors.Is(err, store.ErrUnknownToken):
		return fmt.Errorf("you have no token called %s (see: ssh HOST token list)", quote(name))
	case err != nil:
		return r.couldNotSave("the revocation of your token", err)
	}
	_, err = fmt.Fprintf(r.env.Stdout, "Revoked token %s: it lets nobody in from now on.\n", name)
	return err
}

// tokenJSON is a token as token list --json shows it: never its secret,
// which nothing keeps.
type tokenJSON struct {
	Name     string     `json:"name"`
	Created  time.Time  `json:"created"`
	LastUsed *time.Time `json:"lastUsed"` // null: never used
}

func (r request) listTokens() error {
	tokens := r.env.Store.Tokens(r.env.Account.Fingerprint)
	if r.json {
		list := struct {
			Tokens []tokenJSON `json:"tokens"`
		}{Tokens: make([]tokenJSON, len(tokens))}
		for i, t := range tokens {
			list.Tokens[i] = tokenJSON{Name: t.Name, Created: t.Created}
			if !t.LastUsed.IsZero() {
				list.Tokens[i].LastUsed = &t.LastUsed
			}
		}
		return r.writeJSON(list)
	}
	if len(tokens) == 0 {
		_, err := fmt.Fprintln(r.env.Stdout, "You have no tokens. Make one for HTTP clients: ssh HOST token create NAME")
		return err
	}
	const layout = "2006-01-02 15:04 MST"
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tCREATED\tLAST USED")
	for _, t := range tokens {
		used := "never"
		if !t.LastUsed.IsZero() {
			used = t.LastUsed.Format(layout)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", t.Name, t.Created.Format(layout), used)
	}
	return tw.Flush()
}
