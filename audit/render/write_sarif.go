package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"

	"github.com/cookieaudit/cookieaudit/audit"

	"github.com/cookieaudit/cookieaudit/audit/report"
)

// SARIFWriter writes SARIF 2.1.0 for code-scanning dashboards: one run, the
// rules of Rules in tool.driver.rules (summary, description and default
// level), one result per finding located at the site's
// URL (and its evidence pages). Waived findings carry an external
// suppression with the waiver's reason; with a baseline each result has
// baselineState new, unchanged or absent (resolved).
type SARIFWriter struct{}

// SARIF 2.1.0 object model, only the parts written.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string        `json:"id"`
	Name                 string        `json:"name"`
	ShortDescription     sarifMessage  `json:"shortDescription"`
	FullDescription      *sarifMessage `json:"fullDescription,omitempty"`
	DefaultConfiguration sarifConfig   `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	BaselineState       string            `json:"baselineState,omitempty"`
	Suppressions        []sarifSuppress   `json:"suppressions,omitempty"`
	Attachments         []sarifAttachment `json:"attachments,omitempty"`
	Properties          map[string]any    `json:"properties"`
}

// sarifAttachment is a file that documents a result: a banner's
// screenshot.
type sarifAttachment struct {
	Description      sarifMessage  `json:"description"`
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifSuppress struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s report.Severity) string {
	switch s {
	case report.High:
		return "error"
	case report.Medium:
		return "warning"
	}
	return "note"
}

// Write implements Writer.
func (SARIFWriter) Write(w io.Writer, r *report.Report) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: r.Tool.Name, Version: r.Tool.Version,
			InformationURI: "https://github.com/cookieaudit/cookieaudit",
		}},
		Results: []sarifResult{},
	}
	if run.Tool.Driver.Name == "" {
		run.Tool.Driver.Name = "cookieaudit"
	}
	index := map[string]int{}
	for i, rule := range audit.Rules {
		index[rule.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: rule.ID, Name: rule.ID, ShortDescription: sarifMessage{rule.Summary},
			FullDescription:      &sarifMessage{rule.Description},
			DefaultConfiguration: sarifConfig{sarifLevel(rule.Severity)},
		})
	}
	for _, s := range r.Sites {
		for _, f := range s.Findings {
			idx, ok := index[f.Rule]
			if !ok {
				idx = len(run.Tool.Driver.Rules)
				index[f.Rule] = idx
				run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
					ID: f.Rule, Name: f.Rule, ShortDescription: sarifMessage{f.Rule}, DefaultConfiguration: sarifConfig{"warning"},
				})
			}
			locs := []sarifLocation{{sarifPhysical{sarifArtifact{s.URL}}}}
			var shots []sarifAttachment
			for _, ev := range f.Evidence {
				if ev.PageURL != "" && ev.PageURL != s.URL {
					locs = append(locs, sarifLocation{sarifPhysical{sarifArtifact{ev.PageURL}}})
				}
				if ev.Screenshot != "" {
					shots = append(shots, sarifAttachment{sarifMessage{"The cookie banner before the choice"}, sarifArtifact{filepath.ToSlash(ev.Screenshot)}})
				}
			}
			key := s.URL + "\x00" + f.Rule + "\x00" + f.Cookie + "\x00" + f.Domain
			if f.Request != "" {
				key += "\x00" + f.Request // tracker findings only, so cookie findings keep their fingerprints
			}
			sum := sha256.Sum256([]byte(key))
			res := sarifResult{
				RuleID: f.Rule, RuleIndex: idx, Level: sarifLevel(f.Severity),
				Message:             sarifMessage{f.Message},
				Locations:           locs,
				Attachments:         shots,
				PartialFingerprints: map[string]string{"cookieFinding/v1": hex.EncodeToString(sum[:16])},
				Properties: map[string]any{
					"severity": f.Severity, "cookie": f.Cookie, "domain": f.Domain, "phases": f.Phases, "site": s.URL,
				},
			}
			if f.Request != "" {
				res.Properties["request"] = f.Request
			}
			if f.Blocked {
				res.Properties["blocked"] = true
			}
			if f.WaiverExpired != "" {
				res.Properties["waiverExpired"] = f.WaiverExpired
			}
			switch f.Status {
			case audit.StatusNew, audit.StatusUnchanged:
				res.BaselineState = f.Status
			case audit.StatusResolved:
				res.BaselineState = "absent"
			}
			if f.Waived != "" {
				res.Suppressions = []sarifSuppress{{Kind: "external", Justification: f.Waived}}
			}
			run.Results = append(run.Results, res)
		}
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("audit: write sarif: %w", err)
	}
	return nil
}
