package main

import "slices"

// medianOf combines one server's figures from several rounds: each figure
// is the median of the rounds' (for a distribution, the median of their
// p50s and of their p99s), so that one disturbed round does not make the
// result. Errors and repaints where none belong are summed, and the
// sessions held are the fewest any round held.
func medianOf(rounds []figures) figures {
	if len(rounds) == 1 {
		return rounds[0]
	}
	f := rounds[0]
	med := func(get func(figures) float64) float64 { return medianBy(rounds, get) }
	medDist := func(get func(figures) dist) dist { return medianDist(rounds, get) }
	f.HandshakeMs = medDist(func(r figures) dist { return r.HandshakeMs })
	f.FirstFrameMs = medDist(func(r figures) dist { return r.FirstFrameMs })
	f.JoinHandshakeMs = medDist(func(r figures) dist { return r.JoinHandshakeMs })
	f.JoinFirstFrameMs = medDist(func(r figures) dist { return r.JoinFirstFrameMs })
	f.KeyLatencyMs = medDist(func(r figures) dist { return r.KeyLatencyMs })
	f.KeyBytes = medDist(func(r figures) dist { return r.KeyBytes })
	f.CrowdCPUPerSessionMs = med(func(r figures) float64 { return r.CrowdCPUPerSessionMs })
	f.CPUPerKeyMs = med(func(r figures) float64 { return r.CPUPerKeyMs })
	f.IdleCPUPerSessionMsPerS = med(func(r figures) float64 { return r.IdleCPUPerSessionMsPerS })
	f.RSSBeforeMB = med(func(r figures) float64 { return r.RSSBeforeMB })
	f.RSSPerSessionMB = med(func(r figures) float64 { return r.RSSPerSessionMB })
	f.GoroutinesBefore = med(func(r figures) float64 { return r.GoroutinesBefore })
	f.GoroutinesPerSession = med(func(r figures) float64 { return r.GoroutinesPerSession })
	f.CPU = cores{
		Server: med(func(r figures) float64 { return r.CPU.Server }),
		Bench:  med(func(r figures) float64 { return r.CPU.Bench }),
		Others: med(func(r figures) float64 { return r.CPU.Others }),
	}
	f.KeyPresses, f.Errors, f.FirstErrors = 0, 0, nil
	for _, r := range rounds {
		f.KeyPresses += r.KeyPresses
		f.Errors += r.Errors
		f.FirstErrors = append(f.FirstErrors, r.FirstErrors...)
		f.Connected = min(f.Connected, r.Connected)
		f.Held = min(f.Held, r.Held)
	}
	if f.Likes != nil {
		likes := *f.Likes
		var all []*likeFigures
		for _, r := range rounds {
			if r.Likes != nil {
				all = append(all, r.Likes)
			}
		}
		medLikes := func(get func(*likeFigures) float64) float64 { return medianBy(all, get) }
		likes.ReachMs = medianDist(all, func(l *likeFigures) dist { return l.ReachMs })
		if likes.ReachOtherNodeMs != nil {
			other := medianDist(all, func(l *likeFigures) dist { return *l.ReachOtherNodeMs })
			likes.ReachOtherNodeMs = &other
		}
		likes.NotifiedPerLike = medLikes(func(l *likeFigures) float64 { return l.NotifiedPerLike })
		likes.WatchersRepaintedPerLike = medLikes(func(l *likeFigures) float64 { return l.WatchersRepaintedPerLike })
		likes.Likes, likes.Reached, likes.OthersRepainted = 0, 0, 0
		for _, l := range all {
			likes.Likes += l.Likes
			likes.Reached += l.Reached
			likes.OthersRepainted += l.OthersRepainted
		}
		f.Likes = &likes
	}
	return f
}

// medianDist combines one distribution of each item: the median of their
// p50s and of their p99s, over all their samples.
func medianDist[T any](items []T, get func(T) dist) dist {
	d := dist{
		P50: medianBy(items, func(item T) float64 { return get(item).P50 }),
		P99: medianBy(items, func(item T) float64 { return get(item).P99 }),
	}
	for _, item := range items {
		d.N += get(item).N
	}
	return d
}

// medianBy is the median of one figure of each item.
func medianBy[T any](items []T, get func(T) float64) float64 {
	values := make([]float64, len(items))
	for i, item := range items {
		values[i] = get(item)
	}
	return median(values)
}

func median(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	if n := len(sorted); n%2 == 0 {
		return (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return sorted[len(sorted)/2]
}
