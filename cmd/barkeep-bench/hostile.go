package main

// The hostile phase: one address (127.0.0.1) does its worst to the real
// server with its default flags, while a victim on another (127.0.0.2)
// connects and likes. Any 127.x address is loopback on Linux, and the
// server tells addresses apart by the connection's source.

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// The two addresses, and what the attacker does from its own.
const (
	attackerAddr = "127.0.0.1"
	victimAddr   = "127.0.0.2"

	// The sign-up flood: workers that sign fresh keys up, one after the
	// other, for signUpFloodTime.
	signUpWorkers   = 8
	signUpFloodTime = 5 * time.Second

	// The hold: connections with sessionsPerConn sessions each, at the
	// largest window a client can ask for, all stalled (their output never
	// read) but flooders, which read and send window changes and keys
	// every floodTick. Then holders fill every connection the address may
	// still open, without a session, sending keepalives.
	sessionConns    = 48
	sessionsPerConn = 4
	flooders        = 8
	floodTick       = 5 * time.Millisecond
	holders         = 128
	holdSettle      = 3 * time.Second
	hugeWidth       = 400
	hugeHeight      = 150

	// victimLikes is how many likes (and unlikes) the victim sends, each
	// once the last one shows.
	victimLikes = 200
)

// hostileFigures are the hostile phase's results.
type hostileFigures struct {
	Quiet    victimFigures `json:"quiet"`
	Attacked victimFigures `json:"attacked"`

	RSSIdleMB        float64 `json:"rss_idle_mb"`
	RSSPeakMB        float64 `json:"rss_peak_attacked_mb"`
	CPUCoresAttacked float64 `json:"server_cpu_cores_attacked"`

	SignUpsMade       int      `json:"signups_made"`
	SignUpsRefused    int      `json:"signups_refused"`
	StoreGrowthKB     float64  `json:"store_growth_kb"`
	SessionsTried     int      `json:"sessions_tried"`
	SessionsHeld      int      `json:"sessions_held"`
	ConnectionsPeak   int64    `json:"attacker_connections_peak"`
	ConnectionsTried  int64    `json:"attacker_connections_tried"`
	ConnectionsClosed int64    `json:"attacker_connections_closed_by_server"`
	Errors            int      `json:"errors"`
	FirstErrors       []string `json:"first_errors,omitempty"`
}

// victimFigures is what the victim on the other address sees.
type victimFigures struct {
	FirstFrameMs float64 `json:"first_frame_ms"`
	LikesS       float64 `json:"likes_s"` // victimLikes likes, each waited for
}

