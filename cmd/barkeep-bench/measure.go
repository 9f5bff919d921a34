package main

// One server's measurement, in phases: a crowd connects at once, the
// sessions sit idle, they press keys, and (for Barkeep) likes travel
// between them.

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// config is what a run measures.
type config struct {
	sessions     int
	rounds       int           // measurements of each server, taking turns
	presses      int           // j presses per session
	keysDuration time.Duration // over which every session's presses are spread
	idle         time.Duration // how long the idle sessions are watched
	joiners      int           // sessions that join the idle crowd one at a time
	watchers     int           // sessions that show the liked cocktail
	likeRounds   int           // likes (and unlikes) sent
	timeout      time.Duration // bound on any one wait for a screen
	cpuProfile   string        // where to save the server under test's CPU profile
	crowdProfile string        // and its CPU profile while the crowd arrives
	memProfile   string        // and its heap profile
	barkeepArgs  []string      // extra flags for barkeep serve
	database     string        // PostgreSQL mode: the server to make databases on
	writers      int           // PostgreSQL mode: writers of durable likes
	nodes        int           // PostgreSQL mode: nodes sharing the sessions
}

// settle is how long sessions are left alone between phases, so that what
// a phase started (frames, garbage collection) does not spill into the
// next one's figures.
const settle = 2 * time.Second

// target is one server to measure.
type target struct {
	name      string
	bin       string
	args      func(dataDir string) []string
	likes     bool   // it has live likes to measure
	profileAs string // the suffix of its profiles' file names: "" for Barkeep's
	// nodes is how many servers share the sessions (0: one), on a fresh
	// database of the PostgreSQL server at database.
	nodes    int
	database string
}

// catalogInfo is what the bench knows of the list both servers show.
type catalogInfo struct {
	names    []string // in list order
	likeName string   // the cocktail whose likes are measured
}

// figures are one server's results.
type figures struct {
	Server                  string       `json:"server"`
	Sessions                int          `json:"sessions"`
	Connected               int          `json:"connected"`
	Held                    int          `json:"held_to_the_end"`
	Errors                  int          `json:"errors"`
	FirstErrors             []string     `json:"first_errors,omitempty"`
	HandshakeMs             dist         `json:"handshake_ms"`
	FirstFrameMs            dist         `json:"first_frame_ms"`
	CrowdCPUPerSessionMs    float64      `json:"crowd_cpu_per_session_ms"`
	JoinHandshakeMs         dist         `json:"join_handshake_ms"`
	JoinFirstFrameMs        dist         `json:"join_first_frame_ms"`
	KeyLatencyMs            dist         `json:"key_latency_ms"`
	KeyBytes                dist         `json:"bytes_per_key_press"`
	KeyPresses              int          `json:"key_presses"`
	CPUPerKeyMs             float64      `json:"cpu_per_key_press_ms"`
	IdleCPUPerSessionMsPerS float64      `json:"idle_cpu_per_session_ms_per_s"`
	RSSBeforeMB             float64      `json:"rss_before_sessions_mb"`
	RSSPerSessionMB         float64      `json:"rss_per_idle_session_mb"`
	GoroutinesBefore        float64      `json:"goroutines_before_sessions"`
	GoroutinesPerSession    float64      `json:"goroutines_per_session"`
	Likes                   *likeFigures `json:"likes,omitempty"`
	// CPU is how busy the machine was while the sessions were open: the
	// server, the bench's clients, and other processes, which disturb the
	// figures when they are not near zero.
	CPU cores `json:"cpu_cores_while_measuring"`
}

// errorLog counts errors and keeps the first few to show.
type errorLog struct {
	mu    sync.Mutex
	count int
	first []string
}

func (l *errorLog) add(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count++
	if len(l.first) < 10 {
		l.first = append(l.first, fmt.Sprintf(format, args...))
	}
}

// progress tells the person running the bench what is going on.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "barkeep-bench: "+format+"\n", args...)
}

