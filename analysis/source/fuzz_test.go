package source

// Fuzz targets. Run one at a time, for example:
//
//	go test -run '^$' -fuzz '^FuzzParseReport$' -fuzztime 60s ./analysis
//
// Each is seeded from the real samples (f.Add) and from the committed
// corpus in testdata/fuzz/<Target>/; crashers the fuzzer finds land there
// too and then run as regression tests with plain `go test`.

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// realSampleBytes returns the bytes of every real sample, and for gzip and
// email samples also what they contain, so seeds cover every layer.
func realSampleBytes(f *testing.F) (raw, jsonDocs [][]byte) {
	names := testgen.RealSampleNames(f)
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(testgen.RealDir(), name))
		if err != nil {
			f.Fatal(err)
		}
		raw = append(raw, data)
		if strings.HasSuffix(name, ".json") {
			jsonDocs = append(jsonDocs, data)
		}
		if strings.HasSuffix(name, ".gz") {
			if inner, err := gunzip(bytes.NewReader(data)); err == nil {
				jsonDocs = append(jsonDocs, bytes.Clone(inner.Bytes()))
				releaseBuffer(inner)
			}
		}
	}
	return raw, jsonDocs
}

// checkReport asserts what every parsed report guarantees.
func checkReport(t *testing.T, r *report.Report) {
	t.Helper()
	if r.Start.Location() != time.UTC || r.End.Location() != time.UTC {
		t.Fatalf("date range not in UTC: %v %v", r.Start, r.End)
	}
	var ok, failed int64
	for i, p := range r.Policies {
		if p.Successful < 0 || p.Failed < 0 {
			t.Fatalf("policy %d has negative counts %d/%d", i, p.Successful, p.Failed)
		}
		if !p.Policy.Type.Valid() {
			t.Fatalf("policy %d has type %q", i, p.Policy.Type)
		}
		for _, fd := range p.FailureDetails {
			if fd.FailedSessions < 0 || fd.ResultType == "" {
				t.Fatalf("failure detail %+v", fd)
			}
		}
		ok = satAdd(ok, p.Successful)
		failed = satAdd(failed, p.Failed)
	}
	if ok < 0 || failed < 0 {
		t.Fatalf("report totals negative: %d/%d", ok, failed)
	}
}

func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// encodeReport writes r back as RFC 8460 JSON.
func encodeReport(r *report.Report) []byte {
	policies := make([]any, 0, len(r.Policies))
	for _, p := range r.Policies {
		pol := testgen.Obj{"policy-type": string(p.Policy.Type), "policy-domain": p.Policy.Domain}
		if p.Policy.Strings != nil {
			pol["policy-string"] = p.Policy.Strings
		}
		if p.Policy.MXHosts != nil {
			pol["mx-host"] = p.Policy.MXHosts
		}
		details := make([]any, 0, len(p.FailureDetails))
		for _, fd := range p.FailureDetails {
			details = append(details, testgen.Obj{
				"result-type": fd.ResultType, "sending-mta-ip": fd.SendingMTAIP, "receiving-mx-hostname": fd.ReceivingMXHostname,
				"receiving-mx-helo": fd.ReceivingMXHelo, "receiving-ip": fd.ReceivingIP, "failed-session-count": fd.FailedSessions,
				"additional-information": fd.AdditionalInformation, "failure-reason-code": fd.FailureReasonCode,
			})
		}
		policies = append(policies, testgen.Obj{
			"policy":          pol,
			"summary":         testgen.Obj{"total-successful-session-count": p.Successful, "total-failure-session-count": p.Failed},
			"failure-details": details,
		})
	}
	b, _ := json.Marshal(testgen.Obj{
		"organization-name": r.OrganizationName,
		"date-range":        testgen.Obj{"start-datetime": r.Start.Format(time.RFC3339Nano), "end-datetime": r.End.Format(time.RFC3339Nano)},
		"contact-info":      r.ContactInfo,
		"report-id":         r.ReportID,
		"policies":          policies,
	})
	return b
}

