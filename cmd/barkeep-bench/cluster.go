package main

// The server under measurement may be several Barkeep nodes on one
// PostgreSQL database, the sessions split between them: the figures are
// then the nodes' together (their CPU and memory added up), as one server
// would have them.

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	gossh "golang.org/x/crypto/ssh"
)

// cluster is the server under measurement: one process or several nodes.
type cluster struct {
	name  string
	nodes []*serverProc
}

// addrFor is the node the i-th session connects to: they take turns.
func (c *cluster) addrFor(i int) string { return c.nodes[i%len(c.nodes)].addr }

// nodeOf is the node addrFor(i) names.
func (c *cluster) nodeOf(i int) int { return i % len(c.nodes) }

// startCluster starts t's nodes, all in dataDir: with t.database set, each
// on a fresh database of that server, with one host key they share.
func startCluster(t target, dataDir string) (*cluster, func(), error) {
	c := &cluster{name: t.name}
	args := t.args(dataDir)
	drop := func() {}
	if t.database != "" {
		dsn, dropDatabase, err := createDatabase(t.database)
		if err != nil {
			return nil, nil, err
		}
		drop = dropDatabase
		hostKey, err := writeHostKey(dataDir)
		if err != nil {
			drop()
			return nil, nil, err
		}
		args = append(args, "--database", dsn, "--host-key", hostKey)
	}
	for i := range max(1, t.nodes) {
		name := t.name
		if t.nodes > 1 {
			name = fmt.Sprintf("%s node %d", t.name, i+1)
		}
		node, err := startServerWith(name, t.bin, nodeEnv(t.nodes), args...)
		if err != nil {
			_ = c.stop()
			drop()
			return nil, nil, err
		}
		c.nodes = append(c.nodes, node)
	}
	return c, drop, nil
}

// createDatabase makes an empty database on the server at dsn (a
// postgres:// URL whose user may create databases) and returns its address
// and how to drop it.
func createDatabase(dsn string) (string, func(), error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", nil, fmt.Errorf("-database: want a postgres:// URL, got %q", dsn)
	}
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "barkeep_bench_" + hex.EncodeToString(suffix)
	if err := adminExec(dsn, "CREATE DATABASE "+name); err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		if err := adminExec(dsn, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			progress("could not drop database %s: %v", name, err)
		}
	}
	return u.String(), drop, nil
}

func adminExec(dsn, sql string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("-database: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("%s: %w", sql, err)
	}
	return nil
}

// writeHostKey writes the key every node serves.
func writeHostKey(dir string) (string, error) {
	_, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	block, err := gossh.MarshalPrivateKey(private, "")
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "shared_host_key")
	return path, os.WriteFile(path, pem.EncodeToMemory(block), 0o600)
}

func (c *cluster) stop() error {
	var errs []error
	for _, n := range c.nodes {
		errs = append(errs, n.stop())
	}
	return errors.Join(errs...)
}

func (c *cluster) pids() []int {
	pids := make([]int, len(c.nodes))
	for i, n := range c.nodes {
		pids[i] = n.cmd.Process.Pid
	}
	return pids
}

// sample adds the nodes' CPU times and resident sets up.
func (c *cluster) sample() (procSample, error) {
	total := procSample{at: time.Now()}
	for _, n := range c.nodes {
		s, err := n.sample()
		if err != nil {
			return procSample{}, err
		}
		total.cpu += s.cpu
		total.rss += s.rss
	}
	return total, nil
}

// counter adds a debug counter up over the nodes; -1 when one cannot be
// read.
func (c *cluster) counter(name string) float64 {
	total := 0.0
	for _, n := range c.nodes {
		v := n.counter(name)
		if v < 0 {
			return -1
		}
		total += v
	}
	return total
}

func (c *cluster) collectGarbage() error {
	var errs []error
	for _, n := range c.nodes {
		errs = append(errs, n.collectGarbage())
	}
	return errors.Join(errs...)
}

// fetchProfile takes every node's profile at once: the first node's into
// out, the others' into out.node2 and so on.
func (c *cluster) fetchProfile(path, out string) error {
	errs := make([]error, len(c.nodes))
	var wg sync.WaitGroup
	for i, n := range c.nodes {
		file := out
		if i > 0 {
			file = fmt.Sprintf("%s.node%d", out, i+1)
		}
		wg.Go(func() { errs[i] = n.fetchProfile(path, file) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// nodeEnv is what a node's environment adds when nodes share this machine:
// each is given its share of the cores, as if it had a machine of its own
// that size. Without it every node's runtime schedules for all the cores,
// and two of them on two cores wake each other's threads for nothing (idle
// CPU 1.04x to 1.13x of one process, against 1.02x and 1.06x with a core
// each).
func nodeEnv(nodes int) []string {
	if nodes <= 1 {
		return nil
	}
	return []string{"GOMAXPROCS=" + strconv.Itoa(max(1, runtime.NumCPU()/nodes))}
}
