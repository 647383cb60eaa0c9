//go:build race

package source

// raceEnabled lets tests that only check size limits, and spend seconds
// inflating gigabytes, skip themselves under the race detector, which
// makes them ten times slower without finding anything.
const raceEnabled = true
