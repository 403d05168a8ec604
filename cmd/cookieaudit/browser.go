package main

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
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

// rules turns --resolve and --connect-to, after the demo's own rules, into
// Chromium host-resolver rules.
func (b *browserFlags) rules() (string, error) {
	rules, err := crawler.HostResolverRules(b.resolve, b.connectTo)
	if err != nil {
		return "", usagef("%v", err)
	}
	if b.resolverRules != "" {
		rules = strings.TrimSuffix(b.resolverRules+","+rules, ",")
	}
	return rules, nil
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

// renderer renders one page in a fresh browser and returns its final URL
// and HTML.
func (b *browserFlags) renderer(g *globalOptions) app.Renderer {
	return func(ctx context.Context, url string) (finalURL, html string, err error) {
		br, err := b.launch(ctx, g)
		if err != nil {
			return "", "", err
		}
		defer br.Close()
		return br.RenderHTML(ctx, url, 30*time.Second)
	}
}
