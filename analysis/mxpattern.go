package analysis

import (
	"net/netip"
	"strings"
)

// MatchMXPattern tells whether an MX hostname matches one "mx:" pattern of
// an MTA-STS policy. RFC 8461 section 4.1: a pattern is a fully qualified
// name or "*." and a name, and the wildcard matches exactly one leftmost
// label, so "*.example.com" matches "mx.example.com" but neither
// "example.com" nor "a.b.example.com". Names compare without case, without
// a trailing dot and in their punycode form.
func MatchMXPattern(pattern, host string) bool {
	host = DomainASCII(host)
	pattern = strings.TrimSpace(pattern)
	if rest, ok := strings.CutPrefix(pattern, "*."); ok {
		_, parent, found := strings.Cut(host, ".")
		return found && parent != "" && parent == DomainASCII(rest)
	}
	return host != "" && host == DomainASCII(pattern)
}

// matchesAnyMX tells whether host matches one of patterns.
func matchesAnyMX(patterns []string, host string) bool {
	for _, p := range patterns {
		if MatchMXPattern(p, host) {
			return true
		}
	}
	return false
}

// isIPLiteral tells whether a reported "hostname" is an address, which no
// mx: pattern can name.
func isIPLiteral(s string) bool {
	_, err := netip.ParseAddr(strings.Trim(s, "[]"))
	return err == nil
}
