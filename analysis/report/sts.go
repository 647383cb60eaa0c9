package report

import (
	"strconv"
	"strings"
)

// STSMode is the mode of an MTA-STS policy (RFC 8461 section 3.2).
type STSMode string

// The modes of RFC 8461. ModeUnknown stands for a missing or unrecognised mode.
const (
	ModeEnforce STSMode = "enforce"
	ModeTesting STSMode = "testing"
	ModeNone    STSMode = "none"
	ModeUnknown STSMode = ""
)

// STSPolicy is an MTA-STS policy parsed from a report's policy-string.
type STSPolicy struct {
	Version string
	Mode    STSMode
	MX      []string
	// MaxAge is in seconds; -1 when absent or not a number.
	MaxAge int64
}

// ParseSTSPolicy reads MTA-STS policy lines ("key: value"), in any order.
// Unknown keys are ignored, as RFC 8461 asks of policy readers.
func ParseSTSPolicy(lines []string) *STSPolicy {
	p := new(STSPolicy)
	parseSTSPolicy(p, lines)
	return p
}

// parseSTSPolicy is ParseSTSPolicy into p, reusing its MX list.
func parseSTSPolicy(p *STSPolicy, lines []string) {
	*p = STSPolicy{MX: p.MX[:0], MaxAge: -1}
	for _, line := range lines {
		// Some reporters send the whole policy file as one element. Cut
		// rather than Split: a slice per policy string was a tenth of the
		// allocations of loading a folder.
		for rest, more := line, true; more; {
			var l string
			l, rest, more = strings.Cut(rest, "\n")
			key, value, ok := strings.Cut(l, ":")
			if !ok {
				continue
			}
			value = strings.TrimSpace(value)
			switch strings.ToLower(strings.TrimSpace(key)) {
			case "version":
				p.Version = value
			case "mode":
				switch m := STSMode(strings.ToLower(value)); m {
				case ModeEnforce, ModeTesting, ModeNone:
					p.Mode = m
				}
			case "mx":
				p.MX = append(p.MX, value)
			case "max_age":
				if n, err := strconv.ParseInt(value, 10, 64); err == nil && n >= 0 {
					p.MaxAge = n
				}
			}
		}
	}
	if len(p.MX) == 0 {
		p.MX = nil // as a new policy has it
	}
}

// splitTLSARecords appends the TLSA records of strs to records, undoing
// Microsoft's habit of sending them as one policy-string element that
// holds a JSON-encoded array.
func splitTLSARecords(records, strs []string) []string {
	for _, s := range strs {
		t := strings.TrimSpace(s)
		if strings.HasPrefix(t, "[") {
			sc := &jsonScanner{data: []byte(t)}
			var inner []string
			if sc.stringList("", &inner) == nil && sc.atEnd() {
				records = append(records, inner...)
				continue
			}
		}
		records = append(records, t)
	}
	return records
}
