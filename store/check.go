package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrDamaged is a store file that is a bbolt file, and perhaps a Barkeep
// store, whose pages or records are damaged.
var ErrDamaged = errors.New("damaged store file")

// lockTimeout is how long opening or checking waits for a store file that
// another process holds.
const lockTimeout = time.Second

// maxProblems is how many problems an error lists before it counts the rest.
const maxProblems = 20

// Summary is what Check found in a sound store file.
type Summary struct {
	Path     string
	Accounts int
	Likes    int
	BarItems int
	// TxID is the transaction the file is at; Size is its length in bytes,
	// of which its pages in use take InUse.
	TxID  int
	Size  int64
	InUse int64
	// Notes are harmless findings, such as a meta page whose checksum fails
	// (a torn last write, which bbolt recovers from by using the other one).
	Notes []string
}

// CheckError is a store file that cannot be used, with what is wrong with
// it. errors.Is matches its Kind: ErrDamaged, ErrNotAStore or ErrLocked.
type CheckError struct {
	Path     string
	Kind     error
	Problems []string
	// Omitted is how many more problems were found than Problems lists.
	Omitted int
}

func (e *CheckError) Error() string {
	var b strings.Builder
	switch {
	case errors.Is(e.Kind, ErrLocked):
		fmt.Fprintf(&b, "%s is in use by another process (a running Barkeep server?)", e.Path)
	case errors.Is(e.Kind, ErrNotAStore):
		fmt.Fprintf(&b, "%s is not a Barkeep store file", e.Path)
	default:
		fmt.Fprintf(&b, "%s is a damaged store file", e.Path)
	}
	if n := len(e.Problems) + e.Omitted; n > 1 {
		fmt.Fprintf(&b, " (%d problems)", n)
	}
	if len(e.Problems) > 0 {
		b.WriteString(": ")
		b.WriteString(strings.Join(e.Problems, "; "))
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "; and %d more", e.Omitted)
	}
	return b.String()
}

func (e *CheckError) Unwrap() error { return e.Kind }

// problems collects what is wrong with a file, up to maxProblems.
type problems struct {
	list     []string
	omitted  int
	notStore bool // the file is not a Barkeep store at all
}

func (p *problems) add(format string, args ...any) {
	if len(p.list) == maxProblems {
		p.omitted++
		return
	}
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

func (p *problems) empty() bool { return len(p.list) == 0 }

func (p *problems) err(path string) error {
	if p.empty() {
		return nil
	}
	kind := ErrDamaged
	if p.notStore {
		kind = ErrNotAStore
	}
	return &CheckError{Path: path, Kind: kind, Problems: p.list, Omitted: p.omitted}
}

// Check verifies the store file at path without changing it: the bbolt
// structure (every page in bounds, referenced once, free or in use, keys in
// order) and Barkeep's records (the format, the buckets, every account,
// like and bar record). It opens the file read-only and never creates it.
// A file that another process holds (a running server) is ErrLocked after
// a short wait: back it up through the server instead.
func Check(path string) (Summary, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Summary{}, fmt.Errorf("check %s: no such file", path)
	case err != nil:
		return Summary{}, fmt.Errorf("check %s: %w", path, err)
	case info.IsDir():
		return Summary{}, fmt.Errorf("check %s: is a directory, not a store file", path)
	case info.Size() == 0:
		return Summary{}, &CheckError{Path: path, Kind: ErrNotAStore, Problems: []string{"the file is empty"}}
	}
	return verifyFile(path)
}

// verifyFile opens path read-only under a shared lock and checks it; Open
// does this before it opens the file for writing.
func verifyFile(path string) (sum Summary, err error) {
	sum.Path = path
	// PreLoadFreelist stays off: bbolt reads the free list only in
	// tx.Check, once walkPages has found it sound.
	db, file, err := openGuarded(path, bolt.Options{ReadOnly: true, Timeout: lockTimeout})
	if err != nil {
		return sum, openFailure(path, err)
	}
	defer db.Close()

	var p problems
	err = guard(func() error {
		return db.View(func(tx *bolt.Tx) error {
			sum.TxID = tx.ID()
			if !walkPages(file, tx, &p, &sum) {
				return nil // not safe to let bbolt read further
			}
			for err := range tx.Check() {
				p.add("%v", err)
			}
			if p.empty() {
				checkRecords(tx, &p, &sum)
			}
			return nil
		})
	})
	if err != nil {
		p.add("%v", err)
	}
	return sum, p.err(path)
}

