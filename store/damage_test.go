package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"barkeep/internal/testenv"
	"barkeep/internal/tmpfs"

	bolt "go.etcd.io/bbolt"
)

// A realistic store: a few hundred accounts with likes and bars, some of
// them changed since (so that there are free pages), over several pages.
// It is built once; the tests damage copies of its bytes.
type realistic struct {
	raw      []byte
	pageSize int
	inUse    int64    // bytes of the pages in use
	final    []string // snapshot of the contents
	previous []string // the contents before the last transaction
}

var (
	realisticOnce sync.Once
	realisticData realistic
	realisticErr  error
)

const realisticAccounts = 300

func realisticStore(t testing.TB) realistic {
	t.Helper()
	realisticOnce.Do(func() { realisticData, realisticErr = buildRealistic(fixtureCatalog(t)) })
	if realisticErr != nil {
		t.Fatal(realisticErr)
	}
	return realisticData
}

func fakeFingerprint(i int) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(i)))
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

func buildRealistic(catalog *Catalog) (realistic, error) {
	dir, err := os.MkdirTemp("", "barkeep-realistic-")
	if err != nil {
		return realistic{}, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "barkeep.db")
	s, err := Open(path, catalog)
	if err != nil {
		return realistic{}, err
	}
	cocktails := ids(catalog.All())
	ingredients := catalog.Ingredients()
	const workers = 16
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for i := w; i < realisticAccounts; i += workers {
				fp := fakeFingerprint(i)
				if _, _, err := s.SignUp(fp, fmt.Sprintf("member %d", i)); err != nil {
					errs <- err
					return
				}
				for _, id := range cocktails {
					if rng.IntN(2) == 0 {
						if _, err := s.SetLike(fp, id, true); err != nil {
							errs <- err
							return
						}
					}
				}
				if id := cocktails[rng.IntN(len(cocktails))]; i%3 == 0 && s.Liked(fp, id) {
					if _, err := s.SetLike(fp, id, false); err != nil {
						errs <- err
						return
					}
				}
				bar := []string{ingredients[rng.IntN(len(ingredients))], ingredients[rng.IntN(len(ingredients))]}
				if err := s.SetInBar(fp, bar, true); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return realistic{}, err
	}
	// The last transaction is one known like, so that a file that falls
	// back to its previous meta page can be recognised.
	previous := snapshot(s)
	last := ""
	for _, id := range cocktails {
		if !s.Liked(fakeFingerprint(0), id) {
			last = id
			break
		}
	}
	if _, err := s.SetLike(fakeFingerprint(0), last, true); err != nil {
		return realistic{}, err
	}
	if err := s.Close(); err != nil {
		return realistic{}, err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return realistic{}, err
	}
	sum, err := Check(path)
	if err != nil {
		return realistic{}, fmt.Errorf("the realistic store fails its check: %w", err)
	}
	reopened, err := Open(path, catalog)
	if err != nil {
		return realistic{}, err
	}
	defer reopened.Close()
	var pageSize int
	if err := reopened.db().View(func(tx *bolt.Tx) error { pageSize = tx.DB().Info().PageSize; return nil }); err != nil {
		return realistic{}, err
	}
	// previous came from memory; compare like with like.
	r := realistic{raw: raw, pageSize: pageSize, inUse: sum.InUse, final: snapshot(reopened), previous: previous}
	if slices.Equal(r.final, r.previous) {
		return realistic{}, errors.New("the last like changed nothing")
	}
	return r, nil
}

// snapshot lists a store's accounts, likes and bars, one line each, sorted.
func snapshot(s *Store) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var lines []string
	for fp, a := range s.accounts {
		lines = append(lines, fmt.Sprintf("account %s %q %d", fp, a.Name, a.Since.Unix()))
	}
	for fp, likes := range s.likes {
		for id, at := range likes {
			lines = append(lines, fmt.Sprintf("like %s %s %d", fp, id, at.UnixNano()))
		}
	}
	for fp, bar := range s.bars {
		for ing := range bar {
			lines = append(lines, fmt.Sprintf("bar %s %s", fp, ing))
		}
	}
	for id, n := range s.counts {
		if n != 0 {
			lines = append(lines, fmt.Sprintf("count %s %d", id, n))
		}
	}
	slices.Sort(lines)
	return lines
}

func hashFile(t testing.TB, path string) [32]byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(raw)
}

