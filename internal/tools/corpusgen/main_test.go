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
	const n = 50
	var runs []map[string][]byte
	for _, seed := range []uint64{1, 1, 2} {
		dir := t.TempDir()
		if _, err := generate(dir, n, seed, false); err != nil {
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
	for _, plain := range []bool{false, true} {
		dir := t.TempDir()
		if _, err := generate(dir, 50, 1, plain); err != nil {
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