// openFailure turns bbolt's refusal to open a file into a CheckError.
func openFailure(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return &CheckError{Path: path, Kind: ErrLocked, Problems: []string{fmt.Sprintf("no lock within %v", lockTimeout)}}
	case errors.Is(err, berrors.ErrInvalid):
		return &CheckError{Path: path, Kind: ErrNotAStore, Problems: []string{"it has no valid bbolt meta page (damaged, or another program's file)"}}
	case errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return &CheckError{Path: path, Kind: ErrDamaged, Problems: []string{fmt.Sprintf("meta pages: %v", err)}}
	case errors.Is(err, fs.ErrPermission), errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("open store %s: %w", path, err)
	}
	return &CheckError{Path: path, Kind: ErrDamaged, Problems: []string{err.Error()}}
}

// guard runs fn, turning panics, and memory faults on the mapped file
// (a page beyond the end of a truncated file, a wild pointer), into an
// error. bbolt trusts the file it reads.
func guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("unreadable page: %v", r)
		}
	}()
	return fn()
}

// The bbolt file format (version 2), as much as walkPages reads of it.
const (
	pageHeaderSize   = 16
	elementSize      = 16 // branch and leaf elements alike
	bucketHeaderSize = 16 // a bucket's root page id and sequence
	metaSize         = 64
	metaChecksumAt   = 56 // the checksum covers the meta's first 56 bytes
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	flagBranch       = 0x01
	flagLeaf         = 0x02
	flagMeta         = 0x04
	flagFreelist     = 0x10
	flagBucketLeaf   = 0x01
	noFreelist       = ^uint64(0)
)

var ne = binary.NativeEndian // bbolt writes its structures in machine order

type meta struct {
	pageSize, root, freelist, hwm, txid uint64
	err                                 string
}

// pageWalker reads pages from the file itself, never through the memory
// map, so that no damage can fault or mislead it.
type pageWalker struct {
	r        io.ReaderAt
	size     int64
	pageSize uint64
	hwm      uint64 // pages at or beyond it are not in use
	seen     map[uint64]string
	p        *problems
}

// walkPages checks, before bbolt reads anything beyond the meta pages, that
// every page reachable from the meta bbolt uses is inside the file and
// below the high water mark, is referenced once (no cycles), and has
// elements, keys and values inside its bounds; the free list too. It says
// whether bbolt can be let loose on the file.
func walkPages(file *os.File, tx *bolt.Tx, p *problems, sum *Summary) bool {
	info, err := file.Stat()
	if err != nil {
		p.add("stat: %v", err)
		return false
	}
	sum.Size, sum.InUse = info.Size(), tx.Size()
	pageSize := uint64(tx.DB().Info().PageSize)
	var metas [2]meta
	for i := range metas {
		metas[i] = readMeta(file, int64(i)*int64(pageSize), uint64(i))
	}
	current := -1
	for i, m := range metas {
		if m.err == "" && (current < 0 || m.txid > metas[current].txid) {
			current = i
		}
	}
	if current < 0 {
		p.add("both meta pages are invalid: %s; %s", metas[0].err, metas[1].err)
		return false
	}
	m := metas[current]
	if m.pageSize < 512 || m.pageSize&(m.pageSize-1) != 0 {
		p.add("meta page %d gives a page size of %d", current, m.pageSize)
		return false
	}
	if other := metas[1-current]; other.err != "" {
		sum.Notes = append(sum.Notes, fmt.Sprintf("meta page %d is invalid (%s); meta page %d is used", 1-current, other.err, current))
	}
	if m.txid != uint64(tx.ID()) || m.pageSize != pageSize {
		p.add("meta page %d (transaction %d, page size %d) is not what bbolt reads (transaction %d, page size %d)", current, m.txid, m.pageSize, tx.ID(), pageSize)
		return false
	}
	w := &pageWalker{r: file, size: info.Size(), pageSize: pageSize, hwm: m.hwm, seen: map[uint64]string{0: "meta", 1: "meta"}, p: p}
	if need := m.hwm * pageSize; m.hwm > uint64(info.Size())/pageSize {
		p.add("the file is truncated: it is %d bytes long, its pages need %d", info.Size(), need)
	}
	if m.hwm < 3 {
		p.add("the high water mark %d leaves no room for pages", m.hwm)
		return false
	}
	if m.freelist == noFreelist {
		p.add("the file has no free list (written with NoFreelistSync); Barkeep does not use such files")
	} else {
		w.freelist(m.freelist)
	}
	w.tree(m.root, "the root bucket", 0)
	return p.empty()
}