// measure runs one server in a fresh data directory and takes all its
// figures. keys holds an identity for each of cfg.sessions, then the
// liker's, the calibration session's and the joiners'.
func measure(cfg config, t target, cat catalogInfo, keys []gossh.Signer) (f figures, err error) {
	f = figures{Server: t.name, Sessions: cfg.sessions}
	dataDir, err := os.MkdirTemp("", "barkeep-bench-"+t.name+"-")
	if err != nil {
		return f, err
	}
	defer os.RemoveAll(dataDir)
	srv, dropDatabase, err := startCluster(t, dataDir)
	if err != nil {
		return f, err
	}
	defer dropDatabase()
	defer func() {
		if stopErr := srv.stop(); stopErr != nil && err == nil {
			err = stopErr
		}
	}()

	lastRow, err := calibrate(srv, cat, keys[cfg.sessions+1], cfg.timeout)
	if err != nil {
		return f, err
	}
	time.Sleep(settle)
	if err := srv.collectGarbage(); err != nil {
		return f, err
	}
	before, err := srv.sample()
	if err != nil {
		return f, err
	}
	f.RSSBeforeMB = float64(before.rss) / (1 << 20)
	f.GoroutinesBefore = srv.counter("goroutines")

	errs := &errorLog{}
	shareStart, err := takeCPUShare(srv.pids()...)
	if err != nil {
		return f, err
	}
	var crowdProfiling sync.WaitGroup
	if cfg.crowdProfile != "" {
		crowdProfiling.Go(func() {
			if err := srv.fetchProfile("profile?seconds="+strconv.Itoa(crowdProfileSeconds(cfg.sessions)), cfg.crowdProfile+t.profileAs); err != nil {
				errs.add("crowd cpu profile: %v", err)
			}
		})
	}
	progress("%s: %d sessions connect at once", t.name, cfg.sessions)
	crowdStart, err := srv.sample()
	if err != nil {
		return f, err
	}
	clients := connectCrowd(srv, keys[:cfg.sessions], lastRow, cfg.timeout, errs, &f)
	defer closeAll(clients)
	crowdEnd, err := srv.sample()
	if err != nil {
		return f, err
	}
	var live []*client
	for _, c := range clients {
		if c != nil {
			live = append(live, c)
		}
	}
	f.Connected = len(live)
	if f.Connected > 0 {
		f.CrowdCPUPerSessionMs = (crowdEnd.cpu - crowdStart.cpu).Seconds() * 1000 / float64(f.Connected)
	}
	crowdProfiling.Wait()
	if len(live) == 0 {
		f.Errors, f.FirstErrors = errs.count, errs.first
		return f, errors.New(t.name + ": no session connected")
	}

	time.Sleep(settle)
	if err := srv.collectGarbage(); err != nil {
		return f, err
	}
	// The CPU profile spans the idle and the key phases, which together
	// last about idle + keysDuration.
	var profiling sync.WaitGroup
	if cfg.cpuProfile != "" {
		seconds := int(math.Ceil((cfg.idle + cfg.keysDuration + settle).Seconds()))
		profiling.Go(func() {
			if err := srv.fetchProfile("profile?seconds="+strconv.Itoa(seconds), cfg.cpuProfile+t.profileAs); err != nil {
				errs.add("cpu profile: %v", err)
			}
		})
	}
	progress("%s: %d sessions idle for %v", t.name, len(live), cfg.idle)
	idleStart, err := srv.sample()
	if err != nil {
		return f, err
	}
	time.Sleep(cfg.idle)
	idleEnd, err := srv.sample()
	if err != nil {
		return f, err
	}
	idleBefore := cpuRate(idleStart, idleEnd)
	f.RSSPerSessionMB = float64(idleEnd.rss-before.rss) / (1 << 20) / float64(len(live))
	f.GoroutinesPerSession = (srv.counter("goroutines") - f.GoroutinesBefore) / float64(len(live))
	if cfg.memProfile != "" {
		if err := srv.fetchProfile("heap?gc=1", cfg.memProfile+t.profileAs); err != nil {
			errs.add("heap profile: %v", err)
		}
	}

	if err := srv.collectGarbage(); err != nil {
		return f, err
	}
	progress("%s: %d key presses over %v", t.name, cfg.presses*len(live), cfg.keysDuration)
	keysBusy, keysTime := pressKeys(cfg, srv, live, cat.names, errs, &f)
	profiling.Wait()
	time.Sleep(settle)
	// The idle rate is measured on both sides of the key phase: it drifts
	// over a run by as much as the presses cost, and the presses' CPU is
	// what is left of the phase's once idling is taken out.
	if err := srv.collectGarbage(); err != nil {
		return f, err
	}
	progress("%s: %d sessions idle again for %v", t.name, len(live), cfg.idle/2)
	idleAgain, err := srv.sample()
	if err != nil {
		return f, err
	}
	time.Sleep(cfg.idle / 2)
	idleAgainEnd, err := srv.sample()
	if err != nil {
		return f, err
	}
	idleRate := (idleBefore + cpuRate(idleAgain, idleAgainEnd)) / 2 // CPU seconds per second
	f.IdleCPUPerSessionMsPerS = idleRate * 1000 / float64(len(live))
	if f.KeyPresses > 0 {
		f.CPUPerKeyMs = (keysBusy - idleRate*keysTime.Seconds()) * 1000 / float64(f.KeyPresses)
	}

	if cfg.joiners > 0 {
		progress("%s: %d sessions join the idle crowd one at a time", t.name, cfg.joiners)
		joinOneByOne(srv, keys[cfg.sessions+2:], lastRow, cfg.timeout, errs, &f)
		time.Sleep(settle)
	}

	if t.likes {
		progress("%s: %d likes seen by %d of %d sessions", t.name, cfg.likeRounds, cfg.watchers, len(live))
		likes, err := measureLikes(cfg, srv, live, cat, keys[cfg.sessions], errs)
		if err != nil {
			errs.add("likes: %v", err)
		}
		f.Likes = likes
	}

	if shareEnd, err := takeCPUShare(srv.pids()...); err == nil {
		f.CPU = coresBetween(shareStart, shareEnd)
	}
	for _, c := range live {
		if c.alive() {
			f.Held++
		} else {
			errs.add("a session ended before the run did")
		}
	}
	f.Errors, f.FirstErrors = errs.count, errs.first
	return f, nil
}

