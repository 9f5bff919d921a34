package main

// The report: Barkeep and the baseline side by side, their ratios, and
// which of the targets the run meets.

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
)

type report struct {
	Machine machine      `json:"machine"`
	Config  reportConfig `json:"config"`
	// Barkeep is the server measured, and Baseline what it is held to: in
	// PostgreSQL mode two nodes on one database, and Barkeep on bbolt.
	Barkeep  figures            `json:"barkeep"`
	Baseline figures            `json:"baseline"`
	Ratios   map[string]float64 `json:"ratios"` // Barkeep / baseline (the median of the rounds')
	Targets  []targetCheck      `json:"targets"`
	Durable  *durableFigures    `json:"durable_likes,omitempty"`
}

type machine struct {
	CPUs      int     `json:"cpus"`
	CPUModel  string  `json:"cpu_model"`
	MemoryGiB float64 `json:"memory_gib"`
	Go        string  `json:"go"`
}

type reportConfig struct {
	Sessions       int      `json:"sessions"`
	Rounds         int      `json:"rounds"`
	Window         string   `json:"window"`
	PressesEach    int      `json:"presses_per_session"`
	KeysSeconds    float64  `json:"keys_seconds"`
	IdleSeconds    float64  `json:"idle_seconds"`
	Joiners        int      `json:"joiners"`
	Watchers       int      `json:"watchers"`
	LikeRounds     int      `json:"likes"`
	ProfilesTaken  bool     `json:"profiles_taken"`
	LikedCocktail  string   `json:"liked_cocktail"`
	FirstFrameFrom string   `json:"first_frame_from"`
	BarkeepArgs    []string `json:"barkeep_extra_args"`
	// PostgreSQL is set in PostgreSQL mode, with the nodes on the database.
	PostgreSQL bool `json:"postgresql_mode"`
	Nodes      int  `json:"nodes,omitempty"`
}

// targetCheck is one target of the issue and how this run did.
type targetCheck struct {
	Target string `json:"target"`
	Got    string `json:"got"`
	Status string `json:"status"` // met, MISSED, or not tried
}

