package main

import (
	"sync"
	"time"

	"charm.land/log/v2"
)

// refusalBurst is how long refusals of one kind from one address are
// counted into one summary line after the first is logged.
const refusalBurst = 5 * time.Second

// refusalLog logs refusals once per burst: the first of a kind from an
// address at once, then, while they keep coming, one line per refusalBurst
// with how many more there were. A client that hammers a limit costs the
// log a line every few seconds, not one per attempt.
type refusalLog struct {
	logger *log.Logger
	burst  time.Duration

	mu     sync.Mutex
	bursts map[refusalKind]int // refusals since the last line, per burst under way
}

type refusalKind struct {
	what   string // "connection refused", "session refused", ...
	reason string
	source string
}

func newRefusalLog(logger *log.Logger, burst time.Duration) *refusalLog {
	return &refusalLog{logger: logger, burst: burst, bursts: map[refusalKind]int{}}
}

// refuse logs one refusal of what for reason, from source, with fields
// that describe the first one.
func (r *refusalLog) refuse(what, reason, source string, fields ...any) {
	kind := refusalKind{what, reason, source}
	r.mu.Lock()
	n, under := r.bursts[kind]
	if under {
		r.bursts[kind] = n + 1
	} else {
		r.bursts[kind] = 0 // the first is logged now, not counted
	}
	r.mu.Unlock()
	if under {
		return
	}
	r.logger.Warn(what, append([]any{"source", source, "reason", reason}, fields...)...)
	time.AfterFunc(r.burst, func() { r.endOfWindow(kind) })
}

// endOfWindow logs how many more refusals the window saw, and keeps the
// burst open while they come; a quiet window ends it.
func (r *refusalLog) endOfWindow(kind refusalKind) {
	r.mu.Lock()
	n := r.bursts[kind]
	if n == 0 {
		delete(r.bursts, kind)
	} else {
		r.bursts[kind] = 0
	}
	r.mu.Unlock()
	if n == 0 {
		return
	}
	r.logger.Warn(kind.what, "source", kind.source, "reason", kind.reason, "more", n, "within", r.burst)
	time.AfterFunc(r.burst, func() { r.endOfWindow(kind) })
}
