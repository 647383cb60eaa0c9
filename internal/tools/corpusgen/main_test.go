package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readDir returns every file in dir by name.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

func TestSameSeedSameBytes(t *testing.T) {
	for _, diverse := range []bool{false, true} {
		testSameSeedSameBytes(t, diverse)
	}
}

func testSameSeedSameBytes(t *testing.T, diverse bool) {
	const n = 50
	var runs []map[string][]byte
	for _, seed := range []uint64{1, 1, 2} {
		dir := t.TempDir()
		if _, err := generate(dir, n, seed, false, diverse); err != nil {
			t.Fatal(err)
		}
		runs = append(runs, readDir(t, dir))
	}
	if len(runs[0]) != n {
		t.Fatalf("got %d files, want %d", len(runs[0]), n)
	}
	if !maps.EqualFunc(runs[0], runs[1], bytes.Equal) {
		t.Error("two runs with seed 1 differ")
	}
	if maps.EqualFunc(runs[0], runs[2], bytes.Equal) {
		t.Error("seeds 1 and 2 gave the same corpus")
	}
}

// report holds the parts of a report the checks below need.
type report struct {
	Org       string          `json:"organization-name"`
	DateRange json.RawMessage `json:"date-range"`
	Contact   json.RawMessage `json:"contact-info"`
	ID        string          `json:"report-id"`
	Policies  []struct {
		Policy struct {
			Type string `json:"policy-type"`
		} `json:"policy"`
		Summary struct {
			OK     int64 `json:"total-successful-session-count"`
			Failed int64 `json:"total-failure-session-count"`
		} `json:"summary"`
		Details []struct {
			Result string `json:"result-type"`
			Count  int64  `json:"failed-session-count"`
		} `json:"failure-details"`
	} `json:"policies"`
}

func TestReportsAreRealistic(t *testing.T) {
	for _, c := range []struct{ plain, diverse bool }{{false, false}, {true, false}, {false, true}} {
		plain := c.plain
		dir := t.TempDir()
		if _, err := generate(dir, 50, 1, plain, c.diverse); err != nil {
			t.Fatal(err)
		}
		orgs := map[string]int{}
		ids := map[string]bool{}
		for name, b := range readDir(t, dir) {
			if !plain {
				if !strings.HasSuffix(name, ".json.gz") {
					t.Fatalf("%s: want .json.gz", name)
				}
				zr, err := gzip.NewReader(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if b, err = io.ReadAll(zr); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			} else if !strings.HasSuffix(name, ".json") {
				t.Fatalf("%s: want .json", name)
			}

			var keys map[string]json.RawMessage
			if err := json.Unmarshal(b, &keys); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, k := range []string{"organization-name", "date-range", "contact-info", "report-id", "policies"} {
				if keys[k] == nil {
					t.Errorf("%s: no %q", name, k)
				}
			}
			var r report
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			orgs[r.Org]++
			if ids[r.Org+"\x00"+r.ID] {
				t.Errorf("%s: duplicate report-id %q", name, r.ID)
			}
			ids[r.Org+"\x00"+r.ID] = true
			if len(r.Policies) == 0 {
				t.Errorf("%s: no policies", name)
			}
			for _, p := range r.Policies {
				var sum int64
				for _, d := range p.Details {
					sum += d.Count
				}
				if sum != p.Summary.Failed && r.Org != "Mail.ru" {
					t.Errorf("%s: %s policy fails %d sessions, details add up to %d", name, p.Policy.Type, p.Summary.Failed, sum)
				}
			}
		}
		// Real mailboxes are mostly Google and Microsoft, with a tail.
		if len(orgs) < 3 || orgs["Google Inc."] < 10 || orgs["Microsoft Corporation"] < 5 {
			t.Errorf("organization mix %v: want Google, Microsoft and others", orgs)
		}
	}
}

// TestDiverseShape checks what makes the diverse corpus diverse: four
// reporters, many distinct sending IPs, failure details naming only a
// receiving IP, and MTA-STS policies that change over the year.
func TestDiverseShape(t *testing.T) {
	dir := t.TempDir()
	if _, err := generate(dir, 2000, 1, true, true); err != nil {
		t.Fatal(err)
	}
	type detail struct {
		SendingIP string `json:"sending-mta-ip"`
		MX        string `json:"receiving-mx-hostname"`
		RecvIP    string `json:"receiving-ip"`
	}
	type full struct {
		Org      string `json:"organization-name"`
		Policies []struct {
			Policy struct {
				Type    string   `json:"policy-type"`
				Domain  string   `json:"policy-domain"`
				Strings []string `json:"policy-string"`
			} `json:"policy"`
			Details []detail `json:"failure-details"`
		} `json:"policies"`
	}
	orgs, ips, doms := map[string]bool{}, map[string]bool{}, map[string]bool{}
	policies := map[string]map[string]bool{} // domain -> distinct STS policy strings
	byIP := 0
	for name, b := range readDir(t, dir) {
		var r full
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		orgs[r.Org] = true
		for _, p := range r.Policies {
			doms[p.Policy.Domain] = true
			if p.Policy.Type == "sts" && p.Policy.Strings != nil {
				if policies[p.Policy.Domain] == nil {
					policies[p.Policy.Domain] = map[string]bool{}
				}
				policies[p.Policy.Domain][strings.Join(p.Policy.Strings, "\n")] = true
			}
			for _, d := range p.Details {
				if d.SendingIP != "" {
					ips[d.SendingIP] = true
				}
				if d.MX == "" && d.RecvIP != "" {
					byIP++
				}
			}
		}
	}
	changed := 0
	for _, v := range policies {
		if len(v) > 1 {
			changed++
		}
	}
	if len(orgs) != 4 || len(doms) != numDiverseDomains {
		t.Errorf("%d reporters, %d domains: want 4 and %d", len(orgs), len(doms), numDiverseDomains)
	}
	// 2,000 reports of which about half have failures, one to three
	// details each, drawn from 4 pools of 40,000: nearly every detail has
	// its own sending IP.
	if len(ips) < 1000 || byIP < 200 || changed < 50 {
		t.Errorf("%d sending IPs, %d details by receiving IP only, %d domains whose policy changed: want at least 1000, 200, 50",
			len(ips), byIP, changed)
	}
}