// runHostile measures Barkeep with and without the attack.
func runHostile(cfg config, barkeepBin string, cat catalogInfo, asJSON bool) error {
	dataDir, err := os.MkdirTemp("", "barkeep-bench-hostile-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dataDir)
	args := append([]string{"serve", "--addr", attackerAddr + ":0", "--data", dataDir, "--debug-addr", "127.0.0.1:0"}, cfg.barkeepArgs...)
	srv, err := startServer("barkeep", barkeepBin, args...)
	if err != nil {
		return err
	}
	defer srv.stop()
	errs := &errorLog{}
	var f hostileFigures

	progress("hostile: the victim on %s, no attack", victimAddr)
	if f.Quiet, err = measureVictim(srv.addr, cat, cfg.timeout); err != nil {
		return err
	}
	if err := srv.collectGarbage(); err != nil {
		return err
	}
	idle, err := srv.sample()
	if err != nil {
		return err
	}
	f.RSSIdleMB = mb(idle.rss)
	storeBefore := fileSize(filepath.Join(dataDir, "barkeep.db"))

	progress("hostile: %s signs fresh keys up for %v", attackerAddr, signUpFloodTime)
	known := floodSignUps(srv.addr, &f, errs)
	f.StoreGrowthKB = float64(fileSize(filepath.Join(dataDir, "barkeep.db"))-storeBefore) / 1024

	progress("hostile: %s holds sessions and connections, %d of them flooding", attackerAddr, flooders)
	stop := make(chan struct{})
	var attack sync.WaitGroup
	sessionKeys := known
	if len(sessionKeys) == 0 {
		return fmt.Errorf("the sign-up flood made no account to attack with: %v", errs.first)
	}
	held := holdSessions(srv.addr, sessionKeys, stop, &attack, &f, errs)
	attack.Go(func() { holdConnections(srv.addr, stop, &f, errs) })
	peak := int64(0)
	sampling := make(chan struct{})
	go func() {
		defer close(sampling)
		for {
			if s, err := srv.sample(); err == nil {
				peak = max(peak, s.rss)
			}
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()
	time.Sleep(holdSettle)
	profiled := make(chan error, 1)
	if cfg.cpuProfile != "" {
		go func() { profiled <- srv.fetchProfile("profile?seconds=5", cfg.cpuProfile) }()
	} else {
		profiled <- nil
	}
	from, _ := srv.sample()
	progress("hostile: the victim on %s, under attack", victimAddr)
	f.Attacked, err = measureVictim(srv.addr, cat, cfg.timeout)
	to, _ := srv.sample()
	if perr := <-profiled; perr != nil {
		errs.add("CPU profile: %v", perr)
	}
	f.CPUCoresAttacked = cpuRate(from, to)
	close(stop)
	attack.Wait()
	<-sampling
	for _, c := range held {
		c.Close()
	}
	if err != nil {
		return err
	}
	f.RSSPeakMB = mb(peak)
	f.Errors, f.FirstErrors = errs.count, errs.first
	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(f)
	}
	writeHostileTable(os.Stdout, f)
	return nil
}

// dialFrom connects from the loopback address local and authenticates.
func dialFrom(local, addr, user string, key gossh.Signer) (*gossh.Client, error) {
	dialer := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: connectTimeout}
	tcp, err := dialer.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	_ = tcp.SetDeadline(time.Now().Add(connectTimeout))
	conn, chans, reqs, err := gossh.NewClientConn(tcp, addr, &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		tcp.Close()
		return nil, err
	}
	_ = tcp.SetDeadline(time.Time{})
	return gossh.NewClient(conn, chans, reqs), nil
}

// measureVictim connects a new member from the victim's address, times
// its first frame, and likes and unlikes the first cocktail victimLikes
// times, each once the last shows.
func measureVictim(addr string, cat catalogInfo, timeout time.Duration) (victimFigures, error) {
	var v victimFigures
	keys, err := newKeys(1)
	if err != nil {
		return v, err
	}
	start := time.Now()
	conn, err := dialFrom(victimAddr, addr, "victim", keys[0])
	if err != nil {
		return v, fmt.Errorf("the victim: %w", err)
	}
	c := &client{conn: conn, term: newTerminal(termWidth, termHeight), dialAt: start, ended: make(chan struct{})}
	defer c.close()
	if err := c.startShell(); err != nil {
		return v, fmt.Errorf("the victim: %w", err)
	}
	first := cat.names[0]
	at, ok := c.term.waitFor(start.Add(timeout), func(s string) bool { return fullFrame(s, first) && likesOnRow(s, first) >= 0 })
	if !ok {
		return v, fmt.Errorf("the victim saw no first frame within %v; its screen:\n%s", timeout, c.term.screen())
	}
	v.FirstFrameMs = millis(at.Sub(start))
	count := likesOnRow(c.term.screen(), first)
	start = time.Now()
	for i := range victimLikes {
		want := count + 1 - i%2
		if err := c.press("l"); err != nil {
			return v, err
		}
		if _, ok := c.term.waitFor(time.Now().Add(timeout), func(s string) bool { return likesOnRow(s, first) == want }); !ok {
			return v, fmt.Errorf("the victim's like %d never showed %d; its screen:\n%s", i+1, want, c.term.screen())
		}
	}
	v.LikesS = time.Since(start).Seconds()
	return v, nil
}

// floodSignUps signs fresh keys up from the attacker's address as fast as
// its workers can, and returns the keys that got accounts.
func floodSignUps(addr string, f *hostileFigures, errs *errorLog) []gossh.Signer {
	var mu sync.Mutex
	var made []gossh.Signer
	deadline := time.Now().Add(signUpFloodTime)
	var wg sync.WaitGroup
	for range signUpWorkers {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				keys, err := newKeys(1)
				if err != nil {
					errs.add("key: %v", err)
					return
				}
				ok, refused := signUp(addr, keys[0], errs)
				mu.Lock()
				switch {
				case ok:
					made = append(made, keys[0])
				case refused:
					f.SignUpsRefused++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	f.SignUpsMade = len(made)
	return made
}

// signUp runs whoami with a new key: ok when it signed up, refused when
// the server said to wait.
func signUp(addr string, key gossh.Signer, errs *errorLog) (ok, refused bool) {
	conn, err := dialFrom(attackerAddr, addr, "stranger", key)
	if err != nil {
		errs.add("sign-up dial: %v", err)
		time.Sleep(100 * time.Millisecond)
		return false, false
	}
	defer conn.Close()
	session, err := conn.NewSession()
	if err != nil {
		errs.add("sign-up session: %v", err)
		return false, false
	}
	var stderr strings.Builder
	session.Stderr = &stderr
	err = session.Run("whoami")
	switch {
	case err == nil:
		return true, false
	case strings.Contains(stderr.String(), "try again in"):
		return false, true
	}
	errs.add("sign-up: %v: %s", err, stderr.String())
	return false, false
}

// holdSessions opens sessionConns connections from the attacker's address
// with sessionsPerConn sessions each at hugeWidth x hugeHeight, the keys
// taken in turn; the first flooders sessions flood until stop, the others
// never read their output.
func holdSessions(addr string, keys []gossh.Signer, stop chan struct{}, attack *sync.WaitGroup, f *hostileFigures, errs *errorLog) []*gossh.Client {
	var mu sync.Mutex
	var conns []*gossh.Client
	var wg sync.WaitGroup
	slots := make(chan struct{}, 16)
	for i := range sessionConns {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			conn, err := dialFrom(attackerAddr, addr, "holder", keys[i%len(keys)])
			mu.Lock()
			f.SessionsTried += sessionsPerConn
			mu.Unlock()
			if err != nil {
				errs.add("holder dial: %v", err)
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			for range sessionsPerConn {
				session, err := conn.NewSession()
				if err != nil {
					continue // refused: over a cap
				}
				out, _ := session.StdoutPipe()
				stdin, _ := session.StdinPipe()
				if session.RequestPty("xterm-256color", hugeHeight, hugeWidth, gossh.TerminalModes{}) != nil || session.Shell() != nil {
					continue
				}
				mu.Lock()
				f.SessionsHeld++
				flood := f.SessionsHeld <= flooders
				mu.Unlock()
				if flood {
					go func() { _, _ = io.Copy(io.Discard, out) }()
					attack.Go(func() { floodSession(session, stdin, stop) })
				}
			}
		})
	}
	wg.Wait()
	return conns
}

// floodSession sends a window change and a key every floodTick until stop.
func floodSession(session *gossh.Session, stdin io.Writer, stop chan struct{}) {
	tick := time.NewTicker(floodTick)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		if session.WindowChange(hugeHeight-i%2, hugeWidth-i%2) != nil {
			return
		}
		if _, err := io.WriteString(stdin, []string{"j", "k"}[i%2]); err != nil {
			return
		}
	}
}

// holdConnections has holders connect from the attacker's address with
// fresh keys and hold their connections without a session, sending
// keepalives, dialling again whenever one is closed, until stop.
func holdConnections(addr string, stop chan struct{}, f *hostileFigures, errs *errorLog) {
	var open, peak, tried, closedByServer atomic.Int64
	var wg sync.WaitGroup
	for range holders {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				keys, err := newKeys(1)
				if err != nil {
					errs.add("key: %v", err)
					return
				}
				tried.Add(1)
				conn, err := dialFrom(attackerAddr, addr, "holder", keys[0])
				if err != nil {
					time.Sleep(50 * time.Millisecond) // refused: over a cap
					continue
				}
				for n, p := open.Add(1), peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				if holdOpen(conn, stop) {
					closedByServer.Add(1)
				}
				open.Add(-1)
			}
		})
	}
	wg.Wait()
	f.ConnectionsPeak, f.ConnectionsTried, f.ConnectionsClosed = peak.Load(), tried.Load(), closedByServer.Load()
}

