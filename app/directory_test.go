package app_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/app/offices"
	"sbcc/app/transfer"
	sbsync "sbcc/sync"
)

func TestExportImportRoundTrip(t *testing.T) {
	src := apptest.Open(t, t.TempDir())
	if _, err := demo.Fill(context.Background(), src, demo.Options{Actors: 120, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	actors, _ := src.List("actor", app.ListOptions{})
	if err := src.Delete(model.IDOf(actors[0])); err != nil {
		t.Fatal(err)
	}
	if err := src.Erase(model.IDOf(actors[1])); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := transfer.ExportJSON(src, &buf); err != nil {
		t.Fatal(err)
	}
	// Into an office of the same network: the changes verify and rebuild the
	// same state.
	if _, err := offices.FoundNetwork(src, "Rietavas"); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := transfer.ExportJSON(src, &buf); err != nil {
		t.Fatal(err)
	}
	dst := apptest.Open(t, t.TempDir())
	code, err := offices.Invite(src.Dir(), []string{"127.0.0.1:7946"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := offices.JoinNetwork(dst, code, "Rostock"); err != nil {
		t.Fatal(err)
	}
	res, err := transfer.ImportJSON(dst, bytes.NewReader(buf.Bytes()))
	if err != nil || res.Applied == 0 || res.Refused != 0 {
		t.Fatalf("import: %v %+v", err, res)
	}
	h1, _ := src.Hash()
	h2, _ := dst.Hash()
	if h1 != h2 {
		t.Fatalf("hash after round trip %s, want %s", h2, h1)
	}
	// Importing again changes nothing.
	res, err = transfer.ImportJSON(dst, bytes.NewReader(buf.Bytes()))
	if h3, _ := dst.Hash(); err != nil || res.Applied != 0 || h3 != h1 {
		t.Fatalf("second import: %v %+v", err, res)
	}
}

func TestPutValidatesAndUpdates(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	_, err := d.Put(&model.Actor{Kind: "organisation", Name: "", Email: "nope"})
	var probs model.Problems
	if !errors.As(err, &probs) || len(probs) != 2 {
		t.Fatalf("problems = %v", err)
	}
	a := &model.Actor{Kind: "organisation", Name: "Pracownia Łódź", Country: "PL", Phone: "+48 42 123 456"}
	id, err := d.Put(a)
	if err != nil {
		t.Fatal(err)
	}
	a.Phone = "" // clearing a field
	a.Email = "biuro@lodz.example.org"
	if _, err := d.Put(a); err != nil {
		t.Fatal(err)
	}
	got, err := d.Actor(id)
	if err != nil || got.Phone != "" || got.Email != a.Email || got.Name != a.Name {
		t.Fatalf("after update: %v %+v", err, got)
	}
	if h, _ := d.History(id); len(h) != 2 {
		t.Fatalf("history has %d entries, want 2", len(h))
	}
	if err := d.Erase(id); err != nil {
		t.Fatal(err)
	}
	got, _ = d.Actor(id)
	if got.Name != "" || got.Email != "" || !got.Meta.Erased || got.Country != "PL" {
		t.Fatalf("after erase: %+v", got)
	}
	if err := d.Restore(id); err == nil {
		t.Fatal("restore of an erased record succeeded")
	}
}

// TestKilledWriterLosesNothing kills a child process writing actors one
// transaction at a time and checks that every write it acknowledged is
// there after reopening, with a gap-free version vector.
func TestKilledWriterLosesNothing(t *testing.T) {
	if dir := os.Getenv("SBCC_TEST_WRITER"); dir != "" {
		writer(dir)
		return
	}
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriterLosesNothing$")
	cmd.Env = append(os.Environ(), "SBCC_TEST_WRITER="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
			acked = append(acked, id)
			if len(acked) == 300 {
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
	}
	cmd.Wait()
	if len(acked) < 300 {
		t.Fatalf("child acknowledged only %d writes", len(acked))
	}
	d, err := app.Open(dir, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, id := range acked {
		if _, err := d.Get(id); err != nil {
			t.Fatalf("acknowledged write %s lost: %v", id, err)
		}
	}
	vec, _ := d.Store().Vector()
	var n uint64
	d.Store().ChangesSince(sbsync.Vector{}, func(c sbsync.Change) error {
		n++
		if c.Seq != n {
			return fmt.Errorf("gap at %d", n)
		}
		return nil
	})
	if vec[d.Store().Node()] != n || n < uint64(len(acked)) {
		t.Fatalf("vector %d, log %d, acked %d", vec[d.Store().Node()], n, len(acked))
	}
}

func writer(dir string) {
	d, err := app.Open(dir, app.Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	for i := 0; ; i++ {
		id, err := d.Put(&model.Actor{Kind: "organisation", Name: fmt.Sprintf("Studija %d", i), Country: "LT"})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("ack", id)
	}
}