func readMeta(r io.ReaderAt, off int64, id uint64) meta {
	buf := make([]byte, pageHeaderSize+metaSize)
	if _, err := r.ReadAt(buf, off); err != nil {
		return meta{err: fmt.Sprintf("unreadable: %v", err)}
	}
	h, b := buf[:pageHeaderSize], buf[pageHeaderSize:]
	m := meta{
		pageSize: uint64(ne.Uint32(b[8:])),
		root:     ne.Uint64(b[16:]),
		freelist: ne.Uint64(b[32:]),
		hwm:      ne.Uint64(b[40:]),
		txid:     ne.Uint64(b[48:]),
	}
	sum := fnv.New64a()
	sum.Write(b[:metaChecksumAt])
	switch {
	case ne.Uint32(b[0:]) != boltMagic:
		m.err = "bad magic number"
	case ne.Uint32(b[4:]) != boltVersion:
		m.err = fmt.Sprintf("format version %d", ne.Uint32(b[4:]))
	case ne.Uint64(b[metaChecksumAt:]) != sum.Sum64():
		m.err = "checksum mismatch"
	case ne.Uint64(h) != id || ne.Uint16(h[8:])&flagMeta == 0:
		m.err = "not marked as a meta page"
	}
	return m
}

// span reads page id and its overflow pages, after checking that they are
// in use, inside the file and not seen before.
func (w *pageWalker) span(id uint64, what string, depth int) ([]byte, bool) {
	if depth > 64 {
		w.p.add("page %d (%s): the tree is more than 64 levels deep", id, what)
		return nil, false
	}
	if id < 2 || id >= w.hwm {
		w.p.add("%s refers to page %d, outside the pages in use (2 to %d)", what, id, w.hwm-1)
		return nil, false
	}
	header := make([]byte, pageHeaderSize)
	if _, err := w.r.ReadAt(header, int64(id*w.pageSize)); err != nil {
		w.p.add("page %d (%s) is missing: the file ends at %d bytes", id, what, w.size)
		return nil, false
	}
	if got := ne.Uint64(header); got != id {
		w.p.add("page %d (%s) says it is page %d", id, what, got)
		return nil, false
	}
	overflow := uint64(ne.Uint32(header[12:]))
	if id+overflow >= w.hwm {
		w.p.add("page %d (%s) runs %d pages past the pages in use", id, what, id+overflow-w.hwm+1)
		return nil, false
	}
	if (id+overflow+1)*w.pageSize > uint64(w.size) {
		w.p.add("page %d (%s) is cut short: the file ends at %d bytes", id, what, w.size)
		return nil, false
	}
	for i := id; i <= id+overflow; i++ {
		if first, ok := w.seen[i]; ok {
			w.p.add("page %d is used twice: by %s and by %s", i, first, what)
			return nil, false
		}
	}
	for i := id; i <= id+overflow; i++ {
		w.seen[i] = what
	}
	buf := make([]byte, (overflow+1)*w.pageSize)
	if _, err := w.r.ReadAt(buf, int64(id*w.pageSize)); err != nil {
		w.p.add("page %d (%s) is cut short: the file ends at %d bytes", id, what, w.size)
		return nil, false
	}
	return buf, true
}

