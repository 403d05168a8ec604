// Command cookieaudit audits websites' cookie compliance: it crawls each site
// before consent, after accepting and after rejecting, reads the site's
// cookie policy, and reports the difference.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes, mapped from errors in one place: exitCode.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

// errFindings is returned when a CI gate (--fail-on) is met. Its message is
// already reported by the command, so main prints nothing more.
var errFindings = errors.New("findings met the --fail-on threshold")

// usageError marks a problem with the command line or a config file.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef returns a usageError with a formatted message.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// exitCode maps an error returned by a command to the process exit code.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFindings):
		return exitFindings
	default:
		return exitError
	}
}

// globalOptions holds what every command shares.
type globalOptions struct {
	stdout  io.Writer
	stderr  io.Writer
	verbose bool
	logger  *slog.Logger
}

func newRootCmd(g *globalOptions) *cobra.Command {
	root := &cobra.Command{
		Use:           "cookieaudit",
		Short:         "Audit a website's cookies against its cookie policy (PECR reg. 6, UK GDPR)",
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			level := slog.LevelWarn
			if g.verbose {
				level = slog.LevelDebug
			}
			g.logger = slog.New(slog.NewTextHandler(g.stderr, &slog.HandlerOptions{Level: level}))
		},
	}
	root.SetOut(g.stdout)
	root.SetErr(g.stderr)
	root.PersistentFlags().BoolVarP(&g.verbose, "verbose", "v", false, "log progress and details to stderr")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newScanCmd(g),
		newDemoCmd(g),
		newPolicyCmd(g),
		newReportCmd(g),
		newDiffCmd(g),
		newMergeCmd(g),
		newInstallCmd(g),
		newVersionCmd(g),
	)
	return root
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	g := &globalOptions{stdout: os.Stdout, stderr: os.Stderr}
	g.logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	err := newRootCmd(g).ExecuteContext(ctx)
	if err != nil && !errors.Is(err, errFindings) {
		fmt.Fprintln(os.Stderr, "cookieaudit:", err)
	}
	os.Exit(exitCode(err))
}
