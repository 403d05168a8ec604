package app

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// refusedSchemes are schemes people paste that are never a website to
// crawl; they are named in the error rather than taken for a host.
var refusedSchemes = []string{"javascript", "file", "ftp", "ftps", "data", "mailto", "about", "chrome", "view-source", "ws", "wss"}

// NormalizeSite turns a site as a person writes it (on the command line or
// in a config file) into the URL the crawler visits: https:// is added to a
// bare host, the host is lower-cased and written in punycode as the browser
// sends it (xn--bcher-kva.example), the default port and any fragment are
// dropped, and an empty path becomes "/". Anything that is not an http(s)
// URL with a host is refused with a message naming the problem.
func NormalizeSite(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", fmt.Errorf("empty site URL")
	}
	if scheme, _, ok := strings.Cut(s, ":"); ok && slices.Contains(refusedSchemes, strings.ToLower(scheme)) {
		return "", fmt.Errorf("%q: %s: URLs are not web pages; give an http(s) URL or a host name", raw, strings.ToLower(scheme))
	}
	if !strings.Contains(s, "://") {
		if strings.HasPrefix(s, "//") {
			s = "https:" + s
		} else {
			s = "https://" + s
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%q is not a URL: %v", raw, unwrapURLError(err))
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("%q: scheme %s: is not crawled; give an http(s) URL", raw, u.Scheme)
	}
	host := u.Hostname()
	if host == "" {
		return "", fmt.Errorf("%q has no host name", raw)
	}
	if u.User != nil {
		return "", fmt.Errorf("%q carries a user name or password; give the site's URL without them", raw)
	}
	ascii := strings.ToLower(host)
	if net.ParseIP(host) == nil {
		if strings.ContainsAny(host, " !\"'<>\\^`{|}%") {
			return "", fmt.Errorf("%q: %q is not a valid host name", raw, host)
		}
		if ascii, err = hostToASCII(host); err != nil {
			return "", fmt.Errorf("%q: %v", raw, err)
		}
	}
	port := u.Port()
	if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		port = ""
	}
	u.Host = ascii
	if strings.Contains(ascii, ":") {
		u.Host = "[" + ascii + "]"
	}
	if port != "" {
		u.Host += ":" + port
	}
	u.Fragment, u.RawFragment = "", ""
	u.RawQuery = strings.ReplaceAll(u.RawQuery, " ", "%20")
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), nil
}

// unwrapURLError drops url.Error's repetition of the input.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// siteKey identifies a site for deduplication and lookups: its normalised
// URL without a trailing slash (so /a and /a/ are one site).
func siteKey(site string) string {
	if n, err := NormalizeSite(site); err == nil {
		site = n
	}
	return strings.TrimSuffix(site, "/")
}

// NormalizeSites normalises every site and drops repeats of one site
// (compared by siteKey), keeping the first spelling.
func NormalizeSites(raw []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, r := range raw {
		n, err := NormalizeSite(r)
		if err != nil {
			return nil, err
		}
		if k := siteKey(n); !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	return out, nil
}

// ParseShard reads K/N (1 <= K <= N); "" is 1/1.
func ParseShard(s string) (k, n int, err error) {
	if s == "" {
		return 1, 1, nil
	}
	if _, err := fmt.Sscanf(s, "%d/%d", &k, &n); err != nil || n < 1 || k < 1 || k > n || fmt.Sprintf("%d/%d", k, n) != s {
		return 0, 0, fmt.Errorf("--shard %q: want K/N with 1 <= K <= N, e.g. 2/5", s)
	}
	return k, n, nil
}

// ShardSites keeps shard K of N: the sites, sorted, whose position modulo N
// is K-1. Every shard of the same list sees the same order, so the shards
// cover the list exactly once.
func ShardSites(sites []string, k, n int) []string {
	if n <= 1 {
		return sites
	}
	sorted := slices.Sorted(slices.Values(sites))
	var out []string
	for i, s := range sorted {
		if i%n == k-1 {
			out = append(out, s)
		}
	}
	return out
}

// SameSite reports whether two site URLs name one site, as NormalizeSite
// keys them (host case, trailing slash, IDN, default port).
func SameSite(a, b string) bool { return siteKey(a) == siteKey(b) }

// browserIDNA maps host names as browsers do (the WHATWG URL standard's
// UTS #46 settings): non-transitional, so ß and ς stay distinct; no STD3
// rules, so labels with underscores pass; no hyphen checks.
var browserIDNA = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.Transitional(false),
	idna.StrictDomainName(false), idna.CheckHyphens(false))

// hostToASCII writes a host name as the browser sends it: mapped (lower
// case, NFC) and each label with non-ASCII letters in punycode behind
// "xn--".
func hostToASCII(host string) (string, error) {
	if !utf8.ValidString(host) {
		return "", fmt.Errorf("host %q is not valid UTF-8", host)
	}
	ascii, err := browserIDNA.ToASCII(host)
	if err != nil {
		return "", fmt.Errorf("host %q: %w", host, err)
	}
	return ascii, nil
}