// canonical makes nil and empty slices equal for comparison.
func canonical(r *report.Report) *report.Report {
	c := *r
	c.Policies = append([]report.PolicyResult{}, r.Policies...)
	for i := range c.Policies {
		p := &c.Policies[i]
		p.Policy.Strings = append([]string{}, p.Policy.Strings...)
		p.Policy.TLSARecords = append([]string{}, p.Policy.TLSARecords...)
		p.Policy.MXHosts = append([]string{}, p.Policy.MXHosts...)
		if p.Policy.STS != nil {
			sts := *p.Policy.STS
			sts.MX = append([]string{}, sts.MX...)
			p.Policy.STS = &sts
		}
		p.FailureDetails = append([]report.FailureDetail{}, p.FailureDetails...)
	}
	return &c
}

func FuzzParseReport(f *testing.F) {
	_, docs := realSampleBytes(f)
	for _, d := range docs {
		f.Add(d)
	}
	f.Add([]byte(testgen.WithPolicies(`{"policy":{"policy-type":"tlsa","policy-string":["[\"3 1 1 AB\",\"3 1 1 CD\"]"],"mx-host-pattern":"*.x"},"summary":{"total-successful-session-count":10,"total-failure-session-count":0}}`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, warnings, err := report.ParseReport(data)
		if (r == nil) == (err == nil) {
			t.Fatalf("report %v and error %v", r, err)
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		checkReport(t, r)
		// Parsing is deterministic.
		r2, warnings2, err := report.ParseReport(data)
		if err != nil || !reflect.DeepEqual(r, r2) || !reflect.DeepEqual(warnings, warnings2) {
			t.Fatalf("second parse differs: %v", err)
		}
		// Writing the report back as RFC JSON and parsing that gives the
		// same report and the same warnings: nothing read is lost or
		// changed by a second pass (domains aside: see
		// TestNormalizeDomainIdempotent).
		again, warnings3, err := report.ParseReport(encodeReport(r))
		if err != nil {
			t.Fatalf("re-encoded report does not parse: %v\n%s", err, encodeReport(r))
		}
		for i := range again.Policies {
			again.Policies[i].Policy.Domain = r.Policies[i].Policy.Domain
		}
		if a, b := canonical(r), canonical(again); !reflect.DeepEqual(a, b) {
			t.Fatalf("round trip changed the report:\n%+v\n%+v", a, b)
		}
		if strings.Join(warnings, "\n") != strings.Join(warnings3, "\n") {
			t.Fatalf("round trip changed the warnings:\n%q\n%q", warnings, warnings3)
		}
	})
}

// fuzzInflateBudget bounds the bytes one fuzz input may inflate to. The
// decoders' own limits (64 MiB a report, 1 GiB a zip archive) make an input
// that inflates toward them cost a worker a good part of a second per call:
// FuzzGunzip once fell to 350 execs/s and ended "context deadline exceeded".
// Those limits have unit tests of their own (TestGzipBomb, TestZipBomb,
// TestZipInflationBudget).
const fuzzInflateBudget = 4 << 20

// inflatesCheaply tells whether every gzip or zip-deflate stream found at
// any offset of data, and in what those inflate to, adds up to at most
// fuzzInflateBudget bytes. (Streams hidden in base64 or quoted-printable
// email parts are not looked for: a mutator does not grow a valid bomb
// through an encoding.)
func inflatesCheaply(data []byte) bool {
	budget := int64(fuzzInflateBudget)
	return inflateWithin(data, &budget, 0)
}

func inflateWithin(data []byte, budget *int64, depth int) bool {
	if depth > maxNesting {
		return true
	}
	for i := 0; i+30 <= len(data); i++ {
		var r io.Reader
		switch {
		case data[i] == 0x1f && data[i+1] == 0x8b && data[i+2] == 8:
			zr, err := gzip.NewReader(bytes.NewReader(data[i:]))
			if err != nil {
				continue
			}
			zr.Multistream(false)
			r = zr
		case bytes.HasPrefix(data[i:], []byte("PK\x03\x04")) && data[i+8] == 8 && data[i+9] == 0: // deflated zip member
			start := i + 30 + int(binary.LittleEndian.Uint16(data[i+26:])) + int(binary.LittleEndian.Uint16(data[i+28:]))
			if start > len(data) {
				continue
			}
			r = flate.NewReader(bytes.NewReader(data[start:]))
		default:
			continue
		}
		out, _ := io.ReadAll(io.LimitReader(r, *budget+1))
		if *budget -= int64(len(out)); *budget < 0 || !inflateWithin(out, budget, depth+1) {
			return false
		}
	}
	return true
}

func FuzzGunzip(f *testing.F) {
	raw, docs := realSampleBytes(f)
	for _, d := range raw {
		if sniff(d) == formatGzip {
			f.Add(d)
		}
	}
	for _, d := range docs[:min(len(docs), 8)] {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Header = gzip.Header{Name: "r.json", Comment: "c", Extra: []byte("ab\x00\x00"), ModTime: time.Unix(1700000000, 0), OS: 255}
		zw.Write(d)
		zw.Close()
		f.Add(append(buf.Bytes(), '\r', '\n'))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !inflatesCheaply(data) {
			return
		}
		out, err := gunzipBytes(data)
		// The fast inflater and compress/gzip must give the same outcome,
		// the same message included.
		ref, refErr := gunzip(bytes.NewReader(data))
		if (err == nil) != (refErr == nil) || err != nil && err.Error() != refErr.Error() {
			t.Fatalf("gunzipBytes: %v; gunzip: %v", err, refErr)
		}
		if err != nil {
			if out != nil || err.Error() == "" {
				t.Fatalf("error %v with a buffer", err)
			}
			return
		}
		if out.Len() > MaxReportBytes {
			t.Fatalf("inflated %d bytes, above the limit", out.Len())
		}
		if !bytes.Equal(out.Bytes(), ref.Bytes()) {
			t.Fatal("gunzipBytes and gunzip inflate to different bytes")
		}
		first := bytes.Clone(out.Bytes())
		releaseBuffer(out) // the pooled buffer is reused by the next call
		releaseBuffer(ref)
		out2, err := gunzipBytes(data)
		if err != nil || !bytes.Equal(first, out2.Bytes()) {
			t.Fatal("gunzip is not deterministic")
		}
	})
}

// checkItems asserts what every decoder outcome guarantees: each item is
// exactly one of a report, an error or a warning, names a source under
// prefix, and reports are valid.
func checkItems(t *testing.T, items []item, prefix string) {
	t.Helper()
	for _, it := range items {
		n := 0
		if it.report != nil {
			n++
			checkReport(t, it.report)
		}
		if it.err != nil {
			n++
			if it.err.Error() == "" {
				t.Fatal("empty error message")
			}
		}
		if it.warning != "" {
			n++
		}
		if n != 1 {
			t.Fatalf("item %+v is not exactly one of report, error, warning", it)
		}
		if !strings.HasPrefix(it.source, prefix) {
			t.Fatalf("source %q does not start with %q", it.source, prefix)
		}
	}
}

func FuzzZip(f *testing.F) {
	raw, docs := realSampleBytes(f)
	f.Add(testgen.Zip(f, testgen.Member("a.json", docs[0]), testgen.Member("dir/", nil), testgen.Member("b.json.gz", testgen.Gzip(docs[1])), testgen.Member("README.txt", []byte("hi"))))
	f.Add(testgen.Zip(f, testgen.Member("__MACOSX/._a.json", []byte("x")), testgen.Member("inner.zip", testgen.Zip(f, testgen.Member("c.json", docs[2])))))
	f.Add(testgen.Zip(f, testgen.Member("m.eml", raw[1])))
	f.Add(testgen.Zip(f))
	// Hostile shapes (issue 22): entries sharing one member, and zips nested
	// deeper than any report is.
	shared := sharedMemberZip(testgen.Zip(f, testgen.Member("c.json", docs[2])), 3)
	f.Add(shared)
	f.Add(nestedZips(f, docs[0], 9))
	f.Add(nestedZips(f, docs[0], 20))
	// Encrypted members, traditional and AES (issue 22 point 9).
	f.Add(encryptedZip(f, "report.json", docs[0], "hunter2", false))
	f.Add(encryptedZip(f, "report.json", docs[0], "hunter2", true))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !inflatesCheaply(data) {
			return
		}
		items := (&decoder{}).zip("f.zip", bytes.NewReader(data), int64(len(data)), 0)
		checkItems(t, items, "f.zip")
	})
}

