package policy

import (
	"regexp"
	"sort"
	"strings"
	"sync"
)

// knownVendor is a third party a policy may disclose, with the spellings
// policies use for it.
type knownVendor struct {
	Name     string
	Category Category
	Aliases  []string
}

// knownVendors lists the services UK public-sector policies commonly
// disclose. Names match the catalogue's vendor names.
var knownVendors = []knownVendor{
	{"Google Analytics", Analytics, []string{"Google Analytics", "Google Analytics 4", "GA4", "Universal Analytics"}},
	{"Google Tag Manager", Analytics, []string{"Google Tag Manager"}},
	{"Google Ads", Marketing, []string{"Google Ads", "Google AdWords", "DoubleClick", "Google Marketing Platform"}},
	{"Google reCAPTCHA", Necessary, []string{"reCAPTCHA", "Google reCAPTCHA"}},
	{"Google Maps", Functional, []string{"Google Maps"}},
	{"Google Translate", Functional, []string{"Google Translate"}},
	{"Hotjar", Analytics, []string{"Hotjar"}},
	{"Microsoft Clarity", Analytics, []string{"Microsoft Clarity"}},
	{"Meta", Marketing, []string{"Facebook", "Meta Pixel", "Facebook Pixel"}},
	{"Instagram", Marketing, []string{"Instagram"}},
	{"LinkedIn", Marketing, []string{"LinkedIn", "LinkedIn Insight Tag"}},
	{"YouTube", Marketing, []string{"YouTube"}},
	{"Vimeo", Functional, []string{"Vimeo"}},
	{"X (Twitter)", Marketing, []string{"Twitter", "X (Twitter)", "X (formerly Twitter)"}},
	{"TikTok", Marketing, []string{"TikTok"}},
	{"AddThis", Marketing, []string{"AddThis", "Add This"}},
	{"AddToAny", Marketing, []string{"AddToAny"}},
	{"ShareThis", Marketing, []string{"ShareThis"}},
	{"Cloudflare", Necessary, []string{"Cloudflare"}},
	{"Amazon Web Services", Necessary, []string{"Amazon Web Services"}},
	{"Microsoft Azure", Necessary, []string{"Microsoft Azure", "Azure"}},
	{"Siteimprove", Analytics, []string{"Siteimprove", "SiteImprove", "Site Improve"}},
	{"GovMetric", Analytics, []string{"GovMetric", "GovMetric CX", "GovMetrics CX"}},
	{"Granicus", Functional, []string{"Granicus", "GovDelivery"}},
	{"Jadu", Necessary, []string{"Jadu"}},
	{"Modern.Gov", Necessary, []string{"Modern.Gov", "ModernGov", "Modern Gov"}},
	{"Squiz Matrix", Necessary, []string{"Squiz Matrix", "Squiz"}},
	{"Drupal", Necessary, []string{"Drupal"}},
	{"WordPress", Necessary, []string{"WordPress"}},
	{"Civic Cookie Control", Necessary, []string{"Civic Cookie Control", "Civic"}},
	{"OneTrust", Necessary, []string{"OneTrust"}},
	{"Cookiebot", Necessary, []string{"Cookiebot"}},
	{"Mailchimp", Marketing, []string{"Mailchimp", "MailChimp"}},
	{"Microsoft Dynamics", Analytics, []string{"Microsoft Dynamics", "Dynamics 365"}},
	{"Adobe Analytics", Analytics, []string{"Adobe Analytics", "Omniture"}},
	{"Matomo", Analytics, []string{"Matomo", "Piwik"}},
	{"Crazy Egg", Analytics, []string{"Crazy Egg", "CrazyEgg"}},
	{"Zendesk", Functional, []string{"Zendesk"}},
	{"Intercom", Functional, []string{"Intercom"}},
	{"Livechat", Functional, []string{"LiveChat"}},
	{"ReadSpeaker", Functional, []string{"ReadSpeaker"}},
	{"Recite Me", Functional, []string{"Recite Me", "ReciteMe"}},
	{"Browsealoud", Functional, []string{"Browsealoud", "BrowseAloud"}},
	{"Issuu", Functional, []string{"Issuu"}},
	{"Flickr", Functional, []string{"Flickr"}},
	{"Spotify", Functional, []string{"Spotify"}},
	{"SoundCloud", Functional, []string{"SoundCloud"}},
	{"Firmstep", Necessary, []string{"Firmstep", "Granicus Firmstep"}},
}

// vendorIndex holds the lookups over knownVendors.
type vendorIndex struct {
	// multiWord matches multi-word aliases in any case ("google analytics");
	// oneWord matches single-word aliases as written ("Hotjar", "YouTube"),
	// so that "civic centre" or "azure sky" in prose are not vendors.
	multiWord, oneWord *regexp.Regexp
	byAlias            map[string]*knownVendor
	words              map[string]bool
}

// vendors returns the vendor index, built once.
var vendors = sync.OnceValue(func() *vendorIndex {
	ix := &vendorIndex{byAlias: map[string]*knownVendor{}, words: map[string]bool{}}
	var multi, one []string
	for i := range knownVendors {
		v := &knownVendors[i]
		for _, a := range v.Aliases {
			ix.byAlias[strings.ToLower(a)] = v
			if strings.ContainsAny(a, " .") {
				multi = append(multi, a)
			} else {
				one = append(one, a)
				ix.words[strings.ToLower(a)] = true
			}
		}
	}
	alternation := func(list []string) string {
		sort.Slice(list, func(i, j int) bool { return len(list[i]) > len(list[j]) })
		q := make([]string, len(list))
		for i, a := range list {
			q[i] = regexp.QuoteMeta(a)
		}
		return strings.Join(q, "|")
	}
	ix.multiWord = regexp.MustCompile(`(?i)\b(?:` + alternation(multi) + `)\b`)
	ix.oneWord = regexp.MustCompile(`\b(?:` + alternation(one) + `)\b`)
	return ix
})

// isVendorWord reports whether a single token is a vendor's name (YouTube,
// GovMetric), so that it is not mistaken for a camelCase cookie name.
func isVendorWord(tok string) bool { return vendors().words[strings.ToLower(tok)] }

// findVendors returns the known vendors a text mentions, in order of first
// mention.
func findVendors(text string) []*knownVendor {
	ix := vendors()
	type hit struct {
		at int
		v  *knownVendor
	}
	var hits []hit
	for _, re := range []*regexp.Regexp{ix.multiWord, ix.oneWord} {
		for _, loc := range re.FindAllStringIndex(text, -1) {
			if v := ix.byAlias[strings.ToLower(text[loc[0]:loc[1]])]; v != nil {
				hits = append(hits, hit{loc[0], v})
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	var out []*knownVendor
	seen := map[*knownVendor]bool{}
	for _, h := range hits {
		if !seen[h.v] {
			seen[h.v] = true
			out = append(out, h.v)
		}
	}
	return out
}

// vendorForHeading returns the vendor a heading names, if the heading is
// short and names exactly one vendor ("Google Analytics", "Squiz Matrix",
// "Bookmark and Share/AddThis").
func vendorForHeading(heading string) *knownVendor {
	if len(strings.Fields(heading)) > 6 {
		return nil
	}
	vs := findVendors(heading)
	if len(vs) != 1 {
		return nil
	}
	return vs[0]
}
