package main

import (
	"fmt"
	"io"

	"barkeep/store"
)

// checkCommand verifies a store file offline, without changing it: a
// backup before it is restored, or a store the server refused.
func checkCommand(args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Fprintln(stdout, "Usage: barkeep check FILE\n\nVerifies a store file (structure and contents) without changing it.\nExit status 0 when it is sound, 1 when it is not.")
		return 0
	}
	if len(args) != 1 {
		fmt.Fprintln(stderr, "barkeep check: give exactly one store file; see barkeep check --help")
		return exitUsage
	}
	summary, err := store.Check(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "barkeep check: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: ok, %d accounts, %d likes, %d bar ingredients (%d bytes)\n",
		summary.Path, summary.Accounts, summary.Likes, summary.BarItems, summary.Size)
	for _, note := range summary.Notes {
		fmt.Fprintf(stdout, "note: %s\n", note)
	}
	return 0
}
