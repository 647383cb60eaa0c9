package main

import (
	"bytes"
	"os"
	"testing"
)

// TestIconUpToDate checks that assets/icon.png is what this generator draws,
// so the committed icon can always be rebuilt from source.
func TestIconUpToDate(t *testing.T) {
	want, err := os.ReadFile("../../../assets/icon.png")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("assets/icon.png is out of date: run `make icon`")
	}
}
