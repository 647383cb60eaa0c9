//go:build !unix

package main

// mkfifo makes a named pipe at p; made is false where there are none.
func mkfifo(string) (made bool, err error) { return false, nil }
