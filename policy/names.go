package policy

import (
	"regexp"
	"strings"
	"unicode"
)

// NormalizeName returns the key the audit uses for near matches between a
// declared and an observed cookie name: lower case, leading underscores
// removed, and spaces, hyphens and dots turned into underscores (runs
// collapse to one). So "_cf_bm" and "__cf_bm", "VISITOR INFO1 LIVE" and
// "VISITOR_INFO1_LIVE", or "cookie-management-status" and
// "cookie_management_status" share a key. A near match is weaker evidence
// than an exact or pattern match and should be reported as such.
func NormalizeName(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	var b strings.Builder
	b.Grow(len(name))
	lastUnderscore := true // drops leading separators
	for _, r := range name {
		if r == '_' || r == ' ' || r == '-' || r == '.' || unicode.IsSpace(r) {
			if !lastUnderscore {
				b.WriteByte('_')
				lastUnderscore = true
			}
			continue
		}
		b.WriteRune(r)
		lastUnderscore = false
	}
	return strings.TrimRight(b.String(), "_")
}

var (
	// placeholderRE finds the parts of a written name that stand for a
	// value: "<container-id>", "{site_id}", "[siteid]", "XXXXXX", "#", "...",
	// "(number)".
	placeholderRE = regexp.MustCompile(`<[^<>]{1,40}>|\{[^{}]{1,40}\}|\[[^\[\]]{1,40}\]|X{3,}(?:[-_]X+)*|x{4,}|#+|\.{3}|…|\*+|\([A-Za-z][A-Za-z0-9_-]{0,30}\)`)
	starsRE       = regexp.MustCompile(`\*{2,}`)
)

// PatternFor returns the matching pattern for a cookie name as a policy
// writes it: placeholders such as "_ga_<container-id>", "_hjSessionUser{site_id}"
// or "_ga_XXXXXXX" become '*' wildcards, a trailing '*' stays, and words
// separated by spaces ("VISITOR INFO1 LIVE") are joined with underscores.
func PatternFor(name string) string {
	p := strings.TrimSpace(normalizeSpace(name))
	if strings.ContainsAny(p, "<{[#…*(") || strings.Contains(p, "XXX") || strings.Contains(p, "xxxx") || strings.Contains(p, "...") {
		p = placeholderRE.ReplaceAllString(p, "*")
	}
	if strings.Contains(p, "**") {
		p = starsRE.ReplaceAllString(p, "*")
	}
	p = strings.ReplaceAll(p, " ", "_")
	return p
}

// globMatch reports whether name matches pattern, where '*' matches any run
// of characters and every other character matches itself.
func globMatch(pattern, name string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == name
	}
	return MatchGlobParts(strings.Split(pattern, "*"), name)
}

// MatchGlobParts matches name against a pattern already split at its '*'
// wildcards (strings.Split(pattern, "*")), with Declaration.Matches'
// semantics; callers matching many names split each pattern once.
func MatchGlobParts(parts []string, name string) bool {
	if len(parts) == 1 {
		return parts[0] == name
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(name, mid)
		if i < 0 {
			return false
		}
		name = name[i+len(mid):]
	}
	return strings.HasSuffix(name, last) && len(name) >= len(last)
}

// joinedSentence reports whether tok holds a word, a full stop and a
// capitalised word with no space between them ("Website.The").
func joinedSentence(tok string) bool {
	for i := 1; i+2 < len(tok); i++ {
		if tok[i] == '.' && tok[i-1] >= 'a' && tok[i-1] <= 'z' && tok[i+1] >= 'A' && tok[i+1] <= 'Z' && tok[i+2] >= 'a' && tok[i+2] <= 'z' {
			return true
		}
	}
	return false
}

// acronyms are all-capital words that appear in policies but are not cookie
// names.
var acronyms = map[string]bool{
	"HTTP": true, "HTTPS": true, "HTML": true, "URL": true, "IP": true, "GDPR": true, "PECR": true,
	"ICO": true, "UK": true, "EU": true, "EEA": true, "ID": true, "API": true, "DNT": true, "CCTV": true,
	"KCC": true, "FAQ": true, "PDF": true, "CSS": true, "JS": true, "SMS": true, "USA": true, "US": true,
	"NHS": true, "CEO": true, "DPO": true, "ASP": true, "PHP": true, "AWS": true, "CX": true, "AMP": true,
	"IT": true, "OK": true, "NOT": true, "AND": true, "THE": true, "FOR": true, "YOU": true, "ALL": true,
	"RSS": true, "SSL": true, "TLS": true, "DPA": true, "CMS": true, "SEO": true, "ISP": true, "VAT": true,
	"NB": true, "PS": true, "TV": true, "GOV": true, "UX": true, "UI": true, "CTA": true, "SDK": true,
	"NONE": true, "YES": true, "NO": true, "NAME": true, "COOKIE": true, "COOKIES": true, "SESSION": true,
	"BBC": true, "DVLA": true, "HMRC": true, "DWP": true, "SEND": true, "GOVUK": true, "LGA": true, "MHCLG": true,
	"ONS": true, "CSV": true, "XML": true, "JSON": true, "HTML5": true, "IAB": true, "TCF": true, "CMP": true,
	"PII": true, "SSO": true, "VPN": true, "WIFI": true, "FOI": true, "FOIA": true, "SAR": true, "DPIA": true,
}