// scratchDir is a directory for damaged copies: in memory where /dev/shm
// is, since the tests write and sync thousands of them.
func scratchDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "barkeep-test-")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func writeCopy(t testing.TB, content []byte) string {
	t.Helper()
	path := filepath.Join(scratchDir(t), "barkeep.db")
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// outcome is what opening and checking a damaged file did.
type outcome struct {
	openErr  error
	checkErr error
	snapshot []string
}

// openAndCheck opens path and checks it, each bounded in time: damage must
// never hang them. The file must be unchanged by both. The store, if it
// opened, is closed.
func openAndCheck(t *testing.T, path string) outcome {
	t.Helper()
	before := hashFile(t, path)
	var o outcome
	done := make(chan struct{})
	go func() {
		defer close(done)
		s, err := Open(path, fixtureCatalog(t))
		o.openErr = err
		if err == nil {
			o.snapshot = snapshot(s)
			o.openErr = s.Close()
		}
		_, o.checkErr = Check(path)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("opening or checking %s hung", path)
	}
	if hashFile(t, path) != before {
		t.Fatalf("opening or checking the damaged file changed it (open: %v, check: %v)", o.openErr, o.checkErr)
	}
	if (o.openErr == nil) != (o.checkErr == nil) {
		t.Fatalf("open and check disagree: open %v, check %v", o.openErr, o.checkErr)
	}
	if o.openErr != nil {
		wantRefusal(t, path, o.openErr)
		wantRefusal(t, path, o.checkErr)
	}
	return o
}

// wantRefusal requires an error that names the file and says what is wrong.
func wantRefusal(t *testing.T, path string, err error) {
	t.Helper()
	if !strings.Contains(err.Error(), path) {
		t.Errorf("the error does not name the file: %v", err)
	}
	if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotAStore) {
		t.Errorf("the error is neither ErrDamaged nor ErrNotAStore: %v", err)
	}
}

