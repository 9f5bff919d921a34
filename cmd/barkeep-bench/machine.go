package main

// The machine is not the bench's alone: other processes' CPU time during a
// measurement is recorded, so that a reader can tell a quiet run from a
// disturbed one.

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// busyTime is the CPU time all processes have used since boot: every
// column of /proc/stat's "cpu" line but idle and iowait.
func busyTime() (time.Duration, error) {
	stat, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	line, _, _ := bytes.Cut(stat, []byte("\n"))
	fields := strings.Fields(string(line))
	if len(fields) < 8 || fields[0] != "cpu" {
		return 0, fmt.Errorf("unexpected /proc/stat: %q", line)
	}
	var ticks int64
	for i, f := range fields[1:] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		if i >= 7 { // guest time is already counted in user time
			break
		}
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// processTime is the CPU time the process pid has used.
func processTime(pid int) (time.Duration, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(fields) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("parse /proc/%d/stat: %v %v", pid, err1, err2)
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// cpuShare splits the machine's CPU time over a stretch of wall time into
// the server's, the bench's own (the clients) and everyone else's.
type cpuShare struct {
	at                   time.Time
	busy, server, client time.Duration
}

func takeCPUShare(serverPIDs ...int) (cpuShare, error) {
	s := cpuShare{at: time.Now()}
	var err error
	if s.busy, err = busyTime(); err != nil {
		return s, err
	}
	for _, pid := range serverPIDs {
		cpu, err := processTime(pid)
		if err != nil {
			return s, err
		}
		s.server += cpu
	}
	s.client, err = processTime(os.Getpid())
	return s, err
}

// cores is the average number of cores each party kept busy between two
// samples.
type cores struct {
	Server float64 `json:"server"`
	Bench  float64 `json:"bench_clients"`
	Others float64 `json:"other_processes"`
}

func coresBetween(a, b cpuShare) cores {
	wall := b.at.Sub(a.at).Seconds()
	if wall <= 0 {
		return cores{}
	}
	server := (b.server - a.server).Seconds()
	client := (b.client - a.client).Seconds()
	others := (b.busy - a.busy).Seconds() - server - client
	return cores{Server: server / wall, Bench: client / wall, Others: max(others, 0) / wall}
}