func (w *pageWalker) freelist(id uint64) {
	buf, ok := w.span(id, "the free list", 0)
	if !ok {
		return
	}
	if flags := ne.Uint16(buf[8:]); flags != flagFreelist {
		w.p.add("page %d (the free list) has page type %#x", id, flags)
		return
	}
	start, count := uint64(pageHeaderSize), uint64(ne.Uint16(buf[10:]))
	if count == 0xFFFF { // the real count is in the first element
		count = ne.Uint64(buf[start:])
		start += 8
	}
	if count > (uint64(len(buf))-start)/8 {
		w.p.add("page %d (the free list) claims %d free pages, more than it holds", id, count)
		return
	}
	last := id + uint64(len(buf))/w.pageSize - 1
	for i := range count {
		free := ne.Uint64(buf[start+8*i:])
		switch {
		case free < 2 || free >= w.hwm:
			w.p.add("the free list names page %d, outside the pages in use (2 to %d)", free, w.hwm-1)
			return
		case free >= id && free <= last: // tx.Check misses this; the next commit would panic
			w.p.add("the free list names its own page %d", free)
			return
		}
	}
}

// tree checks the page id and everything below it, and returns the page's
// first key.
func (w *pageWalker) tree(id uint64, what string, depth int) []byte {
	buf, ok := w.span(id, what, depth)
	if !ok {
		return nil
	}
	switch flags := ne.Uint16(buf[8:]); flags {
	case flagBranch:
		return w.branch(id, buf, what, depth)
	case flagLeaf:
		return w.leaf(fmt.Sprintf("page %d (%s)", id, what), buf, what, depth)
	default:
		w.p.add("page %d (%s) has page type %#x, want a branch or a leaf", id, what, flags)
		return nil
	}
}

// branch checks a branch page and its children. Each element's key must be
// its child's first key: bbolt finds a child's element by that key when it
// writes the child back, and would otherwise add a second element for it
// (tx.Check only checks that keys are in order).
func (w *pageWalker) branch(id uint64, buf []byte, what string, depth int) []byte {
	count := uint64(ne.Uint16(buf[10:]))
	if count == 0 || pageHeaderSize+count*elementSize > uint64(len(buf)) {
		w.p.add("page %d (%s) claims %d branch elements", id, what, count)
		return nil
	}
	keys := make([][]byte, count)
	children := make([]uint64, count)
	for i := range count {
		at := pageHeaderSize + i*elementSize
		pos, ksize := uint64(ne.Uint32(buf[at:])), uint64(ne.Uint32(buf[at+4:]))
		if at+pos+ksize > uint64(len(buf)) {
			w.p.add("page %d (%s): branch element %d's key lies outside the page", id, what, i)
			return nil
		}
		keys[i], children[i] = buf[at+pos:at+pos+ksize], ne.Uint64(buf[at+8:])
	}
	for i, child := range children {
		if first := w.tree(child, what, depth+1); first != nil && !bytes.Equal(first, keys[i]) {
			w.p.add("page %d (%s): branch element %d's key %q is not the first key of page %d, %q", id, what, i, keys[i], child, first)
		}
	}
	return keys[0]
}

// leaf checks a leaf page's elements, and the buckets it holds.
func (w *pageWalker) leaf(where string, buf []byte, what string, depth int) (first []byte) {
	count := uint64(ne.Uint16(buf[10:]))
	if pageHeaderSize+count*elementSize > uint64(len(buf)) {
		w.p.add("%s claims %d leaf elements, more than it holds", where, count)
		return nil
	}
	for i := range count {
		at := pageHeaderSize + i*elementSize
		flags := ne.Uint32(buf[at:])
		pos, ksize, vsize := uint64(ne.Uint32(buf[at+4:])), uint64(ne.Uint32(buf[at+8:])), uint64(ne.Uint32(buf[at+12:]))
		if at+pos+ksize+vsize > uint64(len(buf)) {
			w.p.add("%s: leaf element %d lies outside the page", where, i)
			return nil
		}
		if i == 0 {
			first = buf[at+pos : at+pos+ksize]
		}
		if flags&flagBucketLeaf == 0 {
			continue
		}
		name := fmt.Sprintf("bucket %q", buf[at+pos:at+pos+ksize])
		value := buf[at+pos+ksize : at+pos+ksize+vsize]
		if len(value) < bucketHeaderSize {
			w.p.add("%s: %s has a %d-byte header", where, name, len(value))
			continue
		}
		if root := ne.Uint64(value); root != 0 {
			w.tree(root, name, depth+1)
			continue
		}
		inline := value[bucketHeaderSize:]
		if len(inline) < pageHeaderSize || ne.Uint16(inline[8:]) != flagLeaf {
			w.p.add("%s: %s is inline but holds no leaf page", where, name)
			continue
		}
		if depth > 64 {
			w.p.add("%s: buckets nest more than 64 levels deep", where)
			return nil
		}
		w.leaf(fmt.Sprintf("%s inline in %s", name, where), inline, name, depth+1)
	}
	return first
}