// newReport puts the rounds' figures side by side: each server's medians,
// their ratios, and the targets, with each round's ratio when there were
// several.
func newReport(cfg config, cat catalogInfo, barkeepRounds, baselineRounds []figures) report {
	barkeep, baseline := medianOf(barkeepRounds), medianOf(baselineRounds)
	r := report{
		Machine: machineInfo(),
		Config: reportConfig{
			Sessions:       cfg.sessions,
			Rounds:         cfg.rounds,
			Window:         fmt.Sprintf("%dx%d", termWidth, termHeight),
			PressesEach:    cfg.presses,
			KeysSeconds:    cfg.keysDuration.Seconds(),
			IdleSeconds:    cfg.idle.Seconds(),
			Joiners:        cfg.joiners,
			Watchers:       cfg.watchers,
			LikeRounds:     cfg.likeRounds,
			ProfilesTaken:  cfg.cpuProfile != "" || cfg.memProfile != "" || cfg.crowdProfile != "",
			LikedCocktail:  cat.likeName,
			FirstFrameFrom: "the start of the connection",
			BarkeepArgs:    cfg.barkeepArgs,
			PostgreSQL:     cfg.database != "",
			Nodes:          cfg.nodes,
		},
		Barkeep:  barkeep,
		Baseline: baseline,
	}
	// Each round pairs the servers closely in time, so a ratio is the
	// median of the rounds' ratios: a disturbance during one round moves
	// one ratio, not the medians of both servers.
	var byRound []map[string]float64
	for i := range barkeepRounds {
		byRound = append(byRound, ratiosOf(barkeepRounds[i], baselineRounds[i]))
	}
	r.Ratios = map[string]float64{}
	for key := range byRound[0] {
		var each []float64
		for _, ratios := range byRound {
			if ratio, ok := ratios[key]; ok {
				each = append(each, ratio)
			}
		}
		r.Ratios[key] = median(each)
	}
	within := func(target, key string, limit float64) {
		got := r.Ratios[key]
		status := "met"
		if got == 0 || got > limit {
			status = "MISSED"
		}
		text := fmt.Sprintf("%.2fx", got)
		if len(byRound) > 1 {
			var each []string
			for _, ratios := range byRound {
				each = append(each, fmt.Sprintf("%.2fx", ratios[key]))
			}
			text += " (rounds: " + strings.Join(each, ", ") + ")"
		}
		r.Targets = append(r.Targets, targetCheck{target, text, status})
	}
	if cfg.database != "" {
		within("memory per idle session within 1.1x of bbolt", "rss_per_idle_session", 1.1)
		within("idle CPU per session within 1.1x of bbolt", "idle_cpu_per_session", 1.1)
		within("CPU per session set up within 1.1x of bbolt", "crowd_cpu_per_session", 1.1)
		within("CPU per key press within 1.1x of bbolt", "cpu_per_key_press", 1.1)
	} else {
		within("first frame p50 (crowd) within 1.2x of the baseline", "first_frame_p50", 1.2)
		within("bytes per key press within 1.2x", "bytes_per_key_press_p50", 1.2)
		within("CPU per key press within 1.2x", "cpu_per_key_press", 1.2)
		within("memory per idle session within 1.5x", "rss_per_idle_session", 1.5)
		within("idle CPU per session within 1.2x", "idle_cpu_per_session", 1.2)
	}

	held := targetCheck{Target: "1,000 concurrent sessions held with no errors"}
	held.Got = fmt.Sprintf("%d of %d held, %d errors", barkeep.Held, barkeep.Sessions, barkeep.Errors)
	switch {
	case cfg.sessions < 1000:
		held.Status = "not tried (-sessions 1000)"
	case barkeep.Held == barkeep.Sessions && barkeep.Errors == 0:
		held.Status = "met"
	default:
		held.Status = "MISSED"
	}
	r.Targets = append(r.Targets, held)

	if l := barkeep.Likes; l != nil {
		reach := targetCheck{Target: "a like reaches the sessions that show it, p99 under 250 ms"}
		reach.Got = fmt.Sprintf("p99 %.0f ms, %d of %d reached", l.ReachMs.P99, l.Reached, l.Watchers*l.Likes)
		reach.Status = "MISSED"
		if l.Reached == l.Watchers*l.Likes && l.Reached > 0 && l.ReachMs.P99 < 250 {
			reach.Status = "met"
		}
		if cfg.sessions < 1000 {
			reach.Status += " (at 1,000 sessions: not tried)"
		}
		r.Targets = append(r.Targets, reach)
		if other := l.ReachOtherNodeMs; other != nil {
			across := targetCheck{Target: "a like reaches the watchers on the other node, p99 under 100 ms with 2 x 500 sessions"}
			across.Got = fmt.Sprintf("p99 %.0f ms over %d screens", other.P99, other.N)
			across.Status = "MISSED"
			if other.N > 0 && other.P99 < 100 && l.Reached == l.Watchers*l.Likes {
				across.Status = "met"
			}
			if cfg.sessions < 1000 {
				across.Status += " (at 1,000 sessions: not tried)"
			}
			r.Targets = append(r.Targets, across)
		}
		only := targetCheck{Target: "a like re-renders only the sessions that show it"}
		only.Got = fmt.Sprintf("%.1f notified per like for %d watchers + the liker; %d repaints elsewhere",
			l.NotifiedPerLike, l.Watchers, l.OthersRepainted)
		only.Status = "MISSED"
		if l.OthersRepainted == 0 && l.NotifiedPerLike <= float64(l.Watchers+1) {
			only.Status = "met"
		}
		r.Targets = append(r.Targets, only)
	}
	return r
}

// addDurable adds the durable-likes phase and its target.
func (r *report) addDurable(d durableFigures) {
	r.Durable = &d
	check := targetCheck{Target: fmt.Sprintf("durable likes with %d writers on PostgreSQL, at least 2,000/s", d.Writers)}
	check.Got = fmt.Sprintf("%.0f/s (bbolt: %.0f/s)", d.PostgresPerSecond, d.BboltPerSecond)
	check.Status = "MISSED"
	if d.PostgresPerSecond >= 2000 {
		check.Status = "met"
	}
	r.Targets = append(r.Targets, check)
}

