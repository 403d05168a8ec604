package main

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/cookieaudit/cookieaudit/crawler"
)

// browserFlags are the flags of every command that drives the browser.
type browserFlags struct {
	path            string
	remoteURL       string
	resolve         []string
	connectTo       []string
	insecure        bool
	userAgent       string
	blockThirdParty bool
	// resolverRules is set by the demo to reach its local sites.
	resolverRules string
}

func (b *browserFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&b.path, "browser", "", "Chromium or Chrome executable (default: the first found of "+strings.Join(crawler.BrowserNames, ", ")+"; chromium-headless-shell is the lightest; the report's tool block names the one that ran)")
	fs.StringVar(&b.remoteURL, "browser-url", "", "drive a running browser over the DevTools Protocol (ws://...) instead of launching one")
	fs.StringArrayVar(&b.resolve, "resolve", nil, "HOST:PORT:ADDR, as curl: connect to ADDR for HOST on PORT (repeatable; HOST may be * or *.example.gov.uk; applied through Chromium's host-resolver rules, which honour the port)")
	fs.StringArrayVar(&b.connectTo, "connect-to", nil, "HOST:PORT:ADDR:PORT2, as curl: connect to ADDR:PORT2 for HOST on PORT (repeatable)")
	fs.BoolVarP(&b.insecure, "insecure", "k", false, "accept invalid TLS certificates, as curl -k (staging sites)")
	fs.StringVar(&b.userAgent, "user-agent", "", "user agent to present (default: the browser's own, as a regular Chrome)")
	fs.BoolVar(&b.blockThirdParty, "block-third-party-cookies", false, "refuse third-party cookies, as Chromium's fresh profiles do (default: accept them, as most visitors' browsers do; refused ones are recorded as blocked either way)")
}

// rules turns --resolve and --connect-to into Chromium host-resolver rules.
func (b *browserFlags) rules() (string, error) {
	var out []string
	if b.resolverRules != "" {
		out = append(out, b.resolverRules)
	}
	for _, r := range b.resolve {
		host, port, addr, err := splitResolve(r, 3)
		if err != nil {
			return "", usagef("--resolve %q: %v (want HOST:PORT:ADDR)", r, err)
		}
		out = append(out, fmt.Sprintf("MAP %s:%s %s", host, port, bracket(addr[0])))
	}
	for _, r := range b.connectTo {
		host, port, addr, err := splitResolve(r, 4)
		if err != nil {
			return "", usagef("--connect-to %q: %v (want HOST:PORT:ADDR:PORT2)", r, err)
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

// launch starts (or attaches to) the browser.
func (b *browserFlags) launch(ctx context.Context, g *globalOptions) (*crawler.Browser, error) {
	rules, err := b.rules()
	if err != nil {
		return nil, err
	}
	return crawler.Launch(ctx, crawler.BrowserOptions{
		Path: b.path, RemoteURL: b.remoteURL, ResolverRules: rules, Insecure: b.insecure,
		UserAgent: b.userAgent, BlockThirdPartyCookies: b.blockThirdParty, Logger: g.logger,
	})
}

// renderPage renders one page in a fresh browser and returns its final URL
// and HTML.
func renderPage(ctx context.Context, g *globalOptions, bf *browserFlags, url string) (finalURL, html string, err error) {
	br, err := bf.launch(ctx, g)
	if err != nil {
		return "", "", err
	}
	defer br.Close()
	return br.RenderHTML(ctx, url, 30*time.Second)
}
