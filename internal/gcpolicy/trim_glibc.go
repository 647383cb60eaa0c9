//go:build linux && cgo

package gcpolicy

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
static void trim(void) { malloc_trim(0); }
#else
static void trim(void) {}
#endif
*/
import "C"

// trimC returns the C heap's free pages to the system: glibc gives back
// only the top of its heap on free, and the GL driver's freed textures
// sit below live ones.
func trimC() { C.trim() }
