package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"barkeep/internal/testenv"
	"barkeep/store"

	gossh "golang.org/x/crypto/ssh"
)

// What the crash loop's clients like and keep in their bars: a few of each,
// so that clients and changes overlap.
var (
	crashCocktails   = []string{"negroni", "americano", "daiquiri", "margarita", "mojito", "dry-martini"}
	crashIngredients = []string{"gin", "campari", "sweet vermouth", "lime juice", "cognac", "aperol"}
)

// crashKnown is what a client knows of one like, bar item or its account: done,
// not done, or unknown (the request was in flight when the server died).
type crashKnown int

const (
	ackNo crashKnown = iota
	ackYes
	ackUnknown
)

func (k crashKnown) String() string { return [...]string{"no", "yes", "unknown"}[k] }

// crashClient is one SSH key and what the server acknowledged to it. Its
// requests are serial, so its expected state is exact but for the one
// request in flight at each kill.
type crashClient struct {
	n     int
	key   gossh.Signer
	rng   *rand.Rand
	conns int // connections made; each has its own user name

	account crashKnown
	names   []string // user names the account may have been created with
	name    string   // once seen
	since   string   // the "member since" line, once seen
	likes   map[string]crashKnown
	bar     map[string]crashKnown
}

func newCrashClient(t *testing.T, n int, seed uint64) *crashClient {
	return &crashClient{
		n:     n,
		key:   newClientKey(t),
		rng:   rand.New(rand.NewPCG(seed, uint64(n))),
		likes: map[string]crashKnown{},
		bar:   map[string]crashKnown{},
	}
}

// user is a new user name for the next connection: the account keeps the
// name of the connection that created it, which tells a lost sign-up
// (re-created under a later name) from a kept one.
func (c *crashClient) user() string {
	c.conns++
	return fmt.Sprintf("c%d-%d", c.n, c.conns)
}

// signedUp records a session of the connection user: it signed the key up
// if the account did not exist. done says the session was acknowledged.
func (c *crashClient) signedUp(user string, done bool) {
	if c.account == ackYes {
		return
	}
	c.names = append(c.names, user)
	if done {
		c.account = ackYes
	} else {
		c.account = ackUnknown
	}
}

// crashStats are counted across cycles and logged at the end.
type crashStats struct {
	acknowledged, inFlight, applied, notApplied atomic.Int64
	cyclesWithInFlight, signUpKills             int
}

// crashRun is one SSH command's outcome: status is its exit status, or -1
// when none came (the connection broke: the server was killed).
type crashRun struct {
	stdout, stderr string
	status         int
	err            error
}

func crashRunOn(client *gossh.Client, command string) crashRun {
	session, err := client.NewSession()
	if err != nil {
		return crashRun{status: -1, err: err}
	}
	defer session.Close()
	var stdout, stderr bytes.Buffer
	session.Stdout, session.Stderr = &stdout, &stderr
	done := make(chan error, 1)
	go func() { done <- session.Run(command) }()
	select {
	case err = <-done:
	case <-time.After(exitTimeout):
		_ = client.Close()
		err = <-done
		err = fmt.Errorf("no answer within %v (%v)", exitTimeout, err)
	}
	res := crashRun{stdout: stdout.String(), stderr: stderr.String(), status: 0, err: err}
	var exitErr *gossh.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		res.status = exitErr.ExitStatus()
	default:
		res.status = -1
	}
	return res
}

