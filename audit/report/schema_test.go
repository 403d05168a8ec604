package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cookieaudit/cookieaudit/policy"
	"github.com/invopop/jsonschema"
	validator "github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite schema.json from the report's types")

// generateSchema derives the report's JSON Schema from its Go types: every
// field the JSON encoder always writes is required, fields with omitempty
// or omitzero are optional, and no other property is allowed.
func generateSchema(t *testing.T) []byte {
	t.Helper()
	r := &jsonschema.Reflector{
		DoNotReference: false,
		ExpandedStruct: true,
		// A field is optional when its tag says the encoder may leave it
		// out (omitempty, or Go 1.24's omitzero, which the reflector does
		// not know).
		RequiredFromJSONSchemaTags: false,
		AllowAdditionalProperties:  false,
		Mapper: func(t reflect.Type) *jsonschema.Schema {
			switch t {
			case reflect.TypeFor[time.Time]():
				return &jsonschema.Schema{Type: "string", Format: "date-time"}
			case reflect.TypeFor[policy.Lifetime]():
				return &jsonschema.Schema{Type: "integer"} // seconds; see allowNull for null
			}
			return nil
		},
	}
	s := r.Reflect(&Report{})
	s.ID = "https://github.com/cookieaudit/cookieaudit/audit/report/schema.json"
	s.Title = Schema
	s.Description = "A cookieaudit report: what was crawled on each site, what its cookie policy declares, and the findings."
	dropOmitzero(s, reflect.TypeFor[Report]())
	allowNull(s, reflect.TypeFor[Report]())
	// Reports written before the consent evidence was the outcome's one
	// place carry it on the phase too; they are still v1 reports, and
	// observe.PhaseResult reads the old property into the evidence.
	s.Definitions["PhaseResult"].Properties.Set("consent_action", &jsonschema.Schema{
		Type: "string", Deprecated: true,
		Description: "Written by earlier releases: the phase's consent outcome, now consent.consent_action.",
	})
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// dropOmitzero removes from the required lists the fields tagged omitzero,
// which the reflector treats as always present.
func dropOmitzero(s *jsonschema.Schema, root reflect.Type) {
	optional := map[string]bool{}
	var walk func(t reflect.Type, seen map[reflect.Type]bool)
	walk = func(t reflect.Type, seen map[reflect.Type]bool) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "" {
				name = f.Name
			}
			if strings.Contains(","+opts+",", ",omitzero,") {
				optional[name] = true
			}
			walk(f.Type, seen)
		}
	}
	walk(root, map[reflect.Type]bool{})
	var prune func(s *jsonschema.Schema)
	prune = func(s *jsonschema.Schema) {
		if s == nil {
			return
		}
		var req []string
		for _, r := range s.Required {
			if !optional[r] {
				req = append(req, r)
			}
		}
		s.Required = req
		for _, d := range s.Definitions {
			prune(d)
		}
	}
	prune(s)
}

// allowNull lets a pointer, slice or map field be null, as the JSON encoder
// writes a nil one, and a policy.Lifetime field, which it writes as null
// when the lifetime is unknown; but not the audit settings' lifetime cap,
// which is always known (audit.Options.Settings fills in the default).
func allowNull(root *jsonschema.Schema, rt reflect.Type) {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, s *jsonschema.Schema)
	walk = func(t reflect.Type, s *jsonschema.Schema) {
		if s == nil || seen[t] {
			return
		}
		seen[t] = true
		var fields func(t reflect.Type)
		fields = func(t reflect.Type) {
			for i := range t.NumField() {
				f := t.Field(i)
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if f.Anonymous && name == "" {
					fields(f.Type)
					continue
				}
				if name == "" || name == "-" || !f.IsExported() {
					continue
				}
				prop, ok := s.Properties.Get(name)
				if !ok {
					continue
				}
				k := f.Type.Kind()
				lifetime := f.Type == reflect.TypeFor[policy.Lifetime]() && t != reflect.TypeFor[AuditSettings]()
				if k == reflect.Pointer || k == reflect.Slice || k == reflect.Map || lifetime {
					orig := *prop
					*prop = jsonschema.Schema{AnyOf: []*jsonschema.Schema{&orig, {Type: "null"}}}
				}
				elem := f.Type
				for elem.Kind() == reflect.Pointer || elem.Kind() == reflect.Slice || elem.Kind() == reflect.Map || elem.Kind() == reflect.Array {
					elem = elem.Elem()
				}
				if elem.Kind() == reflect.Struct && elem != reflect.TypeFor[time.Time]() {
					walk(elem, root.Definitions[elem.Name()])
				}
			}
		}
		fields(t)
	}
	walk(rt, root)
}

