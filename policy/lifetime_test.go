package policy

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// describe renders a lifetime as "words known/session seconds", for
// compact expected strings.
func describe(l Lifetime) string {
	state := "unknown"
	switch {
	case l.Session():
		state = "session"
	case l.Known():
		state = "known"
	}
	return fmt.Sprintf("%s %s %ds", l, state, l.Seconds())
}

func TestLifetime(t *testing.T) {
	const day = 86400
	tests := []struct {
		desc string
		life Lifetime
		want string
	}{
		{"zero value is unknown", Lifetime{}, "unknown unknown 0s"},
		{"session", SessionLifetime(), "session session 0s"},
		{"a zero duration is a session", LifetimeOf(0), "session session 0s"},
		{"a negative duration is a session", LifetimeOf(-time.Hour), "session session 0s"},
		{"zero seconds is a session", LifetimeInSeconds(0), "session session 0s"},
		{"negative seconds are a session", LifetimeInSeconds(-1), "session session 0s"},
		{"under a second rounds up to one", LifetimeOf(100 * time.Millisecond), "1 second known 1s"},
		{"rounds to the nearest second", LifetimeOf(1500 * time.Millisecond), "2 seconds known 2s"},
		{"days", LifetimeInSeconds(90 * day), "90 days known 7776000s"},
		{"a month is 30 days", LifetimeOf(Month), "30 days known 2592000s"},
		{"13 months", LifetimeOf(13 * Month), "390 days known 33696000s"},
		{"a year is 365 days", LifetimeOf(Year), "1 year known 31536000s"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			if got := describe(tt.life); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLifetimeString(t *testing.T) {
	const day = 86400
	tests := []struct {
		seconds int64
		want    string
	}{
		{0, "session"},
		{1, "1 second"},
		{90, "90 seconds"},
		{1800, "30 minutes"},
		{3600, "60 minutes"},
		{86400, "24 hours"},
		{90 * day, "90 days"},
		{365 * day, "1 year"},
		{390 * day, "390 days"},
		{400 * day, "400 days"},
		{730 * day, "2 years"},
		{730*day - 5, "2 years"},
		{34560000, "400 days"},
		{2096 * 365 * day, "2096 years"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.seconds), func(t *testing.T) {
			if got := LifetimeInSeconds(tt.seconds).String(); got != tt.want {
				t.Errorf("LifetimeInSeconds(%d) = %q, want %q", tt.seconds, got, tt.want)
			}
		})
	}
	if got := (Lifetime{}).String(); got != "unknown" {
		t.Errorf("unknown lifetime = %q, want unknown", got)
	}
}

func TestLifetimeCompare(t *testing.T) {
	unknown, session, hour, day := Lifetime{}, SessionLifetime(), LifetimeOf(time.Hour), LifetimeOf(24*time.Hour)
	tests := []struct {
		a, b Lifetime
		want int
	}{
		{unknown, unknown, 0},
		{unknown, session, -1},
		{session, unknown, 1},
		{session, session, 0},
		{session, hour, -1},
		{hour, unknown, 1},
		{hour, hour, 0},
		{day, hour, 1},
		{hour, day, -1},
		{LifetimeOf(time.Hour), LifetimeInSeconds(3600), 0},
	}
	for _, tt := range tests {
		t.Run(tt.a.String()+" vs "+tt.b.String(), func(t *testing.T) {
			if got := tt.a.Compare(tt.b); got != tt.want {
				t.Errorf("Compare = %d, want %d", got, tt.want)
			}
			if got := tt.a == tt.b; got != (tt.want == 0) {
				t.Errorf("== is %v where Compare is %d", got, tt.want)
			}
		})
	}
}

func TestLifetimeDuration(t *testing.T) {
	tests := []struct {
		life Lifetime
		want time.Duration
	}{
		{Lifetime{}, 0},
		{SessionLifetime(), 0},
		{LifetimeOf(13 * Month), 13 * Month},
		{LifetimeInSeconds(2096 * 365 * 86400), time.Duration(1<<63 - 1)}, // longer than a Duration holds
	}
	for _, tt := range tests {
		t.Run(tt.life.String(), func(t *testing.T) {
			if got := tt.life.Duration(); got != tt.want {
				t.Errorf("Duration() = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestMonthIsTheCapsMonth checks that a policy's "13 months" is exactly
// the 13 months of 30 days the lifetime cap is counted in.
func TestMonthIsTheCapsMonth(t *testing.T) {
	tests := []struct {
		text string
		want Lifetime
	}{
		{"13 months", LifetimeOf(13 * Month)},
		{"13 months", LifetimeInSeconds(390 * 86400)},
		{"1 month", LifetimeOf(30 * 24 * time.Hour)},
		{"1 year", LifetimeOf(Year)},
		{"1 year and 1 month", LifetimeOf(Year + Month)},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := WrittenLifetime(tt.text); got != tt.want {
				t.Errorf("WrittenLifetime(%q) = %s, want %s", tt.text, describe(got), describe(tt.want))
			}
		})
	}
}

func TestLifetimeJSON(t *testing.T) {
	type fields struct {
		Always Lifetime `json:"always"`
		Maybe  Lifetime `json:"maybe,omitzero"`
	}
	encode := []struct {
		life Lifetime
		want string
	}{
		{Lifetime{}, `{"always":null}`},
		{SessionLifetime(), `{"always":0,"maybe":0}`},
		{LifetimeInSeconds(63072000), `{"always":63072000,"maybe":63072000}`},
	}
	for _, tt := range encode {
		t.Run("encode "+tt.life.String(), func(t *testing.T) {
			out, err := json.Marshal(fields{tt.life, tt.life})
			if err != nil || string(out) != tt.want {
				t.Fatalf("Marshal = %s, %v; want %s", out, err, tt.want)
			}
			var back fields
			if err := json.Unmarshal(out, &back); err != nil || back.Always != tt.life || back.Maybe != tt.life {
				t.Errorf("round trip = %s/%s, %v; want %s", describe(back.Always), describe(back.Maybe), err, describe(tt.life))
			}
		})
	}
	decode := []struct {
		in, want string // want: describe's words, or "error"
	}{
		{`null`, "unknown unknown 0s"},
		{` null `, "unknown unknown 0s"},
		{`0`, "session session 0s"},
		{`3600`, "60 minutes known 3600s"},
		{`-1`, "error"},
		{`1.5`, "error"},
		{`"3600"`, "error"},
		{`true`, "error"},
	}
	for _, tt := range decode {
		t.Run("decode "+tt.in, func(t *testing.T) {
			l := LifetimeInSeconds(99) // decoding replaces whatever was there
			got := "error"
			if err := json.Unmarshal([]byte(tt.in), &l); err == nil {
				got = describe(l)
			}
			if got != tt.want {
				t.Errorf("Unmarshal(%s) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestLifetimeYAML(t *testing.T) {
	type fields struct {
		Life Lifetime `yaml:"expiry_seconds,omitempty"`
	}
	encode := []struct {
		life Lifetime
		want string
	}{
		{Lifetime{}, "{}"},
		{SessionLifetime(), "expiry_seconds: 0"},
		{LifetimeInSeconds(7200), "expiry_seconds: 7200"},
	}
	for _, tt := range encode {
		t.Run("encode "+tt.life.String(), func(t *testing.T) {
			out, err := yaml.Marshal(fields{tt.life})
			if got := strings.TrimSpace(string(out)); err != nil || got != tt.want {
				t.Errorf("Marshal = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	decode := []struct {
		in, want string // want: describe's words, or "error"
	}{
		{"expiry_seconds: 0", "session session 0s"},
		{"expiry_seconds: 7200", "2 hours known 7200s"},
		{"expiry_seconds: ~", "unknown unknown 0s"},
		{"expiry_seconds: null", "unknown unknown 0s"},
		{"other: 1", "unknown unknown 0s"},
		{"expiry_seconds: -1", "error"},
		{"expiry_seconds: 2 years", "error"},
		{"expiry_seconds: [1]", "error"},
	}
	for _, tt := range decode {
		t.Run("decode "+tt.in, func(t *testing.T) {
			var f fields
			got := "error"
			if err := yaml.Unmarshal([]byte(tt.in), &f); err == nil {
				got = describe(f.Life)
			}
			if got != tt.want {
				t.Errorf("Unmarshal(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

// TestDeclarationLifetimeEncoding checks that a declaration's lifetime is
// written as it always was: expiry_seconds null when unknown, 0 for a
// session, in JSON; left out when unknown in YAML.
func TestDeclarationLifetimeEncoding(t *testing.T) {
	tests := []struct {
		expiry   Lifetime
		wantJSON string
		wantYAML string
	}{
		{Lifetime{}, `"expiry_seconds":null`, "name: a\n"},
		{SessionLifetime(), `"expiry_seconds":0`, "name: a\nexpiry_seconds: 0\n"},
		{LifetimeInSeconds(86400), `"expiry_seconds":86400`, "name: a\nexpiry_seconds: 86400\n"},
	}
	for _, tt := range tests {
		t.Run(tt.expiry.String(), func(t *testing.T) {
			d := Declaration{Name: "a", Expiry: tt.expiry}
			j, err := json.Marshal(d)
			if err != nil || !strings.Contains(string(j), tt.wantJSON) {
				t.Errorf("JSON = %s, %v; want it to hold %s", j, err, tt.wantJSON)
			}
			var back Declaration
			if err := json.Unmarshal(j, &back); err != nil || back != d {
				t.Errorf("JSON round trip = %+v, %v", back, err)
			}
			y, err := yaml.Marshal(d)
			if err != nil || string(y) != tt.wantYAML {
				t.Errorf("YAML = %q, %v; want %q", y, err, tt.wantYAML)
			}
			back = Declaration{}
			if err := yaml.Unmarshal(y, &back); err != nil || back != d {
				t.Errorf("YAML round trip = %+v, %v", back, err)
			}
		})
	}
}
