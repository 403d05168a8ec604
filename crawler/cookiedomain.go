package crawler

import (
	"net"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// refusal says why the browser refuses a script's cookie write made on
// host, by its own rules (RFC 6265bis 5.6 as Chromium applies them), or ""
// when the rules let it through. The reasons are Chromium's own names for
// them, as the DevTools protocol reports them for Set-Cookie headers.
func refusal(host string, secureContext bool, w cookieWrite) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if w.Domain != "" {
		d := strings.TrimSuffix(w.Domain, ".")
		switch {
		case !domainMatches(host, d):
			return "InvalidDomain"
		case d != host && isPublicSuffix(d):
			// A public suffix (gov.uk, co.uk, com) is refused as a Domain
			// unless it is the host itself, when the cookie is host-only.
			return "InvalidDomain"
		}
	}
	if w.Secure && !secureContext {
		return "SecureOnly"
	}
	switch {
	case strings.HasPrefix(w.Name, "__Secure-") && (!w.Secure || !secureContext):
		return "InvalidPrefix"
	case strings.HasPrefix(w.Name, "__Host-") && (!w.Secure || !secureContext || w.Domain != "" || w.Path != "/"):
		return "InvalidPrefix"
	}
	return ""
}

// domainMatches reports whether host domain-matches domain: it is the domain
// or a subdomain of it, and not an IP address unless equal.
func domainMatches(host, domain string) bool {
	if host == domain {
		return true
	}
	if net.ParseIP(host) != nil {
		return false
	}
	return strings.HasSuffix(host, "."+domain)
}

// isPublicSuffix reports whether domain is on the public suffix list (its
// ICANN or private section), as browsers apply it to cookies.
func isPublicSuffix(domain string) bool {
	ps, _ := publicsuffix.PublicSuffix(domain)
	return ps == domain
}
