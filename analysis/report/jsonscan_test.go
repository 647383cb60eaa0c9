package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// FuzzScannerAgreesWithEncodingJSON checks the hand-written scanner against
// the standard library: both must agree on which objects are valid JSON,
// and the strings they decode must be equal.
func FuzzScannerAgreesWithEncodingJSON(f *testing.F) {
	samples, _ := filepath.Glob(filepath.Join(testgen.RealDir(), "*.json"))
	if len(samples) == 0 {
		f.Fatal("no real samples to seed from")
	}
	for _, p := range samples {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"organization-name":"a\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t","policies":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{")) {
			return
		}
		w, err := reportDecoders.New().(*reportDecoder).decode(data)
		var fe *fieldError
		switch {
		case errors.Is(err, errNestedTooDeep), errors.As(err, &fe):
			return // valid JSON of the wrong shape or depth
		case err != nil:
			if json.Valid(data) {
				t.Fatalf("scanner rejected valid JSON: %v", err)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("scanner accepted invalid JSON")
		}
		// A map, unlike a struct, matches member names exactly, as the
		// scanner does.
		var std map[string]any
		if json.Unmarshal(data, &std) != nil {
			return
		}
		if s, ok := std["organization-name"].(string); ok && s != w.OrganizationName {
			t.Fatalf("organization-name: scanner %q, encoding/json %q", w.OrganizationName, s)
		}
		if s, ok := std["report-id"].(string); ok && s != w.ReportID {
			t.Fatalf("report-id: scanner %q, encoding/json %q", w.ReportID, s)
		}
	})
}

func TestScannerErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"policies": [`, "truncated"},
		{`{"organization-name": "abc`, "truncated"},
		{`{"organization-name": 12, "policies": []}`, "organization-name must be a string, not a JSON number"},
		{`{"policies": [{"policy": {"policy-type": 3}}]}`, "policies[0].policy.policy-type must be a string, not a JSON number"},
		{`{"policies": [{"failure-details": [{"sending-mta-ip": {}}]}]}`, "policies[0].failure-details[0].sending-mta-ip must be a string, not a JSON object"},
		{`{"policies": [1]}`, "policies[0] must be an object, not a JSON number"},
		{`{"a": 01}`, "not valid JSON at byte"},
		{"{\"a\": \"\x01\"}", "control character"},
		{`{"a": "\q"}`, "invalid escape"},
		{`{"a": tru}`, "not valid JSON"},
		{`{} {}`, "unexpected data after the report"},
		{`{"a":` + string(bytes.Repeat([]byte("["), 100000)), "nested too deeply"},
	} {
		_, err := reportDecoders.New().(*reportDecoder).decode([]byte(tc.in))
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) {
			t.Errorf("%.40q: got %v, want error containing %q", tc.in, err, tc.want)
		}
	}
}
