package main

import (
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, tt := range []struct {
		values []float64
		want   float64
	}{
		{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(tt.values); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.values, got, tt.want)
		}
	}
}

// One disturbed round must not make the figures, and no error or stray
// repaint of any round may be lost in the combining.
func TestMedianOfRounds(t *testing.T) {
	round := func(frame, cpu float64, held, errors, stray int) figures {
		return figures{
			Sessions: 10, Connected: 10, Held: held, Errors: errors,
			FirstFrameMs: dist{P50: frame, P99: 2 * frame, N: 10},
			CPUPerKeyMs:  cpu,
			Likes:        &likeFigures{Watchers: 1, Likes: 2, Reached: 2, OthersRepainted: stray, ReachMs: dist{P50: frame, P99: frame, N: 2}},
		}
	}
	got := medianOf([]figures{round(20, 0.4, 10, 0, 0), round(90, 2.0, 9, 1, 1), round(22, 0.5, 10, 0, 0)})
	if got.FirstFrameMs.P50 != 22 || got.FirstFrameMs.P99 != 44 || got.FirstFrameMs.N != 30 {
		t.Errorf("first frame %+v, want the median round's 22 / 44 over 30 samples", got.FirstFrameMs)
	}
	if got.CPUPerKeyMs != 0.5 {
		t.Errorf("CPU per key %v, want 0.5", got.CPUPerKeyMs)
	}
	if got.Held != 9 || got.Errors != 1 {
		t.Errorf("held %d with %d errors, want the worst round's 9 and all rounds' 1", got.Held, got.Errors)
	}
	if got.Likes.OthersRepainted != 1 || got.Likes.Likes != 6 || got.Likes.Reached != 6 {
		t.Errorf("likes %+v, want the rounds' repaints, likes and reaches summed", *got.Likes)
	}
	if reach := got.Likes.ReachMs; reach.P50 != 22 || reach.P99 != 22 || reach.N != 6 {
		t.Errorf("reach %+v, want the median round's 22 / 22 over 6 samples", reach)
	}
}

func TestTheKeyPhaseKeepsToItsPressRate(t *testing.T) {
	tests := []struct {
		presses int
		want    time.Duration
	}{
		{1, 5 * time.Second},
		{2000, 5 * time.Second},   // 200 sessions, 10 presses each
		{10000, 10 * time.Second}, // 1,000 sessions, 10 presses each
		{25000, 25 * time.Second},
	}
	for _, tt := range tests {
		if got := keysDurationFor(tt.presses); got != tt.want {
			t.Errorf("keysDurationFor(%d) = %v, want %v", tt.presses, got, tt.want)
		}
	}
}