// TestE2ECrashLoopKeepsEveryAcknowledgedWrite starts the real server, has
// several clients like, unlike and change their bars over SSH, kills the
// server with SIGKILL at a random moment, restarts it on the same data
// directory and checks that every acknowledged change is there and nothing
// else is. A request in flight at the kill may or may not have been
// applied; the restart decides, and a later acknowledged request on the
// same thing overrides it. BARKEEP_CRASH_CYCLES sets the number of kills,
// BARKEEP_CRASH_SEED replays a run's choices (the timing differs).
func TestE2ECrashLoopKeepsEveryAcknowledgedWrite(t *testing.T) {
	t.Parallel()
	cycles := int(testenv.Number(t, "BARKEEP_CRASH_CYCLES", 20))
	seed := testenv.Number(t, "BARKEEP_CRASH_SEED", rand.Uint64()%1_000_000)
	t.Logf("crash loop: %d cycles, seed %d (replay the choices with BARKEEP_CRASH_SEED=%d)", cycles, seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	dataDir := t.TempDir()
	storePath := filepath.Join(dataDir, storeFile)

	// Newcomers keep coming in long runs, a few more per hundred kills.
	const firstClients = 4
	maxClients := 12 + cycles/25
	var clients []*crashClient
	for n := range firstClients {
		clients = append(clients, newCrashClient(t, n, seed))
	}
	var stats crashStats
	for cycle := range cycles {
		srv := startServer(t, dataDir)
		crashVerify(t, srv, clients, &stats, fmt.Sprintf("after kill %d", cycle))
		if t.Failed() {
			t.Fatalf("cycle %d (seed %d); the server's log:\n%s", cycle, seed, srv.log)
		}
		switch {
		case len(clients) < maxClients && rng.IntN(4) == 0:
			// A newcomer signs up with a read-only command; the kill
			// follows its answer at once, before anything else is written.
			c := newCrashClient(t, len(clients), seed)
			clients = append(clients, c)
			crashSignUpAndKill(t, srv, c)
			stats.signUpKills++
		default:
			// Most kills come while requests are flowing; some at once.
			delay := time.Duration(20+rng.IntN(400)) * time.Millisecond
			if rng.IntN(10) == 0 {
				delay = time.Duration(rng.IntN(5)) * time.Millisecond
			}
			before := stats.inFlight.Load()
			crashDriveAndKill(t, srv, clients, delay, &stats)
			if stats.inFlight.Load() > before {
				stats.cyclesWithInFlight++
			}
		}
		select {
		case <-srv.exited:
		case <-time.After(exitTimeout):
			t.Fatalf("the killed server did not exit within %v", exitTimeout)
		}
		if sum, err := store.Check(storePath); err != nil {
			t.Fatalf("cycle %d (seed %d): the store fails its check after the kill: %v", cycle, seed, err)
		} else if sum.Accounts > len(clients) {
			t.Fatalf("cycle %d: the store has %d accounts, more than the %d clients", cycle, sum.Accounts, len(clients))
		}
		if t.Failed() {
			t.Fatalf("cycle %d (seed %d); the server's log:\n%s", cycle, seed, srv.log)
		}
	}
	srv := startServer(t, dataDir)
	crashVerify(t, srv, clients, &stats, "after the last kill")
	srv.stop(t)
	if _, err := store.Check(storePath); err != nil {
		t.Fatalf("the store fails its check after a clean stop: %v", err)
	}
	t.Logf("%d kills: %d requests acknowledged, %d in flight at a kill (%d applied, %d not), in-flight requests at %d of the kills, %d kills right after a sign-up; %d accounts",
		cycles, stats.acknowledged.Load(), stats.inFlight.Load(), stats.applied.Load(), stats.notApplied.Load(), stats.cyclesWithInFlight, stats.signUpKills, len(clients))
}

// crashDriveAndKill runs every client's requests against srv until it is
// killed, delay after they start.
func crashDriveAndKill(t *testing.T, srv *serverProc, clients []*crashClient, delay time.Duration, stats *crashStats) {
	var killed atomic.Bool
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Go(func() { c.drive(t, srv.addr, &killed, stats) })
	}
	time.Sleep(delay)
	killed.Store(true)
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Errorf("kill: %v", err)
	}
	wg.Wait()
}

// crashSignUpAndKill has c sign up with whoami, and kills the server as
// soon as the answer is in.
func crashSignUpAndKill(t *testing.T, srv *serverProc, c *crashClient) {
	user := c.user()
	client, err := dialSSH(srv.addr, user, gossh.PublicKeys(c.key))
	if err != nil {
		t.Fatalf("client %d: connect: %v", c.n, err)
	}
	defer client.Close()
	res := crashRunOn(client, "whoami")
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Errorf("kill: %v", err)
	}
	if res.status != 0 {
		t.Fatalf("client %d: whoami: status %d, %v, stderr %q", c.n, res.status, res.err, res.stderr)
	}
	c.signedUp(user, true)
}

// drive makes requests, one at a time, until one fails.
func (c *crashClient) drive(t *testing.T, addr string, killed *atomic.Bool, stats *crashStats) {
	user := c.user()
	client, err := dialSSH(addr, user, gossh.PublicKeys(c.key))
	if err != nil {
		if !killed.Load() {
			t.Errorf("client %d: connect while the server runs: %v", c.n, err)
		}
		return
	}
	defer client.Close()
	for {
		var command string
		var state map[string]crashKnown
		var thing string
		var want crashKnown
		switch pick := c.rng.IntN(100); {
		case pick < 40:
			thing, want, state = crashCocktails[c.rng.IntN(len(crashCocktails))], ackYes, c.likes
			command = "like " + thing
		case pick < 65:
			thing, want, state = crashCocktails[c.rng.IntN(len(crashCocktails))], ackNo, c.likes
			command = "unlike " + thing
		case pick < 85:
			thing, want, state = crashIngredients[c.rng.IntN(len(crashIngredients))], ackYes, c.bar
			command = "bar add " + thing
		default:
			thing, want, state = crashIngredients[c.rng.IntN(len(crashIngredients))], ackNo, c.bar
			command = "bar rm " + thing
		}
		res := crashRunOn(client, command)
		if res.status == 0 {
			state[thing] = want
			c.signedUp(user, true)
			stats.acknowledged.Add(1)
			continue
		}
		if res.status > 0 || !killed.Load() {
			t.Errorf("client %d: %q failed while the server ran: status %d, %v, stderr %q", c.n, command, res.status, res.err, res.stderr)
		}
		// In flight at the kill: applied or not, the restart tells.
		if state[thing] != want {
			state[thing] = ackUnknown
		}
		c.signedUp(user, false)
		stats.inFlight.Add(1)
		return
	}
}

