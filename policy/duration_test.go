package policy

import (
	"fmt"
	"testing"
)

func TestWrittenLifetime(t *testing.T) {
	const day, year = 86400, 365 * 86400
	tests := []struct {
		desc string
		text string
		want string // seconds, or "none" when the lifetime is unknown
	}{
		{"days", "90 days", fmt.Sprint(90 * day)},
		{"hours", "24 hours", "86400"},
		{"minute", "1 minute", "60"},
		{"range takes the maximum", "30 seconds to 1 year", fmt.Sprint(year)},
		{"range with a sentence around it", "Expires after  30 seconds to 1 year.", fmt.Sprint(year)},
		{"session", "Session", "0"},
		{"end of the session", "End of the session", "0"},
		{"expires at the end of the session", "Expires at the end of the session", "0"},
		{"after months", "After 8 months", fmt.Sprint(8 * 30 * day)},
		{"sub-second rounds up to one second", "Under 100ms", "1"},
		{"compound adds up", "1 year 1 month 4 days", fmt.Sprint(year + 30*day + 4*day)},
		{"compound with and", "1 year and 6 months", fmt.Sprint(year + 180*day)},
		{"365 days", "365 days", fmt.Sprint(365 * day)},
		{"capital unit", "30 Minutes", "1800"},
		{"24 months", "24 months", fmt.Sprint(24 * 30 * day)},
		{"displayed once", "As soon as it has been displayed", "0"},
		{"never", "Never", "none"},
		{"indefinitely", "This cookie is stored indefinitely.", "none"},
		{"no expiry", "No expiry", "none"},
		{"session or a longer lifetime takes the longer", "When you close the browser (if you do not use the banner) or 1 year (if you use the banner)", fmt.Sprint(year)},
		{"quantity or close takes the quantity", "30 minutes or when you close your browser", "1800"},
		{"close this website", "When you close this website", "0"},
		{"exit the browser", "Expires when you exit the browser", "0"},
		{"instantly", "Instantly", "0"},
		{"immediately alone", "Immediately", "0"},
		{"immediately in a sentence is no lifetime", "We act immediately on your request.", "none"},
		{"close your internet browser", "These cookies are deleted when you close your internet browser.", "0"},
		{"thousands of years kept", "Expires in 2096 years", fmt.Sprint(2096 * year)},
		{"close your browser", "when you close your browser", "0"},
		{"after each visit", "After each visit", "0"},
		{"end of your visit", "Deleted at the end of your visit", "0"},
		{"duration of a user's session", "for the duration of a user's session", "0"},
		{"label glued to expires", "Duration of cookie:expires after 1 year", fmt.Sprint(year)},
		{"browser window is closed", "As soon as the browser window is closed", "0"},
		{"browser closed as an alternative", "This cookie expires if the user logs out of the site, has no input for 30 minutes or when the browser is closed", "0"},
		{"expires after", "Expires after 90 days.", fmt.Sprint(90 * day)},
		{"word numbers", "one year", fmt.Sprint(year)},
		{"a week", "a week", fmt.Sprint(7 * day)},
		{"hyphenated", "30-minute", "1800"},
		{"abbreviated", "2 yrs", fmt.Sprint(2 * year)},
		{"non-breaking space", "90\u00a0days", fmt.Sprint(90 * day)},
		{"data retention is not a lifetime", "Google may retain user and event data for up to 14 months.", "none"},
		{"data retention period", "Data retention: 26 months", "none"},
		{"persistent without a duration", "Persistent", "none"},
		{"permanent without a duration", "Permanent cookie", "none"},
		{"permanent with a stated lifetime", "Permanent cookie (two months)", fmt.Sprint(60 * day)},
		{"empty", "", "none"},
		{"none", "None", "none"},
		{"prose without duration", "Used to distinguish users.", "none"},
		{"user logout", "when user logout", "0"},
		{"user logs out", "When the user logs out", "0"},
		{"sign out", "until you sign out", "0"},
		{"a quantity beside signing out wins", "2 hours rolling, deleted on sign out", "7200"},
		{"logging out in prose is no lifetime", "Used to log out users", "none"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			life := WrittenLifetime(tt.text)
			if got := secondsText(life); got != tt.want {
				t.Errorf("WrittenLifetime(%q) = %s, want %s", tt.text, got, tt.want)
			}
		})
	}
}
