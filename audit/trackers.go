package audit

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/cookieaudit/cookieaudit/policy"
)

//go:embed trackers.csv
var trackersCSV string

// TrackerRole says what a tracker endpoint does.
type TrackerRole string

// The roles of tracker endpoints.
const (
	// RoleCollect is an endpoint that receives data about the visit: a
	// pixel, a beacon, a measurement hit.
	RoleCollect TrackerRole = "collect"
	// RoleEmbed is a third-party frame (a video player, a captcha) whose
	// page reads and writes the vendor's storage.
	RoleEmbed TrackerRole = "embed"
	// RoleLoader serves a tag's script or configuration. Loading it
	// stores nothing: what the tag then sends is judged, not the loading.
	RoleLoader TrackerRole = "loader"
)

// TrackerEndpoint is one entry of a tracker list: how to recognise a
// vendor's endpoint and what it is.
type TrackerEndpoint struct {
	// Host matches the request's host and its subdomains; "*" matches any
	// host (an endpoint recognised by its path, e.g. first-party tagging).
	Host string
	// Path is a prefix of the request's path, ending at a "/" or the end;
	// empty matches every path.
	Path        string
	Vendor      string
	Category    policy.Category
	Role        TrackerRole
	Description string
	// Source names the list the entry came from: "built-in" or a file.
	Source string
}

// TrackerList recognises tracker endpoints. It is read-only once built and
// safe for concurrent use.
type TrackerList struct {
	entries []TrackerEndpoint
	// excluded are hosts an exception rule of a filter list took out.
	excluded []string
	// byHost indexes entries by their host; anyHost lists the "*" ones.
	byHost  map[string][]int
	anyHost []int
}

// indexed returns l with its host index built; every constructor ends
// with it.
func (l *TrackerList) indexed() *TrackerList {
	l.byHost, l.anyHost = map[string][]int{}, nil
	for i, e := range l.entries {
		if e.Host == "*" {
			l.anyHost = append(l.anyHost, i)
			continue
		}
		l.byHost[e.Host] = append(l.byHost[e.Host], i)
	}
	return l
}

// DefaultTrackers returns the curated tracker list embedded in the binary
// (audit/trackers.csv).
func DefaultTrackers() *TrackerList { return defaultTrackers() }

var defaultTrackers = sync.OnceValue(func() *TrackerList {
	l, err := readTrackerCSV(strings.NewReader(trackersCSV), "built-in")
	if err != nil {
		panic("audit: embedded tracker list: " + err.Error()) // caught by TestDefaultTrackers
	}
	return l
})

// Entries returns a copy of the list's entries.
func (l *TrackerList) Entries() []TrackerEndpoint { return slices.Clone(l.entries) }

// With returns a list that recognises l's endpoints first and then
// extra's.
func (l *TrackerList) With(extra *TrackerList) *TrackerList {
	if extra == nil {
		return l
	}
	return (&TrackerList{
		entries:  append(slices.Clone(l.entries), extra.entries...),
		excluded: append(slices.Clone(l.excluded), extra.excluded...),
	}).indexed()
}

// Classify finds the entry for a request to host and path: the one whose
// host is the longest match, then whose path is, with "*" entries last.
// A host entry of an exception rule wins over every entry of the lists it
// came with, but never over the built-in list.
func (l *TrackerList) Classify(host, path string) (TrackerEndpoint, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	best, bestScore := -1, -1
	consider := func(i, hostLen int) {
		e := l.entries[i]
		if !pathWithin(path, e.Path) {
			return
		}
		score := hostLen*1000 + len(e.Path)
		if e.Source == "built-in" {
			score += 1 << 24
		}
		if score > bestScore || score == bestScore && i < best {
			best, bestScore = i, score
		}
	}
	// The host and each parent domain, longest first.
	for h := host; h != ""; {
		for _, i := range l.byHost[h] {
			consider(i, len(h)+1)
		}
		_, rest, ok := strings.Cut(h, ".")
		if !ok {
			break
		}
		h = rest
	}
	for _, i := range l.anyHost {
		consider(i, 0)
	}
	if best < 0 {
		return TrackerEndpoint{}, false
	}
	e := l.entries[best]
	if e.Source != "built-in" {
		for _, x := range l.excluded {
			if hostWithin(host, x) {
				return TrackerEndpoint{}, false
			}
		}
	}
	return e, true
}

// hostWithin reports whether host is domain or one of its subdomains.
func hostWithin(host, domain string) bool {
	return host == domain || strings.HasSuffix(host, "."+domain)
}

// pathWithin reports whether prefix starts path and ends at a segment or
// name boundary ("/tr" matches "/tr" and "/tr/", not "/track").
func pathWithin(path, prefix string) bool {
	if prefix == "" || path == prefix {
		return true
	}
	if !strings.HasPrefix(path, prefix) {
		return false
	}
	return strings.HasSuffix(prefix, "/") || path[len(prefix)] == '/'
}

// readTrackerCSV reads a list in the form of audit/trackers.csv: host,
// path, vendor, category, role, description.
func readTrackerCSV(r io.Reader, source string) (*TrackerList, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 6
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read tracker list: %w", err)
	}
	l := &TrackerList{}
	for i, row := range rows {
		if i == 0 {
			continue // header
		}
		e := TrackerEndpoint{Host: strings.ToLower(row[0]), Path: row[1], Vendor: row[2], Category: policy.Category(row[3]),
			Role: TrackerRole(row[4]), Description: row[5], Source: source}
		switch e.Category {
		case policy.Necessary, policy.Functional, policy.Analytics, policy.Marketing, policy.Unknown:
		default:
			return nil, fmt.Errorf("tracker list line %d: unknown category %q", i+1, row[3])
		}
		switch e.Role {
		case RoleCollect, RoleEmbed, RoleLoader:
		default:
			return nil, fmt.Errorf("tracker list line %d: unknown role %q", i+1, row[4])
		}
		if e.Host == "" || (e.Path != "" && !strings.HasPrefix(e.Path, "/")) {
			return nil, fmt.Errorf("tracker list line %d: host %q path %q", i+1, row[0], row[1])
		}
		l.entries = append(l.entries, e)
	}
	return l.indexed(), nil
}
