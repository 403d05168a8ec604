package consent

import (
	"fmt"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		desc string
		name string
		want string // kind/strength
	}{
		{"GOV.UK accept", "Accept additional cookies", "accept/3"},
		{"GOV.UK accept, analytics", "Accept analytics cookies", "accept/3"},
		{"accept all cookies", "Accept all cookies", "accept/3"},
		{"accept all, upper case", "ACCEPT ALL", "accept/3"},
		{"accept cookies", "Accept cookies", "accept/3"},
		{"allow all", "Allow all", "accept/3"},
		{"I agree", "I agree", "accept/2"},
		{"Civic recommended", "Accept Recommended Settings", "accept/2"},
		{"accept and close", "Accept & close", "accept/2"},
		{"yes, I accept cookies", "Yes, I accept cookies", "accept/3"},
		{"OK, accept all", "OK, accept all", "accept/3"},
		{"I'm happy without yes", "I’m happy with cookies", "accept/2"},
		{"I'm OK with that", "I'm OK with that", "accept/2"},
		{"no, I'm not happy", "No, I'm not happy with that", "reject/2"},
		{"OK", "OK", "accept/1"},
		{"klaro", "That’s ok", "accept/1"},
		{"reject all", "Reject all", "reject/3"},
		{"GOV.UK reject", "Reject additional cookies", "reject/3"},
		{"reject analytical", "Reject analytical cookies", "reject/3"},
		{"non-essential", "Reject non-essential cookies", "reject/3"},
		{"necessary only", "Necessary cookies only", "reject/3"},
		{"use necessary only", "Use necessary cookies only", "reject/3"},
		{"accept only essential refuses", "Accept only essential cookies", "reject/3"},
		{"allow essential refuses", "Allow essential cookies", "reject/3"},
		{"decline", "Decline", "reject/3"},
		{"deny all", "Deny all", "reject/3"},
		{"Civic do not accept", "I Do Not Accept", "reject/2"},
		{"no thanks", "No, thanks", "reject/2"},
		{"GOV.UK no", "No, do not use analytics cookies", "reject/2"},
		{"continue without", "Continue without accepting", "reject/2"},
		{"manage cookies", "Manage cookies", "settings/2"},
		{"OneTrust settings", "Cookies Settings", "settings/2"},
		{"customise", "Customise", "settings/2"},
		{"let me choose", "Let me choose", "settings/1"},
		{"change settings", "Change cookie settings", "settings/2"},
		{"save preferences", "Save preferences", "save/3"},
		{"OneTrust save", "Confirm My Choices", "save/3"},
		{"Cookiebot save", "Allow selection", "save/3"},
		{"save and close", "Save and close", "save/3"},
		{"policy link", "Cookie policy", "other/0"},
		{"find out more", "Find out more about cookies", "other/0"},
		{"hide message", "Hide cookie message", "other/0"},
		{"close", "Close", "other/0"},
		{"search", "Search", "other/0"},
		{"empty", "", "other/0"},
		{"long sentence", "Accept all cookies and also read this very long paragraph about how we use them for things", "other/0"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			k, s := Classify(tt.name)
			if got := fmt.Sprintf("%s/%d", k, s); got != tt.want {
				t.Errorf("%s: Classify(%q) = %s, want %s", tt.desc, tt.name, got, tt.want)
			}
		})
	}
}

func TestNormalizeName(t *testing.T) {
	tests := []struct{ desc, in, want string }{
		{"case and spaces", "  Accept   ALL\n cookies ", "accept all cookies"},
		{"curly apostrophe", "That’s OK!", "that's ok"},
		{"ampersand", "Accept&close", "accept and close"},
		{"hyphen", "non-essential", "non essential"},
		{"trailing comma", "No,", "no"},
		{"punctuation", "«Reject»", "reject"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			if got := normalizeName(tt.in); got != tt.want {
				t.Errorf("%s: normalizeName(%q) = %q, want %q", tt.desc, tt.in, got, tt.want)
			}
		})
	}
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{"Accept all cookies", "Reject all", "Save preferences", "That’s ok", "non-essential & more", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normalizeName(s)
		if again := normalizeName(n); again != n {
			t.Fatalf("normalizeName not idempotent: %q -> %q -> %q", s, n, again)
		}
		k, strength := Classify(s)
		if (k == KindOther) != (strength == 0) {
			t.Fatalf("Classify(%q) = %v/%d: strength must be 0 exactly for other", s, k, strength)
		}
		if k2, s2 := Classify(n); k2 != k || s2 != strength {
			t.Fatalf("Classify differs on the normalised name: %q %v/%d, %q %v/%d", s, k, strength, n, k2, s2)
		}
	})
}

// BenchmarkClassify measures naming one control; a large page lists a few
// hundred per scan.
func BenchmarkClassify(b *testing.B) {
	names := []string{"Accept all cookies", "Reject additional cookies", "Manage cookies", "Save preferences", "Find out more about our services", "Search"}
	for i := 0; b.Loop(); i++ {
		Classify(names[i%len(names)])
	}
}
