package main

import (
	"testing"
	"time"
)

func TestWaitTextRoundsUpToWhatAPersonReads(t *testing.T) {
	for _, c := range []struct {
		wait time.Duration
		want string
	}{
		{300 * time.Millisecond, "1s"},
		{39*time.Second + time.Millisecond, "40s"},
		{59 * time.Second, "59s"},
		{time.Minute, "1m"},
		{2*time.Minute + time.Second, "3m"},
		{59*time.Minute + 59*time.Second, "1h"},
		{time.Hour + 4*time.Minute + time.Second, "1h5m"},
	} {
		if got := waitText(c.wait); got != c.want {
			t.Errorf("waitText(%v) = %q, want %q", c.wait, got, c.want)
		}
	}
}

func TestSignUpGateRefillsAndForgetsFullBuckets(t *testing.T) {
	accounts := 0
	gate := newSignUpGate(serveConfig{signUpBurst: 2, signUpInterval: 10 * time.Second}, func() int { return accounts })
	now := time.Now()
	for i := range 2 {
		if _, refusal := gate.admit("10.0.0.1", now); refusal != nil {
			t.Fatalf("sign-up %d of a burst of 2 refused: %s", i+1, refusal.message)
		}
	}
	_, refusal := gate.admit("10.0.0.1", now)
	if refusal == nil || refusal.message != "Barkeep: too many new accounts from your address; try again in 10s." {
		t.Fatalf("the third sign-up at once: %+v", refusal)
	}
	if _, refusal := gate.admit("10.0.0.2", now); refusal != nil {
		t.Errorf("another address was refused: %s", refusal.message)
	}
	if _, refusal := gate.admit("10.0.0.1", now.Add(10*time.Second)); refusal != nil {
		t.Errorf("a sign-up one interval later was refused: %s", refusal.message)
	}
	gate.admit("10.0.0.3", now.Add(time.Minute)) // sweeps the full buckets
	if _, kept := gate.buckets["10.0.0.2"]; kept || len(gate.buckets) != 1 {
		t.Errorf("buckets kept after they filled up again: %v", gate.buckets)
	}
}

func TestSignUpGateCountsSignUpsUnderWayAgainstTheCap(t *testing.T) {
	accounts := 1
	gate := newSignUpGate(serveConfig{signUpBurst: 10, signUpInterval: time.Second, maxAccounts: 3}, func() int { return accounts })
	now := time.Now()
	done, refusal := gate.admit("10.0.0.1", now)
	if refusal != nil {
		t.Fatal(refusal.message)
	}
	if _, refusal := gate.admit("10.0.0.2", now); refusal != nil {
		t.Fatal(refusal.message)
	}
	if _, refusal := gate.admit("10.0.0.3", now); refusal == nil {
		t.Fatal("a sign-up over the cap was let in while two were under way")
	}
	accounts++ // the first is in the store now
	done()
	done()
	if _, refusal := gate.admit("10.0.0.3", now); refusal == nil {
		t.Fatal("a sign-up over the cap was let in once one of the others was in the store")
	}
}
