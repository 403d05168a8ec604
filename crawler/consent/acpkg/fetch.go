package acpkg

import (
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// DefaultRegistry is the public npm registry.
const DefaultRegistry = "https://registry.npmjs.org"

// EnvRegistry is npm's own setting for the registry, honoured here too.
const EnvRegistry = "npm_config_registry"

// ErrIntegrity is returned when a tarball (or the registry's record of it)
// does not match the pinned sha512 integrity.
var ErrIntegrity = errors.New("integrity mismatch")

// maxPackument bounds the registry's package document.
const maxPackument = 32 << 20

// Registry returns the registry to fetch from: explicit when set, else
// $npm_config_registry, else the public registry.
func Registry(explicit string) string {
	if explicit != "" {
		return explicit
	}
	if env := os.Getenv(EnvRegistry); env != "" {
		return env
	}
	return DefaultRegistry
}

// fetched is a tarball downloaded and verified.
type fetched struct {
	url  string
	data []byte
}

// fetchTarball asks the registry for the pinned version's tarball,
// downloads it and checks its sha512 against pin.Integrity. The registry's
// own record of the integrity must agree too: a registry that lists a
// different hash for the pinned version is refused before any download.
func fetchTarball(ctx context.Context, client *http.Client, registry string, pin Pin) (*fetched, error) {
	want, err := sha512Of(pin.Integrity)
	if err != nil {
		return nil, fmt.Errorf("pinned integrity: %w", err)
	}
	base, err := url.Parse(strings.TrimSuffix(registry, "/") + "/")
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") {
		return nil, fmt.Errorf("registry %q is not an http(s) URL", registry)
	}
	// npm escapes the scope's slash: /@duckduckgo%2fautoconsent.
	docURL := base.String() + strings.Replace(Name, "/", "%2f", 1)
	var doc struct {
		Versions map[string]struct {
			Dist struct {
				Tarball   string `json:"tarball"`
				Integrity string `json:"integrity"`
			} `json:"dist"`
		} `json:"versions"`
	}
	body, err := get(ctx, client, docURL, "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8", maxPackument)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("package document: %w", err)
	}
	v, ok := doc.Versions[pin.Version]
	if !ok || v.Dist.Tarball == "" {
		return nil, fmt.Errorf("the registry has no tarball for %s@%s", Name, pin.Version)
	}
	if v.Dist.Integrity != "" {
		if got, err := sha512Of(v.Dist.Integrity); err == nil && got != want {
			return nil, fmt.Errorf("the registry lists %s@%s with integrity %s, but the lockfile pins %s: refusing it: %w",
				Name, pin.Version, v.Dist.Integrity, pin.Integrity, ErrIntegrity)
		}
	}
	tarURL, err := base.Parse(v.Dist.Tarball)
	if err != nil || (tarURL.Scheme != "http" && tarURL.Scheme != "https") {
		return nil, fmt.Errorf("bad tarball URL %q", v.Dist.Tarball)
	}
	data, err := get(ctx, client, tarURL.String(), "application/octet-stream", maxTarball)
	if err != nil {
		return nil, err
	}
	sum := sha512.Sum512(data)
	if got := base64.StdEncoding.EncodeToString(sum[:]); got != want {
		return nil, fmt.Errorf("tarball %s has integrity sha512-%s, but the lockfile pins %s: refusing it: %w",
			tarURL, got, pin.Integrity, ErrIntegrity)
	}
	return &fetched{url: tarURL.String(), data: data}, nil
}

// get fetches a URL, refusing replies other than 200 and bodies over limit
// bytes.
func get(ctx context.Context, client *http.Client, u, accept string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", "cookieaudit (autoconsent install)")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: %s", u, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", u, err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("fetch %s: more than %d MB", u, limit>>20)
	}
	return body, nil
}

// sha512Of returns the base64 sha512 digest of a Subresource Integrity
// string, which may list several hashes separated by spaces.
func sha512Of(integrity string) (string, error) {
	for _, h := range strings.Fields(integrity) {
		if d, ok := strings.CutPrefix(h, "sha512-"); ok {
			d, _, _ = strings.Cut(d, "?")
			if raw, err := base64.StdEncoding.DecodeString(d); err != nil || len(raw) != sha512.Size {
				return "", fmt.Errorf("%q is not a sha512 digest", h)
			}
			return d, nil
		}
	}
	return "", fmt.Errorf("integrity %q has no sha512 hash", integrity)
}

// Integrity returns the Subresource Integrity string of data, as npm
// records it in package-lock.json.
func Integrity(data []byte) string {
	sum := sha512.Sum512(data)
	return "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}
