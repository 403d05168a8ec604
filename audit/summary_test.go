package audit

import "testing"

func TestPageFailure(t *testing.T) {
	tests := []struct{ err, want string }{
		{"page did not load within 30s", "timeout"},
		{"page load failed: net::ERR_TOO_MANY_REDIRECTS", "redirect loop"},
		{"HTTP 404 Not Found", "HTTP 404"},
		{"HTTP 503 Service Unavailable", "HTTP 503"},
		{"page load failed: net::ERR_NAME_NOT_RESOLVED", "DNS"},
		{"page load failed: net::ERR_CERT_AUTHORITY_INVALID", "TLS"},
		{"page load failed: net::ERR_SSL_PROTOCOL_ERROR", "TLS"},
		{"page load failed: net::ERR_CONNECTION_REFUSED", "connection refused"},
		{"page load failed: net::ERR_CONNECTION_RESET", "connection failed"},
		{"page load stopped (interrupted or site timeout)", "stopped"},
		{"blocked by a bot check (Cloudflare): the site did not serve its pages to the crawler", "bot check"},
		{"something new", "other"},
	}
	for _, tt := range tests {
		t.Run(tt.want+" "+tt.err, func(t *testing.T) {
			if got := PageFailure(tt.err); got != tt.want {
				t.Errorf("PageFailure(%q) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}
