// Command barkeep-bench measures Barkeep under a crowd, side by side with
// a baseline: the bare wish v2 + bubbletea v2 list server in ./baseline,
// the floor of Barkeep's own stack. With -database it measures two Barkeep
// nodes on one PostgreSQL database against Barkeep on bbolt instead.
//
//	go run ./cmd/barkeep-bench -sessions 200
//	go run ./cmd/barkeep-bench -sessions 1000 -database postgres://postgres@127.0.0.1:5432/postgres
//
// It builds both servers, runs each as a child process on a random loopback
// port with a fresh data directory (one after the other, so that they never
// share the CPU), connects the sessions with golang.org/x/crypto/ssh, reads
// their screens through a terminal emulator, and prints a table (or, with
// -json, the same figures as JSON). See the README's "Performance" section.
package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"runtime/debug"
	"time"

	"barkeep/data"
	"barkeep/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "barkeep-bench:", err)
		os.Exit(1)
	}
}

func run() error {
	var cfg config
	flag.IntVar(&cfg.sessions, "sessions", 200, "concurrent sessions, each with its own key and an 80x24 PTY")
	flag.IntVar(&cfg.rounds, "rounds", 1, "measure each server this many times, taking turns, and report the medians")
	flag.IntVar(&cfg.presses, "presses", 10, "j presses per session (at most the rows on screen less one)")
	flag.DurationVar(&cfg.keysDuration, "keys-duration", 0, "time over which the key presses are spread (default: 5s, or longer to keep to 1,000 presses a second)")
	flag.DurationVar(&cfg.idle, "idle", 10*time.Second, "how long idle sessions are measured")
	flag.IntVar(&cfg.joiners, "joiners", 20, "sessions that join the idle crowd one at a time, for the first frame without contention")
	flag.IntVar(&cfg.watchers, "watchers", -1, "sessions that show the liked cocktail (default: a tenth of -sessions)")
	flag.IntVar(&cfg.likeRounds, "likes", 10, "likes and unlikes sent, one after the other")
	flag.DurationVar(&cfg.timeout, "timeout", 30*time.Second, "longest wait for any one screen")
	flag.StringVar(&cfg.cpuProfile, "cpuprofile", "", "save Barkeep's CPU profile over the idle and key phases to this file, and the baseline's to this file.baseline")
	flag.StringVar(&cfg.crowdProfile, "crowdprofile", "", "save Barkeep's CPU profile while the crowd connects to this file, and the baseline's to this file.baseline")
	flag.StringVar(&cfg.memProfile, "memprofile", "", "save Barkeep's heap profile, taken with the sessions idle, to this file, and the baseline's to this file.baseline")
	flag.StringVar(&cfg.database, "database", "", "PostgreSQL mode: measure two Barkeep nodes, the sessions split between them, on a fresh database of this server (a postgres:// URL whose user may create databases) against one Barkeep on bbolt, instead of Barkeep against the baseline; and durable likes with -writers writers on each")
	flag.IntVar(&cfg.writers, "writers", 64, "with -database: concurrent writers of the durable-likes phase")
	flag.IntVar(&cfg.nodes, "nodes", 2, "with -database: Barkeep nodes on the database, the sessions split between them")
	asJSON := flag.Bool("json", false, "print the figures as JSON")
	hostile := flag.Bool("hostile", false, "instead: one address (127.0.0.1) attacks Barkeep while a victim on 127.0.0.2 connects and likes; see hostile.go")
	var graphQL graphQLConfig
	graphQL.register()
	flag.Parse()
	cfg.barkeepArgs = flag.Args() // after --: flags for barkeep serve
	if graphQL.on {
		graphQL.asJSON = *asJSON
		return measureGraphQL(graphQL)
	}
	if cfg.sessions < 1 || cfg.rounds < 1 || cfg.writers < 1 || cfg.nodes < 1 || cfg.joiners < 0 || cfg.presses < 1 || cfg.keysDuration < 0 || cfg.idle <= 0 || cfg.timeout <= 0 {
		return fmt.Errorf("-sessions, -rounds, -presses, -keys-duration, -idle and -timeout must be positive")
	}
	if cfg.keysDuration == 0 {
		cfg.keysDuration = keysDurationFor(cfg.sessions * cfg.presses)
	}
	if cfg.watchers < 0 {
		cfg.watchers = max(1, cfg.sessions/10)
	}
	cfg.watchers = min(cfg.watchers, cfg.sessions)

	cat, err := loadCatalogInfo()
	if err != nil {
		return err
	}
	binDir, err := os.MkdirTemp("", "barkeep-bench-bin-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(binDir)
	progress("building barkeep and the baseline")
	barkeepBin, baselineBin, err := buildBinaries(binDir)
	if err != nil {
		return err
	}
	if *hostile {
		return runHostile(cfg, barkeepBin, cat, *asJSON)
	}
	// The sessions' keys, then the liker's, the calibration session's and
	// the joiners'.
	keys, err := newKeys(cfg.sessions + 2 + cfg.joiners)
	if err != nil {
		return err
	}

	// The servers take turns, so that a disturbance on the machine lands
	// on one round of one server rather than on all of one server's, and
	// go first in turn, so that neither always follows the other.
	baselineTarget := target{
		name:      "baseline",
		bin:       baselineBin,
		profileAs: ".baseline",
		args: func(dataDir string) []string {
			return []string{"-addr", "127.0.0.1:0", "-data", dataDir, "-debug-addr", "127.0.0.1:0"}
		},
	}
	barkeepTarget := target{
		name: "barkeep",
		bin:  barkeepBin,
		args: func(dataDir string) []string {
			args := []string{"serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--debug-addr", "127.0.0.1:0"}
			return append(args, cfg.barkeepArgs...)
		},
		likes: true,
	}
	// In PostgreSQL mode Barkeep on bbolt is what the nodes are held to.
	reference, subject := baselineTarget, barkeepTarget
	if cfg.database != "" {
		reference = barkeepTarget
		reference.name, reference.profileAs = "bbolt", ".bbolt"
		subject = barkeepTarget
		subject.name, subject.nodes, subject.database = "postgres", cfg.nodes, cfg.database
	}
	var barkeepRounds, baselineRounds []figures
	for round := 1; round <= cfg.rounds; round++ {
		if cfg.rounds > 1 {
			progress("round %d of %d", round, cfg.rounds)
		}
		order := []target{reference, subject}
		if round%2 == 0 {
			order = []target{subject, reference}
		}
		results := map[string]figures{}
		for _, t := range order {
			// The last server's clients are garbage in this process
			// now: collected here, not during the next crowd.
			runtime.GC()
			debug.FreeOSMemory()
			f, err := measure(cfg, t, cat, keys)
			if err != nil {
				return err
			}
			results[t.name] = f
		}
		baseline, barkeep := results[reference.name], results[subject.name]
		baselineRounds = append(baselineRounds, baseline)
		barkeepRounds = append(barkeepRounds, barkeep)
	}

	r := newReport(cfg, cat, barkeepRounds, baselineRounds)
	if cfg.database != "" {
		runtime.GC()
		durable, err := measureDurable(cfg.database, cfg.writers, durableDuration)
		if err != nil {
			return err
		}
		r.addDurable(durable)
	}
	if *asJSON {
		return r.writeJSON(os.Stdout)
	}
	r.writeTable(os.Stdout)
	return nil
}

// durableDuration is how long the durable-likes phase writes on each
// backend.
const durableDuration = 5 * time.Second

// plainName is a name that types as it reads.
var plainName = regexp.MustCompile(`^[A-Za-z]+( [A-Za-z]+)*$`)

// loadCatalogInfo lists the embedded catalog's names in Barkeep's order and
// picks the cocktail to like: one whose name filters to itself alone, and
// that sits far from both ends of the list, where the other sessions are.
func loadCatalogInfo() (catalogInfo, error) {
	cocktails, err := data.Embedded()
	if err != nil {
		return catalogInfo{}, err
	}
	catalog := store.NewCatalog(cocktails)
	var info catalogInfo
	for _, c := range catalog.All() {
		info.names = append(info.names, c.Name)
	}
	const margin = 40 // rows from either end: beyond the first and the last screen
	for i := len(info.names) / 3; i < len(info.names)-margin; i++ {
		name := info.names[i]
		if i >= margin && plainName.MatchString(name) && len(catalog.FilterByName(name)) == 1 {
			info.likeName = name
			return info, nil
		}
	}
	return info, fmt.Errorf("no cocktail in the catalog fits the like measurement")
}
