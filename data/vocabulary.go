package data

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The vocabulary is the one list of ingredients that search, the bar,
// makeable and the importers all resolve names through. Each entry is one
// ingredient with its other spellings and names, the kinds it belongs to
// and what it is made from:
//
//   - kinds: bourbon whiskey is a whiskey, cointreau a triple sec, triple
//     sec an orange liqueur. A member stands in for its kinds (bourbon
//     makes every drink that asks for whiskey), never the other way round.
//   - from: lime juice is made from limes. Whoever has the source has the
//     product (limes make every drink that asks for lime juice).
//
// Names resolve by key: folded (case and accents), apostrophes dropped,
// split into words, each word in its preferred form (rhum is rum, whisky
// is whiskey) and stemmed, a plural as its singular (limes is lime). Kinds and sources are never
// guessed from words: apricot brandy is a liqueur because its entry says
// so, and a name's words never make it a member of anything. That is how
// false friends stay apart: "rhumple minze" is not the word "rhum",
// "butterscotch" is not the word "scotch", ginger beer names no kind.

//go:embed vocabulary.json
var embeddedVocabulary []byte

// VocabularyEntry is one ingredient of the vocabulary, as the file has it.
type VocabularyEntry struct {
	// Name is the canonical name: lowercase, as recipes and bars show it.
	Name string `json:"name"`
	// Spellings are its other spellings and names: variants, brands that
	// are this one thing, and names other catalogs use for it.
	Spellings []string `json:"spellings,omitempty"`
	// Kinds are the entries it is one of (bourbon whiskey: whiskey).
	Kinds []string `json:"kinds,omitempty"`
	// From are the entries it is made from (lime juice: lime).
	From []string `json:"from,omitempty"`
	// Note says what the entry is not, for the people who maintain the
	// file: the false friends its words suggest.
	Note string `json:"note,omitempty"`
}

// Vocabulary is the parsed, validated vocabulary with its relations
// expanded and its words indexed, once. It is read-only and safe to share:
// the slices its methods return are its own, not to be changed.
type Vocabulary struct {
	entries []VocabularyEntry // sorted by name
	byName  map[string]int
	byKey   map[string]int    // key of every name and spelling → entry
	words   map[string]string // folded word → the folded word it is one with

	makes   [][]int32 // per entry: itself, its kinds and products, at any depth
	members [][]int32 // per entry: itself and its members, at any depth
	accepts [][]int32 // per entry: what any of its members makes
	madeBy  [][]int32 // per entry: the entries that make it

	folded   [][]string // per entry, per spelling: its folded words, one space between
	prefixes []WordRef  // every folded word of every spelling, sorted
	whole    []WordRef  // every normal word of every spelling, sorted
}

// WordRef ties one word to the entry one of whose spellings has it.
type WordRef struct {
	Word  string
	Entry int32
}

type vocabularyFile struct {
	Words   map[string]string `json:"words"`
	Entries []VocabularyEntry `json:"entries"`
}

// ErrInvalidVocabulary marks a vocabulary that parsed but broke a rule.
var ErrInvalidVocabulary = errors.New("invalid vocabulary")

// EmbeddedVocabulary returns the vocabulary compiled into the binary,
// parsed once.
func EmbeddedVocabulary() (*Vocabulary, error) { return embeddedOnce() }

var embeddedOnce = sync.OnceValues(func() (*Vocabulary, error) {
	v, err := ParseVocabulary(embeddedVocabulary)
	if err != nil {
		return nil, fmt.Errorf("embedded vocabulary: %w", err)
	}
	return v, nil
})

// MustEmbeddedVocabulary is EmbeddedVocabulary for callers that cannot
// go on without it. The embedded file is validated by this package's
// tests, so a built binary never panics here.
func MustEmbeddedVocabulary() *Vocabulary {
	v, err := EmbeddedVocabulary()
	if err != nil {
		panic(err)
	}
	return v
}

