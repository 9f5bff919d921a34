package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

// serveConfig is what "barkeep serve" runs with.
type serveConfig struct {
	addr           string
	dataDir        string
	catalogFile    string
	authorizedKeys string
	adminKeys      string
	shutdownGrace  time.Duration
	debugAddr      string

	loginGrace                  time.Duration
	maxAuthTries                int
	maxUnauthenticated          int
	maxUnauthenticatedPerSource int
	maxConnections              int
	maxConnectionsPerSource     int
	maxConnectionsPerAccount    int
	maxSessions                 int
	maxSessionsPerAccount       int
	maxSessionsPerSource        int
	idleTimeout                 time.Duration
	unusedTimeout               time.Duration
	maxSessionTime              time.Duration

	repaintCellsPerSource int

	signUpBurst    int
	signUpInterval time.Duration
	maxAccounts    int

	http httpConfig

	nodes nodeConfig
}

// envDefault is a flag's default: its environment variable when set.
func envDefault(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return fallback
}

func parseServeFlags(args []string, stdout, stderr io.Writer) (serveConfig, error) {
	var cfg serveConfig
	fs := flag.NewFlagSet("barkeep serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&cfg.addr, "addr", envDefault("BARKEEP_ADDR", "127.0.0.1:23234"),
		"address to listen on (env BARKEEP_ADDR)")
	fs.StringVar(&cfg.dataDir, "data", envDefault("BARKEEP_DATA", "./barkeep-data"),
		"directory for the host key and the store file, created 0700 (env BARKEEP_DATA)")
	fs.StringVar(&cfg.catalogFile, "catalog", envDefault("BARKEEP_CATALOG", ""),
		"serve this catalog JSON file instead of the embedded one (env BARKEEP_CATALOG)")
	fs.StringVar(&cfg.authorizedKeys, "authorized-keys", envDefault("BARKEEP_AUTHORIZED_KEYS", ""),
		"allowlist mode: only keys in this authorized_keys file may connect (env BARKEEP_AUTHORIZED_KEYS)")
	fs.StringVar(&cfg.adminKeys, "admin-keys", envDefault("BARKEEP_ADMIN_KEYS", ""),
		"keys in this authorized_keys file may run admin commands, such as backup (env BARKEEP_ADMIN_KEYS)")
	fs.DurationVar(&cfg.shutdownGrace, "shutdown-grace", 5*time.Second,
		"how long open sessions get to close on SIGINT or SIGTERM")
	fs.DurationVar(&cfg.loginGrace, "login-grace", 20*time.Second,
		"close connections that have not authenticated within this time")
	fs.IntVar(&cfg.maxAuthTries, "max-auth-tries", 6, "authentication attempts allowed per connection")
	fs.IntVar(&cfg.maxUnauthenticated, "max-startups", 64,
		"connections allowed at once that have not authenticated yet; more are closed at once")
	fs.IntVar(&cfg.maxUnauthenticatedPerSource, "max-startups-per-source", 32,
		"the same, from one address")
	fs.IntVar(&cfg.maxConnections, "max-connections", 4096, "connections allowed at once")
	fs.IntVar(&cfg.maxConnectionsPerSource, "max-connections-per-source", 128,
		"authenticated connections allowed at once from one address")
	fs.IntVar(&cfg.maxConnectionsPerAccount, "max-connections-per-account", 32,
		"authenticated connections allowed at once with one key")
	fs.IntVar(&cfg.maxSessions, "max-sessions", 4, "sessions allowed at once on one connection")
	fs.IntVar(&cfg.maxSessionsPerAccount, "max-sessions-per-account", 8, "sessions allowed at once for one key")
	fs.IntVar(&cfg.maxSessionsPerSource, "max-sessions-per-source", 32,
		"sessions allowed at once from one address, whatever keys they use")
	fs.IntVar(&cfg.repaintCellsPerSource, "repaint-cells-per-source", 1_000_000,
		"window cells per second that the sessions of one address may have repainted; a message to a session waits for its window's cells")
	fs.DurationVar(&cfg.idleTimeout, "idle-timeout", 30*time.Minute,
		"close connections without input from the client for this long (0: never)")
	fs.DurationVar(&cfg.unusedTimeout, "unused-connection-timeout", time.Minute,
		"close authenticated connections that have had no session for this long, keepalives or not (0: never)")
	fs.IntVar(&cfg.signUpBurst, "signup-burst", 50,
		"new accounts one address may make in a burst")
	fs.DurationVar(&cfg.signUpInterval, "signup-interval", 10*time.Second,
		"after a burst, one more new account per address per this interval")
	fs.IntVar(&cfg.maxAccounts, "max-accounts", 0,
		"accounts in all; new keys are refused beyond it (0: no cap)")
	fs.DurationVar(&cfg.maxSessionTime, "max-session-time", 0,
		"close connections after this long whatever they do (0: never)")
	fs.StringVar(&cfg.debugAddr, "debug-addr", envDefault("BARKEEP_DEBUG_ADDR", ""),
		"serve profiles and counters over HTTP on this loopback address, for measuring (env BARKEEP_DEBUG_ADDR)")
	cfg.http.register(fs)
	cfg.nodes.register(fs)
	// The flag package would print the usage on every error, and twice
	// for --help; it is printed here, once, for --help only.
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fmt.Fprint(stdout, "Usage: barkeep serve [flags]\n\nRuns the Barkeep SSH server. Flags:\n")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
		}
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err := cfg.nodes.check(); err != nil {
		return cfg, err
	}
	if err := cfg.http.validate(); err != nil {
		return cfg, err
	}
	for _, limit := range []struct {
		name  string
		value int
	}{
		{"max-auth-tries", cfg.maxAuthTries}, {"max-startups", cfg.maxUnauthenticated},
		{"max-startups-per-source", cfg.maxUnauthenticatedPerSource}, {"max-connections", cfg.maxConnections},
		{"max-sessions", cfg.maxSessions}, {"max-sessions-per-account", cfg.maxSessionsPerAccount},
		{"max-connections-per-source", cfg.maxConnectionsPerSource},
		{"max-connections-per-account", cfg.maxConnectionsPerAccount},
		{"max-sessions-per-source", cfg.maxSessionsPerSource}, {"signup-burst", cfg.signUpBurst},
	} {
		if limit.value < 1 {
			return cfg, fmt.Errorf("--%s must be at least 1, got %d", limit.name, limit.value)
		}
	}
	for _, d := range []struct {
		name  string
		value time.Duration
	}{
		{"login-grace", cfg.loginGrace}, {"idle-timeout", cfg.idleTimeout},
		{"max-session-time", cfg.maxSessionTime}, {"shutdown-grace", cfg.shutdownGrace},
		{"unused-connection-timeout", cfg.unusedTimeout},
	} {
		if d.value < 0 {
			return cfg, fmt.Errorf("--%s must not be negative, got %v", d.name, d.value)
		}
	}
	if largest := maxWindowWidth * maxWindowHeight; cfg.repaintCellsPerSource < largest {
		return cfg, fmt.Errorf("--repaint-cells-per-source must be at least %d, one repaint of the largest window, got %d", largest, cfg.repaintCellsPerSource)
	}
	if cfg.signUpInterval <= 0 {
		return cfg, fmt.Errorf("--signup-interval must be positive, got %v", cfg.signUpInterval)
	}
	if cfg.maxAccounts < 0 {
		return cfg, fmt.Errorf("--max-accounts must not be negative, got %d", cfg.maxAccounts)
	}
	return cfg, nil
}
