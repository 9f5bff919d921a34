package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"barkeep/data"
)

// importCommand converts a catalog in any format Barkeep reads into
// Barkeep's own, reporting the entries it had to leave out.
func importCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("barkeep import", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	output := fs.String("o", "", "write the catalog to this file (default: standard output)")
	fs.Usage = func() {
		fmt.Fprint(stdout, `Usage: barkeep import FILE [-o catalog.json]

Reads a catalog in Barkeep's format, the Next.js reference app's
data/cocktails.json, or TheCocktailDB's API JSON, and writes it in
Barkeep's format, for "barkeep serve --catalog". Entries that cannot be
used are reported with their reason; the rest are kept. Ingredient names
are brought to Barkeep's vocabulary; those it does not know are kept as
they are and listed.
`)
	}
	// The file may come before or after the flags.
	var files []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.Usage()
				return 0
			}
			fmt.Fprintf(stderr, "barkeep import: %v\n", err)
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		fmt.Fprintln(stderr, "barkeep import: give exactly one catalog file; see barkeep import --help")
		return exitUsage
	}
	imported, err := data.ImportFile(files[0])
	if err != nil {
		fmt.Fprintf(stderr, "barkeep import: %v\n", err)
		return 1
	}
	for _, skip := range imported.Skipped {
		fmt.Fprintf(stderr, "skipped %s: %s\n", skip.Name, skip.Reason)
	}
	for _, kept := range imported.Amended {
		fmt.Fprintf(stderr, "kept %s: %s\n", kept.Name, kept.Reason)
	}
	if len(imported.Unknown) > 0 {
		fmt.Fprintf(stderr, "ingredients not in the vocabulary, kept as they are (%d): %s\n", len(imported.Unknown), strings.Join(imported.Unknown, ", "))
	}
	raw, err := json.MarshalIndent(imported.Cocktails, "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "barkeep import: encode catalog: %v\n", err)
		return 1
	}
	raw = append(raw, '\n')
	if err := writeOutput(*output, raw, stdout); err != nil {
		fmt.Fprintf(stderr, "barkeep import: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "imported %d cocktails from %s (%s format), skipped %d\n",
		len(imported.Cocktails), files[0], imported.Format, len(imported.Skipped))
	return 0
}

// writeOutput writes raw to path, or to stdout when path is empty. A file is
// written whole or not at all: to a temporary file first, then renamed.
func writeOutput(path string, raw []byte, stdout io.Writer) error {
	if path == "" {
		_, err := stdout.Write(raw)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".barkeep-import-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
