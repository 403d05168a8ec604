package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/audit/report"
	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/consent/acpkg"
)

// versionOptions are the inputs of `cookieaudit version`.
type versionOptions struct {
	g              *globalOptions
	browserPath    string
	autoconsentDir string
	format         string
}

// newVersionCmd builds the version command; runF runs it (runVersion when
// nil), so that tests can check the flags without running it.
func newVersionCmd(g *globalOptions, runF func(context.Context, *versionOptions) error) *cobra.Command {
	o := &versionOptions{g: g}
	if runF == nil {
		runF = runVersion
	}
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the versions of cookieaudit, the browser it drives and the consent rules it uses",
		Long: `Version prints the tool's version, the browser a scan would launch and its
version, and the autoconsent release a scan would load (without fetching
it): its version, its number of rules and where it was found. --format json
prints the same as one JSON object, for CI logs and inventories.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.format != "text" && o.format != "json" {
				return usagef("--format %q: want text or json", o.format)
			}
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.browserPath, "browser", "", "Chromium or Chrome executable (default: found on PATH)")
	cmd.Flags().StringVar(&o.autoconsentDir, "autoconsent", "", "an unpacked @duckduckgo/autoconsent package `DIR` (default: as scan finds it)")
	cmd.Flags().StringVar(&o.format, "format", "text", "output `FORMAT`: text or json")
	completeValues(cmd, "format", "text", "json")
	return cmd
}

// versionInfo is what `cookieaudit version` reports.
type versionInfo struct {
	Version      string          `json:"version"`
	Go           string          `json:"go"`
	Platform     string          `json:"platform"`
	ReportSchema string          `json:"report_schema"`
	Browser      browserInfo     `json:"browser"`
	Autoconsent  autoconsentInfo `json:"autoconsent"`
}

// browserInfo is the browser a scan would launch.
type browserInfo struct {
	Path    string `json:"path,omitempty"`
	Version string `json:"version,omitempty"`
	Error   string `json:"error,omitempty"`
}

// autoconsentInfo is the autoconsent release a scan would load.
type autoconsentInfo struct {
	Version string `json:"version,omitempty"`
	Pinned  string `json:"pinned"`
	Rules   int    `json:"rules,omitempty"`
	Source  string `json:"source,omitempty"`
	Dir     string `json:"dir,omitempty"`
	Error   string `json:"error,omitempty"`
}

func runVersion(ctx context.Context, o *versionOptions) error {
	info := versionInfo{
		Version: toolVersion(), Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH,
		ReportSchema: report.Schema, Browser: findBrowserVersion(ctx, o.browserPath),
		Autoconsent: autoconsentInfo{Pinned: acpkg.Pinned().Version},
	}
	if p, err := acpkg.Locate(ctx, acpkg.Options{Dir: o.autoconsentDir, Logger: o.g.logger}); err != nil {
		info.Autoconsent.Error = err.Error()
	} else {
		info.Autoconsent = autoconsentInfo{Version: p.Version, Pinned: p.Pinned, Rules: p.RuleCount, Source: string(p.Source), Dir: p.Dir}
	}
	w := o.g.stdout
	if o.format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(info)
	}
	fmt.Fprintf(w, "cookieaudit  %s (%s %s)\n", info.Version, info.Go, info.Platform)
	switch b := info.Browser; {
	case b.Path == "":
		fmt.Fprintf(w, "browser      not found: %s\n", b.Error)
	case b.Error != "":
		fmt.Fprintf(w, "browser      %s (version unknown: %s)\n", b.Path, b.Error)
	default:
		fmt.Fprintf(w, "browser      %s (%s)\n", b.Path, b.Version)
	}
	a := info.Autoconsent
	if a.Error != "" {
		fmt.Fprintf(w, "autoconsent  not installed: %s\n", a.Error)
		fmt.Fprintf(w, "             a scan fetches the pinned %s on first use; `cookieaudit install` does it now\n", a.Pinned)
		return nil
	}
	fmt.Fprintf(w, "autoconsent  %s, %d rules (%s: %s)", a.Version, a.Rules, a.Source, a.Dir)
	if a.Version != a.Pinned {
		fmt.Fprintf(w, " (this build is pinned to %s)", a.Pinned)
	}
	fmt.Fprintln(w)
	return nil
}

// findBrowserVersion finds the browser a scan would launch (path, when
// given) and asks it its version.
func findBrowserVersion(ctx context.Context, path string) browserInfo {
	if path == "" {
		p, err := crawler.FindBrowser()
		if err != nil {
			return browserInfo{Error: err.Error()}
		}
		path = p
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second) // hang guard
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		return browserInfo{Path: path, Error: err.Error()}
	}
	return browserInfo{Path: path, Version: strings.TrimSpace(string(out))}
}

// toolVersion is the version set at build time, else the module version
// `go install` records.
func toolVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}
