package main

// The GraphQL API under load: clients send a search query over HTTP, one
// after another each, as fast as it answers, for a fixed time.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// graphQLConfig is what the GraphQL measurement runs with.
type graphQLConfig struct {
	on       bool
	clients  int
	duration time.Duration
	asJSON   bool
}

func (c *graphQLConfig) register() {
	flag.BoolVar(&c.on, "graphql", false, "measure only the GraphQL API: queries per second and latency of a search over HTTP")
	flag.IntVar(&c.clients, "graphql-clients", 16, "HTTP clients sending queries at once, each waiting for its answer")
	flag.DurationVar(&c.duration, "graphql-duration", 10*time.Second, "how long the queries are sent")
}

// graphQLSearch is the query measured: a page of a search, as a web app's
// search box sends it.
const graphQLSearch = `query Search($search: String) { cocktails(search: $search, first: 20) { totalCount nodes { id name base glass likes likedByMe } pageInfo { hasNextPage endCursor } } }`

// graphQLFigures are the results of the GraphQL measurement.
type graphQLFigures struct {
	Machine             machine `json:"machine"`
	Clients             int     `json:"clients"`
	Seconds             float64 `json:"seconds"`
	Query               string  `json:"query"`
	Search              string  `json:"search"`
	Queries             int     `json:"queries"`
	Errors              int     `json:"errors"`
	FirstError          string  `json:"first_error,omitempty"`
	QPS                 float64 `json:"queries_per_second"`
	LatencyMs           dist    `json:"latency_ms"`
	ServerCPUPerQueryUs float64 `json:"server_cpu_per_query_us"`
}

// measureGraphQL builds and starts Barkeep with the HTTP API (its rate
// limit out of the way), mints a token over SSH, and sends the search.
func measureGraphQL(c graphQLConfig) error {
	binDir, err := os.MkdirTemp("", "barkeep-bench-bin-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(binDir)
	progress("building barkeep")
	bin, _, err := buildBinaries(binDir)
	if err != nil {
		return err
	}
	dataDir, err := os.MkdirTemp("", "barkeep-bench-data-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dataDir)
	srv, err := startServer("barkeep", bin, "serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--debug-addr", "127.0.0.1:0",
		"--http-addr", "127.0.0.1:0", "--http-rate", "1e9", "--http-burst", "1000000000")
	if err != nil {
		return err
	}
	defer srv.stop()
	endpoint, err := graphQLEndpoint(srv)
	if err != nil {
		return err
	}
	token, err := mintToken(srv.addr)
	if err != nil {
		return err
	}
	progress("%d clients send the search for %v", c.clients, c.duration)
	f, err := loadGraphQL(c, srv, endpoint, token)
	if err != nil {
		return err
	}
	if c.asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(f)
	}
	fmt.Printf("GraphQL over HTTP: %s\nvariables {\"search\": %q}, %d clients for %.0f s, %d cores (%s)\n",
		f.Query, f.Search, f.Clients, f.Seconds, f.Machine.CPUs, f.Machine.CPUModel)
	fmt.Printf("queries %d, errors %d, %.0f queries/s, latency p50 %.2f ms, p99 %.2f ms, server CPU %.0f µs per query\n",
		f.Queries, f.Errors, f.QPS, f.LatencyMs.P50, f.LatencyMs.P99, f.ServerCPUPerQueryUs)
	if f.FirstError != "" {
		fmt.Println("first error:", f.FirstError)
	}
	return nil
}

func graphQLEndpoint(srv *serverProc) (string, error) {
	for _, line := range srv.log.Grep("graphql endpoint") {
		if m := startedPattern.FindStringSubmatch(strings.Replace(line, "graphql endpoint", "started", 1)); m != nil {
			return "http://" + m[1] + "/graphql", nil
		}
	}
	return "", fmt.Errorf("barkeep logged no GraphQL endpoint; its log:\n%s", srv.log.Tail(20))
}

// mintToken has a new key make a token over SSH, as a person would.
func mintToken(sshAddr string) (string, error) {
	keys, err := newKeys(1)
	if err != nil {
		return "", err
	}
	conn, err := gossh.Dial("tcp", sshAddr, &gossh.ClientConfig{
		User:            "bench",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(keys[0])},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         connectTimeout,
	})
	if err != nil {
		return "", fmt.Errorf("ssh for a token: %w", err)
	}
	defer conn.Close()
	session, err := conn.NewSession()
	if err != nil {
		return "", err
	}
	defer session.Close()
	out, err := session.Output("token create bench")
	if err != nil {
		return "", fmt.Errorf("token create: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

func loadGraphQL(c graphQLConfig, srv *serverProc, endpoint, token string) (graphQLFigures, error) {
	const search = "gin, campari"
	f := graphQLFigures{Machine: machineInfo(), Clients: c.clients, Query: graphQLSearch, Search: search}
	body, err := json.Marshal(map[string]any{"query": graphQLSearch, "variables": map[string]string{"search": search}})
	if err != nil {
		return f, err
	}
	transport := &http.Transport{
		MaxIdleConnsPerHost: c.clients,
		DialContext:         (&net.Dialer{Timeout: connectTimeout}).DialContext,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	send := func() error {
		req, err := http.NewRequest(http.MethodPost, endpoint, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		answer, err := io.ReadAll(resp.Body)
		switch {
		case err != nil:
			return err
		case resp.StatusCode != http.StatusOK || bytes.Contains(answer, []byte(`"errors"`)) || !bytes.Contains(answer, []byte(`"negroni"`)):
			return fmt.Errorf("%s: %.200s", resp.Status, answer)
		}
		return nil
	}
	if err := send(); err != nil { // a warm connection, and a check of the answer
		return f, fmt.Errorf("the search query: %w", err)
	}

	before, err := srv.sample()
	if err != nil {
		return f, err
	}
	var mu sync.Mutex
	var latencies []float64
	var errs []error
	start := time.Now()
	deadline := start.Add(c.duration)
	var wg sync.WaitGroup
	for range c.clients {
		wg.Go(func() {
			var mine []float64
			var failed []error
			for time.Now().Before(deadline) {
				sent := time.Now()
				if err := send(); err != nil {
					failed = append(failed, err)
					continue
				}
				mine = append(mine, millis(time.Since(sent)))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			errs = append(errs, failed...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	after, err := srv.sample()
	if err != nil {
		return f, err
	}
	f.Seconds = elapsed.Seconds()
	f.Queries, f.Errors = len(latencies), len(errs)
	f.QPS = float64(len(latencies)) / elapsed.Seconds()
	f.LatencyMs = distOf(latencies)
	if n := len(latencies) + len(errs); n > 0 {
		f.ServerCPUPerQueryUs = float64((after.cpu - before.cpu).Microseconds()) / float64(n)
	}
	if len(errs) > 0 {
		f.FirstError = errs[0].Error()
	}
	if len(latencies) == 0 {
		return f, errors.Join(append([]error{errors.New("no query was answered")}, errs[:min(3, len(errs))]...)...)
	}
	return f, nil
}
