package main

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/crawler"
	"github.com/cookieaudit/cookieaudit/crawler/consent/acpkg"
)

func newVersionCmd(g *globalOptions) *cobra.Command {
	var browserPath, autoconsentDir string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the versions of cookieaudit, the browser it drives and the consent rules it uses",
		Long: `Version prints the tool's version, the browser a scan would launch and its
version, and the autoconsent release a scan would load (without fetching
it): its version, its number of rules and where it was found.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVersion(cmd.Context(), g, browserPath, autoconsentDir)
		},
	}
	cmd.Flags().StringVar(&browserPath, "browser", "", "Chromium or Chrome executable (default: found on PATH)")
	cmd.Flags().StringVar(&autoconsentDir, "autoconsent", "", "an unpacked @duckduckgo/autoconsent package `DIR` (default: as scan finds it)")
	return cmd
}

func runVersion(ctx context.Context, g *globalOptions, browserPath, autoconsentDir string) error {
	w := g.stdout
	fmt.Fprintf(w, "cookieaudit  %s (%s %s/%s)\n", toolVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	printBrowser(ctx, w, browserPath)
	p, err := acpkg.Locate(ctx, acpkg.Options{Dir: autoconsentDir, Logger: g.logger})
	if err != nil {
		fmt.Fprintf(w, "autoconsent  not installed: %v\n", err)
		fmt.Fprintf(w, "             a scan fetches the pinned %s on first use; `cookieaudit install` does it now\n", acpkg.Pinned().Version)
		return nil
	}
	fmt.Fprintf(w, "autoconsent  %s, %d rules (%s: %s)", p.Version, p.RuleCount, p.Source, p.Dir)
	if p.Version != p.Pinned {
		fmt.Fprintf(w, " (this build is pinned to %s)", p.Pinned)
	}
	fmt.Fprintln(w)
	return nil
}

// printBrowser prints the browser a scan would launch and what it says its
// version is.
func printBrowser(ctx context.Context, w io.Writer, path string) {
	if path == "" {
		p, err := crawler.FindBrowser()
		if err != nil {
			fmt.Fprintf(w, "browser      not found: %v\n", err)
			return
		}
		path = p
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second) // hang guard
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--version").Output()
	if err != nil {
		fmt.Fprintf(w, "browser      %s (version unknown: %v)\n", path, err)
		return
	}
	fmt.Fprintf(w, "browser      %s (%s)\n", path, strings.TrimSpace(string(out)))
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
