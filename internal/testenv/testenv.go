// Package testenv reads the settings that stretch the long tests (more
// cycles, another seed) from the environment.
package testenv

import (
	"os"
	"strconv"
	"testing"
)

// Number returns the environment variable name as a number, or fallback
// when it is unset. A value that is not a number fails the test; a value
// that is set is logged, so that a failing run says how to repeat it.
func Number(t testing.TB, name string, fallback uint64) uint64 {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return fallback
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q: want a number", name, s)
	}
	t.Logf("%s=%d", name, n)
	return n
}