// cocktailIDPattern is the form of a cocktail id (see data.Cocktail).
var cocktailIDPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// checkRecords checks Barkeep's layout and every record in it.
func checkRecords(tx *bolt.Tx, p *problems, sum *Summary) {
	known := map[string]bool{string(bucketMeta): true, string(bucketAccounts): true, string(bucketLikes): true, string(bucketBars): true, string(bucketTokens): true}
	empty := true
	_ = tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		empty = false
		switch {
		case b == nil:
			p.add("the root holds %q, which is not a bucket", name)
		case !known[string(name)]:
			p.add("unknown bucket %q", name)
		}
		return nil
	})
	if empty {
		if tx.ID() > 1 { // committed to, yet without buckets: not ours
			p.notStore = true
			p.add("it holds no buckets")
		}
		return // a new file, from a first start that stopped early
	}
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		p.notStore = true
		p.add("it has no %q bucket", bucketMeta)
		return
	}
	if format := meta.Get(keyFormat); !bytes.Equal(format, formatVersion) {
		p.notStore = true
		p.add("its format is %q, want %q", format, formatVersion)
		return
	}
	for _, name := range [][]byte{bucketAccounts, bucketLikes} {
		if tx.Bucket(name) == nil {
			p.add("the %q bucket is missing", name)
		}
	}
	if !p.empty() {
		return
	}
	accounts := map[string]bool{}
	_ = tx.Bucket(bucketAccounts).ForEach(func(k, v []byte) error {
		var a Account
		switch {
		case v == nil:
			p.add("account %q is a bucket, not a record", k)
		case json.Unmarshal(v, &a) != nil:
			p.add("account %q does not decode: %q", k, v)
		case a.Fingerprint != string(k):
			p.add("account %q is filed under %q", a.Fingerprint, k)
		case a.Name == "" || CleanName(a.Name) != a.Name:
			p.add("account %q has the name %q, which sign-up never gives", k, a.Name)
		case a.Since.IsZero():
			p.add("account %q has no sign-up time", k)
		default:
			accounts[string(k)] = true
			sum.Accounts++
		}
		return nil
	})
	_ = tx.Bucket(bucketLikes).ForEach(func(k, v []byte) error {
		fingerprint, id, ok := bytes.Cut(k, []byte{pairSeparator})
		var at time.Time
		switch {
		case !ok || v == nil:
			p.add("like record %q is not a fingerprint and a cocktail id", k)
		case !accounts[string(fingerprint)]:
			p.add("like of %q by %q, which is not an account", id, fingerprint)
		case !cocktailIDPattern.Match(id):
			p.add("like by %q of %q, which is not a cocktail id", fingerprint, id)
		case at.UnmarshalBinary(v) != nil || at.IsZero():
			p.add("like of %q by %q has no valid time: %x", id, fingerprint, v)
		default:
			sum.Likes++
		}
		return nil
	})
	if bars := tx.Bucket(bucketBars); bars != nil {
		_ = bars.ForEach(func(k, v []byte) error {
			fingerprint, ingredient, ok := bytes.Cut(k, []byte{pairSeparator})
			switch {
			case !ok || v == nil:
				p.add("bar record %q is not a fingerprint and an ingredient", k)
			case !accounts[string(fingerprint)]:
				p.add("bar of %q holds %q, but is not an account", fingerprint, ingredient)
			case len(ingredient) == 0 || !utf8.Valid(ingredient) || bytes.IndexByte(ingredient, pairSeparator) >= 0:
				p.add("bar of %q holds %q, which is not an ingredient name", fingerprint, ingredient)
			case len(v) != 0:
				p.add("bar record %q has a value", k)
			default:
				sum.BarItems++
			}
			return nil
		})
	}
	checkTokens(tx, accounts, p)
}
