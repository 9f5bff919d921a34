package main

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"time"

	"charm.land/ssh"
	"github.com/anmitsu/go-shlex"
	gossh "golang.org/x/crypto/ssh"
)

// accessLists are the keys files the server runs with. They are replaced
// whole on SIGHUP; a connection keeps what it was granted when it
// authenticated.
type accessLists struct {
	members *keyList // --authorized-keys; nil lets every key sign up
	admins  *keyList // --admin-keys; nil makes no one an admin
}

// loadAccess reads the keys files cfg names.
func loadAccess(cfg serveConfig) (*accessLists, error) {
	var lists accessLists
	var err error
	if cfg.authorizedKeys != "" {
		if lists.members, err = loadKeyList(cfg.authorizedKeys); err != nil {
			return nil, err
		}
	}
	if cfg.adminKeys != "" {
		if lists.admins, err = loadKeyList(cfg.adminKeys); err != nil {
			return nil, err
		}
	}
	return &lists, nil
}

// logFields describe the lists for the log.
func (a *accessLists) logFields() []any {
	var fields []any
	if a.members != nil {
		fields = append(fields, "authorized_keys", a.members.path, "keys", a.members.lines)
	}
	if a.admins != nil {
		fields = append(fields, "admin_keys", a.admins.path, "admins", a.admins.lines)
	}
	return fields
}

// grant is what an authenticated key may do. It is decided once, when the
// key authenticates, and travels to the connection's sessions in its
// permissions, which the SSH library keeps for the key that authenticated
// only: a client may offer keys it cannot use.
type grant struct {
	key             string // fingerprint of the key or certificate granted
	command         string // a forced Barkeep command, or ""
	noPTY           bool   // commands only, no TUI
	admin           bool   // may run admin commands
	noTouchRequired bool   // a security key need not be touched
	// adminRefused says why a line of --admin-keys that lists the key did
	// not make it an admin, for the log.
	adminRefused error
}

// decide grants key what the lists allow it as user from addr, or says why
// not. With --authorized-keys a key must be let in by a line of it; a
// line of --admin-keys that lets the key in makes it an admin. Every
// matching line's restrictions apply. A certificate is accepted only when
// an authority listed with cert-authority vouches for it.
func (a *accessLists) decide(key gossh.PublicKey, user string, addr netip.Addr, now time.Time) (grant, error) {
	var admissions []*admission
	if a.members != nil {
		member, err := a.members.admit(key, user, addr, now)
		if err != nil {
			return grant{}, err
		}
		admissions = append(admissions, member)
	}
	g := grant{key: gossh.FingerprintSHA256(key)}
	if a.admins != nil {
		admin, err := a.admins.admit(key, user, addr, now)
		switch {
		case err == nil:
			g.admin = true
			admissions = append(admissions, admin)
		case !errors.Is(err, errNotListed):
			g.adminRefused = err
		}
	}
	if _, isCert := key.(*gossh.Certificate); isCert && len(admissions) == 0 {
		if g.adminRefused != nil {
			return grant{}, g.adminRefused
		}
		return grant{}, errNotListed
	}
	g.noTouchRequired = len(admissions) > 0
	for _, adm := range admissions {
		g.noPTY = g.noPTY || adm.noPTY
		g.noTouchRequired = g.noTouchRequired && adm.noTouchRequired
		if adm.command == "" {
			continue
		}
		if g.command != "" && g.command != adm.command {
			return grant{}, fmt.Errorf("%s forces %q and another line forces %q", adm.line.where, adm.command, g.command)
		}
		g.command = adm.command
	}
	return g, nil
}

// Permission extensions that carry a grant. "no-touch-required" is the SSH
// library's own: it waives a security key's touch only when set.
const (
	extGrantKey        = "barkeep-grant-key"
	extCommand         = "barkeep-command"
	extNoPTY           = "barkeep-no-pty"
	extAdmin           = "barkeep-admin"
	extNoTouchRequired = "no-touch-required"
)

// record stores the grant in the permissions of the key being checked.
func (g grant) record(perms *ssh.Permissions) {
	if perms.Extensions == nil {
		perms.Extensions = map[string]string{}
	}
	perms.Extensions[extGrantKey] = g.key
	set := func(name string, on bool) {
		if on {
			perms.Extensions[name] = ""
		}
	}
	if g.command != "" {
		perms.Extensions[extCommand] = g.command
	}
	set(extNoPTY, g.noPTY)
	set(extAdmin, g.admin)
	set(extNoTouchRequired, g.noTouchRequired)
}

