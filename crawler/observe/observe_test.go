package observe

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestPhaseConsentOutcome checks that a phase's consent outcome has one
// place, its evidence, and that reports written when the phase carried
// consent_action beside it read the same.
func TestPhaseConsentOutcome(t *testing.T) {
	tests := []struct {
		desc, json string
		want       string // outcome, then the evidence's, then what writing it again gives (consent_action kept for v1 readers)
	}{
		{"pre-consent, old report", `{"phase":"pre-consent","consent_action":"none","pages":[]}`,
			`none evidence=- {"phase":"pre-consent","consent_action":"none","pages":[]}`},
		{"pre-consent, new report", `{"phase":"pre-consent","pages":[]}`,
			`none evidence=- {"phase":"pre-consent","consent_action":"none","pages":[]}`},
		{"old report, outcome in both places", `{"phase":"accept","consent_action":"clicked","consent":{"consent_action":"clicked","banner_found":true,"reject_on_first_layer":true},"pages":[]}`,
			`clicked evidence=clicked {"phase":"accept","consent_action":"clicked","consent":{"consent_action":"clicked","banner_found":true,"banner_gone":false,"reject_on_first_layer":true},"pages":[]}`},
		{"old report, outcome only on the phase", `{"phase":"reject","consent_action":"not-found","pages":[]}`,
			`not-found evidence=not-found {"phase":"reject","consent_action":"not-found","consent":{"consent_action":"not-found","banner_found":false,"banner_gone":false,"reject_on_first_layer":false},"pages":[]}`},
		{"old report, evidence without its outcome", `{"phase":"reject","consent_action":"failed","consent":{"banner_found":true,"reject_on_first_layer":true},"pages":[]}`,
			`failed evidence=failed {"phase":"reject","consent_action":"failed","consent":{"consent_action":"failed","banner_found":true,"banner_gone":false,"reject_on_first_layer":true},"pages":[]}`},
		{"the evidence wins over the phase", `{"phase":"reject","consent_action":"clicked","consent":{"consent_action":"failed","banner_found":true,"reject_on_first_layer":true},"pages":[]}`,
			`failed evidence=failed {"phase":"reject","consent_action":"failed","consent":{"consent_action":"failed","banner_found":true,"banner_gone":false,"reject_on_first_layer":true},"pages":[]}`},
		{"not a phase", `{"phase":3}`, `error: json: cannot unmarshal number into Go struct field`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			var p PhaseResult
			got := ""
			if err := json.Unmarshal([]byte(tt.json), &p); err != nil {
				got = "error: " + err.Error()
			} else {
				ev := "-"
				if p.Consent != nil {
					ev = string(p.Consent.Outcome)
				}
				out, err := json.Marshal(p)
				if err != nil {
					t.Fatal(err)
				}
				got = fmt.Sprintf("%s evidence=%s %s", p.ConsentOutcome(), ev, out)
			}
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
