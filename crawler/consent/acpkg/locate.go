package acpkg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Options say where to look for the package and whether it may be fetched.
type Options struct {
	// Dir is a copy given explicitly (the --autoconsent flag); when set,
	// nothing else is tried.
	Dir string
	// CacheDir holds cached releases; empty means DefaultCacheDir.
	CacheDir string
	// SearchFrom are the directories whose node_modules (and their
	// parents') are searched; nil means the working directory and the
	// executable's directory.
	SearchFrom []string
	// Fetch allows downloading the pinned release when no copy is found.
	Fetch bool
	// Registry is the npm registry; empty means Registry("").
	Registry string
	// Client makes the registry requests; nil means http.DefaultClient.
	Client *http.Client
	// Pin is the release to use; zero means Pinned().
	Pin Pin
	// Logger receives progress; nil discards it.
	Logger *slog.Logger
}

func (o *Options) defaults() error {
	if o.Pin == (Pin{}) {
		o.Pin = Pinned()
	}
	if o.CacheDir == "" {
		dir, err := DefaultCacheDir()
		if err != nil {
			return err
		}
		o.CacheDir = dir
	}
	if o.Client == nil {
		o.Client = http.DefaultClient
	}
	o.Registry = Registry(o.Registry)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

// fetchTimeout bounds a first-use download, so an unreachable registry
// cannot hold a scan up for long.
const fetchTimeout = 2 * time.Minute

// Locate returns a copy of the package. The lookup order is: opts.Dir,
// $COOKIEAUDIT_AUTOCONSENT, the cache, node_modules above the working
// directory or the executable, and then (with opts.Fetch) the pinned
// release from the registry, which is cached for next time. An explicit
// directory or environment variable that does not hold the package is an
// error: nothing else is tried. Errors when nothing is found wrap
// ErrNotFound and say where the package was looked for.
func Locate(ctx context.Context, opts Options) (*Package, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	if opts.Dir != "" {
		p, err := Load(opts.Dir)
		if err != nil {
			return nil, fmt.Errorf("autoconsent %s: %w", opts.Dir, err)
		}
		p.Source = SourceFlag
		return p, nil
	}
	if env := os.Getenv(EnvDir); env != "" {
		p, err := Load(env)
		if err != nil {
			return nil, fmt.Errorf("$%s=%s: %w", EnvDir, env, err)
		}
		p.Source = SourceEnv
		return p, nil
	}
	var tried []string
	p, err := loadCached(opts.CacheDir, opts.Pin)
	if err == nil {
		return p, nil
	}
	if !errors.Is(err, ErrNotFound) {
		opts.Logger.Warn("autoconsent cache not used", "err", err)
	}
	tried = append(tried, "not in the cache "+opts.CacheDir)
	if p, ok := searchNodeModules(opts.SearchFrom); ok {
		return p, nil
	}
	tried = append(tried, "no node_modules/"+Name+" above the working directory or the binary")
	if !opts.Fetch {
		return nil, fmt.Errorf("%w (%s)", ErrNotFound, strings.Join(tried, "; "))
	}
	p, err = fetchInto(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("%w (%s) and %w", ErrNotFound, strings.Join(tried, "; "), err)
	}
	return p, nil
}

// Install puts the pinned release into the cache, fetching it unless a
// valid copy is there already (or force is set), and returns it.
func Install(ctx context.Context, opts Options, force bool) (p *Package, fetchedNow bool, err error) {
	if err := opts.defaults(); err != nil {
		return nil, false, err
	}
	if !force {
		if p, err := loadCached(opts.CacheDir, opts.Pin); err == nil {
			return p, false, nil
		} else if !errors.Is(err, ErrNotFound) {
			opts.Logger.Warn("autoconsent cache replaced", "err", err)
		}
	}
	p, err = fetchInto(ctx, opts)
	return p, err == nil, err
}

// fetchInto fetches the pinned release, unpacks it into the cache and
// loads it.
func fetchInto(ctx context.Context, opts Options) (*Package, error) {
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	start := time.Now()
	opts.Logger.Info("fetching autoconsent", "version", opts.Pin.Version, "registry", opts.Registry)
	f, err := fetchTarball(ctx, opts.Client, opts.Registry, opts.Pin)
	if err != nil {
		return nil, fmt.Errorf("fetch %s@%s from %s: %w", Name, opts.Pin.Version, opts.Registry, err)
	}
	files, err := Unpack(f.data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.url, err)
	}
	if err := checkManifest(files[ManifestFile], opts.Pin); err != nil {
		return nil, fmt.Errorf("%s: %w", f.url, err)
	}
	if _, err := CountRules(files[RulesFile]); err != nil {
		return nil, fmt.Errorf("%s: %w", f.url, err)
	}
	if _, err := store(opts.CacheDir, opts.Pin, files, f.url); err != nil {
		return nil, err
	}
	p, err := loadCached(opts.CacheDir, opts.Pin)
	if err != nil {
		return nil, err
	}
	p.Source = SourceRegistry
	opts.Logger.Info("autoconsent cached", "dir", p.Dir, "bytes", len(f.data), "took", time.Since(start).Round(time.Millisecond))
	return p, nil
}

// checkManifest checks that package.json names the pinned package and
// version.
func checkManifest(data []byte, pin Pin) error {
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("package.json: %w", err)
	}
	if m.Name != Name || m.Version != pin.Version {
		return fmt.Errorf("package.json names %s@%s, want %s@%s", m.Name, m.Version, Name, pin.Version)
	}
	return nil
}

// searchNodeModules looks for node_modules/@duckduckgo/autoconsent in each
// start directory and its parents.
func searchNodeModules(starts []string) (*Package, bool) {
	if starts == nil {
		if wd, err := os.Getwd(); err == nil {
			starts = append(starts, wd)
		}
		if exe, err := os.Executable(); err == nil {
			if real, err := filepath.EvalSymlinks(exe); err == nil {
				exe = real
			}
			starts = append(starts, filepath.Dir(exe))
		}
	}
	for _, dir := range starts {
		for {
			if p, err := Load(filepath.Join(dir, "node_modules", filepath.FromSlash(Name))); err == nil {
				p.Source = SourceNodeModules
				return p, true
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return nil, false
}