// ParseVocabulary decodes a vocabulary and validates it: every name and
// spelling has a key no other one has, every kind and source is an entry,
// and no entry is, through kinds and sources, its own kind or source.
func ParseVocabulary(raw []byte) (*Vocabulary, error) {
	var file vocabularyFile
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&file); err != nil {
		return nil, fmt.Errorf("decode JSON: %w", err)
	}
	if decoder.More() {
		return nil, errors.New("decode JSON: unexpected data after the vocabulary")
	}
	if len(file.Entries) == 0 {
		return nil, fmt.Errorf("%w: no entries", ErrInvalidVocabulary)
	}
	v := &Vocabulary{words: map[string]string{}, byKey: map[string]int{}}
	if err := v.setWords(file.Words); err != nil {
		return nil, err
	}
	v.entries = slices.Clone(file.Entries)
	slices.SortStableFunc(v.entries, func(a, b VocabularyEntry) int { return strings.Compare(a.Name, b.Name) })
	byName := make(map[string]int, len(v.entries))
	for i, e := range v.entries {
		if err := checkName(e.Name); err != nil {
			return nil, fmt.Errorf("%w: entry %q: name: %w", ErrInvalidVocabulary, e.Name, err)
		}
		if _, dup := byName[e.Name]; dup {
			return nil, fmt.Errorf("%w: entry %q is listed twice", ErrInvalidVocabulary, e.Name)
		}
		byName[e.Name] = i
	}
	for i, e := range v.entries {
		for _, spelling := range append([]string{e.Name}, e.Spellings...) {
			if err := v.claim(i, spelling); err != nil {
				return nil, err
			}
		}
	}
	kinds, err := v.relation(byName, "kinds", func(e VocabularyEntry) []string { return e.Kinds })
	if err != nil {
		return nil, err
	}
	from, err := v.relation(byName, "from", func(e VocabularyEntry) []string { return e.From })
	if err != nil {
		return nil, err
	}
	// up[i]: what a bar holding i can use for: its kinds, and what is made
	// from it. down[i]: its members.
	up := make([][]int, len(v.entries))
	down := make([][]int, len(v.entries))
	for i := range v.entries {
		up[i] = append(up[i], kinds[i]...)
		for _, k := range kinds[i] {
			down[k] = append(down[k], i)
		}
		for _, source := range from[i] {
			up[source] = append(up[source], i)
		}
	}
	if err := v.acyclic(up); err != nil {
		return nil, err
	}
	v.byName = byName
	v.expand(up, down)
	v.indexWords()
	return v, nil
}

func (v *Vocabulary) expand(up, down [][]int) {
	n := len(v.entries)
	v.makes = closures(up)
	v.members = closures(down)
	v.accepts = make([][]int32, n)
	v.madeBy = make([][]int32, n)
	for i := range n {
		var accepts []int32
		for _, m := range v.members[i] {
			accepts = append(accepts, v.makes[m]...)
		}
		slices.Sort(accepts)
		v.accepts[i] = slices.Compact(accepts)
		for _, made := range v.makes[i] {
			v.madeBy[made] = append(v.madeBy[made], int32(i))
		}
	}
}

func (v *Vocabulary) indexWords() {
	v.folded = make([][]string, len(v.entries))
	for i, e := range v.entries {
		for _, s := range append([]string{e.Name}, e.Spellings...) {
			words := FoldWords(s)
			v.folded[i] = append(v.folded[i], strings.Join(words, " "))
			for _, w := range words {
				v.prefixes = append(v.prefixes, WordRef{Word: w, Entry: int32(i)})
				v.whole = append(v.whole, WordRef{Word: v.NormalWord(w), Entry: int32(i)})
			}
		}
	}
	v.prefixes = SortWordRefs(v.prefixes)
	v.whole = SortWordRefs(v.whole)
}

// SortWordRefs sorts refs by word, then entry, dropping repeats.
func SortWordRefs(refs []WordRef) []WordRef {
	slices.SortFunc(refs, func(a, b WordRef) int {
		if c := strings.Compare(a.Word, b.Word); c != 0 {
			return c
		}
		return int(a.Entry - b.Entry)
	})
	return slices.Compact(refs)
}

func (v *Vocabulary) setWords(words map[string]string) error {
	for word, preferred := range words {
		w, p := foldText(word), foldText(preferred)
		for _, s := range []string{w, p} {
			if s == "" || strings.ContainsFunc(s, func(r rune) bool { return !isWordRune(r) }) {
				return fmt.Errorf("%w: words: %q → %q must be single words", ErrInvalidVocabulary, word, preferred)
			}
		}
		if w == p {
			return fmt.Errorf("%w: words: %q → %q changes nothing once folded", ErrInvalidVocabulary, word, preferred)
		}
		if stem(p) != p {
			return fmt.Errorf("%w: words: %q → %q: a preferred word must be its own stem (%q)", ErrInvalidVocabulary, word, preferred, stem(p))
		}
		v.words[w] = p
		v.words[stem(w)] = p // "rhums", "whiskys"
	}
	for word, preferred := range v.words {
		if _, chained := v.words[preferred]; chained {
			return fmt.Errorf("%w: words: %q becomes %q, which becomes another word in turn", ErrInvalidVocabulary, word, preferred)
		}
	}
	return nil
}

