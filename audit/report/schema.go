package report

import _ "embed"

// SchemaJSON is the JSON Schema (draft 2020-12) of a cookieaudit report,
// schema cookieaudit/report/v1: what `cookieaudit schema` prints. It is
// generated from the report's Go types and checked against them by
// TestSchemaMatchesTypes (go test ./audit/report -update rewrites it).
//
//go:embed schema.json
var SchemaJSON []byte
