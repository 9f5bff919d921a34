package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"barkeep/internal/storetest"
)

// check tells a store from a catalog, and says what is wrong with either
// in words, without changing the file.
func TestCheckTellsAStoreFromACatalog(t *testing.T) {
	dir := t.TempDir()
	s := storetest.Open(t, storetest.FixtureCatalog(t))
	if _, _, err := s.SignUp("SHA256:alice", "alice"); err != nil {
		t.Fatal(err)
	}
	storePath := s.Path()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	raw, err := os.ReadFile(storePath)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		code       int
		out        string
	}{
		{"a sound store", storePath, 0, "ok, 1 accounts, 0 likes, 0 bar ingredients"},
		{"a store cut short", write("cut.db", string(raw[:3*4096])), 1, "is a store file that cannot be used: it is damaged"},
		{"the embedded catalog's format", "../../data/cocktails.json", 0, "ok, 140 cocktails: a catalog in Barkeep's format"},
		{"the Next.js app's catalog", "../../data/testdata/nextjs-sample.json", 0, "a catalog in the Next.js app's format"},
		{"a catalog with a bad entry", write("bad.json", `[{"id": "x"}]`), 1, "is a catalog that cannot be served"},
		{"a file of something else", write("notes.txt", "shopping: limes"), 1, "neither a Barkeep store nor a catalog"},
		{"an empty file", write("empty", ""), 1, "is empty"},
		{"no file", filepath.Join(dir, "missing"), 1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.path)
			var stdout, stderr bytes.Buffer
			code := checkCommand([]string{tt.path}, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stdout.String()+stderr.String(), tt.out) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d and %q", code, stdout.String(), stderr.String(), tt.code, tt.out)
			}
			if strings.Contains(stderr.String(), "meta page") && !strings.Contains(stderr.String(), "cannot be used") {
				t.Errorf("the error speaks of bbolt's pages alone: %q", stderr.String())
			}
			if after, _ := os.ReadFile(tt.path); !bytes.Equal(before, after) {
				t.Error("check changed the file")
			}
		})
	}
}
