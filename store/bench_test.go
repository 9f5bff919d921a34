package store

// Benchmarks of the store: search against a plain linear scan, durable like
// throughput, and loading a big store file. They never run in a plain
// "go test": run them with
//
//	go test -run '^$' -bench . ./store/

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"barkeep/data"
	bolt "go.etcd.io/bbolt"
)

// syntheticSize is the size of the big catalog that search is measured on.
const syntheticSize = 100_000

// benchSink keeps results alive, so the compiler cannot drop the work.
var benchSink any

var (
	embeddedOnce    sync.Once
	embeddedCatalog *Catalog
	syntheticOnce   sync.Once
	syntheticCat    *Catalog
)

func benchEmbeddedCatalog(b *testing.B) *Catalog {
	b.Helper()
	embeddedOnce.Do(func() {
		cocktails, err := data.Embedded()
		if err != nil {
			b.Fatal(err)
		}
		embeddedCatalog = NewCatalog(cocktails)
	})
	return embeddedCatalog
}

// benchSyntheticCatalog is built once per run: indexing 100,000 cocktails
// takes a while and is not what is measured.
func benchSyntheticCatalog(b *testing.B) *Catalog {
	b.Helper()
	syntheticOnce.Do(func() {
		syntheticCat = NewCatalog(syntheticCocktails(b, syntheticSize, 42))
	})
	return syntheticCat
}

// Words the synthetic catalog makes its extra ingredients and its names of.
var (
	syntheticFlavours = []string{
		"apricot", "banana", "blackberry", "blackcurrant", "blood orange", "blueberry",
		"cardamom", "cherry", "chili", "chocolate", "cinnamon", "clove", "coconut",
		"coffee", "cranberry", "cucumber", "elderflower", "fig", "ginger", "grapefruit",
		"guava", "hazelnut", "hibiscus", "honeydew", "lavender", "lemongrass", "lychee",
		"mango", "maple", "melon", "nutmeg", "passion fruit", "peach", "pear",
		"pineapple", "plum", "pomegranate", "quince", "raspberry", "rhubarb", "rose",
		"rosemary", "saffron", "sage", "strawberry", "tamarind", "thyme", "vanilla",
		"violet", "walnut", "watermelon", "yuzu",
	}
	syntheticKinds = []string{"liqueur", "syrup", "bitters", "shrub", "cordial", "puree"}
	syntheticAdjs  = []string{
		"Smoky", "Golden", "Midnight", "Spiced", "Velvet", "Bitter", "Silver", "Royal",
		"Crimson", "Frozen", "Dusty", "Electric", "Hidden", "Lazy", "Old", "Wild",
	}
	syntheticNouns = []string{
		"Sour", "Fizz", "Smash", "Julep", "Sling", "Flip", "Collins", "Mule", "Punch",
		"Cobbler", "Daisy", "Rickey", "Highball", "Toddy", "Swizzle", "Cooler",
	}
)

// syntheticCocktails makes n cocktails, the same for the same seed: 2 to 6
// ingredients each, drawn from about 400 distinct names. The embedded
// catalog's ingredients keep their real popularity (lime juice and gin are
// common, so the queries below hit thousands of cocktails); the made-up
// ones form a long tail.
func syntheticCocktails(b *testing.B, n int, seed uint64) []data.Cocktail {
	b.Helper()
	real, err := data.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	count := map[string]float64{}
	for _, c := range real {
		for _, ing := range c.Ingredients {
			count[ing.Name]++
		}
	}
	var names []string
	var weights []float64
	for name, c := range count {
		names = append(names, name)
		weights = append(weights, c)
	}
	rank := 0
	for _, kind := range syntheticKinds {
		for _, flavour := range syntheticFlavours {
			name := flavour + " " + kind
			if _, dup := count[name]; dup || len(names) >= 400 {
				continue
			}
			rank++
			names = append(names, name)
			weights = append(weights, 4/float64(1+rank%60)) // a long tail
		}
	}
	// Map iteration order is random: sort so that the seed decides all.
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(names[a], names[b]) })
	cumulative := make([]float64, len(order))
	sortedNames := make([]string, len(order))
	total := 0.0
	for i, j := range order {
		total += weights[j]
		cumulative[i] = total
		sortedNames[i] = names[j]
	}

	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	draw := func() string {
		i, _ := slices.BinarySearch(cumulative, rng.Float64()*total)
		return sortedNames[min(i, len(sortedNames)-1)]
	}
	cocktails := make([]data.Cocktail, n)
	for i := range cocktails {
		k := 2 + rng.IntN(5)
		ingredients := make([]data.Ingredient, 0, k)
		for len(ingredients) < k {
			name := draw()
			if slices.ContainsFunc(ingredients, func(ing data.Ingredient) bool { return ing.Name == name }) {
				continue
			}
			ingredients = append(ingredients, data.Ingredient{Name: name, Amount: float64(10 * (1 + rng.IntN(6))), Unit: "ml"})
		}
		cocktails[i] = data.Cocktail{
			ID:           fmt.Sprintf("synthetic-%06d", i),
			Name:         fmt.Sprintf("%s %s %d", syntheticAdjs[rng.IntN(len(syntheticAdjs))], syntheticNouns[rng.IntN(len(syntheticNouns))], i),
			Category:     "Synthetic",
			Base:         ingredients[0].Name,
			Glass:        "rocks",
			Method:       "shake",
			Ingredients:  ingredients,
			Garnish:      "lemon zest",
			Instructions: "Shake everything with ice and strain.",
		}
	}
	return cocktails
}