// ratiosOf is Barkeep's figures over the baseline's, by name.
func ratiosOf(barkeep, baseline figures) map[string]float64 {
	ratios := map[string]float64{}
	ratio := func(key string, a, b float64) {
		if b > 0 {
			ratios[key] = a / b
		}
	}
	ratio("handshake_p50", barkeep.HandshakeMs.P50, baseline.HandshakeMs.P50)
	ratio("first_frame_p50", barkeep.FirstFrameMs.P50, baseline.FirstFrameMs.P50)
	ratio("crowd_cpu_per_session", barkeep.CrowdCPUPerSessionMs, baseline.CrowdCPUPerSessionMs)
	ratio("join_first_frame_p50", barkeep.JoinFirstFrameMs.P50, baseline.JoinFirstFrameMs.P50)
	ratio("key_latency_p50", barkeep.KeyLatencyMs.P50, baseline.KeyLatencyMs.P50)
	ratio("bytes_per_key_press_p50", barkeep.KeyBytes.P50, baseline.KeyBytes.P50)
	ratio("cpu_per_key_press", barkeep.CPUPerKeyMs, baseline.CPUPerKeyMs)
	ratio("idle_cpu_per_session", barkeep.IdleCPUPerSessionMsPerS, baseline.IdleCPUPerSessionMsPerS)
	ratio("rss_per_idle_session", barkeep.RSSPerSessionMB, baseline.RSSPerSessionMB)
	ratio("goroutines_per_session", barkeep.GoroutinesPerSession, baseline.GoroutinesPerSession)
	return ratios
}

func machineInfo() machine {
	m := machine{CPUs: runtime.NumCPU(), Go: runtime.Version()}
	if info, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(info), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				m.CPUModel = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	if info, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(info), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
				m.MemoryGiB = kb / (1 << 20)
			}
		}
	}
	return m
}

