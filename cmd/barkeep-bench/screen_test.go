package main

import "testing"

// A screen as the emulator gives it back: Barkeep's list, 80 columns.
const sampleScreen = ` Barkeep  cocktails over SSH                                              user1

All cocktails                             140 cocktails
  Alexander                                 ♡ 0  brandy
▸ Negroni                                  ♥ 12  gin
  Negroni Sbagliato                         ♡ 3  wine 2

s search • l like • r random • f favourites • / filter • ? help • q quit`

func TestRowsAreFoundByTheirWholeName(t *testing.T) {
	tests := []struct {
		name     string
		shown    bool
		selected bool
		likes    int
	}{
		{"Alexander", true, false, 0},
		{"Negroni", true, true, 12},
		{"Negroni Sbagliato", true, false, 3},
		{"Negro", false, false, -1},
		{"Mojito", false, false, -1},
	}
	for _, tt := range tests {
		if _, ok := rowOf(sampleScreen, tt.name); ok != tt.shown {
			t.Errorf("rowOf(%q) found = %v, want %v", tt.name, ok, tt.shown)
		}
		if got := selectedIs(sampleScreen, tt.name); got != tt.selected {
			t.Errorf("selectedIs(%q) = %v, want %v", tt.name, got, tt.selected)
		}
		if got := likesOnRow(sampleScreen, tt.name); got != tt.likes {
			t.Errorf("likesOnRow(%q) = %d, want %d", tt.name, got, tt.likes)
		}
	}
}

func TestAFullFrameHasTheLastRowAndTheHelpLine(t *testing.T) {
	names := []string{"Alexander", "Negroni", "Negroni Sbagliato", "Old Fashioned"}
	if got := visibleRows(sampleScreen, names); got != 3 {
		t.Errorf("visibleRows = %d, want 3", got)
	}
	if !fullFrame(sampleScreen, "Negroni Sbagliato") {
		t.Error("the whole screen is not a full frame")
	}
	if fullFrame(sampleScreen[:len(sampleScreen)-10], "Negroni Sbagliato") {
		t.Error("a screen without its help line is a full frame")
	}
}

func TestDistUsesNearestRank(t *testing.T) {
	var samples []float64
	for i := 100; i >= 1; i-- {
		samples = append(samples, float64(i))
	}
	if d := distOf(samples); d.P50 != 50 || d.P99 != 99 || d.N != 100 {
		t.Errorf("distOf(1..100) = %+v, want p50 50, p99 99, n 100", d)
	}
	if d := distOf(nil); d.N != 0 {
		t.Errorf("distOf(nil) = %+v, want n 0", d)
	}
}
