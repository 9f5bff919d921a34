package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// loadAuthorizedKeys reads an OpenSSH authorized_keys file into a set of key
// fingerprints. A line that does not parse is an error naming it, rather
// than a silently smaller allowlist.
func loadAuthorizedKeys(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read authorized keys: %w", err)
	}
	defer f.Close()
	allowed := map[string]bool{}
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; scanner.Scan(); n++ {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, _, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return nil, fmt.Errorf("authorized keys %s line %d: %w", path, n, err)
		}
		allowed[gossh.FingerprintSHA256(key)] = true
	}
	if err := scanner.Err(); err != nil {
		return nil, fmt.Errorf("read authorized keys %s: %w", path, err)
	}
	return allowed, nil
}