// stillSound writes to a damaged file that opened, and checks it after:
// damage that let it open must not spread with the next commit (a free
// list that lists a page in use would have the write overwrite it).
func stillSound(t *testing.T, path, damage string) {
	t.Helper()
	s, err := Open(path, fixtureCatalog(t))
	if err != nil {
		t.Fatalf("%s: the file opened once, not twice: %v", damage, err)
	}
	s.db().MaxBatchSize = 1 // commit each write at once, not after bbolt's batch delay
	// A write in every bucket, across the key space: a sign-up, likes
	// and unlikes, bar changes.
	newcomer := fakeFingerprint(realisticAccounts + 1)
	if _, _, err := s.SignUp(newcomer, "newcomer"); err != nil {
		t.Fatalf("%s: %v", damage, err)
	}
	for _, fp := range []string{newcomer, fakeFingerprint(0), fakeFingerprint(realisticAccounts / 2), fakeFingerprint(realisticAccounts - 1)} {
		if _, ok := s.Account(fp); !ok {
			continue // the damage took it
		}
		if _, err := s.SetLike(fp, "negroni", !s.Liked(fp, "negroni")); err != nil {
			t.Fatalf("%s: %v", damage, err)
		}
		if err := s.SetInBar(fp, []string{"gin"}, !slices.Contains(s.Bar(fp), "gin")); err != nil {
			t.Fatalf("%s: %v", damage, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatalf("%s: %v", damage, err)
	}
	if _, err := Check(path); err != nil {
		t.Fatalf("%s: after a write the file fails its check: %v", damage, err)
	}
}

func TestTruncatedStoreIsRefusedAtEveryLength(t *testing.T) {
	r := realisticStore(t)
	if pages := int(r.inUse) / r.pageSize; pages < 8 {
		t.Fatalf("the realistic store uses %d pages, want several", pages)
	}
	// Every page boundary; odd lengths around those in use.
	lengths := []int{1, 17, 100, r.pageSize/2 + 3}
	for end := r.pageSize; end < len(r.raw); end += r.pageSize {
		lengths = append(lengths, end)
		if int64(end) <= r.inUse+int64(r.pageSize) {
			lengths = append(lengths, end-1, end+1, end+r.pageSize/2)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		lengths = append(lengths, 1+rng.IntN(len(r.raw)-1))
	}
	for _, n := range lengths {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			path := writeCopy(t, r.raw[:n])
			o := openAndCheck(t, path)
			switch {
			case int64(n) < r.inUse && o.openErr == nil:
				t.Fatalf("cut to %d of the %d bytes in use, it opened", n, r.inUse)
			case o.openErr == nil && !slices.Equal(o.snapshot, r.final):
				t.Fatal("cut in its free space, it opened with different contents")
			}
		})
	}
}

func TestBitFlipsNeverPanicHangOrChangeTheFile(t *testing.T) {
	r := realisticStore(t)
	perPage := int(testenv.Number(t, "BARKEEP_DAMAGE_FLIPS", 8)) // flips per page
	flips := bitFlips(r, perPage, testenv.Number(t, "BARKEEP_DAMAGE_SEED", 4))
	const workers = 4
	var opened, refused atomic.Int64
	t.Run("flips", func(t *testing.T) {
		for w := range workers {
			t.Run(strconv.Itoa(w), func(t *testing.T) {
				t.Parallel()
				for i := w; i < len(flips); i += workers {
					bit := flips[i]
					where := fmt.Sprintf("bit %d of byte %d (page %d)", bit%8, bit/8, bit/8/r.pageSize)
					damaged := slices.Clone(r.raw)
					damaged[bit/8] ^= 1 << (bit % 8)
					path := writeCopy(t, damaged)
					o := openAndCheck(t, path)
					if t.Failed() {
						t.Fatalf("flipping %s", where)
					}
					if o.openErr != nil {
						refused.Add(1)
						continue
					}
					opened.Add(1)
					stillSound(t, path, "flipping "+where)
				}
			})
		}
	})
	t.Logf("%d single-bit flips: %d refused, %d harmless or undetectable", len(flips), refused.Load(), opened.Load())
	if refused.Load() == 0 {
		t.Error("no flip was refused: the check sees nothing")
	}
}

// bitFlips picks bits to flip: perPage of them in every page in use, two
// thirds in the page header and first elements, where structure lives,
// and a few in the free pages beyond.
func bitFlips(r realistic, perPage int, seed uint64) []int {
	rng := rand.New(rand.NewPCG(3, seed))
	var bits []int
	inUse := int(r.inUse) / r.pageSize
	for page := range inUse {
		base := page * r.pageSize * 8
		for i := range perPage {
			if i%3 != 2 {
				bits = append(bits, base+rng.IntN(96*8))
			} else {
				bits = append(bits, base+rng.IntN(r.pageSize*8))
			}
		}
	}
	for range perPage {
		bits = append(bits, inUse*r.pageSize*8+rng.IntN((len(r.raw)-inUse*r.pageSize)*8))
	}
	return bits
}

func TestZeroedPagesAreRefusedOrHarmless(t *testing.T) {
	r := realisticStore(t)
	for page := 0; page*r.pageSize < len(r.raw); page++ {
		t.Run(strconv.Itoa(page), func(t *testing.T) {
			damaged := slices.Clone(r.raw)
			clear(damaged[page*r.pageSize : min(len(damaged), (page+1)*r.pageSize)])
			path := writeCopy(t, damaged)
			o := openAndCheck(t, path)
			if o.openErr != nil {
				return
			}
			// A free page, or the older meta page, is not missed; losing
			// the newer meta page falls back to the transaction before.
			if !slices.Equal(o.snapshot, r.final) && !(page < 2 && slices.Equal(o.snapshot, r.previous)) {
				t.Fatalf("with page %d zeroed it opened with other contents", page)
			}
			stillSound(t, path, fmt.Sprintf("page %d zeroed", page))
		})
	}
}

func TestGarbageIsRefused(t *testing.T) {
	r := realisticStore(t)
	rng := rand.New(rand.NewPCG(5, 6))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	validMetas := slices.Concat(r.raw[:2*r.pageSize], random(len(r.raw)-2*r.pageSize))
	tests := map[string][]byte{
		"one random byte":                     random(1),
		"a page of random bytes":              random(r.pageSize),
		"random bytes the size of the store":  random(len(r.raw)),
		"a text file":                         bytes.Repeat([]byte("negroni, americano\n"), 1000),
		"a file of 0xff":                      bytes.Repeat([]byte{0xff}, 64<<10),
		"valid meta pages over random pages":  validMetas,
		"the store's pages in reverse order":  reversePages(r.raw, r.pageSize),
		"the store twice over":                slices.Concat(r.raw, r.raw),
		"the store with its first page twice": slices.Concat(r.raw[:r.pageSize], r.raw[:r.pageSize], r.raw[2*r.pageSize:]),
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			path := writeCopy(t, content)
			o := openAndCheck(t, path)
			if o.openErr == nil && !slices.Equal(o.snapshot, r.final) {
				t.Fatalf("garbage opened as a store with other contents")
			}
			if o.openErr == nil && name != "the store twice over" {
				t.Fatalf("garbage opened as a store")
			}
		})
	}
}

