package main

// Several servers behind one address: the database they share, the host
// key they all serve, and the load balancer whose PROXY protocol header
// says who each client is.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"time"

	"barkeep/store"
	"barkeep/store/pgstore"

	"charm.land/log/v2"
	"github.com/pires/go-proxyproto"
	gossh "golang.org/x/crypto/ssh"
)

// nodeConfig is what "barkeep serve" takes to run as one of several nodes.
type nodeConfig struct {
	database      string // PostgreSQL address; empty: the bbolt file in the data directory
	writeTimeout  time.Duration
	hostKey       string   // the host key file; empty: the data directory's own, made if missing
	proxyProtocol []string // addresses and ranges whose connections carry a PROXY header
}

// databaseStartTimeout bounds connecting and migrating at start.
const databaseStartTimeout = 30 * time.Second

func (n *nodeConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&n.database, "database", envDefault("BARKEEP_DATABASE", ""),
		"keep accounts, likes and bars in this PostgreSQL database (postgres://...), shared by every server on it, instead of the data directory's file (env BARKEEP_DATABASE)")
	fs.DurationVar(&n.writeTimeout, "database-timeout", 5*time.Second,
		"with --database: how long a write waits for the database, trying again while it is away, before it fails")
	fs.StringVar(&n.hostKey, "host-key", envDefault("BARKEEP_HOST_KEY", ""),
		"serve this host key file (never made: every server behind one address must serve the same one); required with --database (env BARKEEP_HOST_KEY)")
	fs.Func("proxy-protocol", "accept the PROXY protocol (v1 and v2) from these addresses or CIDR ranges, comma-separated, only (the load balancer's): their connections must carry it, and the client address it gives is used for limits and logs (env BARKEEP_PROXY_PROTOCOL)",
		n.setProxyProtocol)
	if v := envDefault("BARKEEP_PROXY_PROTOCOL", ""); v != "" {
		_ = n.setProxyProtocol(v) // checked again in check, with the error
	}
}

func (n *nodeConfig) setProxyProtocol(list string) error {
	n.proxyProtocol = nil
	for _, entry := range strings.Split(list, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		n.proxyProtocol = append(n.proxyProtocol, entry)
	}
	if len(n.proxyProtocol) == 0 {
		return errors.New("give at least one address or CIDR range")
	}
	return nil
}

// check refuses settings that cannot work together.
func (n *nodeConfig) check() error {
	if n.writeTimeout <= 0 {
		return fmt.Errorf("--database-timeout must be positive, got %v", n.writeTimeout)
	}
	if n.database != "" && n.hostKey == "" {
		return errors.New("--database needs --host-key FILE: every server behind one address must serve the same host key, or clients see \"REMOTE HOST IDENTIFICATION HAS CHANGED\"; make one with ssh-keygen -t ed25519 -N '' -f FILE and give every server a copy")
	}
	for _, entry := range n.proxyProtocol {
		if _, _, err := net.ParseCIDR(entry); err != nil && net.ParseIP(entry) == nil {
			return fmt.Errorf("--proxy-protocol: %q is neither an IP address nor a CIDR range", entry)
		}
	}
	return nil
}

// openStore opens the store: in the database, or in the data directory's
// file, which it checks first.
func (n *nodeConfig) openStore(dataDir string, catalog *store.Catalog, logger *log.Logger) (*store.Store, error) {
	if n.database == "" {
		path := filepath.Join(dataDir, storeFile)
		if err := checkStoreFile(path); err != nil {
			return nil, err
		}
		return store.Open(path, catalog)
	}
	ctx, cancel := context.WithTimeout(context.Background(), databaseStartTimeout)
	defer cancel()
	backend, err := pgstore.Open(ctx, n.database, pgstore.Options{WriteTimeout: n.writeTimeout, Logger: logger})
	if err != nil {
		return nil, err
	}
	return store.New(ctx, backend, catalog)
}

// loadHostKey is the host key file given, or the data directory's.
func (n *nodeConfig) loadHostKey(dataDir string) (gossh.Signer, error) {
	if n.hostKey != "" {
		return loadHostKeyFile(n.hostKey, false)
	}
	return loadHostKey(dataDir)
}

// listen wraps l to read the PROXY protocol from the trusted addresses:
// their connections must start with a header, whose client address then
// stands for the connection's; other connections are taken as they come,
// a header from them never read, let alone believed.
func (n *nodeConfig) listen(l net.Listener) (net.Listener, error) {
	if len(n.proxyProtocol) == 0 {
		return l, nil
	}
	policy, err := proxyproto.PolicyFromRanges(n.proxyProtocol, proxyproto.REQUIRE, proxyproto.SKIP)
	if err != nil {
		return nil, fmt.Errorf("--proxy-protocol: %w", err)
	}
	return &proxyproto.Listener{Listener: l, ConnPolicy: policy, ReadHeaderTimeout: proxyHeaderTimeout}, nil
}

// proxyHeaderTimeout is how long a trusted connection has to send its
// header: a load balancer sends it at once.
const proxyHeaderTimeout = 5 * time.Second

// proxyHeaderError reads a trusted connection's PROXY header, and says
// why there is none to use, with the address the connection came from.
// Other connections have nothing to read.
func proxyHeaderError(conn net.Conn) (from net.Addr, err error) {
	pc, ok := conn.(*proxyproto.Conn)
	if !ok {
		return nil, nil
	}
	// A read of nothing makes the library read the header, and returns
	// what went wrong with it, without taking any of the client's bytes.
	_, err = pc.Read(nil)
	return pc.Raw().RemoteAddr(), err
}
