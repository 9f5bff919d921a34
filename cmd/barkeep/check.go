package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"barkeep/data"
	"barkeep/store"
)

const checkUsage = `Usage: barkeep check FILE

Tells a store file (barkeep.db, or a backup of it) from a catalog file and
checks either without changing it: a store's structure and records, or a
catalog's every entry. Exit status 0 when it can be used, 1 when it cannot.
`

// checkCommand verifies a store or catalog file offline, without changing
// it: a backup before it is restored, a store the server refused, a
// catalog before it is served.
func checkCommand(args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Fprint(stdout, checkUsage)
		return 0
	}
	if len(args) != 1 {
		fmt.Fprintln(stderr, "barkeep check: give exactly one file, a store or a catalog; see barkeep check --help")
		return exitUsage
	}
	path := args[0]
	kind, err := sniff(path)
	if err != nil {
		fmt.Fprintf(stderr, "barkeep check: %v\n", err)
		return 1
	}
	switch kind {
	case catalogKind:
		return checkCatalog(path, stdout, stderr)
	case storeKind:
		return checkStore(path, stdout, stderr)
	}
	fmt.Fprintf(stderr, "barkeep check: %s is neither a Barkeep store nor a catalog: it is not a database Barkeep wrote, and not JSON\n", path)
	return 1
}

type fileKind int

const (
	unknownKind fileKind = iota
	storeKind
	catalogKind
)

// boltMagic opens every page of meta data in a bbolt file, after the
// page's 16-byte header.
const boltMagic = 0xED0CDAED

// sniff tells a store file (a bbolt database) from a catalog (JSON) by its
// first bytes.
func sniff(path string) (fileKind, error) {
	f, err := os.Open(path)
	if err != nil {
		return unknownKind, fmt.Errorf("cannot read %s: %w", path, errors.Unwrap(err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return unknownKind, fmt.Errorf("%s is a directory; give a store file or a catalog file", path)
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return unknownKind, fmt.Errorf("cannot read %s: %w", path, err)
	}
	head = head[:n]
	switch {
	case n == 0:
		return unknownKind, fmt.Errorf("%s is empty: neither a store nor a catalog", path)
	case n >= 20 && binary.LittleEndian.Uint32(head[16:20]) == boltMagic:
		return storeKind, nil
	}
	if trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff"); len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{') {
		return catalogKind, nil
	}
	return unknownKind, nil
}

func checkStore(path string, stdout, stderr io.Writer) int {
	summary, err := store.Check(path)
	switch {
	case errors.Is(err, store.ErrLocked):
		fmt.Fprintf(stderr, "barkeep check: %s is a store file in use by a running Barkeep: check a backup of it instead (ssh HOST admin backup > barkeep.bak)\n", path)
		return 1
	case errors.Is(err, store.ErrDamaged), errors.Is(err, store.ErrNotAStore):
		fmt.Fprintf(stderr, "barkeep check: %s is a store file that cannot be used: it is damaged, or another program's database.\n"+
			"The file was left as it is. Restore it from a backup, or move it away to start with an empty store.\n"+
			"What is wrong, for whoever looks into it: %v\n", path, err)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "barkeep check: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: ok, %d accounts, %d likes, %d bar ingredients (%d bytes): a sound store file\n",
		summary.Path, summary.Accounts, summary.Likes, summary.BarItems, summary.Size)
	for _, note := range summary.Notes {
		fmt.Fprintf(stdout, "note: %s\n", note)
	}
	return 0
}

func checkCatalog(path string, stdout, stderr io.Writer) int {
	imported, err := data.ImportFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "barkeep check: %s is a catalog that cannot be served: %v\n", path, err)
		return 1
	}
	format := map[string]string{
		data.FormatBarkeep: "Barkeep's", data.FormatNextJS: "the Next.js app's", data.FormatCocktailDB: "TheCocktailDB's",
	}[imported.Format]
	fmt.Fprintf(stdout, "%s: ok, %d cocktails: a catalog in %s format (barkeep serve --catalog %s serves it)\n",
		path, len(imported.Cocktails), format, path)
	for _, skip := range imported.Skipped {
		fmt.Fprintf(stdout, "left out: %s: %s\n", skip.Name, skip.Reason)
	}
	return 0
}
