package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"barkeep/store"
)

// referenceCatalog is the Next.js reference app's real catalog, kept beside
// the project (not in it). CI always has it.
const referenceCatalog = "../../../shared/reference/nextjs-reference-cocktails.json"

// TestE2EImportedCatalogIsServedAndSearchable imports the reference app's
// catalog, serves it, and searches it by ingredient over SSH.
func TestE2EImportedCatalogIsServedAndSearchable(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(referenceCatalog); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must have the reference catalog: %v", err)
		}
		t.Skipf("no reference catalog beside the project: %v", err)
	}
	converted := filepath.Join(t.TempDir(), "catalog.json")
	res := runBarkeep(t, nil, "import", referenceCatalog, "-o", converted)
	if res.code != 0 || !strings.Contains(res.stderr, "imported 249 cocktails") || !strings.Contains(res.stderr, "kept 410 gone: no instructions") {
		t.Fatalf("import: exit %d, stderr:\n%s", res.code, res.stderr)
	}
	again := runBarkeep(t, nil, "import", converted)
	if again.code != 0 || !strings.HasPrefix(again.stdout, "[") {
		t.Fatalf("the converted catalog does not import again: exit %d, stderr:\n%s", again.code, again.stderr)
	}

	for _, catalog := range []string{referenceCatalog, converted} {
		srv := startServer(t, t.TempDir(), "--catalog", catalog)
		key := newClientKey(t)
		list := decodeStrict[cocktailsJSON](t, runSession(t, srv.addr, key, false, "list --json"))
		if len(list.Cocktails) != 249 {
			t.Errorf("%s: serving %d cocktails, want 249", catalog, len(list.Cocktails))
		}
		// "rhum" and "light rum" in the source are both rum now.
		found := decodeStrict[foundJSON](t, runSession(t, srv.addr, key, false, "search rum, lime --json"))
		if len(found.Cocktails) < 10 || !slices.ContainsFunc(found.Cocktails, func(c store.Found) bool { return c.Name == "Cuba libre" }) {
			t.Errorf("%s: search rum, lime found %d cocktails, without the Cuba libre", catalog, len(found.Cocktails))
		}
		srv.stop(t)
	}
}

func TestE2EImportRefusesWhatItCannotRead(t *testing.T) {
	t.Parallel()
	garbage := filepath.Join(t.TempDir(), "garbage.json")
	if err := os.WriteFile(garbage, []byte(`{"not": "a catalog"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	res := runBarkeep(t, nil, "import", garbage)
	if res.code != 1 || !strings.Contains(res.stderr, garbage) {
		t.Errorf("import of garbage: exit %d, stderr %q", res.code, res.stderr)
	}
	if res := runBarkeep(t, nil, "import"); res.code != 2 {
		t.Errorf("import without a file: exit %d", res.code)
	}
}
