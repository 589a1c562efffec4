package ui

import (
	"os"
	"path/filepath"
	"testing"

	"sbcc/app"
)

// TestStatusNamesTheProgram: the status carries the running program's
// absolute path, which the UI puts in the commands it shows (sbcc is not
// on the PATH on Windows).
func TestStatusNamesTheProgram(t *testing.T) {
	d, err := app.Open(t.TempDir(), app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	st, err := NewAPI(d, APIOptions{}).Records.Status(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(st.Program) {
		t.Fatalf("program %q is not an absolute path", st.Program)
	}
	if _, err := os.Stat(st.Program); err != nil {
		t.Fatalf("program %q: %v", st.Program, err)
	}
}