// linearSearch is what search would be without an index: every cocktail,
// every term. Each term is resolved to its ingredient names beforehand,
// kinds expanded, so the scan compares plain strings and is as fast as a
// scan gets.
func linearSearch(cocktails []data.Cocktail, terms []nameSet) []data.Cocktail {
	matches := linearMatches(cocktails, terms)
	found := make([]data.Cocktail, len(matches))
	for i, m := range matches {
		found[i] = cocktails[m]
	}
	return found
}

// nameSet is the ingredient names one term matches: a slice while it is
// short, which is faster to look through than a map.
type nameSet struct {
	few  []string
	many map[string]bool
}

func (s nameSet) has(name string) bool {
	if s.many != nil {
		return s.many[name]
	}
	return slices.Contains(s.few, name)
}

// linearMatches is the scan without copying: the indexes of the cocktails
// that have, for every term, one of its ingredient names.
func linearMatches(cocktails []data.Cocktail, terms []nameSet) []int {
	var found []int
	for i, c := range cocktails {
		all := true
		for _, names := range terms {
			has := false
			for _, ing := range c.Ingredients {
				if names.has(ing.Name) {
					has = true
					break
				}
			}
			if !has {
				all = false
				break
			}
		}
		if all {
			found = append(found, i)
		}
	}
	return found
}

// resolveTerms gives, for each term of query, the names of the ingredients
// it matches, as search matches them, kinds and members expanded, with
// every spelling a recipe may use for them.
func resolveTerms(c *Catalog, query string) []nameSet {
	var terms []nameSet
	for _, term := range ParseTerms(query) {
		m := c.match(term, preferWholeWords)
		accepts := c.accepts
		if m.byWords {
			accepts = c.members
		}
		var names []string
		for _, x := range m.ingredients {
			for _, y := range accepts[x] {
				names = append(names, c.names[y])
				if !c.own(y) {
					names = append(names, c.vocabulary.Entry(int(y)).Spellings...)
				}
			}
		}
		set := nameSet{few: names}
		if len(names) > 8 {
			set = nameSet{many: map[string]bool{}}
			for _, name := range names {
				set.many[name] = true
			}
		}
		terms = append(terms, set)
	}
	return terms
}