func (r report) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// writeTable prints the figures as a plain table.
func (r report) writeTable(w io.Writer) {
	subject, reference := "barkeep", "baseline"
	title := "Barkeep vs baseline"
	if r.Config.PostgreSQL {
		subject, reference = fmt.Sprintf("postgres, %d nodes", r.Config.Nodes), "bbolt"
		title = fmt.Sprintf("Barkeep: %d nodes on PostgreSQL, the sessions split between them, vs one on bbolt", r.Config.Nodes)
		if r.Config.Nodes == 1 {
			subject, title = "postgres", "Barkeep: one node on PostgreSQL vs one on bbolt"
		}
	}
	fmt.Fprintf(w, "%s: %d sessions at %s on %d × %s, %.1f GiB, %s\n",
		title, r.Config.Sessions, r.Config.Window, r.Machine.CPUs, r.Machine.CPUModel, r.Machine.MemoryGiB, r.Machine.Go)
	if r.Config.Rounds > 1 {
		fmt.Fprintf(w, "each figure is the median of %d rounds, the servers taking turns, and each ratio the median of the rounds' ratios\n", r.Config.Rounds)
	}
	fmt.Fprintln(w)
	if len(r.Config.BarkeepArgs) > 0 {
		fmt.Fprintf(w, "barkeep serve ran with %s: the whole crowd comes from 127.0.0.1 at once\n\n", strings.Join(r.Config.BarkeepArgs, " "))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	k, b := r.Barkeep, r.Baseline
	pair := func(d dist, format string) string {
		if d.N == 0 {
			return "n/a"
		}
		return fmt.Sprintf(format+" / "+format, d.P50, d.P99)
	}
	one := func(v float64, format string) string { return fmt.Sprintf(format, v) }
	ratio := func(key string) string {
		if v, ok := r.Ratios[key]; ok {
			return fmt.Sprintf("%.2fx", v)
		}
		return ""
	}
	fmt.Fprintf(tw, "\t%s\t%s\t%s / %s\n", subject, reference, subject, reference)
	fmt.Fprintf(tw, "crowd: handshake ms, p50 / p99\t%s\t%s\t%s\n", pair(k.HandshakeMs, "%.1f"), pair(b.HandshakeMs, "%.1f"), ratio("handshake_p50"))
	fmt.Fprintf(tw, "crowd: first full frame ms, p50 / p99\t%s\t%s\t%s\n", pair(k.FirstFrameMs, "%.1f"), pair(b.FirstFrameMs, "%.1f"), ratio("first_frame_p50"))
	fmt.Fprintf(tw, "crowd: server CPU per session set up, ms\t%s\t%s\t%s\n", one(k.CrowdCPUPerSessionMs, "%.2f"), one(b.CrowdCPUPerSessionMs, "%.2f"), ratio("crowd_cpu_per_session"))
	fmt.Fprintf(tw, "one joining the idle crowd: handshake ms, p50 / p99\t%s\t%s\t\n", pair(k.JoinHandshakeMs, "%.1f"), pair(b.JoinHandshakeMs, "%.1f"))
	fmt.Fprintf(tw, "one joining the idle crowd: first frame ms, p50 / p99\t%s\t%s\t%s\n", pair(k.JoinFirstFrameMs, "%.1f"), pair(b.JoinFirstFrameMs, "%.1f"), ratio("join_first_frame_p50"))
	fmt.Fprintf(tw, "key press (j) latency ms, p50 / p99\t%s\t%s\t%s\n", pair(k.KeyLatencyMs, "%.1f"), pair(b.KeyLatencyMs, "%.1f"), ratio("key_latency_p50"))
	fmt.Fprintf(tw, "bytes per key press, p50 / p99\t%s\t%s\t%s\n", pair(k.KeyBytes, "%.0f"), pair(b.KeyBytes, "%.0f"), ratio("bytes_per_key_press_p50"))
	fmt.Fprintf(tw, "server CPU per key press, ms\t%s\t%s\t%s\n", one(k.CPUPerKeyMs, "%.2f"), one(b.CPUPerKeyMs, "%.2f"), ratio("cpu_per_key_press"))
	fmt.Fprintf(tw, "idle CPU per session, ms/s\t%s\t%s\t%s\n", one(k.IdleCPUPerSessionMsPerS, "%.3f"), one(b.IdleCPUPerSessionMsPerS, "%.3f"), ratio("idle_cpu_per_session"))
	fmt.Fprintf(tw, "RSS per idle session, MB\t%s\t%s\t%s\n", one(k.RSSPerSessionMB, "%.2f"), one(b.RSSPerSessionMB, "%.2f"), ratio("rss_per_idle_session"))
	fmt.Fprintf(tw, "RSS before sessions, MB\t%s\t%s\t\n", one(k.RSSBeforeMB, "%.1f"), one(b.RSSBeforeMB, "%.1f"))
	fmt.Fprintf(tw, "goroutines per session\t%s\t%s\t%s\n", one(k.GoroutinesPerSession, "%.1f"), one(b.GoroutinesPerSession, "%.1f"), ratio("goroutines_per_session"))
	fmt.Fprintf(tw, "sessions connected / held / errors\t%d / %d / %d\t%d / %d / %d\t\n", k.Connected, k.Held, k.Errors, b.Connected, b.Held, b.Errors)
	fmt.Fprintf(tw, "cores busy: server / bench clients / others\t%.2f / %.2f / %.2f\t%.2f / %.2f / %.2f\t\n",
		k.CPU.Server, k.CPU.Bench, k.CPU.Others, b.CPU.Server, b.CPU.Bench, b.CPU.Others)
	if l := k.Likes; l != nil {
		likeWas := "n/a"
		if bl := b.Likes; bl != nil {
			likeWas = pair(bl.ReachMs, "%.1f")
		}
		fmt.Fprintf(tw, "like reaches watchers ms, p50 / p99\t%s\t%s\t\n", pair(l.ReachMs, "%.1f"), likeWas)
		if other := l.ReachOtherNodeMs; other != nil {
			fmt.Fprintf(tw, "like reaches watchers on the other node ms, p50 / p99\t%s\t\t\n", pair(*other, "%.1f"))
		}
		fmt.Fprintf(tw, "like: watchers reached / expected\t%d / %d\t\t\n", l.Reached, l.Watchers*l.Likes)
		fmt.Fprintf(tw, "like: sessions notified per like\t%.1f (%d watchers + liker)\t\t\n", l.NotifiedPerLike, l.Watchers)
		fmt.Fprintf(tw, "like: watchers repainted per like\t%.1f\t\t\n", l.WatchersRepaintedPerLike)
		fmt.Fprintf(tw, "like: repaints of the other %d sessions\t%d (over %d likes)\t\t\n", l.Others, l.OthersRepainted, l.Likes)
	}
	if d := r.Durable; d != nil {
		fmt.Fprintf(tw, "durable likes/s, %d writers, %.0f s (in-process store)\t%.0f\t%.0f\t%.2fx\n",
			d.Writers, d.Seconds, d.PostgresPerSecond, d.BboltPerSecond, d.PostgresPerSecond/d.BboltPerSecond)
	}
	tw.Flush()

	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tgot\tstatus")
	for _, t := range r.Targets {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", t.Target, t.Got, t.Status)
	}
	tw.Flush()
	for _, f := range []figures{k, b} {
		if len(f.FirstErrors) > 0 {
			fmt.Fprintf(w, "\n%s: first errors:\n  %s\n", f.Server, strings.Join(f.FirstErrors, "\n  "))
		}
	}
}