func FuzzEmail(f *testing.F) {
	raw, docs := realSampleBytes(f)
	for i, name := range testgen.RealSampleNames(f) {
		if strings.HasSuffix(name, ".eml") {
			f.Add(raw[i])
		}
	}
	f.Add([]byte(testgen.ReportEmail("application/tlsrpt+json", "quoted-printable", "r.json", qp(f, docs[0]))))
	f.Add([]byte("Content-Type: message/rfc822\r\n\r\nContent-Type: application/octet-stream\r\n\r\n" + string(docs[1])))
	// Hostile shapes (issue 22): an attached zip whose entries share one
	// member, and messages nested deeper than the nesting bound.
	shared := sharedMemberZip(testgen.Zip(f, testgen.Member("c.json", docs[2])), 3)
	f.Add([]byte(testgen.ReportEmail("application/zip", "base64", "r.zip", base64.StdEncoding.EncodeToString(shared))))
	f.Add([]byte(strings.Repeat("Content-Type: message/rfc822\r\n\r\n", 20) + "Content-Type: application/tlsrpt+json\r\n\r\n" + string(docs[1])))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !inflatesCheaply(data) {
			return
		}
		items := (&decoder{}).email("m.eml", data, 1)
		checkItems(t, items, "m.eml")
	})
}

