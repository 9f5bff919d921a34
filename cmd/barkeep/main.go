// Command barkeep serves the Barkeep cocktail bar over SSH.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"barkeep/internal/logescape"

	"charm.land/log/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
)

const usage = `Barkeep: a cocktail bar you reach over SSH.

Usage:
  barkeep serve [flags]                 run the SSH server
  barkeep import FILE [-o catalog.json] convert a catalog to Barkeep's format
  barkeep check FILE                    verify a store file (or a backup) offline
  barkeep migrate --from FILE --to DB   copy a store file into PostgreSQL
  barkeep version                       the version and the commit it was built from
  barkeep help                          show this help

Run "barkeep serve --help" for the server's flags.
`

// exitUsage is the exit status of a command line that cannot be understood.
const exitUsage = 2

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "serve":
		return serveCommand(args[1:], stdout, stderr)
	case "import":
		return importCommand(args[1:], stdout, stderr)
	case "check":
		return checkCommand(args[1:], stdout, stderr)
	case "migrate":
		return migrateCommand(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, version())
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "barkeep: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// logFormat is styled text for a person at a terminal, and logfmt for
// anything else (a file, a journal, a pipe): machines parse it, and it
// costs a tenth as much per line, which a crowd of sign-ins notices.
func logFormat(w io.Writer) log.Formatter {
	if f, ok := w.(*os.File); ok && term.IsTerminal(f.Fd()) {
		return log.TextFormatter
	}
	return log.LogfmtFormatter
}

// newLogger logs to w through an escaping writer: client text that passed
// the formatters raw (C1 controls, bidi and zero-width characters, line
// separators) could otherwise forge or hide a line. The colour profile is
// w's own, which the escaping writer would hide.
func newLogger(w io.Writer) *log.Logger {
	logger := log.NewWithOptions(logescape.NewWriter(w), log.Options{ReportTimestamp: true, Prefix: "barkeep", Formatter: logFormat(w)})
	logger.SetColorProfile(colorprofile.Detect(w, os.Environ()))
	return logger
}

func serveCommand(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseServeFlags(args, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "barkeep serve: %v\nRun \"barkeep serve --help\" for the flags.\n", err)
		return exitUsage
	}
	logger := newLogger(stderr)
	if err := serve(cfg, logger); err != nil {
		logger.Error("server stopped", "err", err)
		return 1
	}
	return 0
}