// nameShape says how much a token looks like a cookie name on its own.
type nameShape int

const (
	shapeNone   nameShape = iota // prose, a heading or a brand: never a cookie name by shape
	shapeWeak                    // a single lower-case word ("menupath"): a name only where the layout says so
	shapeStrong                  // underscores, digits, camelCase, ALLCAPS, placeholders: looks like an identifier
)

// placeholdersWellFormed reports whether the brackets of a written name
// are placeholders: "<…>", "{…}" or "[…]" holding 1 to 40 characters
// without spaces or further brackets, never nested ("_ga_<container-id>",
// "visid_incap_{ID}", "_gat_UA-[number]").
func placeholdersWellFormed(tok string) bool {
	for i := 0; i < len(tok); i++ {
		var closer byte
		switch tok[i] {
		case '<':
			closer = '>'
		case '{':
			closer = '}'
		case '[':
			closer = ']'
		case '>', '}', ']':
			return false // a closing bracket without its opening one
		default:
			continue
		}
		j := i + 1
		for j < len(tok) && tok[j] != closer {
			switch tok[j] {
			case '<', '>', '{', '}', '[', ']', ' ':
				return false
			}
			j++
		}
		if j == len(tok) || j == i+1 || j-i-1 > 40 {
			return false
		}
		i = j
	}
	return true
}

// cookieTokenChars is a quick check that tok has only characters a written
// cookie name can have.
func cookieTokenChars(tok string) bool {
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_.-*$:|!%~+<>{}[]#", c) >= 0 {
			continue
		}
		return false
	}
	return true
}

// classifyName judges a single written token as a cookie name.
func classifyName(tok string) nameShape {
	if strings.ContainsAny(tok, placeholderSpace+"\u2011") {
		// A placeholder written with spaces ("_gat_gtag_< GA ID >") or a
		// non-breaking hyphen ("JS‑Detection") is judged as its plain form.
		tok = strings.NewReplacer(placeholderSpace, "", "\u2011", "-").Replace(tok)
	}
	if len(tok) < 2 || len(tok) > 80 || !cookieTokenChars(tok) || !placeholdersWellFormed(tok) {
		return shapeNone
	}
	if strings.HasPrefix(tok, "http") && strings.Contains(tok, "//") {
		return shapeNone
	}
	if strings.ContainsAny(tok, "<{[*") || strings.Contains(tok, "#") && strings.Trim(tok, "#") != "" && (strings.Contains(tok, "_") || strings.HasSuffix(tok, "#")) {
		return shapeStrong // placeholders: _ga_<container-id>, AMCV_#, _hjSessionUser_#
	}
	first := rune(tok[0])
	if unicode.IsDigit(first) && strings.Contains(tok, "_") && strings.ContainsAny(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
		return shapeStrong // 1P_JAR
	}
	if !unicode.IsLetter(first) && first != '_' && first != '.' {
		return shapeNone // numbers, dates, "1."
	}
	if strings.HasSuffix(tok, "-") && trailingHyphenPrefix(tok) {
		return shapeWeak // wp-settings-: a prefix whose cookies carry a suffix
	}
	if strings.HasSuffix(tok, ".") || strings.HasSuffix(tok, "-") {
		return shapeNone
	}
	if dottedAcronym(tok) {
		return shapeNone // GOV.UK, NHS.UK
	}
	if isVendorWord(tok) {
		return shapeNone
	}
	if joinedSentence(tok) && first != '.' && !inCatalogue(tok) {
		return shapeNone // "Website.The": two sentences run together
	}
	letters, upper, lower, digits := 0, 0, 0, 0
	camel := false
	var prev rune
	for _, r := range tok {
		switch {
		case unicode.IsUpper(r):
			upper++
			letters++
			if unicode.IsLower(prev) {
				camel = true
			}
		case unicode.IsLower(r):
			lower++
			letters++
		case unicode.IsDigit(r):
			digits++
		}
		prev = r
	}
	if letters == 0 {
		return shapeNone
	}
	if strings.HasPrefix(tok, "_") || strings.Contains(tok, "_") {
		return shapeStrong
	}
	if digits > 0 && letters > 0 {
		return shapeStrong
	}
	if lower == 0 && upper >= 3 && !acronyms[strings.Trim(tok, ".-")] {
		return shapeStrong // YSC, NID, JSESSIONID, AWSALB
	}
	if camel && !unicode.IsUpper(first) {
		return shapeStrong // dmsTPC, _hjid handled above
	}
	if camel && upper >= 2 && strings.ContainsAny(tok, ".-") {
		return shapeStrong // ASP.NET-style compounds
	}
	if upper >= 2 && lower > 0 {
		// SimpleSAMLAuthToken, SSOredirect, CookieControl: an identifier
		// unless it is a known brand (filtered above by isVendorWord).
		return shapeStrong
	}
	if camel && unicode.IsUpper(first) && upper >= 2 && lower > 0 {
		// SimpleSAMLAuthToken, SSOredirect, CookieControl: an identifier
		// unless it is a known brand (filtered above by isVendorWord).
		return shapeStrong
	}
	if upper == 0 && strings.Count(tok, "-") >= 1 && !strings.Contains(tok, ".") {
		if stopWords[tok] {
			return shapeNone
		}
		return shapeWeak // cookie-management-status, dxp-sessionid
	}
	if strings.ContainsAny(tok, ".-") && compoundIdentRE.MatchString(tok) && !stopWords[strings.ToLower(tok)] {
		// connect.sid, search.web.user, Guest-id: parts of an identifier
		// joined by dots or hyphens; a name where the layout says so.
		return shapeWeak
	}
	if upper == 0 && !strings.ContainsAny(tok, ".-") {
		if stopWords[tok] {
			return shapeNone
		}
		return shapeWeak
	}
	return shapeNone
}

