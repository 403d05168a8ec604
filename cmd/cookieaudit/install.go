package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/crawler/consent/acpkg"
)

// installOptions are the inputs of `cookieaudit install`.
type installOptions struct {
	g        *globalOptions
	registry string
	force    bool
}

// newInstallCmd builds the install command; runF runs it (runInstall when
// nil), so that tests can check the flags without fetching.
func newInstallCmd(g *globalOptions, runF func(context.Context, *installOptions) error) *cobra.Command {
	o := &installOptions{g: g}
	if runF == nil {
		runF = runInstall
	}
	cmd := &cobra.Command{
		Use:   "install",
		Short: "Download the pinned autoconsent consent rules into the user cache",
		Long: `Install fetches the release of DuckDuckGo's @duckduckgo/autoconsent this
build is pinned to (` + acpkg.Pinned().Version + `) from the npm registry, checks it against the
sha512 integrity of the lockfile, and unpacks the content script and the
rules into the user cache, where every scan finds them. A scan does the same
on first use; install does it ahead, for instance when building a CI image.

Offline, point $` + acpkg.EnvDir + ` or --autoconsent at an unpacked copy instead.`,
		Example: `  cookieaudit install
  npm_config_registry=https://npm.example.internal cookieaudit install`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runF(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.registry, "registry", "", "npm registry `URL` (default: $"+acpkg.EnvRegistry+", else "+acpkg.DefaultRegistry+")")
	cmd.Flags().BoolVar(&o.force, "force", false, "fetch again even when a valid copy is cached")
	return cmd
}

func runInstall(ctx context.Context, o *installOptions) error {
	start := time.Now()
	p, fetched, err := acpkg.Install(ctx, acpkg.Options{Registry: o.registry, Logger: o.g.logger}, o.force)
	if err != nil {
		return fmt.Errorf("install: %w", err)
	}
	if !fetched {
		fmt.Fprintf(o.g.stdout, "autoconsent %s, %d rules: already installed in %s\n", p.Version, p.RuleCount, p.Dir)
		return nil
	}
	fmt.Fprintf(o.g.stdout, "autoconsent %s, %d rules: installed in %s from %s in %s\n",
		p.Version, p.RuleCount, p.Dir, acpkg.Registry(o.registry), time.Since(start).Round(time.Millisecond))
	return nil
}
