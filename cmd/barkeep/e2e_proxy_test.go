package main

// The PROXY protocol from a real HAProxy in front of two nodes.

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"barkeep/internal/pgtest"

	gossh "golang.org/x/crypto/ssh"
)

// startHAProxy runs Debian's haproxy in TCP mode with a config of
// "frontend name -> servers" lines, each server sent a PROXY v2 header,
// and returns each frontend's address.
func startHAProxy(t *testing.T, backends map[string][]string) map[string]string {
	t.Helper()
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("haproxy is not installed; under CI every test must run (.ci/run installs it)")
		}
		t.Skip("haproxy is not installed (apt-get install haproxy)")
	}
	var cfg strings.Builder
	cfg.WriteString("global\n  maxconn 256\ndefaults\n  mode tcp\n  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\n")
	fronts := map[string]string{}
	for name, servers := range backends {
		fronts[name] = fmt.Sprintf("127.0.0.1:%d", freeTCPPort(t))
		fmt.Fprintf(&cfg, "frontend %s\n  bind %s\n  default_backend %s_nodes\nbackend %s_nodes\n  balance roundrobin\n", name, fronts[name], name, name)
		for i, server := range servers {
			fmt.Fprintf(&cfg, "  server n%d %s send-proxy-v2\n", i+1, server)
		}
	}
	path := filepath.Join(t.TempDir(), "haproxy.cfg")
	if err := os.WriteFile(path, []byte(cfg.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-db", "-f", path)
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for _, addr := range fronts {
		waitFor(t, "haproxy to listen on "+addr, func() bool {
			conn, err := net.Dial("tcp", addr)
			if err == nil {
				_ = conn.Close()
			}
			return err == nil
		})
	}
	return fronts
}

func freeTCPPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// connectFrom connects from a loopback source address of the test's choice.
func connectFrom(t *testing.T, source, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(source)}, Timeout: startTimeout}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial %s from %s: %v", addr, source, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// sshOver runs the SSH handshake over conn and one command.
func sshOver(conn net.Conn, addr string, key gossh.Signer, line string) (string, error) {
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User: "proxied", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: startTimeout,
	})
	if err != nil {
		return "", err
	}
	client := gossh.NewClient(c, chans, reqs)
	defer client.Close()
	return runOn(client, line)
}

// connectsFrom lists the remote addresses of a server's "connect" lines.
func connectsFrom(log string) []string {
	var hosts []string
	for _, m := range regexp.MustCompile(`msg=connect .*remote=([0-9.]+):`).FindAllStringSubmatch(log, -1) {
		hosts = append(hosts, m[1])
	}
	return hosts
}

// Behind HAProxy (send-proxy-v2) each node sees, logs and limits the
// client's own address; a trusted address must send the header, and a
// header from anywhere else is never believed.
func TestE2EProxyProtocolThroughHAProxy(t *testing.T) {
	t.Parallel()
	dsn, hostKey := pgtest.NewDatabase(t), writeHostKey(t)
	args := []string{"--proxy-protocol", "127.0.0.1", "--max-startups-per-source", "1"}
	n1, n2 := startNode(t, dsn, hostKey, args...), startNode(t, dsn, hostKey, args...)
	fronts := startHAProxy(t, map[string][]string{"both": {n1.addr, n2.addr}, "first": {n1.addr}})
	key := newClientKey(t)

	// Round robin takes connections from 127.0.0.2 to both nodes. Where
	// it starts depends on whether HAProxy passed on the probe that saw
	// it listening, so connect until each node has had one.
	for i := 0; len(connectsFrom(n1.log.String())) == 0 || len(connectsFrom(n2.log.String())) == 0; i++ {
		if i == 4 {
			t.Fatalf("4 connections through haproxy did not reach both nodes:\n%s\n%s", n1.log, n2.log)
		}
		out, err := sshOver(connectFrom(t, "127.0.0.2", fronts["both"]), fronts["both"], key, "whoami")
		if err != nil || !strings.Contains(out, "proxied") {
			t.Fatalf("through haproxy, connection %d: %v %q", i, err, out)
		}
	}
	for i, n := range []*serverProc{n1, n2} {
		for _, from := range connectsFrom(n.log.String()) {
			if from != "127.0.0.2" {
				t.Errorf("node %d logged a connection from %s, want the client's 127.0.0.2:\n%s", i+1, from, n.log)
			}
		}
	}
	throughBalancer := len(connectsFrom(n2.log.String()))

	// The per-address limit counts the client's address, not HAProxy's:
	// one unauthenticated connection from 127.0.0.2 fills its share, and
	// 127.0.0.4 still gets in.
	held := connectFrom(t, "127.0.0.2", fronts["first"])
	if banner, err := bufio.NewReader(held).ReadString('\n'); err != nil || !strings.HasPrefix(banner, "SSH-2.0-") {
		t.Fatalf("the held connection got %q, %v; want the server's banner", banner, err)
	}
	if _, err := sshOver(connectFrom(t, "127.0.0.2", fronts["first"]), fronts["first"], key, "whoami"); err == nil {
		t.Error("a second unauthenticated connection from 127.0.0.2 got in past --max-startups-per-source 1")
	}
	waitFor(t, "the refusal to be logged with the client's address", func() bool {
		return regexp.MustCompile(`connection refused.* source=127\.0\.0\.2 reason="too many unauthenticated connections from this address"`).MatchString(n1.log.String())
	})
	if out, err := sshOver(connectFrom(t, "127.0.0.4", fronts["first"]), fronts["first"], key, "whoami"); err != nil {
		t.Errorf("a client from another address was refused: %v %q", err, out)
	}
	_ = held.Close()

	// Straight from the trusted address, without a header: refused.
	if _, err := sshOver(connectFrom(t, "127.0.0.1", n1.addr), n1.addr, key, "whoami"); err == nil {
		t.Error("a connection from the trusted address without a PROXY header got in")
	}
	waitFor(t, "the missing header to be logged", func() bool {
		return strings.Contains(n1.log.String(), "no valid PROXY protocol header")
	})

	// From an untrusted address, a header is not read: the client is who
	// it connects as.
	liar := connectFrom(t, "127.0.0.3", n2.addr)
	if _, err := fmt.Fprintf(liar, "PROXY TCP4 10.9.8.7 127.0.0.1 4242 22\r\n"); err != nil {
		t.Fatal(err)
	}
	if out, err := sshOver(liar, n2.addr, key, "whoami"); err != nil {
		t.Fatalf("an untrusted client sending a header: %v %q", err, out)
	}
	waitFor(t, "the untrusted client's connection to be logged", func() bool {
		got := connectsFrom(n2.log.String())
		return len(got) == throughBalancer+1 && got[throughBalancer] == "127.0.0.3"
	})
	if strings.Contains(n2.log.String(), "10.9.8.7") {
		t.Errorf("a header from an untrusted address was believed:\n%s", n2.log)
	}
}
