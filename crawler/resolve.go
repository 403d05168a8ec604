package crawler

import (
	"fmt"
	"net"
	"strings"
)

// HostResolverRules turns curl-style --resolve (HOST:PORT:ADDR) and
// --connect-to (HOST:PORT:ADDR:PORT2) entries into Chromium's
// host-resolver rules, which honour the port. HOST may be * or
// *.example.gov.uk; ADDR may be an [IPv6] address.
func HostResolverRules(resolve, connectTo []string) (string, error) {
	var out []string
	for _, r := range resolve {
		host, port, addr, err := splitResolve(r, 3)
		if err != nil {
			return "", fmt.Errorf("--resolve %q: %v (want HOST:PORT:ADDR)", r, err)
		}
		out = append(out, fmt.Sprintf("MAP %s:%s %s", host, port, bracket(addr[0])))
	}
	for _, r := range connectTo {
		host, port, addr, err := splitResolve(r, 4)
		if err != nil {
			return "", fmt.Errorf("--connect-to %q: %v (want HOST:PORT:ADDR:PORT2)", r, err)
		}
		out = append(out, fmt.Sprintf("MAP %s:%s %s:%s", host, port, bracket(addr[0]), addr[1]))
	}
	return strings.Join(out, ","), nil
}

// splitResolve splits HOST:PORT:ADDR[:PORT2]; ADDR may be an [IPv6] address.
func splitResolve(s string, parts int) (host, port string, rest []string, err error) {
	host, s, ok := strings.Cut(s, ":")
	if !ok || host == "" {
		return "", "", nil, fmt.Errorf("no host")
	}
	port, s, ok = strings.Cut(s, ":")
	if !ok || !isPort(port) {
		return "", "", nil, fmt.Errorf("bad port")
	}
	if strings.HasPrefix(s, "[") {
		end := strings.Index(s, "]")
		if end < 0 {
			return "", "", nil, fmt.Errorf("bad address")
		}
		rest = append(rest, s[1:end])
		s = strings.TrimPrefix(s[end+1:], ":")
		if s != "" {
			rest = append(rest, s)
		}
	} else {
		rest = strings.Split(s, ":")
	}
	if len(rest) != parts-2 || rest[0] == "" {
		return "", "", nil, fmt.Errorf("wrong number of fields")
	}
	if parts == 4 && !isPort(rest[1]) {
		return "", "", nil, fmt.Errorf("bad port")
	}
	if net.ParseIP(rest[0]) == nil && strings.ContainsAny(rest[0], " ,") {
		return "", "", nil, fmt.Errorf("bad address")
	}
	return host, port, rest, nil
}

func isPort(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func bracket(addr string) string {
	if strings.Contains(addr, ":") {
		return "[" + addr + "]"
	}
	return addr
}
