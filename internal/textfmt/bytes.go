package textfmt

import "fmt"

// Bytes is a size as a person reads it: "812 bytes", "3.4 MB", "1.2 GB"
// (decimal units, as file managers show them).
func Bytes(n int64) string {
	switch {
	case n < 1000:
		return Counted(n, "byte", "bytes")
	case n < 1_000_000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1_000_000_000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.1f GB", float64(n)/1e9)
}