// calibrate opens one session and reads which row is the last one a fresh
// session shows, which is what a full first frame must contain.
func calibrate(srv *cluster, cat catalogInfo, key gossh.Signer, timeout time.Duration) (string, error) {
	c, err := connect(srv.addrFor(0), "calibration", key)
	if err != nil {
		return "", fmt.Errorf("%s: calibration session: %w", srv.name, err)
	}
	defer c.close()
	first := cat.names[0]
	if _, ok := c.term.waitFor(time.Now().Add(timeout), func(s string) bool { return fullFrame(s, first) }); !ok {
		return "", fmt.Errorf("%s: the first session never showed %q and the help line; it shows:\n%s", srv.name, first, c.term.screen())
	}
	// The first frame comes in one write, but leave time for a second.
	time.Sleep(500 * time.Millisecond)
	rows := visibleRows(c.term.screen(), cat.names)
	return cat.names[rows-1], nil
}

// crowdProfileSeconds is how long the crowd's CPU profile runs: a profile
// has a fixed length, so it is made to outlast the crowd's arrival (about
// 6 ms a session here) and takes in some of the idle that follows.
func crowdProfileSeconds(sessions int) int {
	return 1 + int(math.Ceil(float64(sessions)*0.01))
}

// crowdHandshakes is how many of the crowd's connections may be
// handshaking at once: the load the servers' default limits are made to
// let through from one address.
const crowdHandshakes = 16

// connectCrowd connects one session per key, all starting at the same
// moment with crowdHandshakes handshakes at a time, and waits for each
// one's first full frame, timed from the start of its connection: what a
// person waits for after typing ssh.
func connectCrowd(srv *cluster, keys []gossh.Signer, lastRow string, timeout time.Duration, errs *errorLog, f *figures) []*client {
	handshaking := make(chan struct{}, crowdHandshakes)
	clients := make([]*client, len(keys))
	handshakes := make([]float64, len(keys))
	frames := make([]float64, len(keys))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, key := range keys {
		wg.Go(func() {
			handshakes[i], frames[i] = -1, -1
			<-start
			handshaking <- struct{}{}
			c, err := connect(srv.addrFor(i), "user"+strconv.Itoa(i), key)
			<-handshaking
			if err != nil {
				errs.add("session %d: %v", i, err)
				return
			}
			handshakes[i] = millis(c.handshake)
			seen, ok := c.term.waitFor(c.dialAt.Add(timeout), func(s string) bool { return fullFrame(s, lastRow) })
			if !ok {
				errs.add("session %d: no full first frame within %v", i, timeout)
				c.close()
				return
			}
			frames[i] = millis(seen.Sub(c.dialAt))
			c.node = srv.nodeOf(i)
			clients[i] = c
		})
	}
	close(start)
	wg.Wait()
	f.HandshakeMs = distOf(measured(handshakes))
	f.FirstFrameMs = distOf(measured(frames))
	return clients
}