// trailingHyphenPrefix reports whether tok is a lower-case name prefix
// ending in a hyphen with at least one hyphen inside it ("wp-settings-",
// "wp-settings-time-"), as a table's name cell writes the fixed start of
// a family of cookies; a word cut at a hyphen in prose ("first- and
// third-party") has no inner hyphen and stays prose.
func trailingHyphenPrefix(tok string) bool {
	stem := strings.TrimSuffix(tok, "-")
	return strings.Contains(stem, "-") && strings.ToLower(stem) == stem && compoundIdentRE.MatchString(stem)
}

// compoundIdentRE matches identifier parts joined by dots or hyphens.
var compoundIdentRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*([.-][A-Za-z0-9_]+)+$`)

// placeholderSpace stands for a space inside a placeholder while a list of
// names is split ("_ga_<unique id>").
const placeholderSpace = "\x01"

// dottedAcronym reports whether tok is capitals joined by dots, as site
// names are written (GOV.UK, NHS.UK).
func dottedAcronym(tok string) bool {
	if !strings.Contains(tok, ".") {
		return false
	}
	for _, part := range strings.Split(tok, ".") {
		if part == "" || strings.ToUpper(part) != part || !isLetters(part) {
			return false
		}
	}
	return true
}

// stopWords are lower-case words that are never cookie names even where the
// layout puts a name.
var stopWords = map[string]bool{
	"none": true, "session": true, "cookie": true, "cookies": true, "name": true, "purpose": true,
	"expiry": true, "expires": true, "duration": true, "provider": true, "description": true,
	"yes": true, "no": true, "and": true, "or": true, "the": true, "to": true, "of": true, "for": true,
	"in": true, "on": true, "is": true, "it": true, "we": true, "you": true, "e-mail": true, "email": true,
	"opt-out": true, "opt-in": true, "third-party": true, "first-party": true, "up-to-date": true,
	"analytics": true, "necessary": true, "functional": true, "marketing": true, "essential": true,
	"persistent": true, "type": true, "category": true, "domain": true, "n/a": true, "na": true,
	"more": true, "information": true, "see": true, "here": true, "link": true, "other": true,
	"various": true, "unknown": true, "tracking": true, "performance": true, "advertising": true,
	"e.g": true, "i.e": true, "etc": true, "a": true, "an": true, "as": true, "by": true, "with": true,
	"optional": true, "non-optional": true, "required": true, "mandatory": true, "recommended": true,
	"non-essential": true, "strictly": true, "first": true, "third": true, "google": true,
}
