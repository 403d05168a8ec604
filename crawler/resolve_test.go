package crawler

import (
	"strings"
	"testing"
)

func TestHostResolverRules(t *testing.T) {
	tests := []struct {
		desc               string
		resolve, connectTo []string
		want, wantErr      string
	}{
		{"curl resolve keeps the port", []string{"www.a.gov.uk:443:127.0.0.1"}, nil, "MAP www.a.gov.uk:443 127.0.0.1", ""},
		{"wildcards and ipv6", []string{"*.a.gov.uk:443:[::1]", "*:80:10.0.0.1"}, nil, "MAP *.a.gov.uk:443 [::1],MAP *:80 10.0.0.1", ""},
		{"connect-to changes the port", nil, []string{"www.a.gov.uk:443:127.0.0.1:8443"}, "MAP www.a.gov.uk:443 127.0.0.1:8443", ""},
		{"resolve without an address", []string{"www.a.gov.uk:443"}, nil, "", "want HOST:PORT:ADDR"},
		{"connect-to with a bad port", nil, []string{"www.a.gov.uk:443:127.0.0.1:http"}, "", "bad port"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			got, err := HostResolverRules(tt.resolve, tt.connectTo)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("HostResolverRules = %q, %v; want an error with %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("HostResolverRules = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
