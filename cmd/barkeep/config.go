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
	shutdownGrace  time.Duration
	debugAddr      string
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
	fs.DurationVar(&cfg.shutdownGrace, "shutdown-grace", 5*time.Second,
		"how long open sessions get to close on SIGINT or SIGTERM")
	fs.StringVar(&cfg.debugAddr, "debug-addr", envDefault("BARKEEP_DEBUG_ADDR", ""),
		"serve profiles and counters over HTTP on this loopback address, for measuring (env BARKEEP_DEBUG_ADDR)")
	fs.Usage = func() {
		fmt.Fprint(stdout, "Usage: barkeep serve [flags]\n\nRuns the Barkeep SSH server. Flags:\n")
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fs.Usage()
		}
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return cfg, nil
}