// joinOneByOne connects a session per key, one after the other, each while
// the crowd sits idle, and hangs it up once it shows its first frame: the
// wait of one person arriving at a busy bar, without a crowd arriving with
// them.
func joinOneByOne(srv *cluster, keys []gossh.Signer, lastRow string, timeout time.Duration, errs *errorLog, f *figures) {
	var handshakes, frames []float64
	for i, key := range keys {
		c, err := connect(srv.addrFor(i), "joiner"+strconv.Itoa(i), key)
		if err != nil {
			errs.add("joiner %d: %v", i, err)
			continue
		}
		seen, ok := c.term.waitFor(c.dialAt.Add(timeout), func(s string) bool { return fullFrame(s, lastRow) })
		if ok {
			handshakes = append(handshakes, millis(c.handshake))
			frames = append(frames, millis(seen.Sub(c.dialAt)))
		} else {
			errs.add("joiner %d: no full first frame within %v", i, timeout)
		}
		c.close()
	}
	f.JoinHandshakeMs = distOf(handshakes)
	f.JoinFirstFrameMs = distOf(frames)
}

// measured drops the samples marked -1: sessions that failed.
func measured(samples []float64) []float64 {
	var out []float64
	for _, s := range samples {
		if s >= 0 {
			out = append(out, s)
		}
	}
	return out
}

// cpuRate is the server's CPU seconds per second between two samples.
func cpuRate(from, to procSample) float64 {
	return (to.cpu - from.cpu).Seconds() / to.at.Sub(from.at).Seconds()
}

// maxPressRate is the most key presses a second the key phase sends by
// default. On two cores a thousand sessions at two presses a second each
// keep the machine busy enough that the presses queue: the latencies then
// measure the queue, and the CPU figures the scheduler.
const maxPressRate = 1000

// keysDurationFor is the default length of the key phase for this many
// presses: 5 s, or as long as keeps them to maxPressRate.
func keysDurationFor(presses int) time.Duration {
	return max(5*time.Second, time.Duration(presses)*time.Second/maxPressRate)
}

// pressKeys has every session press j cfg.presses times, spread evenly
// over cfg.keysDuration so that the server sees a steady crowd rather than
// one burst. Each press waits for the previous one to show. It returns the
// server's CPU seconds over the phase and the phase's length: less what
// the sessions use while idle, that is the cost of the presses.
func pressKeys(cfg config, srv *cluster, clients []*client, names []string, errs *errorLog, f *figures) (busy float64, took time.Duration) {
	presses := min(cfg.presses, len(names)-1)
	interval := cfg.keysDuration / time.Duration(presses)
	latencies := make([][]float64, len(clients))
	sizes := make([][]float64, len(clients))
	before, err := srv.sample()
	if err != nil {
		errs.add("sample: %v", err)
		return 0, 0
	}
	var wg sync.WaitGroup
	for i, c := range clients {
		offset := interval * time.Duration(i) / time.Duration(len(clients))
		wg.Go(func() {
			var sentAt []int64 // output bytes when each press was sent
			for k := 1; k <= presses; k++ {
				time.Sleep(time.Until(before.at.Add(offset + time.Duration(k-1)*interval)))
				sentAt = append(sentAt, c.term.bytes())
				pressed := time.Now()
				if err := c.press("j"); err != nil {
					errs.add("press: %v", err)
					return
				}
				seen, ok := c.term.waitFor(pressed.Add(cfg.timeout), func(s string) bool { return selectedIs(s, names[k]) })
				if !ok {
					errs.add("press %d: %q not selected within %v", k, names[k], cfg.timeout)
					return
				}
				latencies[i] = append(latencies[i], millis(seen.Sub(pressed)))
			}
			// Whatever a press brought arrives before the next press; the
			// last one gets a moment of its own.
			time.Sleep(300 * time.Millisecond)
			sentAt = append(sentAt, c.term.bytes())
			for k := 1; k < len(sentAt); k++ {
				sizes[i] = append(sizes[i], float64(sentAt[k]-sentAt[k-1]))
			}
		})
	}
	wg.Wait()
	after, err := srv.sample()
	if err != nil {
		errs.add("sample: %v", err)
		return 0, 0
	}
	var allLatencies, allSizes []float64
	for i := range clients {
		allLatencies = append(allLatencies, latencies[i]...)
		allSizes = append(allSizes, sizes[i]...)
	}
	f.KeyPresses = len(allLatencies)
	f.KeyLatencyMs = distOf(allLatencies)
	f.KeyBytes = distOf(allSizes)
	return (after.cpu - before.cpu).Seconds(), after.at.Sub(before.at)
}

// closeAll hangs every session up at once.
func closeAll(clients []*client) {
	var wg sync.WaitGroup
	for _, c := range clients {
		if c != nil {
			wg.Go(c.close)
		}
	}
	wg.Wait()
}
