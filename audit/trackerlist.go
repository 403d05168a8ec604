package audit

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cookieaudit/cookieaudit/policy"
)

// ReadTrackerList reads a tracker list given with --tracker-list: a
// Disconnect services.json (a JSON object) or an EasyPrivacy-style filter
// list in Adblock Plus syntax. Of a filter list it takes the network rules
// that name a host ("||host^", "||host/path"), with the path rules
// ("/path^$third-party") as endpoints of any host; exception rules
// ("@@||host^") take hosts out. Element-hiding rules, rules with options it
// cannot honour (domain=, redirect=, regular expressions) and comments are
// skipped. Entries of a filter list are analytics collection endpoints
// (EasyPrivacy lists tracking, not what it is for); Disconnect's
// categories are mapped (Advertising, Social, Fingerprinting and
// Cryptomining to marketing, Analytics to analytics, Content to
// functional). name is the list's file name, for the entries' Source.
func ReadTrackerList(r io.Reader, name string) (*TrackerList, error) {
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("read tracker list %s: %w", name, err)
	}
	source := filepath.Base(name)
	var l *TrackerList
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		l, err = readDisconnect(t, source)
	} else {
		l = readFilterList(data, source)
	}
	if err != nil {
		return nil, fmt.Errorf("tracker list %s: %w", name, err)
	}
	if len(l.entries) == 0 {
		return nil, fmt.Errorf("tracker list %s: no rule naming a host or path was found (Disconnect services.json or Adblock filter syntax expected)", name)
	}
	return l.indexed(), nil
}

// readFilterList reads the network rules of an Adblock Plus filter list.
func readFilterList(data []byte, source string) *TrackerList {
	l := &TrackerList{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "!") || strings.HasPrefix(line, "[") || strings.Contains(line, "#") {
			continue
		}
		exception := strings.HasPrefix(line, "@@")
		line = strings.TrimPrefix(line, "@@")
		rule, opts, _ := strings.Cut(line, "$")
		if !filterOptionsUsable(opts) {
			continue
		}
		switch {
		case strings.HasPrefix(rule, "||"):
			host, path := splitFilterHost(strings.TrimPrefix(rule, "||"))
			if host == "" {
				continue
			}
			if exception {
				if path == "" {
					l.excluded = append(l.excluded, host)
				}
				continue
			}
			l.entries = append(l.entries, TrackerEndpoint{Host: host, Path: path, Vendor: host,
				Category: policy.Analytics, Role: RoleCollect, Description: "Listed in " + source + ".", Source: source})
		case strings.HasPrefix(rule, "/") && !exception:
			// A path rule: only a whole leading path is taken (a "/path"
			// rule of a filter list matches anywhere in the URL; most
			// name a collection path such as /collect or /pixel).
			path := strings.TrimRight(rule, "^|*")
			if len(path) < 4 || strings.ContainsAny(path, "*^|?=&") {
				continue
			}
			l.entries = append(l.entries, TrackerEndpoint{Host: "*", Path: path, Vendor: "tracker path " + path,
				Category: policy.Analytics, Role: RoleCollect, Description: "Listed in " + source + ".", Source: source})
		}
	}
	return l
}

// filterOptionsUsable reports whether a rule's options ($...) keep it
// usable here: none, or only resource types and third-party.
func filterOptionsUsable(opts string) bool {
	if opts == "" {
		return true
	}
	for _, o := range strings.Split(opts, ",") {
		switch strings.TrimPrefix(strings.TrimSpace(o), "~") {
		case "third-party", "3p", "script", "image", "ping", "xmlhttprequest", "subdocument", "other", "stylesheet", "object", "media", "font", "websocket", "important":
		default:
			return false
		}
	}
	return true
}

// splitFilterHost splits the rest of a "||" rule into a host and a path
// prefix; a host with a wildcard or no dot is refused (empty host).
func splitFilterHost(rest string) (host, path string) {
	end := strings.IndexAny(rest, "^/|*")
	if end < 0 {
		end = len(rest)
	}
	host = strings.ToLower(rest[:end])
	if !strings.Contains(host, ".") || strings.ContainsAny(host, ":[]") {
		return "", ""
	}
	if end < len(rest) && rest[end] == '/' {
		p := rest[end:]
		if i := strings.IndexAny(p, "^|*?"); i >= 0 {
			p = p[:i]
		}
		path = p
	} else if end < len(rest) && rest[end] == '*' {
		return "", "" // a host wildcard is not a host
	}
	return host, path
}

// disconnectCategories maps Disconnect's categories to the audit's.
var disconnectCategories = map[string]policy.Category{
	"Advertising":            policy.Marketing,
	"Analytics":              policy.Analytics,
	"Social":                 policy.Marketing,
	"Disconnect":             policy.Marketing,
	"Content":                policy.Functional,
	"Cryptomining":           policy.Marketing,
	"FingerprintingGeneral":  policy.Marketing,
	"FingerprintingInvasive": policy.Marketing,
	"Email":                  policy.Marketing,
	"EmailAggressive":        policy.Marketing,
	"EmailStrict":            policy.Marketing,
	"ConsentManagers":        policy.Necessary,
}

// readDisconnect reads a Disconnect services.json: {"categories":
// {CATEGORY: [{COMPANY: {HOMEPAGE: [DOMAIN, ...], ...}}, ...]}}.
func readDisconnect(data []byte, source string) (*TrackerList, error) {
	var doc struct {
		Categories map[string][]map[string]map[string]json.RawMessage `json:"categories"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a Disconnect services.json: %w", err)
	}
	l := &TrackerList{}
	for cat, companies := range doc.Categories {
		category, ok := disconnectCategories[cat]
		if !ok {
			category = policy.Marketing
		}
		for _, company := range companies {
			for vendor, sites := range company {
				for _, raw := range sites {
					var domains []string
					if json.Unmarshal(raw, &domains) != nil {
						continue // a flag such as "dnt": "eff"
					}
					for _, d := range domains {
						d = strings.ToLower(strings.TrimSpace(d))
						if d == "" || !strings.Contains(d, ".") {
							continue
						}
						l.entries = append(l.entries, TrackerEndpoint{Host: d, Vendor: vendor, Category: category,
							Role: RoleCollect, Description: "Disconnect category " + cat + ".", Source: source})
					}
				}
			}
		}
	}
	// Map order is random: sort, so that a domain listed twice always
	// takes the same entry.
	slices.SortStableFunc(l.entries, func(a, b TrackerEndpoint) int {
		return cmp.Or(strings.Compare(a.Host, b.Host), strings.Compare(string(a.Category), string(b.Category)), strings.Compare(a.Vendor, b.Vendor))
	})
	return l, nil
}