// checkName holds names and spellings to the catalog's rules for an
// ingredient name: lowercase, single spaces, plain text.
func checkName(name string) error {
	if err := plainText(name, false); err != nil {
		return err
	}
	if name != strings.ToLower(name) || name != strings.Join(strings.Fields(name), " ") || name == "" {
		return fmt.Errorf("%q must be lowercase, with single spaces and no outer ones", name)
	}
	return nil
}

// claim gives spelling's key to entry i, refusing a key that another
// entry, or another spelling of the same one, has already.
func (v *Vocabulary) claim(i int, spelling string) error {
	e := v.entries[i]
	if err := checkName(spelling); err != nil {
		return fmt.Errorf("%w: entry %q: spelling: %w", ErrInvalidVocabulary, e.Name, err)
	}
	key := v.Key(spelling)
	if key == "" {
		return fmt.Errorf("%w: entry %q: %q has no letter or digit", ErrInvalidVocabulary, e.Name, spelling)
	}
	owner, taken := v.byKey[key]
	switch {
	case !taken:
		v.byKey[key] = i
		return nil
	case owner == i:
		return fmt.Errorf("%w: entry %q: spelling %q reads as one it has already (key %q): drop it", ErrInvalidVocabulary, e.Name, spelling, key)
	}
	return fmt.Errorf("%w: %q is claimed by both %q and %q (key %q)", ErrInvalidVocabulary, spelling, v.entries[owner].Name, e.Name, key)
}

// relation resolves one relation's names to entry indexes.
func (v *Vocabulary) relation(byName map[string]int, field string, names func(VocabularyEntry) []string) ([][]int, error) {
	out := make([][]int, len(v.entries))
	for i, e := range v.entries {
		for _, name := range names(e) {
			j, ok := byName[name]
			switch {
			case !ok:
				return nil, fmt.Errorf("%w: entry %q: %s: %q is not an entry's name", ErrInvalidVocabulary, e.Name, field, name)
			case j == i:
				return nil, fmt.Errorf("%w: entry %q: %s: an entry cannot list itself", ErrInvalidVocabulary, e.Name, field)
			case slices.Contains(out[i], j):
				return nil, fmt.Errorf("%w: entry %q: %s: %q is listed twice", ErrInvalidVocabulary, e.Name, field, name)
			}
			out[i] = append(out[i], j)
		}
	}
	return out, nil
}

// acyclic refuses a cycle of kinds and sources, naming it: an ingredient
// that is its own kind would make a bar's one bottle stand in for all.
func (v *Vocabulary) acyclic(edges [][]int) error {
	const (
		unseen = iota
		open
		done
	)
	state := make([]int, len(edges))
	var path []int
	var visit func(i int) error
	visit = func(i int) error {
		state[i] = open
		path = append(path, i)
		for _, j := range edges[i] {
			switch state[j] {
			case open:
				start := slices.Index(path, j)
				names := make([]string, 0, len(path)-start+1)
				for _, k := range path[start:] {
					names = append(names, v.entries[k].Name)
				}
				names = append(names, v.entries[j].Name)
				return fmt.Errorf("%w: kinds and sources go round in a circle: %s", ErrInvalidVocabulary, strings.Join(names, " → "))
			case unseen:
				if err := visit(j); err != nil {
					return err
				}
			}
		}
		path = path[:len(path)-1]
		state[i] = done
		return nil
	}
	for i := range edges {
		if state[i] == unseen {
			if err := visit(i); err != nil {
				return err
			}
		}
	}
	return nil
}

// closures gives each node itself and every node it reaches, sorted.
func closures(edges [][]int) [][]int32 {
	out := make([][]int32, len(edges))
	seen := make([]bool, len(edges))
	for i := range edges {
		reached := []int32{int32(i)}
		seen[i] = true
		for next := 0; next < len(reached); next++ {
			for _, j := range edges[reached[next]] {
				if !seen[j] {
					seen[j] = true
					reached = append(reached, int32(j))
				}
			}
		}
		for _, j := range reached {
			seen[j] = false
		}
		slices.Sort(reached)
		out[i] = reached
	}
	return out
}

// Len is the number of entries.
func (v *Vocabulary) Len() int { return len(v.entries) }

// Entry returns the entry at index i (0 ≤ i < Len), in name order.
func (v *Vocabulary) Entry(i int) VocabularyEntry { return v.entries[i] }

// Index returns the index of the entry a name or spelling resolves to.
func (v *Vocabulary) Index(name string) (int, bool) { return v.IndexOfKey(v.Key(name)) }

// IndexOfKey returns the index of the entry with a name or spelling of
// that key (see Key).
func (v *Vocabulary) IndexOfKey(key string) (int, bool) {
	i, ok := v.byKey[key]
	return i, ok
}

// IndexOfName returns the index of the entry of exactly that canonical name.
func (v *Vocabulary) IndexOfName(name string) (int, bool) {
	i, ok := v.byName[name]
	return i, ok
}

