package main

// The servers under measurement run as child processes, so that the CPU
// time and memory read from /proc are each server's own.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	startTimeout = 30 * time.Second
	stopTimeout  = 20 * time.Second
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/<pid>/stat:
// 100 on every Linux architecture Go supports.
const clockTicks = 100

// Both servers log these lines once they listen.
var (
	startedPattern = regexp.MustCompile(`started"? addr=(\S+)`)
	debugPattern   = regexp.MustCompile(`debug endpoint"? addr=(\S+)`)
)

// buildBinaries builds Barkeep and the baseline into dir, with the same
// toolchain and flags, so that neither carries the "go run" overhead.
func buildBinaries(dir string) (barkeep, baseline string, err error) {
	barkeep, baseline = filepath.Join(dir, "barkeep"), filepath.Join(dir, "baseline")
	for _, b := range []struct{ out, pkg string }{
		{barkeep, "barkeep/cmd/barkeep"},
		{baseline, "barkeep/cmd/barkeep-bench/baseline"},
	} {
		cmd := exec.Command("go", "build", "-o", b.out, b.pkg)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return "", "", fmt.Errorf("go build %s: %v\n%s", b.pkg, err, stderr.String())
		}
	}
	return barkeep, baseline, nil
}

// serverProc is one running server.
type serverProc struct {
	name      string
	cmd       *exec.Cmd
	addr      string // SSH, host:port
	debugAddr string // HTTP, host:port
	log       *lockedBuffer
	exited    chan struct{} // closed once the process has been reaped
	waitErr   error         // valid once exited is closed
}

// startServer runs bin with args and waits until it has logged both its SSH
// and its debug address.
func startServer(name, bin string, args ...string) (*serverProc, error) {
	return startServerWith(name, bin, nil, args...)
}

// startServerWith is startServer with env added to the server's environment.
func startServerWith(name, bin string, env []string, args ...string) (*serverProc, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(childEnv(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	s := &serverProc{name: name, cmd: cmd, log: &lockedBuffer{}, exited: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	addrs := make(chan [2]string, 1)
	go func() {
		var addr, debug string
		scanner := bufio.NewScanner(stderr)
		scanner.Buffer(make([]byte, 0, 64<<10), 4<<20)
		for scanner.Scan() {
			line := scanner.Text()
			s.log.WriteLine(line)
			if m := startedPattern.FindStringSubmatch(line); m != nil && addr == "" {
				addr = m[1]
			}
			if m := debugPattern.FindStringSubmatch(line); m != nil && debug == "" {
				debug = m[1]
			}
			if addr != "" && debug != "" {
				select {
				case addrs <- [2]string{addr, debug}:
				default:
				}
			}
		}
		// Wait only once the pipe is drained, as os/exec requires.
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()
	select {
	case a := <-addrs:
		s.addr, s.debugAddr = a[0], a[1]
		return s, nil
	case <-s.exited:
		return nil, fmt.Errorf("%s exited before it started (%v); its log:\n%s", name, s.waitErr, s.log.Tail(20))
	case <-time.After(startTimeout):
		_ = cmd.Process.Kill()
		<-s.exited
		return nil, fmt.Errorf("%s did not log its addresses within %v; its log:\n%s", name, startTimeout, s.log.Tail(20))
	}
}

// childEnv is this process's environment without BARKEEP_ variables, which
// would change what the server under test does.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BARKEEP_") {
			env = append(env, kv)
		}
	}
	return env
}

// stop ends the server with SIGTERM, and kills it if that is not enough.
func (s *serverProc) stop() error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
		return nil
	case <-time.After(stopTimeout):
		_ = s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("%s did not stop on SIGTERM within %v; killed", s.name, stopTimeout)
	}
}

// procSample is what /proc says of the server at one moment.
type procSample struct {
	at  time.Time
	cpu time.Duration // user + system time since the process started
	rss int64         // resident set size, bytes
}

func (s *serverProc) sample() (procSample, error) {
	pid := s.cmd.Process.Pid
	at := time.Now()
	cpu, err := processTime(pid)
	if err != nil {
		return procSample{}, err
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return procSample{}, err
	}
	var rssKB int64 = -1
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			rssKB, _ = strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	if rssKB < 0 {
		return procSample{}, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
	}
	return procSample{
		at:  at,
		cpu: cpu,
		rss: rssKB * 1024,
	}, nil
}

// debugClient talks to the servers' debug endpoints; the CPU profile
// request lasts as long as the profile.
var debugClient = &http.Client{Timeout: 10 * time.Minute}

// vars reads the server's /debug/vars counters.
func (s *serverProc) vars() (map[string]float64, error) {
	resp, err := debugClient.Get("http://" + s.debugAddr + "/debug/vars")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	vars := map[string]float64{}
	if err := json.NewDecoder(resp.Body).Decode(&vars); err != nil {
		return nil, fmt.Errorf("read %s /debug/vars: %w", s.name, err)
	}
	return vars, nil
}

// counter is one of the debug counters, or -1 when it cannot be read.
func (s *serverProc) counter(name string) float64 {
	vars, err := s.vars()
	if err != nil {
		return -1
	}
	if v, ok := vars[name]; ok {
		return v
	}
	return -1
}

// fetchProfile saves what the server's /debug/pprof/<path> answers into
// the file out.
func (s *serverProc) fetchProfile(path, out string) error {
	resp, err := s.getProfile(path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (s *serverProc) getProfile(path string) (*http.Response, error) {
	resp, err := debugClient.Get("http://" + s.debugAddr + "/debug/pprof/" + path)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		resp.Body.Close()
		return nil, fmt.Errorf("%s /debug/pprof/%s: %s: %s", s.name, path, resp.Status, msg)
	}
	return resp, nil
}

// collectGarbage has the server run a garbage collection and waits for it
// (the heap profile's gc=1 does, and both servers serve it). With a
// thousand sessions a collection marks hundreds of megabytes: one begun
// by a phase must not be charged to the next.
func (s *serverProc) collectGarbage() error {
	resp, err := s.getProfile("heap?gc=1")
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}

// lockedBuffer keeps a child's log lines while it runs.
type lockedBuffer struct {
	mu    sync.Mutex
	lines []string
}

func (b *lockedBuffer) WriteLine(line string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lines = append(b.lines, line)
}

// Tail is the last n lines.
func (b *lockedBuffer) Tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Join(b.lines[max(0, len(b.lines)-n):], "\n")
}

// Grep returns the lines that contain s.
func (b *lockedBuffer) Grep(s string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var found []string
	for _, line := range b.lines {
		if strings.Contains(line, s) {
			found = append(found, line)
		}
	}
	return found
}
