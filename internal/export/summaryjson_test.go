package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// assertSummaryJSON checks that SummaryJSON writes exactly what
// json.MarshalIndent of the whole summary gives, and no null list.
func assertSummaryJSON(t testing.TB, name string, r *analysis.Result) {
	t.Helper()
	var buf bytes.Buffer
	if err := SummaryJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	want, err := json.MarshalIndent(r.Summary(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	if !bytes.Equal(buf.Bytes(), want) {
		i := 0
		for i < min(buf.Len(), len(want)) && buf.Bytes()[i] == want[i] {
			i++
		}
		t.Errorf("%s: the streamed summary differs from MarshalIndent's at byte %d of %d:\n got %q\nwant %q",
			name, i, len(want), buf.Bytes()[max(0, i-80):min(buf.Len(), i+80)], want[max(0, i-80):min(len(want), i+80)])
	}
	if strings.Contains(buf.String(), "null") {
		t.Errorf("%s: lists serialised as null", name)
	}
}