// Resolve returns the canonical name for any of an entry's names or
// spellings, in any case, with or without accents, singular or plural.
func (v *Vocabulary) Resolve(name string) (string, bool) {
	i, ok := v.Index(name)
	if !ok {
		return "", false
	}
	return v.entries[i].Name, true
}

// Makes returns the indexes of the entries a bar holding entry i has in
// effect: i itself, its kinds at any depth and what is made from it
// (cointreau: cointreau, triple sec, orange liqueur, liqueur), sorted.
func (v *Vocabulary) Makes(i int) []int32 { return v.makes[i] }

// Members returns the indexes of entry i and of every entry that belongs
// to it at any depth (whiskey: bourbon whiskey, islay scotch whisky...),
// sorted.
func (v *Vocabulary) Members(i int) []int32 { return v.members[i] }

// Accepts returns what entry i or any of its members makes, sorted: the
// entries whose recipes a search for i finds (whiskey: every whiskey;
// bourbon whiskey: bourbon and whiskey).
func (v *Vocabulary) Accepts(i int) []int32 { return v.accepts[i] }

// MadeBy returns the entries that make entry i (see Makes), sorted.
func (v *Vocabulary) MadeBy(i int) []int32 { return v.madeBy[i] }

// Spellings returns entry i's name and other spellings as matching
// compares them: folded words, one space between.
func (v *Vocabulary) Spellings(i int) []string { return v.folded[i] }

// PrefixWords returns every folded word of every name and spelling with
// its entry, sorted by word: for matching a word being typed.
func (v *Vocabulary) PrefixWords() []WordRef { return v.prefixes }

// WholeWords returns the same words in their normal form (see NormalWord),
// sorted: for matching a whole word.
func (v *Vocabulary) WholeWords() []WordRef { return v.whole }

// Key is the form names are compared in: folded, apostrophes dropped, its
// words in their preferred form and stemmed, one space between them.
// Names with the same key are the same name.
func (v *Vocabulary) Key(name string) string {
	words := FoldWords(name)
	for i, w := range words {
		words[i] = v.NormalWord(w)
	}
	return strings.Join(words, " ")
}

// NormalWord is one folded word as keys have it: in its preferred form
// ("rhum" is "rum") and stemmed, a plural as its singular ("limes" and
// "lime" are "lime").
func (v *Vocabulary) NormalWord(word string) string {
	if preferred, ok := v.words[word]; ok {
		return preferred
	}
	word = stem(word)
	if preferred, ok := v.words[word]; ok {
		return preferred
	}
	return word
}

// FoldWords splits a name into its words, lowercased, without accents or
// apostrophes: "Peychaud's Bitters" is "peychauds", "bitters".
func FoldWords(name string) []string {
	return strings.FieldsFunc(foldText(name), func(r rune) bool { return !isWordRune(r) })
}

// apostrophes join the parts of a word rather than split it.
var apostrophes = strings.NewReplacer("'", "", "’", "", "ʼ", "")

func foldText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(apostrophes.Replace(strings.ToLower(s))) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return letterFolds.Replace(b.String())
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// irregularPlurals are the plurals the rules below would get wrong.
var irregularPlurals = map[string]string{"leaves": "leaf", "halves": "half"}

// stem takes a word and its English plural to one form, well enough for
// ingredient names: it only has to give a word and its plural the same
// form ("cherry" and "cherries" are "cherri", "campari" and "camparis"
// "campari"), not a word a person would write.
func stem(word string) string {
	if s, ok := irregularPlurals[word]; ok {
		return s
	}
	if len(word) <= 3 {
		return word
	}
	switch {
	case strings.HasSuffix(word, "ies") && len(word) > 4:
		return word[:len(word)-2] // cherries, drambuies: cherri, drambui
	case hasAnySuffix(word, "ches", "shes", "sses", "xes", "zes", "oes"):
		word = word[:len(word)-2] // peaches, glasses, tomatoes
	case strings.HasSuffix(word, "ss"):
	case strings.HasSuffix(word, "s"):
		word = word[:len(word)-1] // limes, eggs, camparis
	}
	switch n := len(word); {
	case n > 3 && word[n-1] == 'y' && !strings.ContainsRune("aeiou", rune(word[n-2])):
		return word[:n-1] + "i" // cherry, as cherries
	case n > 3 && strings.HasSuffix(word, "ie"):
		return word[:n-1] // drambuie, as drambuies
	}
	return word
}

func hasAnySuffix(s string, suffixes ...string) bool {
	return slices.ContainsFunc(suffixes, func(suffix string) bool { return strings.HasSuffix(s, suffix) })
}
