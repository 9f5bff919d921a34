package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// The window every session asks for.
const (
	termWidth  = 80
	termHeight = 24
)

// connectTimeout bounds the TCP connection and the SSH handshake.
const connectTimeout = 60 * time.Second

// newKeys makes n ed25519 identities: every session is its own member.
func newKeys(n int) ([]gossh.Signer, error) {
	keys := make([]gossh.Signer, n)
	for i := range keys {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		if keys[i], err = gossh.NewSignerFromKey(priv); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// client is one person at a terminal: an SSH connection with one session,
// a PTY of termWidth x termHeight and the shell running.
type client struct {
	conn      *gossh.Client
	session   *gossh.Session
	stdin     io.WriteCloser
	term      *terminal
	dialAt    time.Time     // when the connection was started
	handshake time.Duration // TCP connect, key exchange and authentication
	ended     chan struct{} // closed when the session has ended
	node      int           // which of the server's nodes it is on
}

// crowdAddresses numbers the loopback addresses the sessions connect
// from: every session of the crowd is its own person at their own address
// (127.1.0.0 on; any 127.x address is loopback on Linux), as Barkeep's
// limits per address expect.
var crowdAddresses atomic.Int64

func nextCrowdAddress() net.IP {
	n := crowdAddresses.Add(1)
	return net.IPv4(127, 1, byte(n>>8), byte(n))
}

// connect dials addr from the next crowd address, authenticates with key
// and starts the shell on a PTY.
func connect(addr, user string, key gossh.Signer) (*client, error) {
	start := time.Now()
	dialer := net.Dialer{LocalAddr: &net.TCPAddr{IP: nextCrowdAddress()}, Timeout: connectTimeout}
	tcp, err := dialer.Dial("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	_ = tcp.SetDeadline(start.Add(connectTimeout))
	conn, chans, reqs, err := gossh.NewClientConn(tcp, addr, &gossh.ClientConfig{
		User: user,
		Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		// Each run generates its server's host key: there is nothing to
		// check it against.
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		tcp.Close()
		return nil, fmt.Errorf("handshake: %w", err)
	}
	handshake := time.Since(start)
	_ = tcp.SetDeadline(time.Time{})
	c := &client{
		conn:      gossh.NewClient(conn, chans, reqs),
		term:      newTerminal(termWidth, termHeight),
		dialAt:    start,
		handshake: handshake,
		ended:     make(chan struct{}),
	}
	if err := c.startShell(); err != nil {
		c.conn.Close()
		c.term.close()
		return nil, err
	}
	return c, nil
}

func (c *client) startShell() error {
	var err error
	if c.session, err = c.conn.NewSession(); err != nil {
		return fmt.Errorf("new session: %w", err)
	}
	c.session.Stdout = c.term
	c.session.Stderr = io.Discard
	if c.stdin, err = c.session.StdinPipe(); err != nil {
		return err
	}
	if err := c.session.RequestPty("xterm-256color", termHeight, termWidth, gossh.TerminalModes{}); err != nil {
		return fmt.Errorf("pty request: %w", err)
	}
	if err := c.session.Shell(); err != nil {
		return fmt.Errorf("shell: %w", err)
	}
	go func() {
		_ = c.session.Wait()
		close(c.ended)
	}()
	return nil
}

// press sends keys as a terminal does: raw bytes on stdin.
func (c *client) press(keys string) error {
	_, err := io.WriteString(c.stdin, keys)
	return err
}

// alive says whether the session is still open.
func (c *client) alive() bool {
	select {
	case <-c.ended:
		return false
	default:
		return true
	}
}

// close hangs up and waits (briefly) for the session to end.
func (c *client) close() {
	_ = c.conn.Close()
	select {
	case <-c.ended:
	case <-time.After(5 * time.Second):
	}
	c.term.close()
}