// holdOpen keeps a connection open with keepalives until stop, and says
// whether the server closed it first.
func holdOpen(conn *gossh.Client, stop chan struct{}) (closedByServer bool) {
	defer conn.Close()
	closed := make(chan struct{})
	go func() {
		_ = conn.Wait()
		close(closed)
	}()
	keepalive := time.NewTicker(time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-stop:
			return false
		case <-closed:
			return true
		case <-keepalive.C:
			_, _, _ = conn.SendRequest("keepalive@openssh.com", true, nil)
		}
	}
}

func fileSize(path string) int64 {
	info, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return info.Size()
}

func mb(bytes int64) float64 { return float64(bytes) / (1 << 20) }

func writeHostileTable(w io.Writer, f hostileFigures) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "victim on %s\tno attack\tattacked from %s\n", victimAddr, attackerAddr)
	fmt.Fprintf(tw, "first frame, ms\t%.0f\t%.0f\n", f.Quiet.FirstFrameMs, f.Attacked.FirstFrameMs)
	fmt.Fprintf(tw, "%d likes, s\t%.2f\t%.2f (%.2fx)\n", victimLikes, f.Quiet.LikesS, f.Attacked.LikesS, f.Attacked.LikesS/f.Quiet.LikesS)
	fmt.Fprintf(tw, "server RSS, MB\t%.0f\t%.0f peak (+%.0f)\n", f.RSSIdleMB, f.RSSPeakMB, f.RSSPeakMB-f.RSSIdleMB)
	fmt.Fprintf(tw, "server CPU while the victim likes, cores\t\t%.2f\n", f.CPUCoresAttacked)
	tw.Flush()
	fmt.Fprintf(w, "\nthe attacker, from %s:\n", attackerAddr)
	fmt.Fprintf(w, "  sign-ups in %v (%d workers): %d made, %d refused; store file +%.0f KB\n", signUpFloodTime, signUpWorkers, f.SignUpsMade, f.SignUpsRefused, f.StoreGrowthKB)
	fmt.Fprintf(w, "  sessions at %dx%d: %d held of %d tried (%d flooding window changes and keys every %v, the rest stalled)\n",
		hugeWidth, hugeHeight, f.SessionsHeld, f.SessionsTried, min(flooders, f.SessionsHeld), floodTick)
	fmt.Fprintf(w, "  connections without a session: at most %d open at once, %d tried, %d closed by the server\n", f.ConnectionsPeak, f.ConnectionsTried, f.ConnectionsClosed)
	if f.Errors > 0 {
		fmt.Fprintf(w, "  errors: %d, the first: %s\n", f.Errors, strings.Join(f.FirstErrors, "; "))
	}
}