// TestSchemaMatchesTypes checks that the published schema is the one the
// report's types give.
func TestSchemaMatchesTypes(t *testing.T) {
	got := generateSchema(t)
	if *update {
		if err := os.WriteFile("schema.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got, SchemaJSON) {
		t.Fatal("schema.json is not the schema of the report's types: run go test ./audit/report -run TestSchemaMatchesTypes -update and review the diff")
	}
}

// reportFiles lists every saved report in the repository's testdata: the
// golden report, the fixture scan and the demo and nightly reports.
func reportFiles(t *testing.T) []string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "testdata")
	var files []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".json") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(data[:min(len(data), 200)], []byte(`"schema": "`+Schema+`"`)) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no report in testdata")
	}
	return files
}

// compiledSchema is the published schema, ready to validate with.
func compiledSchema(t *testing.T) *validator.Schema {
	t.Helper()
	c := validator.NewCompiler()
	doc, err := validator.UnmarshalJSON(bytes.NewReader(SchemaJSON))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("schema.json")
	if err != nil {
		t.Fatalf("compile schema.json: %v", err)
	}
	return sch
}

// TestReportsMatchSchema validates every saved report in testdata against
// the published schema.
func TestReportsMatchSchema(t *testing.T) {
	sch := compiledSchema(t)
	for _, path := range reportFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			v, err := validator.UnmarshalJSON(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(v); err != nil {
				t.Errorf("%s: %v", path, err)
			}
		})
	}
}

// TestSchemaRejectsWhatIsNotAReport checks that the schema is strict: an
// unknown property or a missing required one is refused.
func TestSchemaRejectsWhatIsNotAReport(t *testing.T) {
	sch := compiledSchema(t)
	for _, tt := range []struct{ desc, json string }{
		{"unknown property", `{"schema":"cookieaudit/report/v1","tool":{"name":"x","version":"1"},"started_at":"2026-01-01T00:00:00Z","finished_at":"2026-01-01T00:00:00Z","sites":[],"extra":1}`},
		{"no sites", `{"schema":"cookieaudit/report/v1","tool":{"name":"x","version":"1"},"started_at":"2026-01-01T00:00:00Z","finished_at":"2026-01-01T00:00:00Z"}`},
		{"a finding without its rule", `{"schema":"cookieaudit/report/v1","tool":{"name":"x","version":"1"},"started_at":"2026-01-01T00:00:00Z","finished_at":"2026-01-01T00:00:00Z","sites":[{"findings":[{"severity":"high"}]}]}`},
	} {
		t.Run(tt.desc, func(t *testing.T) {
			v, err := validator.UnmarshalJSON(strings.NewReader(tt.json))
			if err != nil {
				t.Fatal(err)
			}
			if sch.Validate(v) == nil {
				t.Errorf("the schema accepts %s", tt.json)
			}
		})
	}
}

// TestSchemaAcceptsEarlierReports checks that reports written by earlier
// releases of schema v1 still validate: their phases carry consent_action
// beside the consent evidence.
func TestSchemaAcceptsEarlierReports(t *testing.T) {
	sch := compiledSchema(t)
	old := `{"schema":"cookieaudit/report/v1","tool":{"name":"x","version":"1"},"started_at":"2026-01-01T00:00:00Z","finished_at":"2026-01-01T00:00:00Z",
	"sites":[{"url":"https://www.x.gov.uk/","status":"complete","phases":[
		{"phase":"pre-consent","consent_action":"none","pages":[]},
		{"phase":"reject","consent_action":"clicked","consent":{"consent_action":"clicked","banner_found":true,"banner_gone":true,"reject_on_first_layer":true},"pages":[]}],
	"error":"","cookies":[],"storage":[],"policy":{"url":"","error":""},"declared":[],"findings":[]}]}`
	v, err := validator.UnmarshalJSON(strings.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("an earlier v1 report does not validate: %v", err)
	}
}
