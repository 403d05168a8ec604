package policy

import (
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
	aliases []vendorAlias
	// byFirstWord indexes aliases by their first word in lower case.
	byFirstWord map[string][]vendorAlias
	byAlias     map[string]*knownVendor
	words       map[string]bool
}

// vendorAlias is one spelling of a vendor. Multi-word aliases match in any
// case ("google analytics"); single words match as written ("Hotjar",
// "YouTube"), so that "civic centre" in prose is not a vendor.
type vendorAlias struct {
	text     string // lower case for multi-word aliases
	anyCase  bool
	provider *knownVendor
}

// vendors returns the vendor index, built once.
var vendors = sync.OnceValue(func() *vendorIndex {
	ix := &vendorIndex{byAlias: map[string]*knownVendor{}, words: map[string]bool{}}
	for i := range knownVendors {
		v := &knownVendors[i]
		for _, a := range v.Aliases {
			ix.byAlias[strings.ToLower(a)] = v
			if strings.ContainsAny(a, " .") {
				ix.aliases = append(ix.aliases, vendorAlias{text: strings.ToLower(a), anyCase: true, provider: v})
			} else {
				ix.aliases = append(ix.aliases, vendorAlias{text: a, provider: v})
				ix.words[strings.ToLower(a)] = true
			}
		}
	}
	// Longest first, so that "Google Analytics 4" is preferred to a shorter
	// alias at the same place.
	sort.SliceStable(ix.aliases, func(i, j int) bool { return len(ix.aliases[i].text) > len(ix.aliases[j].text) })
	ix.byFirstWord = map[string][]vendorAlias{}
	for _, a := range ix.aliases {
		first := strings.ToLower(strings.FieldsFunc(a.text, notWordRune)[0])
		ix.byFirstWord[first] = append(ix.byFirstWord[first], a)
	}
	return ix
})

// wordAt reports whether text[i:j] stands as a whole word.
func wordAt(text string, i, j int) bool {
	isWord := func(b byte) bool {
		return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
	}
	return (i == 0 || !isWord(text[i-1])) && (j >= len(text) || !isWord(text[j]))
}

// isVendorWord reports whether a single token is a vendor's name (YouTube,
// GovMetric), so that it is not mistaken for a camelCase cookie name.
func isVendorWord(tok string) bool { return vendors().words[strings.ToLower(tok)] }

func notWordRune(r rune) bool {
	return !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127)
}

// findVendors returns the known vendors a text mentions, in order of first
// mention. It looks each word up in an index of the aliases' first words,
// so its cost is linear in the text.
func findVendors(text string) []*knownVendor {
	ix := vendors()
	var out []*knownVendor
	var seen map[*knownVendor]bool
	for i := 0; i < len(text); {
		if !isWordByte(text[i]) || text[i] == '-' {
			i++
			continue
		}
		j := i
		for j < len(text) && (isWordByte(text[j]) && text[j] != '-') {
			j++
		}
		var buf [32]byte
		word := text[i:j]
		if len(word) > len(buf) {
			i = j
			continue // no alias starts with so long a word
		}
		for k := 0; k < len(word); k++ {
			c := word[k]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[k] = c
		}
		if cands := ix.byFirstWord[string(buf[:len(word)])]; cands != nil {
			for _, a := range cands {
				end := i + len(a.text)
				if end > len(text) || !wordAt(text, i, end) {
					continue
				}
				if a.anyCase && !strings.EqualFold(text[i:end], a.text) || !a.anyCase && text[i:end] != a.text {
					continue
				}
				if seen == nil {
					seen = map[*knownVendor]bool{}
				}
				if !seen[a.provider] {
					seen[a.provider] = true
					out = append(out, a.provider)
				}
				break
			}
		}
		i = j
	}
	return out
}

// vendorForHeading returns the vendor a heading names, if the heading is
// short and names exactly one vendor ("Google Analytics", "Squiz Matrix",
// "Bookmark and Share/AddThis").
func vendorForHeading(heading string) *knownVendor {
	if countWords(heading) > 6 {
		return nil
	}
	vs := findVendors(heading)
	if len(vs) != 1 {
		return nil
	}
	return vs[0]
}