func FuzzMbox(f *testing.F) {
	raw, _ := realSampleBytes(f)
	var box strings.Builder
	for i, name := range testgen.RealSampleNames(f) {
		if strings.HasSuffix(name, ".eml") && box.Len() < 40_000 {
			box.WriteString(testgen.MboxMessage(string(raw[i])))
		}
	}
	f.Add([]byte(box.String()))
	f.Add([]byte(testgen.MboxMessage(ordinaryMessage("x")) + ">From escaped\nFrom \n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !inflatesCheaply(data) {
			return
		}
		items := (&decoder{}).mbox("box", bufio.NewReader(bytes.NewReader(data)), 0)
		checkItems(t, items, "box")
	})
}

// FuzzContent covers sniffing and every container reached from it.
func FuzzContent(f *testing.F) {
	raw, _ := realSampleBytes(f)
	for _, d := range raw {
		f.Add(d)
	}
	f.Add([]byte("\xff\xfe{\x00\"\x00a\x00\"\x00:\x001\x00}\x00")) // UTF-16 with its mark
	f.Fuzz(func(t *testing.T, data []byte) {
		head := data[:min(len(data), sniffLen)]
		if a, b := sniff(head), sniff(bytes.Clone(head)); a != b {
			t.Fatal("sniff is not deterministic")
		}
		if !inflatesCheaply(data) {
			return
		}
		items := (&decoder{}).content("in", "in.json", data, 0)
		checkItems(t, items, "in")
	})
}

// TestFuzzBudgetSeesBombs: the fuzz targets' pre-check finds inflation at
// any depth, and lets real reports through.
func TestFuzzBudgetSeesBombs(t *testing.T) {
	big := testgen.Gzip(make([]byte, fuzzInflateBudget+1))
	for _, tc := range []struct {
		name  string
		data  []byte
		cheap bool
	}{
		{"real gzip sample", testgen.ReadReal(t, "tls-rpt-monitor_microsoft-report.json.gz"), true},
		{"gzip over the budget", big, false},
		{"the same after other bytes", append([]byte("From: x\r\n\r\n"), big...), false},
		{"zip member over the budget", testgen.Zip(t, testgen.Member("z.json", make([]byte, fuzzInflateBudget+1))), false},
		{"gzip inside a zip member", testgen.Zip(t, testgen.Member("a.json", []byte("{}")), testgen.Member("z.gz", big)), false},
		{"two gzips of half the budget and more", append(testgen.Gzip(make([]byte, fuzzInflateBudget/2+1)), testgen.Gzip(make([]byte, fuzzInflateBudget/2+1))...), false},
	} {
		if got := inflatesCheaply(tc.data); got != tc.cheap {
			t.Errorf("%s: inflatesCheaply = %v, want %v", tc.name, got, tc.cheap)
		}
	}
}
