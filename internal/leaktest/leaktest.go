// Package leaktest finds values left in the files of a data folder, for
// the tests that check an erasure leaves no personal value anywhere.
package leaktest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// FolderHolding lists the files of dir (recursively) holding one of
// values, as "FILE holds VALUE".
func FolderHolding(t testing.TB, dir string, values []string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, v := range values {
			if bytes.Contains(raw, []byte(v)) {
				found = append(found, fmt.Sprintf("%s holds %q", filepath.Base(path), v))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}
