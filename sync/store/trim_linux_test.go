package store

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	sbsync "sbcc/sync"
)

// rssFileKB returns the file-backed part of this process's resident memory.
func rssFileKB(t *testing.T) int {
	t.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "RssFile:"); ok {
			var kb int
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
			return kb
		}
	}
	t.Skip("no RssFile in /proc/self/status")
	return 0
}

// TestBulkReadHandsPagesBack: reading the whole change log (what a first
// sync sends) does not keep the store's mapped pages resident.
func TestBulkReadHandsPagesBack(t *testing.T) {
	defer func(v int64) { trimEvery = v }(trimEvery)
	trimEvery = 1 << 20
	s := open(t, t.TempDir())
	big, _ := json.Marshal(strings.Repeat("x", 4000))
	for b := range 10 {
		var edits []Edit
		for i := range 1000 {
			edits = append(edits, Edit{Kind: "actor", ID: fmt.Sprintf("01HZTRIM%06d%06d", b, i), Op: sbsync.OpSet,
				Fields: map[string]json.RawMessage{"name": json.RawMessage(`"x"`), "notes": big}})
		}
		if _, err := s.Commit(edits...); err != nil {
			t.Fatal(err)
		}
	}
	s.touched(int(trimEvery)) // start from a trimmed map
	before, grew := rssFileKB(t), 0
	n := 0
	sample := func() {
		if n%500 == 0 {
			grew = max(grew, rssFileKB(t)-before)
		}
	}
	if err := s.ChangesSince(sbsync.Vector{}, func(sbsync.Change) error { n++; sample(); return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 10000 {
		t.Fatalf("read %d changes", n)
	}
	// 40 MB of values passed; without handing pages back all of them stay.
	if grew > 10<<10 {
		t.Fatalf("reading 40 MB of changes kept up to %d MB of the store resident", grew>>10)
	}
	// The same while a walk of every record is still running (a hash).
	before, grew, n = rssFileKB(t), 0, 0
	if err := s.ForEach("actor", func(*sbsync.Record) error { n++; sample(); return nil }); err != nil {
		t.Fatal(err)
	}
	if grew > 10<<10 {
		t.Fatalf("walking 40 MB of records kept up to %d MB of the store resident", grew>>10)
	}
}