func reversePages(raw []byte, pageSize int) []byte {
	var out []byte
	for end := len(raw); end > 0; end -= pageSize {
		out = append(out, raw[max(0, end-pageSize):end]...)
	}
	return out
}

// TestAnotherProgramsBboltFileIsRefused: a bbolt file that is not a
// Barkeep store, even one without buckets, is never written to.
func TestAnotherProgramsBboltFileIsRefused(t *testing.T) {
	for name, fill := range map[string]func(tx *bolt.Tx) error{
		"other buckets": func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket([]byte("users"))
			if err != nil {
				return err
			}
			return b.Put([]byte("alice"), []byte("{}"))
		},
		"no buckets left": func(tx *bolt.Tx) error {
			if _, err := tx.CreateBucket([]byte("tmp")); err != nil {
				return err
			}
			return tx.DeleteBucket([]byte("tmp"))
		},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "barkeep.db")
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Update(fill); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			o := openAndCheck(t, path)
			if !errors.Is(o.openErr, ErrNotAStore) || !errors.Is(o.checkErr, ErrNotAStore) {
				t.Fatalf("open: %v; check: %v; want ErrNotAStore from both", o.openErr, o.checkErr)
			}
		})
	}
}

func remount(t *testing.T, dir, options string) {
	t.Helper()
	if out, err := exec.Command("mount", "-o", "remount,"+options, dir).CombinedOutput(); err != nil {
		t.Fatalf("remount %s %s: %v: %s", dir, options, err, out)
	}
}

// TestAReadOnlyDataDirectory: a new store cannot be made on a read-only
// file system, and an existing one is refused for writing, with the file
// named, but can still be checked. Unlike permissions, a read-only mount
// stops root too.
func TestAReadOnlyDataDirectory(t *testing.T) {
	dir := tmpfs.Mount(t, 1<<20, "")
	existing := filepath.Join(dir, "barkeep.db")
	s := openStore(t, existing)
	signUp(t, s, "SHA256:a", "a")
	if _, err := s.SetLike("SHA256:a", "negroni", true); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	remount(t, dir, "ro")
	defer remount(t, dir, "rw")

	fresh := filepath.Join(dir, "new.db")
	if _, err := Open(fresh, fixtureCatalog(t)); err == nil || !strings.Contains(err.Error(), fresh) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("a new store on a read-only file system: %v, want an error naming %s and why", err, fresh)
	}
	if _, err := os.Stat(fresh); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed open left %s behind: %v", fresh, err)
	}
	before := hashFile(t, existing)
	if _, err := Open(existing, fixtureCatalog(t)); err == nil || !strings.Contains(err.Error(), existing) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("an existing store on a read-only file system: %v, want an error naming %s and why", err, existing)
	}
	sum, err := Check(existing)
	if err != nil || sum.Accounts != 1 || sum.Likes != 1 {
		t.Errorf("check of a store on a read-only file system = %+v, %v; want 1 account and 1 like", sum, err)
	}
	if hashFile(t, existing) != before {
		t.Error("the store file changed")
	}
}

func TestPermissionsAreReported(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads and writes files whatever their mode; TestAReadOnlyDataDirectory covers what root cannot write")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "barkeep.db")
	openStore(t, path).Close()
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, fixtureCatalog(t)); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("open of a read-only store file: %v", err)
	}
	if _, err := Check(path); err != nil {
		t.Errorf("check of a read-only store file: %v", err)
	}
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	fresh := filepath.Join(dir, "new.db")
	if _, err := Open(fresh, fixtureCatalog(t)); err == nil || !strings.Contains(err.Error(), fresh) {
		t.Errorf("a new store in a read-only directory: %v", err)
	}
}

// currentMeta is the meta page bbolt reads in raw.
func currentMeta(t *testing.T, raw []byte, pageSize int) meta {
	t.Helper()
	m0 := readMeta(bytes.NewReader(raw), 0, 0)
	m1 := readMeta(bytes.NewReader(raw), int64(pageSize), 1)
	switch {
	case m0.err == "" && (m1.err != "" || m0.txid > m1.txid):
		return m0
	case m1.err == "":
		return m1
	}
	t.Fatalf("no valid meta page: %s; %s", m0.err, m1.err)
	return meta{}
}

// treePages are the pages of the realistic store's trees: the others are
// free, and changing them is harmless.
func treePages(t *testing.T, r realistic) map[uint64]bool {
	t.Helper()
	m := currentMeta(t, r.raw, r.pageSize)
	var p problems
	w := &pageWalker{r: bytes.NewReader(r.raw), size: int64(len(r.raw)), pageSize: uint64(r.pageSize), hwm: m.hwm, seen: map[uint64]string{}, p: &p}
	w.tree(m.root, "the root bucket", 0)
	if !p.empty() {
		t.Fatal(p.list)
	}
	pages := map[uint64]bool{}
	for id := range w.seen {
		pages[id] = true
	}
	return pages
}

