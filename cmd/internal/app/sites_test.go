package app

import (
	"strings"
	"testing"
)

func TestNormalizeSite(t *testing.T) {
	tests := []struct{ in, want string }{
		{"example.gov.uk", "https://example.gov.uk/"},
		{"  WWW.Example.GOV.UK/Path?q=1#top ", "https://www.example.gov.uk/Path?q=1"},
		{"https://www.example.gov.uk:443", "https://www.example.gov.uk/"},
		{"http://www.example.gov.uk:80/", "http://www.example.gov.uk/"},
		{"https://www.example.gov.uk:8443/a/", "https://www.example.gov.uk:8443/a/"},
		{"www.example.gov.uk:8443", "https://www.example.gov.uk:8443/"},
		{"HTTPS://bücher.example/", "https://xn--bcher-kva.example/"},
		{"https://b%C3%BCcher.example/", "https://xn--bcher-kva.example/"},
		{"https://xn--bcher-kva.example/", "https://xn--bcher-kva.example/"},
		{"https://straße.example", "https://xn--strae-oqa.example/"},
		{"https://münchen.de", "https://xn--mnchen-3ya.de/"},
		{"127.0.0.1:8080", "https://127.0.0.1:8080/"},
		{"https://[::1]:8443/", "https://[::1]:8443/"},
		{"//www.example.gov.uk", "https://www.example.gov.uk/"},
		{"javascript:alert(1)", `error: "javascript:alert(1)": javascript: URLs are not web pages`},
		{"JavaScript:void(0)", `error: "JavaScript:void(0)": javascript: URLs are not web pages`},
		{"file:///etc/passwd", `error: "file:///etc/passwd": file: URLs are not web pages`},
		{"ftp://x.gov.uk", `error: "ftp://x.gov.uk": ftp: URLs are not web pages`},
		{"mailto:dpo@example.gov.uk", `error: "mailto:dpo@example.gov.uk": mailto: URLs are not web pages`},
		{"http://", `error: "http://" has no host name`},
		{"https:///path", `error: "https:///path" has no host name`},
		{"gopher://x.gov.uk", `error: "gopher://x.gov.uk": scheme gopher: is not crawled`},
		{"https://user:pw@x.gov.uk/", `error: "https://user:pw@x.gov.uk/" carries a user name or password`},
		{"", "error: empty site URL"},
		{"https://exa mple.gov.uk/", `error: "https://exa mple.gov.uk/" is not a URL`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeSite(tt.in)
			if err != nil {
				got = "error: " + err.Error()
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("NormalizeSite(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeSitesDedupes(t *testing.T) {
	got, err := NormalizeSites([]string{"https://www.a.gov.uk/", "WWW.A.GOV.UK", "www.a.gov.uk/", "https://www.a.gov.uk:443", "www.b.gov.uk/x/", "https://www.b.gov.uk/x", "www.b.gov.uk/y"})
	if err != nil {
		t.Fatal(err)
	}
	if g := strings.Join(got, " "); g != "https://www.a.gov.uk/ https://www.b.gov.uk/x/ https://www.b.gov.uk/y" {
		t.Errorf("NormalizeSites = %s", g)
	}
}

// FuzzNormalizeSite checks that a normalised site is a fixed point, an
// http(s) URL with a host, and never panics.
func FuzzNormalizeSite(f *testing.F) {
	for _, s := range []string{"example.gov.uk", "HTTPS://bücher.example/", "javascript:alert(1)", "http://", "https://[::1]:8443/a?b#c", "www.x.gov.uk:443/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormalizeSite(s)
		if err != nil {
			return
		}
		if !strings.HasPrefix(n, "https://") && !strings.HasPrefix(n, "http://") {
			t.Fatalf("NormalizeSite(%q) = %q: not http(s)", s, n)
		}
		again, err := NormalizeSite(n)
		if err != nil || again != n {
			t.Fatalf("NormalizeSite(%q) = %q, but again %q, %v", s, n, again, err)
		}
	})
}

// TestHostToASCII checks that host names are written as the browser sends
// them: RFC 3492's samples, mapped as UTS #46 maps them for browsers.
func TestHostToASCII(t *testing.T) {
	tests := []struct{ in, want string }{
		{"bücher.example", "xn--bcher-kva.example"},
		{"BÜCHER.Example", "xn--bcher-kva.example"},
		{"ü.example", "xn--tda.example"},
		{"他们为什么不说中文.example", "xn--ihqwcrb4cv8a8dqg056pqjye.example"},
		{"почемужеонинеговорятпорусски.example", "xn--b1abfaaepdrnnbgefbadotcwatmq2g4l.example"},
		{"3年b組金八先生.example", "xn--3b-ww4c5e180e575a65lsy2b.example"},
		{"straße.example", "xn--strae-oqa.example"},
		{"u\u0308ber.example", "xn--ber-goa.example"}, // NFC: u + combining diaeresis is ü
		{"my_host.example.gov.uk", "my_host.example.gov.uk"},
		{"xn--bcher-kva.example", "xn--bcher-kva.example"},
		{"www.example.gov.uk", "www.example.gov.uk"},
		{"b\xffcher.example", `error: host "b\xffcher.example" is not valid UTF-8`},
		{"xn--a-ecp.example", "error: host"}, // punycode that decodes to a disallowed label
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := hostToASCII(tt.in)
			if err != nil {
				got = "error: " + err.Error()
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("hostToASCII(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestSameSite(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"https://www.a.gov.uk/", "WWW.A.GOV.UK", true},
		{"https://xn--bcher-kva.example/", "bücher.example", true},
		{"https://www.a.gov.uk/x/", "https://www.a.gov.uk/x", true},
		{"https://www.a.gov.uk/", "http://www.a.gov.uk/", false},
		{"https://www.a.gov.uk/", "https://www.b.gov.uk/", false},
	} {
		t.Run(tt.a+" "+tt.b, func(t *testing.T) {
			if got := SameSite(tt.a, tt.b); got != tt.want {
				t.Errorf("SameSite(%q, %q) = %t", tt.a, tt.b, got)
			}
		})
	}
}
