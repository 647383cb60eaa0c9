//go:build unix

package main

import "syscall"

// mkfifo makes a named pipe at p; made is false where there are none.
func mkfifo(p string) (made bool, err error) {
	return true, syscall.Mkfifo(p, 0o644)
}