// grantOf is the grant of the session's key. It is found only if it was
// recorded for the very key the session authenticated with.
func grantOf(sess ssh.Session) (grant, bool) {
	key := sess.PublicKey()
	perms := sess.Permissions()
	if key == nil || perms.Permissions == nil {
		return grant{}, false
	}
	ext := perms.Extensions
	g := grant{key: ext[extGrantKey], command: ext[extCommand]}
	if g.key == "" || g.key != gossh.FingerprintSHA256(key) {
		return grant{}, false
	}
	_, g.noPTY = ext[extNoPTY]
	_, g.admin = ext[extAdmin]
	_, g.noTouchRequired = ext[extNoTouchRequired]
	return g, true
}

// publicKeyAllowed lets in the keys the lists allow, recording what each
// may do. It must not create accounts: a client may offer keys it cannot
// use.
func (s *server) publicKeyAllowed(ctx ssh.Context, key ssh.PublicKey) bool {
	g, err := s.access.Load().decide(key, ctx.User(), remoteIP(ctx.RemoteAddr()), time.Now())
	if err != nil {
		if !errors.Is(err, errNotListed) {
			s.logger.Info("key refused", "remote", ctx.RemoteAddr().String(), "user", shorten(ctx.User()),
				"fingerprint", accountFingerprint(key), "reason", err)
		}
		return false
	}
	if g.adminRefused != nil {
		s.logger.Info("admin rights refused", "remote", ctx.RemoteAddr().String(), "user", shorten(ctx.User()),
			"fingerprint", accountFingerprint(key), "reason", g.adminRefused)
	}
	g.record(ctx.Permissions())
	return true
}

// remoteIP is the client's address, or the zero Addr, which no from= or
// source-address matches.
func remoteIP(addr net.Addr) netip.Addr {
	if tcp, ok := addr.(*net.TCPAddr); ok {
		ip, _ := netip.AddrFromSlice(tcp.IP)
		return ip.Unmap()
	}
	return netip.Addr{}
}

// accountFingerprint is what an account is keyed on: the key the client
// proved it holds. For a certificate that is the certified key, not the
// certificate: a renewed certificate (new serial, new validity) is the same
// member, while the key ID is text the authority chose, which need not be
// unique.
func accountFingerprint(key gossh.PublicKey) string {
	if cert, ok := key.(*gossh.Certificate); ok {
		key = cert.Key
	}
	return gossh.FingerprintSHA256(key)
}

// applyGrant holds every session to its key's grant: a forced command runs
// whatever the client asked for, terminal or not, and a key without a
// terminal grant runs commands only.
func (s *server) applyGrant(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		g, ok := grantOf(sess)
		if !ok {
			s.logger.Error("session refused", "remote", sess.RemoteAddr().String(), "reason", "no grant recorded for the key it authenticated with")
			fmt.Fprintln(sess.Stderr(), "Barkeep could not tell what your key may do. Please reconnect.")
			_ = sess.Exit(1)
			return
		}
		switch {
		case g.command != "":
			if sess.RawCommand() != g.command {
				s.logger.Info("forced command", "fingerprint", accountFingerprint(sess.PublicKey()),
					"asked", shorten(sess.RawCommand()), "command", shorten(g.command))
			}
			next(forcedSession{Session: sess, command: g.command})
		case g.noPTY && sess.RawCommand() == "":
			host, port := connectHint(sess)
			fmt.Fprintf(sess.Stderr(), "This key may run commands only, not open the bar: try ssh -p %s %s help\n", port, host)
			_ = sess.Exit(1)
		default:
			next(sess)
		}
	}
}

// forcedSession is a session whose command is the one its key forces.
type forcedSession struct {
	ssh.Session
	command string
}

func (f forcedSession) RawCommand() string { return f.command }

func (f forcedSession) Command() []string {
	words, _ := shlex.Split(f.command, true)
	return words
}

// reload reads the keys files again, for SIGHUP. On an error the lists in
// force stay; open sessions are never touched.
func (s *server) reload(cfg serveConfig) {
	lists, err := loadAccess(cfg)
	if err != nil {
		s.logger.Error("reload refused; the keys in force stay", "err", err)
		return
	}
	s.access.Store(lists)
	s.logger.Info("keys reloaded", lists.logFields()...)
}
