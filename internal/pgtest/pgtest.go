// Package pgtest gives tests PostgreSQL databases of their own: a fresh
// database on the server that BARKEEP_TEST_DATABASE names, or, for tests
// that stop and start the server under a running Barkeep, a server of their
// own in a temporary directory.
//
// Without what a test needs (the variable, or PostgreSQL's programs), the
// test is skipped, except under CI (CI set), where it fails: CI must run
// every test.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the variable that holds the test server's address, with a
// user allowed to create databases.
const EnvDSN = "BARKEEP_TEST_DATABASE"

// missing skips the test, or fails it under CI.
func missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s; under CI every test must run (.ci/run sets it up)", what)
	}
	t.Skip(what)
}

// NewDatabase creates an empty database on the test server and returns its
// address; it is dropped when the test ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	server := os.Getenv(EnvDSN)
	if server == "" {
		missing(t, EnvDSN+" is not set: no PostgreSQL to test against")
	}
	return createDatabase(t, server)
}

func createDatabase(t testing.TB, server string) string {
	t.Helper()
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "barkeep_test_" + hex.EncodeToString(suffix)
	admin(t, server, "CREATE DATABASE "+name)
	t.Cleanup(func() { admin(t, server, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return WithDatabase(t, server, name)
}

// admin runs one statement on the server's own database.
func admin(t testing.TB, server, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to the test server: %v", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// WithDatabase is the address dsn with another database name, in either of
// libpq's forms.
func WithDatabase(t testing.TB, dsn, name string) string {
	t.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("%s: %v", EnvDSN, err)
		}
		u.Path = "/" + name
		return u.String()
	}
	return dsn + " dbname=" + name // the last setting of a key wins
}

// Server is a PostgreSQL server of the test's own, stopped and removed when
// the test ends.
type Server struct {
	// DSN is the address of its database "barkeep".
	DSN string

	bin, dir string
	port     int
	asUser   []string // runuser prefix when the test runs as root
}

// StartServer initialises and starts a server in a temporary directory.
func StartServer(t testing.TB) *Server {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if path, err := exec.LookPath("initdb"); err == nil {
		bins = append(bins, path)
	}
	if len(bins) == 0 {
		missing(t, "PostgreSQL's initdb is not installed (apt-get install postgresql)")
	}
	slices.Sort(bins)
	s := &Server{bin: filepath.Dir(bins[len(bins)-1])}
	dir, err := os.MkdirTemp("", "barkeep-pg-")
	if err != nil {
		t.Fatal(err)
	}
	s.dir = dir
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		// initdb refuses to run as root.
		owner, err := user.Lookup("postgres")
		if err != nil {
			missing(t, "running as root without a postgres user to run PostgreSQL as")
		}
		uid, _ := strconv.Atoi(owner.Uid)
		gid, _ := strconv.Atoi(owner.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		s.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	s.port = freePort(t)
	s.run(t, "initdb", "-D", s.data(), "-U", "postgres", "-A", "trust", "--no-sync")
	t.Cleanup(func() { s.stop(t, "immediate") })
	s.Start(t)
	admin(t, s.address("postgres"), "CREATE DATABASE barkeep")
	s.DSN = s.address("barkeep")
	return s
}

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

func (s *Server) address(database string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, database)
}

// Start starts the server, after StartServer or Stop, and waits until it
// takes connections.
func (s *Server) Start(t testing.TB) {
	t.Helper()
	s.run(t, "pg_ctl", "-D", s.data(), "-l", filepath.Join(s.dir, "log"), "-w", "-t", "60", "start",
		"-o", fmt.Sprintf("-k %s -p %d -c listen_addresses=127.0.0.1", s.dir, s.port))
}

// Stop stops the server the way a restart does: sessions are ended and
// the server shuts down cleanly.
func (s *Server) Stop(t testing.TB) {
	t.Helper()
	s.stop(t, "fast")
}

func (s *Server) stop(t testing.TB, mode string) {
	t.Helper()
	cmd := s.command("pg_ctl", "-D", s.data(), "-m", mode, "-w", "stop")
	out, err := cmd.CombinedOutput()
	if err != nil && !strings.Contains(string(out), "Is server running?") {
		t.Errorf("pg_ctl stop: %v\n%s", err, out)
	}
}

func (s *Server) command(name string, args ...string) *exec.Cmd {
	argv := append(slices.Clone(s.asUser), filepath.Join(s.bin, name))
	argv = append(argv, args...)
	return exec.Command(argv[0], argv[1:]...)
}

func (s *Server) run(t testing.TB, name string, args ...string) {
	t.Helper()
	if out, err := s.command(name, args...).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "log"))
		t.Fatalf("%s: %v\n%s\nserver log:\n%s", name, err, out, log)
	}
}

// freePort is a loopback TCP port nothing listens on just now.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
