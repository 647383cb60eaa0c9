//go:build !(linux && cgo)

package gcpolicy

// trimC does nothing where the C allocator is not glibc's or there is no
// C code linked.
func trimC() {}
