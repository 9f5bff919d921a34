//go:build race

package main

// Under -race the server is built with the race detector too: a data race
// in it then shows in its log and makes it exit non-zero.
func init() {
	serverBuildFlags = append(serverBuildFlags, "-race")
}
