package tabular_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"sbcc/app/tabular"
	"sbcc/app/tabular/tabulartest"
)

func bomb(t *testing.T, size int) []byte {
	t.Helper()
	b, err := tabulartest.XLSXBomb(size)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestXLSXBombRefused: a workbook that unpacks to 300 MiB is refused with
// a plain message before anything is unpacked, and leaves no temporary
// file.
func TestXLSXBombRefused(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	b := bomb(t, 300<<20)
	started := time.Now()
	_, err := tabular.Read("bomb.xlsx", bytes.NewReader(b))
	took := time.Since(started)
	if !errors.Is(err, tabular.ErrTooLarge) {
		t.Fatalf("a bomb of %d KiB gave %v", len(b)>>10, err)
	}
	if !strings.Contains(err.Error(), "unpacks to more than 200 MiB") || strings.Contains(err.Error(), "bytes limit") {
		t.Errorf("message: %v", err)
	}
	if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	t.Logf("a %d KiB workbook unpacking to 300 MiB refused in %v", len(b)>>10, took)
}

// TestXLSXBelowLimitRead: a big but honest sheet below the limit is read.
func TestXLSXBelowLimitRead(t *testing.T) {
	tab, err := tabular.Read("big.xlsx", bytes.NewReader(bomb(t, 4<<20)))
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Header) != 1 || len(tab.Rows) < 100 {
		t.Fatalf("header %v, %d rows", tab.Header, len(tab.Rows))
	}
}
