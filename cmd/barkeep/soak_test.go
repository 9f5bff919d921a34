package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"
)

// TestSoak holds many sessions browsing and liking for a long time, then
// checks that none saw an error and that goroutines and memory come back to
// the idle baseline. It runs only when asked:
//
//	BARKEEP_SOAK=10m BARKEEP_SOAK_SESSIONS=500 go test -run TestSoak -timeout 30m ./cmd/barkeep
func TestSoak(t *testing.T) {
	duration, err := time.ParseDuration(os.Getenv("BARKEEP_SOAK"))
	if err != nil {
		t.Skip("set BARKEEP_SOAK to a duration (e.g. 10m) to run the soak test")
	}
	sessions := 500
	if n, err := strconv.Atoi(os.Getenv("BARKEEP_SOAK_SESSIONS")); err == nil && n > 0 {
		sessions = n
	}
	srv := startServer(t, t.TempDir(), "--debug-addr", "127.0.0.1:0")
	match := debugAddrPattern.FindStringSubmatch(srv.log.String())
	if match == nil {
		t.Fatalf("no debug endpoint in the log:\n%s", srv.log)
	}
	debug := match[1]
	idle := settledVars(t, debug)
	t.Logf("idle: %d goroutines, %d KiB of live heap", idle.Goroutines, idle.HeapAlloc/1024)

	// Connect at most 16 at a time, within the server's pre-auth caps.
	handshakes := make(chan struct{}, 16)
	var wg sync.WaitGroup
	errs := make(chan error, sessions)
	stop := time.Now().Add(duration)
	for i := range sessions {
		wg.Go(func() {
			handshakes <- struct{}{}
			c := startSession(t, srv.addr, fmt.Sprintf("soak%d", i), newClientKey(t), 80, 24)
			err := c.session.Shell()
			<-handshakes
			if err != nil {
				errs <- fmt.Errorf("session %d: shell: %w", i, err)
				return
			}
			c.watch()
			if err := browse(c, stop, rand.New(rand.NewPCG(uint64(i), 7))); err != nil {
				errs <- fmt.Errorf("session %d: %w", i, err)
			}
			c.press(t, "q")
			select {
			case <-c.ended:
			case <-time.After(exitTimeout):
				errs <- fmt.Errorf("session %d did not end after q", i)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	after := settledVars(t, debug)
	t.Logf("idle again: %d goroutines, %d KiB of live heap", after.Goroutines, after.HeapAlloc/1024)
	if after.Goroutines > idle.Goroutines {
		t.Errorf("%d goroutines after the soak, %d before:\n%s", after.Goroutines, idle.Goroutines, goroutineProfile(t, debug))
	}
	// The heap keeps what the store learnt (accounts, likes): allow that,
	// not what the sessions held.
	if path := os.Getenv("BARKEEP_SOAK_HEAP"); path != "" {
		saveHeapProfile(t, debug, path)
	}
	if limit := idle.HeapAlloc + uint64(sessions)*16*1024 + 8<<20; after.HeapAlloc > limit {
		t.Errorf("%d KiB of live heap after the soak, %d KiB before", after.HeapAlloc/1024, idle.HeapAlloc/1024)
	}
	if !srv.running() {
		t.Fatalf("the server died; its log:\n%s", srv.log)
	}
}

// browse moves around the list, opens cards and likes until stop, checking
// that the session keeps answering.
func browse(c *tuiClient, stop time.Time, rng *rand.Rand) error {
	moves := []string{"j", "j", "k", "G", "g", "\x1b[6~", "l", "r", "\x1b"}
	for time.Now().Before(stop) {
		select {
		case <-c.ended:
			return fmt.Errorf("the session ended early: %v", c.waitErr)
		default:
		}
		if _, err := c.stdin.Write([]byte(moves[rng.IntN(len(moves))])); err != nil {
			return fmt.Errorf("send a key: %w", err)
		}
		time.Sleep(time.Duration(200+rng.IntN(800)) * time.Millisecond)
	}
	return nil
}

type debugVars struct {
	Goroutines int
	HeapAlloc  uint64 `json:"heap_alloc"`
}

func vars(t *testing.T, debugAddr string) debugVars {
	t.Helper()
	// Collect garbage first, so that the heap counted is what is live.
	if resp, err := debugClient.Get("http://" + debugAddr + "/debug/pprof/heap?gc=1"); err == nil {
		resp.Body.Close()
	}
	resp, err := debugClient.Get("http://" + debugAddr + "/debug/vars")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v debugVars
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// settledVars reads the counters once the goroutine count stops moving.
func settledVars(t *testing.T, debugAddr string) debugVars {
	t.Helper()
	v := vars(t, debugAddr)
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
		time.Sleep(500 * time.Millisecond)
		next := vars(t, debugAddr)
		if next.Goroutines == v.Goroutines {
			return next
		}
		v = next
	}
	return v
}

// saveHeapProfile writes the server's heap profile, to see what a soak left
// behind (go tool pprof -sample_index=inuse_space -top FILE).
func saveHeapProfile(t *testing.T, debugAddr, path string) {
	t.Helper()
	resp, err := debugClient.Get("http://" + debugAddr + "/debug/pprof/heap?gc=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	profile, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, profile, 0o644); err != nil {
		t.Fatal(err)
	}
}
