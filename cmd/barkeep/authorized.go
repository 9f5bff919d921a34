package main

// authorized_keys files as sshd reads them: one key a line, with options
// that restrict where and how the key may be used. Barkeep honours every
// option that restricts a key, accepts the few that forbid what it never
// allows anyway, and refuses to start on any other, so that no line is ever
// accepted while what it restricts is ignored.

import (
	"bufio"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// keyLine is one line of an authorized_keys file.
type keyLine struct {
	where     string          // "FILE line N", for messages
	key       gossh.PublicKey // the user's key, or with authority the CA's
	authority bool            // cert-authority: key signs user certificates
	// principals (principals=) are the names a certificate must list one
	// of; nil means it must list the user name, as sshd does.
	principals      []string
	from            *addressList // from=; nil lets any address in
	expires         time.Time    // expiry-time=; zero never expires
	command         string       // command=: the Barkeep command forced
	noPTY           bool         // no-pty or restrict: commands only
	noTouchRequired bool         // a security key need not be touched
}

// keyList is an authorized_keys file, parsed.
type keyList struct {
	path        string
	keys        map[string][]*keyLine // user keys by fingerprint, in file order
	authorities map[string][]*keyLine // certificate authorities by fingerprint
	lines       int
}

// errNotListed is a key that no line of the file names: the common case
// of a client trying its keys one by one, not worth a log line.
var errNotListed = errors.New("the key is not listed")

// permittedAnyway are options that forbid what Barkeep never allows to
// anyone: forwarding of any kind, and ~/.ssh/rc, which it never runs.
var permittedAnyway = []string{"no-agent-forwarding", "no-port-forwarding", "no-x11-forwarding", "no-user-rc"}

// unsupportedHints say why an option that sshd knows is refused.
var unsupportedHints = map[string]string{
	"agent-forwarding": "Barkeep never forwards an agent",
	"port-forwarding":  "Barkeep never forwards ports",
	"x11-forwarding":   "Barkeep never forwards X11",
	"permitopen":       "Barkeep never forwards ports",
	"permitlisten":     "Barkeep never forwards ports",
	"tunnel":           "Barkeep never opens tunnels",
	"user-rc":          "Barkeep never runs ~/.ssh/rc",
	"environment":      "Barkeep does not take environment variables from keys",
	"verify-required":  "Barkeep cannot check that a security key verified its user",
}

// loadKeyList reads an authorized_keys file. A line that does not parse,
// or carries an option Barkeep cannot honour, is an error naming the file,
// the line and the option, rather than a smaller or looser allowlist.
func loadKeyList(file string) (*keyList, error) {
	if err := checkKeysFile(file); err != nil {
		return nil, err
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("read authorized keys: %w", err)
	}
	defer f.Close()
	list := &keyList{path: file, keys: map[string][]*keyLine{}, authorities: map[string][]*keyLine{}}
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; scanner.Scan(); n++ {
		text := strings.TrimSpace(scanner.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		where := fmt.Sprintf("authorized keys %s line %d", file, n)
		key, _, options, _, err := gossh.ParseAuthorizedKey([]byte(text))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		line, err := parseKeyLine(where, key, options)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		index := list.keys
		if line.authority {
			index = list.authorities
		}
		fingerprint := gossh.FingerprintSHA256(key)
		index[fingerprint] = append(index[fingerprint], line)
		list.lines++
	}
	if err := scanner.Err(); err != nil {
		return nil, fmt.Errorf("read authorized keys %s: %w", file, err)
	}
	return list, nil
}

// parseKeyLine reads a line's options, in order, as sshd does: a later
// pty undoes an earlier restrict or no-pty.
func parseKeyLine(where string, key gossh.PublicKey, options []string) (*keyLine, error) {
	line := &keyLine{where: where, key: key}
	if _, ok := key.(*gossh.Certificate); ok {
		return nil, errors.New("the key is a certificate: list the authority that signed it, with cert-authority")
	}
	seen := map[string]bool{}
	for _, option := range options {
		name, value, valued := strings.Cut(option, "=")
		if valued {
			var err error
			if value, err = unquoteOption(value); err != nil {
				return nil, fmt.Errorf("option %s: %w", name, err)
			}
			if lower := strings.ToLower(name); seen[lower] && lower != "expiry-time" {
				return nil, fmt.Errorf("option %s is given twice", name)
			}
			seen[strings.ToLower(name)] = true
		}
		if err := line.apply(name, value, valued); err != nil {
			return nil, err
		}
	}
	if line.principals != nil && !line.authority {
		return nil, errors.New("option principals is only for cert-authority lines")
	}
	return line, nil
}

// apply sets one option on the line. Names are case-insensitive, as in
// sshd; messages name the option as the file writes it.
func (l *keyLine) apply(name, value string, valued bool) error {
	option := strings.ToLower(name)
	flag := func(set func()) error {
		if valued {
			return fmt.Errorf("option %s takes no value", name)
		}
		set()
		return nil
	}
	needsValue := func(set func() error) error {
		if !valued {
			return fmt.Errorf(`option %s needs a value: %s="..."`, name, name)
		}
		if err := set(); err != nil {
			return fmt.Errorf("option %s: %w", name, err)
		}
		return nil
	}
	switch {
	case option == "restrict", option == "no-pty":
		return flag(func() { l.noPTY = true })
	case option == "pty":
		return flag(func() { l.noPTY = false })
	case option == "cert-authority":
		return flag(func() { l.authority = true })
	case option == "no-touch-required":
		return flag(func() { l.noTouchRequired = true })
	case slices.Contains(permittedAnyway, option):
		return flag(func() {})
	case option == "from":
		return needsValue(func() (err error) { l.from, err = parseAddressList(value); return err })
	case option == "expiry-time":
		return needsValue(func() error {
			expires, err := parseExpiry(value)
			if err == nil && (l.expires.IsZero() || expires.Before(l.expires)) {
				l.expires = expires // the earliest of several, as sshd
			}
			return err
		})
	case option == "command":
		return needsValue(func() error {
			if l.command = strings.TrimSpace(value); l.command == "" {
				return errors.New("the command is empty")
			}
			return nil
		})
	case option == "principals":
		return needsValue(func() error {
			for p := range strings.SplitSeq(value, ",") {
				if p = strings.TrimSpace(p); p == "" {
					return errors.New("an empty principal")
				}
				l.principals = append(l.principals, p)
			}
			return nil
		})
	}
	if hint, ok := unsupportedHints[option]; ok {
		return fmt.Errorf("option %s is not supported: %s", name, hint)
	}
	return fmt.Errorf("option %s is not supported", name)
}

// unquoteOption reads an option's value: one double-quoted string in which
// \" stands for a quote, as sshd reads it.
func unquoteOption(quoted string) (string, error) {
	if len(quoted) < 2 || quoted[0] != '"' || quoted[len(quoted)-1] != '"' {
		return "", errors.New(`the value must be in double quotes`)
	}
	inner := quoted[1 : len(quoted)-1]
	var b strings.Builder
	for i := 0; i < len(inner); i++ {
		switch {
		case inner[i] == '\\' && i+1 < len(inner) && inner[i+1] == '"':
			b.WriteByte('"')
			i++
		case inner[i] == '"':
			return "", errors.New(`a quote inside the value must be written \"`)
		default:
			b.WriteByte(inner[i])
		}
	}
	return b.String(), nil
}

// parseExpiry reads expiry-time: YYYYMMDD[HHMM[SS]] in local time, or in
// UTC with a trailing Z, as sshd does.
func parseExpiry(value string) (time.Time, error) {
	loc := time.Local
	digits := value
	if strings.HasSuffix(value, "Z") || strings.HasSuffix(value, "z") {
		loc, digits = time.UTC, value[:len(value)-1]
	}
	layouts := map[int]string{8: "20060102", 12: "200601021504", 14: "20060102150405"}
	layout, ok := layouts[len(digits)]
	if !ok {
		return time.Time{}, fmt.Errorf("%q is not YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS (with Z for UTC)", value)
	}
	t, err := time.ParseInLocation(layout, digits, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date and time: %w", value, err)
	}
	return t, nil
}

// addressList is a from= list: addresses, CIDR blocks, and wildcard
// patterns (* and ?) over the address as text, each perhaps negated with !.
// Barkeep matches the client's address only: it looks no names up, as sshd
// without UseDNS.
type addressList struct {
	entries []addressEntry
}

type addressEntry struct {
	negated bool
	prefix  netip.Prefix // an address or a CIDR block, when valid
	pattern string       // otherwise a wildcard pattern, lower case
}

func parseAddressList(value string) (*addressList, error) {
	list := &addressList{}
	positive := false
	for text := range strings.SplitSeq(value, ",") {
		entry, err := parseAddressEntry(strings.TrimSpace(text))
		if err != nil {
			return nil, err
		}
		positive = positive || !entry.negated
		list.entries = append(list.entries, entry)
	}
	if !positive {
		return nil, fmt.Errorf("%q only excludes addresses, so it lets none in: add the ones to let in", value)
	}
	return list, nil
}

func parseAddressEntry(text string) (addressEntry, error) {
	var entry addressEntry
	entry.negated = strings.HasPrefix(text, "!")
	text = strings.TrimPrefix(text, "!")
	if text == "" {
		return entry, errors.New("an empty entry")
	}
	if strings.Contains(text, "/") {
		prefix, err := netip.ParsePrefix(text)
		if err != nil {
			return entry, fmt.Errorf("%q is not a CIDR block", text)
		}
		if masked := prefix.Masked(); masked != prefix {
			return entry, fmt.Errorf("%q has bits set beyond its /%d mask (did you mean %s?)", text, prefix.Bits(), masked)
		}
		if addr := prefix.Addr(); addr.Is4In6() {
			// ::ffff:10.0.0.0/104 is 10.0.0.0/8, which is how a client's
			// address is matched.
			if prefix.Bits() < 96 {
				return entry, fmt.Errorf("%q spans IPv4-mapped and other IPv6 addresses", text)
			}
			prefix = netip.PrefixFrom(addr.Unmap(), prefix.Bits()-96)
		}
		entry.prefix = prefix
		return entry, nil
	}
	if addr, err := netip.ParseAddr(text); err == nil {
		if addr.Zone() != "" {
			return entry, fmt.Errorf("%q has a zone, which Barkeep does not match", text)
		}
		addr = addr.Unmap()
		entry.prefix = netip.PrefixFrom(addr, addr.BitLen())
		return entry, nil
	}
	if !strings.ContainsAny(text, "*?") || strings.Trim(strings.ToLower(text), "0123456789abcdef.:*?") != "" {
		return entry, fmt.Errorf("%q is not an address, a CIDR block or an address pattern: Barkeep matches client addresses, not host names", text)
	}
	entry.pattern = strings.ToLower(text)
	return entry, nil
}

// matches says whether addr is let in: no negated entry matches it and
// some other entry does, as sshd decides.
func (l *addressList) matches(addr netip.Addr) bool {
	if !addr.IsValid() {
		return false
	}
	addr = addr.Unmap().WithZone("")
	text := addr.String()
	in := false
	for _, entry := range l.entries {
		var hit bool
		if entry.prefix.IsValid() {
			hit = entry.prefix.Contains(addr)
		} else {
			// Only address characters and wildcards: path.Match is plain
			// globbing here and cannot fail.
			hit, _ = path.Match(entry.pattern, text)
		}
		if hit && entry.negated {
			return false
		}
		in = in || hit
	}
	return in
}

// admission is what one line lets a key do.
type admission struct {
	line            *keyLine
	command         string
	noPTY           bool
	noTouchRequired bool
}

// admit finds the first line that lets key in as user from addr at now,
// as sshd tries the lines in order. A plain key must be listed itself; a
// certificate must be signed by a cert-authority line and valid for user.
func (l *keyList) admit(key gossh.PublicKey, user string, addr netip.Addr, now time.Time) (*admission, error) {
	cert, isCert := key.(*gossh.Certificate)
	lines := l.keys[gossh.FingerprintSHA256(key)]
	if isCert {
		if cert.CertType != gossh.UserCert {
			return nil, errors.New("the certificate is not a user certificate")
		}
		lines = l.authorities[gossh.FingerprintSHA256(cert.SignatureKey)]
	}
	if len(lines) == 0 {
		return nil, errNotListed
	}
	var refusals []string
	for _, line := range lines {
		a, err := line.admit(cert, user, addr, now)
		if err == nil {
			return a, nil
		}
		refusals = append(refusals, fmt.Sprintf("%s: %v", line.where, err))
	}
	return nil, errors.New(strings.Join(refusals, "; "))
}

// admit checks one line (and the certificate, if any) against a client.
func (l *keyLine) admit(cert *gossh.Certificate, user string, addr netip.Addr, now time.Time) (*admission, error) {
	if l.from != nil && !l.from.matches(addr) {
		return nil, fmt.Errorf("from= does not let %s in", addr)
	}
	if !l.expires.IsZero() && now.After(l.expires) {
		return nil, fmt.Errorf("the key expired at %s", l.expires.Format(time.RFC3339))
	}
	a := &admission{line: l, command: l.command, noPTY: l.noPTY, noTouchRequired: l.noTouchRequired}
	if cert == nil {
		return a, nil
	}
	if err := l.checkCertificate(cert, user, addr, now); err != nil {
		return nil, err
	}
	if forced := cert.CriticalOptions["force-command"]; forced != "" {
		if a.command != "" && a.command != forced {
			return nil, fmt.Errorf("the certificate forces %q and the line forces %q", forced, a.command)
		}
		a.command = forced
	}
	// As in sshd, a certificate grants a terminal only if it says so.
	if _, ok := cert.Extensions["permit-pty"]; !ok {
		a.noPTY = true
	}
	return a, nil
}

// certCriticalOptions are the critical options Barkeep honours; a
// certificate with any other is refused, as the SSH library and sshd do.
var certCriticalOptions = []string{"force-command", "source-address"}

// checkCertificate checks a certificate signed by the line's authority:
// its principals, validity, critical options and signature.
func (l *keyLine) checkCertificate(cert *gossh.Certificate, user string, addr netip.Addr, now time.Time) error {
	principal := user
	if l.principals != nil {
		i := slices.IndexFunc(cert.ValidPrincipals, func(p string) bool { return slices.Contains(l.principals, p) })
		if i < 0 {
			return fmt.Errorf("the certificate (key ID %q) names none of the principals %q", cert.KeyId, l.principals)
		}
		principal = cert.ValidPrincipals[i]
	}
	checker := gossh.CertChecker{
		Clock:                    func() time.Time { return now },
		SupportedCriticalOptions: certCriticalOptions,
	}
	if err := checker.CheckCert(principal, cert); err != nil {
		return fmt.Errorf("certificate (key ID %q): %w", cert.KeyId, err)
	}
	if sources, ok := cert.CriticalOptions["source-address"]; ok {
		allowed, err := parseSourceAddresses(sources)
		if err != nil {
			return fmt.Errorf("certificate (key ID %q): source-address: %w", cert.KeyId, err)
		}
		if !allowed.matches(addr) {
			return fmt.Errorf("certificate (key ID %q): source-address does not let %s in", cert.KeyId, addr)
		}
	}
	return nil
}

// parseSourceAddresses reads a certificate's source-address: addresses
// and CIDR blocks only, without patterns or negation.
func parseSourceAddresses(value string) (*addressList, error) {
	list := &addressList{}
	for text := range strings.SplitSeq(value, ",") {
		entry, err := parseAddressEntry(strings.TrimSpace(text))
		if err != nil || entry.negated || !entry.prefix.IsValid() {
			return nil, fmt.Errorf("%q is not an address or a CIDR block", text)
		}
		list.entries = append(list.entries, entry)
	}
	return list, nil
}