var crashWhoamiLine = regexp.MustCompile(`(?m)^name:\s+(.*)\n.*\nmember since: (.*)$`)

// crashVerify reads every client's likes, bar and account back from
// a freshly started server, checks them against what was acknowledged, and
// settles what was unknown; then it checks every cocktail's like count.
func crashVerify(t *testing.T, srv *serverProc, clients []*crashClient, stats *crashStats, when string) {
	t.Helper()
	counts := map[string]int{}
	var reader *gossh.Client
	for _, c := range clients {
		user := c.user()
		client, err := dialSSH(srv.addr, user, gossh.PublicKeys(c.key))
		if err != nil {
			t.Fatalf("%s: client %d cannot connect: %v", when, c.n, err)
		}
		defer client.Close()
		reader = client
		run := func(command string) string {
			res := crashRunOn(client, command)
			if res.status != 0 {
				t.Fatalf("%s: client %d: %q: status %d, %v, stderr %q", when, c.n, command, res.status, res.err, res.stderr)
			}
			return res.stdout
		}

		who := crashWhoamiLine.FindStringSubmatch(run("whoami"))
		if who == nil {
			t.Fatalf("%s: client %d: whoami printed no name and date", when, c.n)
		}
		name, since := who[1], who[2]
		switch {
		case c.account == ackYes && !slices.Contains(c.names, name):
			t.Errorf("%s: client %d's account is named %q, want one of %q: an acknowledged sign-up was lost", when, c.n, name, c.names)
		case c.account == ackUnknown && !slices.Contains(append(c.names, user), name):
			t.Errorf("%s: client %d's account is named %q, want one of %q", when, c.n, name, append(c.names, user))
		case c.account == ackNo && name != user:
			t.Errorf("%s: client %d never signed up, yet its account is named %q, not %q", when, c.n, name, user)
		case c.since != "" && since != c.since:
			t.Errorf("%s: client %d's account dates from %q, it did from %q", when, c.n, since, c.since)
		}
		c.account, c.names, c.name, c.since = ackYes, []string{name}, name, since

		var likes cocktailsJSON
		if err := json.Unmarshal([]byte(run("likes --json")), &likes); err != nil {
			t.Fatalf("%s: client %d: likes --json: %v", when, c.n, err)
		}
		liked := map[string]bool{}
		for _, l := range likes.Cocktails {
			liked[l.ID] = true
			counts[l.ID]++
		}
		crashSettle(t, fmt.Sprintf("%s: client %d: like of", when, c.n), c.likes, liked, stats)

		inBar := map[string]bool{}
		if out := run("bar"); !strings.HasPrefix(out, "Your bar is empty") {
			for _, ing := range strings.Split(strings.TrimSpace(out), "\n") {
				inBar[ing] = true
			}
		}
		crashSettle(t, fmt.Sprintf("%s: client %d: bar item", when, c.n), c.bar, inBar, stats)
	}

	var list, top cocktailsJSON
	for command, into := range map[string]*cocktailsJSON{"list --json": &list, "top 1000 --json": &top} {
		res := crashRunOn(reader, command)
		if res.status != 0 {
			t.Fatalf("%s: %q: status %d, %v", when, command, res.status, res.err)
		}
		if err := json.Unmarshal([]byte(res.stdout), into); err != nil {
			t.Fatalf("%s: %q: %v", when, command, err)
		}
	}
	for _, l := range list.Cocktails {
		if l.Likes != counts[l.ID] {
			t.Errorf("%s: list shows %s with %d likes; the clients' likes add up to %d", when, l.ID, l.Likes, counts[l.ID])
		}
	}
	topCounts := map[string]int{}
	for _, l := range top.Cocktails {
		topCounts[l.ID] = l.Likes
	}
	for id, n := range counts {
		if topCounts[id] != n {
			t.Errorf("%s: top shows %s with %d likes; the clients' likes add up to %d", when, id, topCounts[id], n)
		}
	}
	if len(topCounts) != len(counts) {
		t.Errorf("%s: top lists %d liked cocktails, the clients like %d", when, len(topCounts), len(counts))
	}
}

// crashSettle compares what the server shows with what the client knows, and
// learns the outcome of requests that were in flight.
func crashSettle(t *testing.T, what string, expected map[string]crashKnown, shown map[string]bool, stats *crashStats) {
	t.Helper()
	for thing := range shown {
		if _, ok := expected[thing]; !ok {
			t.Errorf("%s %q: shown, but never requested", what, thing)
		}
	}
	for thing, k := range expected {
		switch {
		case k == ackUnknown && shown[thing]:
			stats.applied.Add(1)
		case k == ackUnknown:
			stats.notApplied.Add(1)
		case (k == ackYes) != shown[thing]:
			t.Errorf("%s %q: acknowledged %v, but the server shows %v", what, thing, k == ackYes, shown[thing])
		}
		expected[thing] = ackNo
		if shown[thing] {
			expected[thing] = ackYes
		}
	}
}
