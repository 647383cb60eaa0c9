//go:build !linux

package source

import "os"

// readFolder lists the entries of the folder dir, unsorted.
func readFolder(dir string) ([]dirEntry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	ents, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return nil, err
	}
	list := make([]dirEntry, len(ents))
	for i, e := range ents {
		list[i] = dirEntry{name: e.Name(), typ: e.Type()}
	}
	return list, nil
}