// timeEach runs op b.N times, timing each run, and reports the median and
// the 99th percentile besides the mean that ns/op is. The clock adds a few
// tens of nanoseconds to each run.
func timeEach(b *testing.B, op func()) {
	b.Helper()
	samples := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		op()
		samples = append(samples, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(samples)
	b.ReportMetric(float64(samples[len(samples)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(samples[min(len(samples)*99/100, len(samples)-1)].Nanoseconds()), "p99-ns")
}

// BenchmarkSearch compares the index with a plain linear scan, on the
// embedded catalog and on 100,000 synthetic cocktails. "gin, lime juice"
// pairs two of the most common ingredients: the index's worst case among
// plain names. Kinds are expanded at load, so "whiskey" (every whiskey)
// and "liqueur" (some fifty names) cost a search what one name does; the
// scan has to compare each recipe against all of their names.
func BenchmarkSearch(b *testing.B) {
	queries := []struct{ name, query string }{
		{"one-ingredient", "gin"},
		{"two-ingredients", "gin, campari"},
		{"two-common-ingredients", "gin, lime juice"},
		{"three-ingredients", "gin, campari, sweet vermouth"},
		{"kind", "whiskey"},
		{"big-kind", "liqueur"},
		{"two-kinds", "brandy, orange liqueur"},
		{"plural", "limes"},
		{"spelling", "whisky, coke"},
		{"prefix", "sweet verm"},
	}
	catalogs := []struct {
		name  string
		build func(*testing.B) *Catalog
	}{
		{"embedded", benchEmbeddedCatalog},
		{"synthetic-100k", benchSyntheticCatalog},
	}
	for _, cat := range catalogs {
		b.Run(cat.name, func(b *testing.B) {
			c := cat.build(b)
			for _, q := range queries {
				b.Run(q.name, func(b *testing.B) {
					terms := resolveTerms(c, q.query)
					indexed := c.Search(q.query).Cocktails()
					if scanned := linearSearch(c.All(), terms); !slices.Equal(ids(indexed), ids(scanned)) {
						b.Fatalf("%q: the index finds %d cocktails, the scan %d", q.query, len(indexed), len(scanned))
					}
					// Finding the matches, then finding and copying them out
					// as the TUI and the commands do.
					b.Run("index", func(b *testing.B) {
						timeEach(b, func() { benchSink = c.Search(q.query).Len() })
						b.ReportMetric(float64(len(indexed)), "results")
					})
					b.Run("linear-scan", func(b *testing.B) {
						timeEach(b, func() { benchSink = linearMatches(c.All(), terms) })
						b.ReportMetric(float64(len(indexed)), "results")
					})
					b.Run("index-and-copy", func(b *testing.B) {
						timeEach(b, func() { benchSink = c.Search(q.query).Cocktails() })
					})
					b.Run("linear-scan-and-copy", func(b *testing.B) {
						timeEach(b, func() { benchSink = linearSearch(c.All(), terms) })
					})
				})
			}
			b.Run("typo", func(b *testing.B) {
				// An unknown term: nothing found, the nearest names
				// suggested.
				const query = "gin, campri"
				if got := c.Search(query).Suggestions; len(got) != 1 || !slices.Contains(got[0], "campari") {
					b.Fatalf("%q suggests %q", query, got)
				}
				timeEach(b, func() { benchSink = c.Search(query) })
			})
			b.Run("name-filter", func(b *testing.B) {
				const query = "smash"
				b.Run("index", func(b *testing.B) {
					timeEach(b, func() { benchSink = c.FilterByName(query) })
					b.ReportMetric(float64(len(c.FilterByName(query))), "results")
				})
				b.Run("linear-scan", func(b *testing.B) {
					// Without the folded names kept by the catalog, each
					// name is folded on every query.
					timeEach(b, func() {
						var found []data.Cocktail
						q := fold(query)
						for _, cocktail := range c.All() {
							if strings.Contains(fold(cocktail.Name), q) {
								found = append(found, cocktail)
							}
						}
						benchSink = found
					})
				})
			})
			b.Run("random", func(b *testing.B) {
				shown := c.All()[c.Len()/2].ID
				b.Run("index", func(b *testing.B) {
					timeEach(b, func() { benchSink = c.Random(shown) })
				})
				b.Run("linear-scan", func(b *testing.B) {
					timeEach(b, func() { benchSink, _ = RandomOf(c.All(), shown) })
				})
			})
		})
	}
}

// BenchmarkOpen times loading a big store: 100,000 accounts with ten likes
// each. The file is written once, directly in the store's layout, before
// the timing.
func BenchmarkOpen(b *testing.B) {
	const accounts, likesEach = 100_000, 10
	catalog := benchEmbeddedCatalog(b)
	path := filepath.Join(b.TempDir(), "barkeep.db")
	writeBigStore(b, path, catalog, accounts, likesEach)
	b.Run(fmt.Sprintf("accounts-%dk-likes-%dk", accounts/1000, accounts*likesEach/1000), func(b *testing.B) {
		var heap uint64
		for b.Loop() {
			s, err := Open(path, catalog)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if got := len(s.accounts); got != accounts {
				b.Fatalf("loaded %d accounts, want %d", got, accounts)
			}
			runtime.GC()
			var stats runtime.MemStats
			runtime.ReadMemStats(&stats)
			heap = stats.HeapAlloc
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			b.StartTimer()
		}
		b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
	})
}

// writeBigStore writes a store file of accounts, each liking likesEach
// cocktails, in big transactions with the keys in order, and syncs it once.
func writeBigStore(b *testing.B, path string, catalog *Catalog, accounts, likesEach int) {
	b.Helper()
	s, err := Open(path, catalog) // creates the layout
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()

	fingerprints := make([]string, accounts)
	for i := range fingerprints {
		sum := sha256.Sum256(fmt.Appendf(nil, "key-%d", i))
		fingerprints[i] = "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
	}
	slices.Sort(fingerprints)
	all := catalog.All()
	rng := rand.New(rand.NewPCG(7, 11))
	since := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	const perTx = 10_000
	for startAt := 0; startAt < accounts; startAt += perTx {
		err := db.Update(func(tx *bolt.Tx) error {
			for i := startAt; i < min(startAt+perTx, accounts); i++ {
				a := Account{Fingerprint: fingerprints[i], Name: fmt.Sprintf("user%d", i), Since: since}
				if err := putAccount(tx, a); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		err = db.Update(func(tx *bolt.Tx) error {
			for i := startAt; i < min(startAt+perTx, accounts); i++ {
				liked := make([]string, 0, likesEach)
				for _, j := range rng.Perm(len(all))[:likesEach] {
					liked = append(liked, all[j].ID)
				}
				slices.Sort(liked)
				for j, id := range liked {
					if err := putLike(tx, fingerprints[i], id, since.Add(time.Duration(i*likesEach+j)*time.Second)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := db.Sync(); err != nil {
		b.Fatal(err)
	}
}
