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
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/cookieaudit/cookieaudit/cmd/internal/app"
	"github.com/cookieaudit/cookieaudit/crawler"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit codes, mapped from errors in one place: exitCode. README's "Exit
// status" section lists them.
const (
	exitOK          = 0   // every site audited, no --fail-on threshold met
	exitFindings    = 1   // --fail-on met
	exitError       = 2   // usage or input error, or the run could not start
	exitNotAudited  = 3   // a site could not be audited (--allow-site-errors opts out)
	exitInterrupted = 130 // SIGINT/SIGTERM: the partial report was written
)

// usagef returns an input error (exit 2) with a formatted message.
func usagef(format string, args ...any) error {
	return app.Inputf(format, args...)
}

// exitCode maps an error returned by a command to the process exit code.
// An interrupt wins over everything, then sites not audited, then the
// --fail-on gate; any other error is 2.
func exitCode(err error) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, app.ErrInterrupted):
		return exitInterrupted
	case errors.Is(err, app.ErrSitesNotAudited):
		return exitNotAudited
	case errors.Is(err, app.ErrFindings):
		return exitFindings
	default:
		return exitError
	}
}

// errorMessage is what main prints for err: the message, and for an input
// error where to read about the command's flags.
func errorMessage(cmd *cobra.Command, err error) string {
	msg := "cookieaudit: " + strings.ReplaceAll(err.Error(), "\n", "\n  ")
	var ie app.InputError
	if errors.As(err, &ie) && cmd != nil {
		msg += "\n(see '" + cmd.CommandPath() + " --help')"
	}
	return msg
}

// globalOptions holds what every command shares.
type globalOptions struct {
	stdout  io.Writer
	stderr  io.Writer
	verbose bool
	logger  *slog.Logger
	// sharedBrowser, when set (by tests), gives scan a browser shared by
	// many runs instead of launching one per run.
	sharedBrowser func(ctx context.Context) (*crawler.Browser, error)
	// now, when set (by tests), is the scans' clock.
	now func() time.Time
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
			g.logger = newLogger(g.stderr, level)
		},
	}
	root.SetOut(g.stdout)
	root.SetErr(g.stderr)
	root.PersistentFlags().BoolVarP(&g.verbose, "verbose", "v", false, "log progress and details to stderr")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error { return app.InputError{Err: err} })
	root.AddCommand(
		newScanCmd(g, nil),
		newDemoCmd(g, nil),
		newPolicyCmd(g),
		newReportCmd(g, nil),
		newDiffCmd(g, nil),
		newMergeCmd(g, nil),
		newInstallCmd(g, nil),
		newVersionCmd(g, nil),
		newSchemaCmd(g),
	)
	return root
}

func main() {
	if os.Getenv("GOGC") == "" {
		// The crawler's heap is small (7-14 MB on the bench's three-phase
		// scan) but the runtime lets it double before collecting: half
		// that headroom takes 4 MB off the process's peak at no measurable
		// cost in time.
		debug.SetGCPercent(50)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// The first signal stops the run and writes the partial report; a
		// second one ends the process at once.
		<-ctx.Done()
		stop()
	}()
	g := &globalOptions{stdout: os.Stdout, stderr: os.Stderr}
	g.logger = newLogger(os.Stderr, slog.LevelWarn)
	cmd, err := newRootCmd(g).ExecuteContextC(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, errorMessage(cmd, err))
	}
	os.Exit(exitCode(err))
}
