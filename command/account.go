package command

import (
	"errors"
	"fmt"
	"strings"

	"barkeep/store"
)

// accountDocument is whoami and name --json: the account.
type accountDocument struct {
	Name        string `json:"name"`
	Fingerprint string `json:"fingerprint"`
	Since       string `json:"since"`
}

func (r request) whoami() error {
	if err := r.noArgs(); err != nil {
		return err
	}
	return r.printAccount(r.env.Account)
}

func (r request) printAccount(a store.Account) error {
	since := a.Since.Format("2006-01-02 15:04 MST")
	if r.json {
		return r.writeJSON(accountDocument{Name: a.Name, Fingerprint: a.Fingerprint, Since: a.Since.Format("2006-01-02T15:04:05Z07:00")})
	}
	_, err := fmt.Fprintf(r.env.Stdout, "name:         %s\nfingerprint:  %s\nmember since: %s\n", a.Name, a.Fingerprint, since)
	return err
}

// rename gives the account another name: the words given, as one.
func (r request) rename() error {
	if len(r.args) == 0 {
		return usagef("name needs the new name: ssh HOST name NEW")
	}
	renamed, err := r.env.Store.Rename(r.env.Account.Fingerprint, strings.Join(r.args, " "))
	switch {
	case errors.Is(err, store.ErrBadName):
		return err
	case err != nil:
		return r.couldNotSave("your new name", err)
	}
	return r.printAccount(renamed)
}
