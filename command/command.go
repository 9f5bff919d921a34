// Package command answers Barkeep's commands over SSH (`ssh host list
// --json`): the same account and store as the TUI, for scripts and pipes.
// Output is plain text without escape codes, or with --json one JSON
// document built from the store's own types.
package command

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"barkeep/api"
	"barkeep/reply"
	"barkeep/store"

	"charm.land/log/v2"
)

// Exit statuses.
const (
	ExitOK     = 0
	ExitFailed = 1 // the request was understood but could not be done
	ExitUsage  = 2 // the request was not understood
)

// Usage lists the commands.
const Usage = `Usage: ssh HOST COMMAND [ARGS] [--json]

Commands:
  list                          every cocktail
  show ID|NAME                  one cocktail, whole
  search INGREDIENT[,...]       cocktails with all of these ingredients
  random                        a random cocktail
  like ID                       like a cocktail
  unlike ID                     stop liking it
  likes                         the cocktails I like, newest first
  top [N]                       the most liked cocktails (10 unless N)
  bar                           the ingredients I have at home
  bar add INGREDIENT[,...]      add to my bar
  bar rm INGREDIENT[,...]       remove from my bar
  makeable                      what I can make now, then what I am one ingredient away from
  shopping [N]                  what to buy next: the ingredients that would add the most
                                cocktails to what I can make, and which (10 unless N)
  whoami                        my account
  name NEW                      change my name (at most 32 characters)
  token create NAME             a new API token for HTTP clients, shown only this once
  token list                    my tokens: name, created, last used
  token revoke NAME             revoke a token
  graphql [--variables JSON] [--operation NAME] [DOCUMENT]
                                run a GraphQL document as me (from stdin without one)
  schema                        the GraphQL schema, for client code generators
  help                          this help
  admin backup                  (admins) a consistent copy of the store file on stdout:
                                ssh HOST admin backup > barkeep.bak

--json prints one JSON document instead of text (every command but admin,
schema, token create and token revoke; graphql answers in JSON anyway).
Without a command, "ssh -t HOST" opens the bar.
`

// Env is what a command runs with.
type Env struct {
	Store   *store.Store
	Account store.Account
	Stdout  io.Writer
	Stderr  io.Writer
	// Admin is set for the keys the server lists as admins.
	Admin bool
	// Terminal is set when the session has a PTY, which would mangle binary
	// output.
	Terminal bool
	// Logger, when set, records what went wrong on the server's side; the
	// user is told only that it did.
	Logger *log.Logger
	// API runs graphql commands; Stdin carries their document when the
	// line does not, and Context ends subscriptions when the session does.
	API     *api.API
	Stdin   io.Reader
	Context context.Context
}

// request is one parsed command line.
type request struct {
	env  Env
	name string
	args []string
	json bool
}

// usageError is a command line that cannot be understood.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// RunLine runs a command line as an SSH client sends it, one string that
// splitWords splits into words, and returns its exit status. A line longer
// than MaxLineBytes is refused before anything reads it.
func RunLine(env Env, line string) int {
	if len(line) > MaxLineBytes {
		return report(env, usagef("the command is too long (%d bytes; the limit is %d)", len(line), MaxLineBytes))
	}
	if !utf8.ValidString(line) {
		return report(env, usagef("the command must be UTF-8 text"))
	}
	if status, ok := graphqlLine(env, line); ok {
		return status
	}
	args, err := splitWords(line)
	if err != nil {
		return report(env, usagef("cannot split the command into words: %v", err))
	}
	return Run(env, args)
}

// Run runs one command, given as words, and returns its exit status.
func Run(env Env, args []string) int {
	req, err := parse(env, args)
	if err == nil {
		err = req.run()
	}
	return report(env, err)
}

// report prints what went wrong, if anything, and returns the exit status.
func report(env Env, err error) int {
	var usage usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &usage):
		fmt.Fprintf(env.Stderr, "barkeep: %s\n\n%s", usage.msg, Usage)
		return ExitUsage
	default:
		fmt.Fprintf(env.Stderr, "barkeep: %s\n", err)
		return ExitFailed
	}
}

func parse(env Env, args []string) (request, error) {
	req := request{env: env}
	for _, arg := range args {
		if !utf8.ValidString(arg) {
			return req, usagef("arguments must be UTF-8 text")
		}
		switch {
		case arg == "--json":
			req.json = true
		case strings.HasPrefix(arg, "-") && len(arg) > 1:
			return req, usagef("unknown flag %s", quote(arg))
		case req.name == "":
			req.name = arg
		default:
			req.args = append(req.args, arg)
		}
	}
	if req.name == "" {
		return req, usagef("no command given")
	}
	return req, nil
}

func (r request) run() error {
	commands := map[string]func() error{
		"help": r.help, "list": r.list, "show": r.show, "search": r.search, "random": r.random,
		"like": r.like, "unlike": r.unlike, "likes": r.likes, "top": r.top, "bar": r.bar,
		"makeable": r.makeable, "shopping": r.shopping, "whoami": r.whoami, "name": r.rename, "admin": r.admin,
		"graphql": r.graphql, "schema": r.schema, "token": r.token,
	}
	run, ok := commands[r.name]
	if !ok {
		return usagef("unknown command %s", quote(r.name))
	}
	return run()
}

func (r request) help() error {
	if err := r.noArgs(); err != nil {
		return err
	}
	_, err := io.WriteString(r.env.Stdout, Usage)
	return err
}

// noArgs refuses arguments to a command that takes none.
func (r request) noArgs() error {
	if len(r.args) > 0 {
		return usagef("%s takes no arguments, got %s", r.name, quote(r.args[0]))
	}
	return nil
}

// textOnly refuses --json where there is nothing to encode.
func (r request) textOnly() error {
	if r.json {
		return usagef("%s has no --json output", r.name)
	}
	return nil
}

// writeJSON prints v as one indented JSON document.
func (r request) writeJSON(v any) error {
	enc := json.NewEncoder(r.env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// quote makes client-sent text safe to echo.
func quote(s string) string { return reply.Quote(s) }

// admin runs the commands kept for the keys listed as admins.
func (r request) admin() error {
	if err := r.textOnly(); err != nil {
		return err
	}
	if len(r.args) != 1 || r.args[0] != "backup" {
		return usagef("admin takes one command: backup")
	}
	if !r.env.Admin {
		return fmt.Errorf("admin commands are for the keys listed with --admin-keys; %s is not", r.env.Account.Fingerprint)
	}
	if r.env.Terminal {
		return fmt.Errorf("a backup is binary: run it without a terminal, ssh HOST admin backup > barkeep.bak")
	}
	if _, err := r.env.Store.WriteBackup(r.env.Stdout); err != nil {
		if errors.Is(err, store.ErrBackupRunning) || errors.Is(err, store.ErrNoBackupHere) {
			return err
		}
		if r.env.Logger != nil {
			r.env.Logger.Error("backup failed", "fingerprint", r.env.Account.Fingerprint, "err", err)
		}
		return fmt.Errorf("the backup failed; see the server's log")
	}
	return nil
}

// couldNotSave logs why a write failed and tells the user, without the
// server's paths and system errors, that it did not happen.
func (r request) couldNotSave(what string, err error) error {
	if r.env.Logger != nil {
		r.env.Logger.Error("save failed", "command", r.name, "fingerprint", r.env.Account.Fingerprint, "err", err)
	}
	return errors.New(reply.CouldNotSave(what))
}
