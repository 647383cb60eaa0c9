package testgen

import (
	"encoding/json"
	"testing"
)

func TestEncodeOrder(t *testing.T) {
	r := Report("Org <&>", "id-1", "", "2024-06-01T00:00:00Z", "2024-06-01T23:59:59Z",
		Policy("no-policy-found", "", 3, 1, Detail("starttls-not-supported", 1, Obj{"receiving-ip": "", "sending-mta-ip": "192.0.2.1"})))
	// RFC 8460 order; empty fields and the empty domain left out; <, >
	// and & as they are.
	want := `{"organization-name":"Org <&>","date-range":{"start-datetime":"2024-06-01T00:00:00Z","end-datetime":"2024-06-01T23:59:59Z"},` +
		`"report-id":"id-1","policies":[{"policy":{"policy-type":"no-policy-found"},` +
		`"summary":{"total-successful-session-count":3,"total-failure-session-count":1},` +
		`"failure-details":[{"result-type":"starttls-not-supported","sending-mta-ip":"192.0.2.1","failed-session-count":1}]}]}`
	if got := string(JSON(r)); got != want {
		t.Errorf("JSON =\n%s\nwant\n%s", got, want)
	}
	sorted := string(Encode(Obj{"b": "x", "a": Obj{"z": 1, "policy-type": "sts"}, "unknown": []any{}, "contact-info": "c"}, Format{Sorted: true}))
	if want := `{"a":{"policy-type":"sts","z":1},"b":"x","contact-info":"c","unknown":[]}`; sorted != want {
		t.Errorf("sorted = %s, want %s", sorted, want)
	}
	if got := string(JSON(Obj{"x-unknown": 1, "report-id": "r", "a-unknown": 2})); got != `{"report-id":"r","a-unknown":2,"x-unknown":1}` {
		t.Errorf("unknown members = %s, want them after the known ones, sorted", got)
	}
}

func TestEncodeIsValidJSON(t *testing.T) {
	r := Report("Escapes \"\\\x00\x1b", "id", "tlsrpt@example.com", "a", "b",
		STSPolicy("example.com", "enforce", []string{"mx1.example.com", "*.example.net"}, "86400", 10, 0))
	for _, f := range []Format{{}, {Sorted: true}, {Indent: "  "}} {
		var back struct {
			Org      string `json:"organization-name"`
			Policies []struct {
				Policy struct {
					Strings []string `json:"policy-string"`
					MX      []string `json:"mx-host"`
				} `json:"policy"`
			} `json:"policies"`
		}
		if err := json.Unmarshal(Encode(r, f), &back); err != nil {
			t.Fatalf("%+v: %v", f, err)
		}
		p := back.Policies[0].Policy
		if back.Org != "Escapes \"\\\x00\x1b" || len(p.MX) != 2 || len(p.Strings) != 5 || p.Strings[4] != "max_age: 86400" {
			t.Errorf("%+v: read back %+v", f, back)
		}
	}
}
