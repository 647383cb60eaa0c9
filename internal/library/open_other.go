//go:build !unix

package library

import "os"

func openRead(path string) (*os.File, error) { return os.Open(path) }
