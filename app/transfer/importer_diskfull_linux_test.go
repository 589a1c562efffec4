package transfer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"sbcc/app"
	"sbcc/app/transfer"
	"sbcc/sync/store"
)

// TestImportReportCountsSaved fills a small real file system (a tmpfs, as
// store's TestDiskFull: needs root) during an import: the import fails
// with ErrDiskFull and its report counts exactly the actors saved, with
// the rest as unsaved.
func TestImportReportCountsSaved(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=8m"); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (%v): run as root to test a full disk", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	d, err := app.Open(filepath.Join(dir, "data"), app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := os.WriteFile(filepath.Join(dir, "filler"), make([]byte, 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	csv.WriteString("name,country,kind,address,description\n")
	text := strings.Repeat("Tradicinių amatų dirbtuvės ir parodos ", 6)
	const rows = 8000
	for i := range rows {
		fmt.Fprintf(&csv, "Dirbtuvės %d,LT,organisation,%s %d,%s\n", i, text, i, text)
	}
	f, err := transfer.OpenImport(d, "full.csv", &csv)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := transfer.Import(context.Background(), d, f, transfer.ImportOptions{})
	if !errors.Is(err, store.ErrDiskFull) {

		t.Fatalf("import onto a full disk: %v, want ErrDiskFull", err)
	}
	n, err := d.Counts()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("report: created %d, unsaved %d; %d actors in the store", rep.Created, rep.Unsaved, n["actor"])
	if rep.Created != n["actor"] || rep.Created == 0 || rep.Created+rep.Unsaved > rows || rep.Unsaved == 0 {
		t.Fatalf("report says created %d (unsaved %d), the store holds %d", rep.Created, rep.Unsaved, n["actor"])
	}
}
