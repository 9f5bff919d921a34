package main

import (
	"expvar"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime"

	"barkeep/store"

	"charm.land/log/v2"
)

// serveDebug serves profiles and counters for measuring the server
// (/debug/pprof/, /debug/vars) on addr, which should be a loopback address.
func serveDebug(addr string, st *store.Store, logger *log.Logger) error {
	vars := map[string]expvar.Func{
		"goroutines":     func() any { return runtime.NumGoroutine() },
		"likes_notified": func() any { return st.Notified() },
		"heap_alloc": func() any {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			return m.HeapAlloc
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index) // ?gc=1 on /debug/pprof/heap collects garbage first
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/debug/vars", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, "{")
		first := true
		for name, v := range vars {
			if !first {
				fmt.Fprint(w, ",")
			}
			first = false
			fmt.Fprintf(w, "%q:%s", name, v.String())
		}
		fmt.Fprint(w, "}")
	})
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen for debug on %s: %w", addr, err)
	}
	logger.Info("debug endpoint", "addr", listener.Addr().String())
	go func() {
		if err := http.Serve(listener, mux); err != nil {
			logger.Error("debug endpoint stopped", "err", err)
		}
	}()
	return nil
}
