package main

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
)

// TestDiverseSummaryStreamsAsMarshalIndent checks the streamed summary
// against encoding/json's MarshalIndent of the whole, on the shape that
// fills every list: a diverse corpus with thousands of sending IPs and
// hundreds of findings.
func TestDiverseSummaryStreamsAsMarshalIndent(t *testing.T) {
	dir := t.TempDir()
	if _, err := generate(dir, 1500, 3, false, true); err != nil {
		t.Fatal(err)
	}
	a := analysis.New()
	if err := (&analysis.Loader{}).Load(context.Background(), a, []string{dir}); err != nil {
		t.Fatal(err)
	}
	res := a.Snapshot().Totals(analysis.Filter{})
	var got bytes.Buffer
	if err := export.SummaryJSON(&got, res); err != nil {
		t.Fatal(err)
	}
	want, err := json.MarshalIndent(res.Summary(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), append(want, '\n')) {
		t.Errorf("the streamed summary (%d bytes) differs from MarshalIndent's (%d bytes)", got.Len(), len(want)+1)
	}
	if s := res.Summary(); len(s.Findings) < 100 || len(s.SendingMTAIPs) < 1000 {
		t.Errorf("%d findings, %d sending IPs: want a diverse corpus", len(s.Findings), len(s.SendingMTAIPs))
	}
}
