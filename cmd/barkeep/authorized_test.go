package main

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestKeyLineOptions(t *testing.T) {
	key := newClientKey(t).PublicKey()
	accepted := []struct {
		name    string
		options []string
		check   func(*keyLine) bool
	}{
		{"restrict takes the terminal away", []string{"restrict"}, func(l *keyLine) bool { return l.noPTY }},
		{"a later pty gives it back", []string{"restrict", "pty"}, func(l *keyLine) bool { return !l.noPTY }},
		{"options are case-insensitive", []string{"No-PTY"}, func(l *keyLine) bool { return l.noPTY }},
		{"a quoted command keeps its quotes", []string{`command="show \"dry martini\""`}, func(l *keyLine) bool { return l.command == `show "dry martini"` }},
		{"a comma inside quotes is the value's", []string{`from="10.0.0.0/8,127.0.0.1"`}, func(l *keyLine) bool { return len(l.from.entries) == 2 }},
		{"the earliest expiry-time counts", []string{`expiry-time="20300101"`, `expiry-time="20290101"`}, func(l *keyLine) bool { return l.expires.Year() == 2029 }},
		{"principals go with cert-authority", []string{"cert-authority", `principals="a, b"`}, func(l *keyLine) bool {
			return l.authority && strings.Join(l.principals, "|") == "a|b"
		}},
		{"forwarding refusals are accepted", []string{"no-port-forwarding", "no-agent-forwarding", "no-X11-forwarding", "no-user-rc"}, func(l *keyLine) bool { return !l.noPTY }},
		{"no-touch-required reaches the SSH library", []string{"no-touch-required"}, func(l *keyLine) bool { return l.noTouchRequired }},
	}
	for _, tc := range accepted {
		t.Run(tc.name, func(t *testing.T) {
			line, err := parseKeyLine("test", key, tc.options)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(line) {
				t.Errorf("%q parsed as %+v", tc.options, line)
			}
		})
	}
	refused := []struct {
		options []string
		want    string
	}{
		{[]string{`environment="A=b"`}, "option environment is not supported"},
		{[]string{`permitlisten="8080"`}, "option permitlisten is not supported: Barkeep never forwards ports"},
		{[]string{"agent-forwarding"}, "option agent-forwarding is not supported"},
		{[]string{"user-rc"}, "option user-rc is not supported"},
		{[]string{"X11-forwarding"}, "option X11-forwarding is not supported"},
		{[]string{`command="a"`, `command="b"`}, "option command is given twice"},
		{[]string{`command=""`}, "the command is empty"},
		{[]string{`command=whoami`}, "double quotes"},
		{[]string{`no-pty="yes"`}, "option no-pty takes no value"},
		{[]string{"from"}, `option from needs a value`},
		{[]string{`principals="a"`}, "only for cert-authority lines"},
		{[]string{"cert-authority", `principals="a,,b"`}, "an empty principal"},
		{[]string{`from="host.example.com"`}, "not host names"},
		{[]string{`from="*.example.com"`}, "not host names"},
		{[]string{`from="10.0.0.1/8"`}, "bits set beyond its /8 mask (did you mean 10.0.0.0/8?)"},
		{[]string{`from="10.0.0.0/33"`}, "not a CIDR block"},
		{[]string{`from="!10.0.0.1"`}, "only excludes addresses"},
		{[]string{`from="10.0.0.1,"`}, "an empty entry"},
		{[]string{`from="fe80::1%eth0"`}, "has a zone"},
		{[]string{`expiry-time="2029"`}, "is not YYYYMMDD"},
		{[]string{`expiry-time="20291399"`}, "is not a date"},
	}
	for _, tc := range refused {
		t.Run(strings.Join(tc.options, ","), func(t *testing.T) {
			_, err := parseKeyLine("test", key, tc.options)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%q: got %v, want an error saying %q", tc.options, err, tc.want)
			}
		})
	}
}

func TestFromMatchesAddressesAsSSHDDoes(t *testing.T) {
	for _, tc := range []struct {
		list, addr string
		want       bool
	}{
		{"127.0.0.1", "127.0.0.1", true},
		{"127.0.0.1", "127.0.0.2", false},
		{"10.0.0.0/8", "10.200.3.4", true},
		{"10.0.0.0/8", "11.0.0.1", false},
		{"10.0.0.0/8,!10.0.0.5", "10.0.0.5", false},
		{"!10.0.0.5,10.0.0.0/8", "10.0.0.5", false},
		{"!10.0.0.5,10.0.0.0/8", "10.0.0.6", true},
		{"192.168.?.*", "192.168.1.20", true},
		{"192.168.?.*", "192.168.10.20", false},
		{"*", "2001:db8::1", true},
		{"2001:DB8::/32", "2001:db8::1", true},
		{"2001:db8:*", "2001:db8::1", true},
		{"127.0.0.1", "::ffff:127.0.0.1", true},
		{"::ffff:10.0.0.0/104", "10.1.2.3", true},
		{"10.0.0.0/8", "", false}, // no address known: nothing matches
	} {
		list, err := parseAddressList(tc.list)
		if err != nil {
			t.Fatalf("%q: %v", tc.list, err)
		}
		var addr netip.Addr
		if tc.addr != "" {
			addr = netip.MustParseAddr(tc.addr)
		}
		if got := list.matches(addr); got != tc.want {
			t.Errorf("from=%q with %s: got %v, want %v", tc.list, tc.addr, got, tc.want)
		}
	}
}

func TestExpiryTimeIsLocalUnlessZ(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  time.Time
	}{
		{"20290102", time.Date(2029, 1, 2, 0, 0, 0, 0, time.Local)},
		{"202901021530", time.Date(2029, 1, 2, 15, 30, 0, 0, time.Local)},
		{"20290102153045Z", time.Date(2029, 1, 2, 15, 30, 45, 0, time.UTC)},
	} {
		got, err := parseExpiry(tc.value)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%s: got %v, %v; want %v", tc.value, got, err, tc.want)
		}
	}
}