// bboltFindsNothing says whether bbolt's own consistency check passes the
// file: the damage below is of the kinds it misses.
func bboltFindsNothing(t *testing.T, path string) bool {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clean := true
	_ = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Logf("bbolt's check: %v", err)
			clean = false
		}
		return nil
	})
	return clean
}

// TestAFreeListThatFreesItselfIsRefused: a free list naming its own page
// passes bbolt's check, and the next commit panics in bbolt's batch
// goroutine ("page N already freed"), which takes the server down.
func TestAFreeListThatFreesItselfIsRefused(t *testing.T) {
	r := realisticStore(t)
	m := currentMeta(t, r.raw, r.pageSize)
	damaged := slices.Clone(r.raw)
	page := damaged[int(m.freelist)*r.pageSize:]
	count := int(ne.Uint16(page[10:]))
	if count == 0 || count >= 0xFFFF-1 || pageHeaderSize+(count+1)*8 > r.pageSize {
		t.Fatalf("the realistic store's free list holds %d pages; want a few", count)
	}
	ne.PutUint64(page[pageHeaderSize+count*8:], m.freelist)
	ne.PutUint16(page[10:], uint16(count+1))
	path := writeCopy(t, damaged)
	if !bboltFindsNothing(t, path) {
		t.Fatal("bbolt's own check sees this damage; the test no longer shows a gap")
	}
	o := openAndCheck(t, path)
	if o.openErr == nil || !strings.Contains(o.openErr.Error(), "names its own page") {
		t.Fatalf("open of a store whose free list frees itself: %v", o.openErr)
	}
}

// TestABranchKeyThatIsNotItsChildsFirstKeyIsRefused: a branch element whose
// key still sorts right but is not its child's first key passes bbolt's
// check; the next commit to that child adds a second element for it,
// leaving a freed page in the tree.
func TestABranchKeyThatIsNotItsChildsFirstKeyIsRefused(t *testing.T) {
	r := realisticStore(t)
	inTree := treePages(t, r)
	tried, shown := 0, 0
	for id := 2; id*r.pageSize < int(r.inUse) && tried < 5; id++ {
		page := r.raw[id*r.pageSize : (id+1)*r.pageSize]
		if !inTree[uint64(id)] || ne.Uint16(page[8:]) != flagBranch || ne.Uint16(page[10:]) < 2 {
			continue
		}
		tried++
		damaged := slices.Clone(r.raw)
		at := id*r.pageSize + pageHeaderSize + elementSize // element 1
		pos, ksize := int(ne.Uint32(damaged[at:])), int(ne.Uint32(damaged[at+4:]))
		damaged[at+pos+ksize-1]-- // the key's last byte: still above the child before
		path := writeCopy(t, damaged)
		if !bboltFindsNothing(t, path) {
			continue
		}
		shown++
		o := openAndCheck(t, path)
		if o.openErr == nil || !strings.Contains(o.openErr.Error(), "is not the first key of page") {
			t.Errorf("open with branch page %d's second key changed: %v", id, o.openErr)
		}
	}
	if shown == 0 {
		t.Fatalf("of %d branch pages tried, none had a key bbolt's check lets through", tried)
	}
}

// TestABranchThatPointsBackIsRefusedNotFollowed: a child pointer turned
// into its own page makes a loop; bbolt would follow it for ever (a server
// that never starts) or until its stack overflows.
func TestABranchThatPointsBackIsRefusedNotFollowed(t *testing.T) {
	r := realisticStore(t)
	inTree := treePages(t, r)
	for id := 2; id*r.pageSize < int(r.inUse); id++ {
		if !inTree[uint64(id)] || ne.Uint16(r.raw[id*r.pageSize+8:]) != flagBranch {
			continue
		}
		damaged := slices.Clone(r.raw)
		ne.PutUint64(damaged[id*r.pageSize+pageHeaderSize+8:], uint64(id)) // element 0's child
		o := openAndCheck(t, writeCopy(t, damaged))
		if o.openErr == nil || !strings.Contains(o.openErr.Error(), "is used twice") {
			t.Errorf("open with branch page %d pointing at itself: %v", id, o.openErr)
		}
		return
	}
	t.Fatal("the realistic store has no branch page")
}
