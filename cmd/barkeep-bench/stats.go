package main

import (
	"math"
	"slices"
	"time"
)

// dist summarises samples: the median and the 99th percentile (nearest
// rank), with how many samples there were.
type dist struct {
	P50 float64 `json:"p50"`
	P99 float64 `json:"p99"`
	N   int     `json:"n"`
}

func distOf(samples []float64) dist {
	if len(samples) == 0 {
		return dist{} // N == 0 reads as "not measured"
	}
	sorted := slices.Clone(samples)
	slices.Sort(sorted)
	rank := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(sorted)))) - 1
		return sorted[max(0, min(i, len(sorted)-1))]
	}
	return dist{P50: rank(0.50), P99: rank(0.99), N: len(sorted)}
}

// millis is a duration in milliseconds, for reports.
func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
