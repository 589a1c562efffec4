package ui

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"os"
	"slices"
	stdsync "sync"
	"testing"

	"sbcc/app"
	"sbcc/app/backup"
	"sbcc/app/bus"
	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/app/offices"
	"sbcc/sync/trust"
)

// reopenable is a façade over a directory in a new data folder whose
// Reopen closes the directory, applies and opens the folder again, as the
// running app does (and puts a façade over the new directory in api);
// current is the directory open now and reopens how often Reopen ran.
type reopenable struct {
	api     *API
	dir     string
	current *app.Directory
	reopens int
}

func newReopenable(t testing.TB) *reopenable {
	t.Helper()
	r := &reopenable{dir: t.TempDir()}
	d, err := app.Open(r.dir, app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	r.current = d
	t.Cleanup(func() { r.current.Close() })
	opts := APIOptions{Bus: bus.New()}
	opts.Reopen = func(ctx context.Context, apply func(string) error) error {
		r.reopens++
		r.current.Close()
		applyErr := apply(r.dir)
		nd, err := app.Open(r.dir, app.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		r.current, r.api = nd, NewAPI(nd, opts)
		return applyErr
	}
	r.api = NewAPI(d, opts)
	return r
}

func (r *reopenable) names(t *testing.T) []string {
	t.Helper()
	rs, err := r.current.List("actor", app.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range rs {
		out = append(out, x.(*model.Actor).Name)
	}
	slices.Sort(out)
	return out
}

func TestRestoreBackupInApp(t *testing.T) {
	r := newReopenable(t)
	ctx := t.Context()
	if err := r.current.SetOffice("Rietavas"); err != nil {
		t.Fatal(err)
	}
	old, err := r.api.Records.SaveActor(ctx, model.Actor{Kind: "organisation", Name: "Teatras Banga", Country: "LT"})
	if err != nil {
		t.Fatal(err)
	}
	bk, err := r.api.Transfer.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.api.Records.SaveActor(ctx, model.Actor{Kind: "organisation", Name: "Added after the backup", Country: "LT"}); err != nil {
		t.Fatal(err)
	}
	if err := r.api.Records.Delete(ctx, old.Actor.ID); err != nil {
		t.Fatal(err)
	}
	before := r.current.Store().Node()
	var mu stdsync.Mutex
	var steps []int
	r.api.Records.bus.Subscribe(func(n bus.Notice) {
		if p, ok := n.Data.(bus.TaskProgress); ok && p.Task == backup.TaskRestore {
			mu.Lock()
			steps = append(steps, p.Done)
			mu.Unlock()
		}
	})

	restore := r.api.Transfer
	res, err := restore.RestoreBackup(ctx, bk.Name, bk.Content)
	if err != nil {
		t.Fatal(err)
	}
	if r.reopens != 1 {
		t.Fatalf("reopened %d times, want 1", r.reopens)
	}
	if got := r.names(t); !slices.Equal(got, []string{"Teatras Banga"}) {
		t.Fatalf("actors after the restore: %q, want only the one backed up", got)
	}
	if res.Manifest.Office != "Rietavas" || res.Manifest.Records["actor"] != 1 || res.Manifest.Created == "" {
		t.Fatalf("manifest %+v", res.Manifest)
	}
	if r.current.Store().Node() == before || r.current.Office() != "Rietavas" {
		t.Fatalf("restored node %s (was %s), office %q: want a new node id, the same office", r.current.Store().Node(), before, r.current.Office())
	}
	if res.LeftNetwork || res.Damaged || res.Reerased != 0 {
		t.Fatalf("result %+v", res)
	}
	mu.Lock()
	if !slices.Equal(steps, []int{0, 1, 2, 3}) {
		t.Fatalf("progress steps %v", steps)
	}
	mu.Unlock()

	// The copy kept beside is the directory as it was: restoring it undoes
	// the restore.
	raw, err := os.ReadFile(res.Kept)
	if err != nil {
		t.Fatalf("the copy kept before the restore: %v", err)
	}
	if m, err := backup.ReadBackupManifest(bufio.NewReader(bytes.NewReader(raw))); err != nil || m.Records["actor"] != 1 {
		t.Fatalf("kept copy: %+v, %v (one live actor, the other deleted)", m, err)
	}
	if _, err := r.api.Transfer.RestoreBackup(ctx, "undo.sbcc-backup", base64.StdEncoding.EncodeToString(raw)); err != nil {
		t.Fatal(err)
	}
	if got := r.names(t); !slices.Equal(got, []string{"Added after the backup"}) {
		t.Fatalf("actors after undoing the restore: %q", got)
	}
}

func TestRestoreBackupRefusesBadFiles(t *testing.T) {
	r := newReopenable(t)
	ctx := t.Context()
	if _, err := r.api.Records.SaveActor(ctx, model.Actor{Kind: "organisation", Name: "Kept as it is", Country: "PL"}); err != nil {
		t.Fatal(err)
	}
	bk, err := r.api.Transfer.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(bk.Content)
	head, _, _ := bytes.Cut(raw, []byte("\n"))
	manifest, _, _ := bytes.Cut(raw[len(head)+1:], []byte("\n"))
	newer := bytes.Replace(raw, manifest, bytes.Replace(manifest, []byte(`"version":1`), []byte(`"version":9`), 1), 1)
	flipped := bytes.Clone(raw)
	flipped[len(flipped)-40] ^= 0xff

	other := newReopenable(t)
	if _, err := other.api.Records.SaveActor(ctx, model.Actor{Kind: "organisation", Name: "Elsewhere", Country: "DE"}); err != nil {
		t.Fatal(err)
	}
	foreign, err := other.api.Transfer.Backup(ctx)
	if err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name, file string
		content    []byte
		code       model.Code
		network    bool
	}{
		{"a list, not a backup", "klienci.csv", []byte("Nazwa;Miasto\nPracownia;Łódź\n"), model.CodeNotBackup, false},
		{"empty", "empty.sbcc-backup", nil, model.CodeNotBackup, false},
		{"cut short", bk.Name, raw[:len(raw)/2], model.CodeBackupDamaged, false},
		{"a flipped byte", bk.Name, flipped, model.CodeBackupDamaged, false},
		{"made by a newer sbcc", bk.Name, newer, model.CodeBackupNewer, false},
		{"of an office outside the network", foreign.Name, mustDecode(t, foreign.Content), model.CodeBackupNetwork, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.network {
				if _, err := offices.FoundNetwork(r.current, "Szczecin"); err != nil {
					t.Fatal(err)
				}
			}
			_, err := r.api.Transfer.RestoreBackup(ctx, c.file, base64.StdEncoding.EncodeToString(c.content))
			var ps model.Problems
			if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Field != "file" || ps[0].Code != c.code {
				t.Fatalf("error %v, want one problem of the field file with code %s", err, c.code)
			}
			if r.reopens != 0 {
				t.Fatal("the directory was closed for a file that cannot be restored")
			}
			if got := r.names(t); !slices.Equal(got, []string{"Kept as it is"}) {
				t.Fatalf("actors: %q", got)
			}
		})
	}
	left, err := os.ReadDir(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		if e.Name() != "sbcc.db" && e.Name() != "network.json" && !e.Type().IsRegular() {
			t.Errorf("left in the data folder: %s", e.Name())
		}
	}
}

func TestRestoreBackupNeedsTheRunningApp(t *testing.T) {
	api, _ := newTestAPI(t)
	bk, err := api.Transfer.Backup(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.Transfer.RestoreBackup(t.Context(), bk.Name, bk.Content); !errors.Is(err, app.ErrNotAvailable) {
		t.Fatalf("without Reopen: %v, want app.ErrNotAvailable", err)
	}
}

func mustDecode(t *testing.T, s string) []byte {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// BenchmarkRestoreBackupInApp measures a restore from backup through the
// façade (check in a scratch folder, copy of the current directory, the
// restore, reopening) on 20,000 demo actors, and reports the backup's size.
func BenchmarkRestoreBackupInApp(b *testing.B) {
	r := newReopenable(b)
	if _, err := demo.Fill(b.Context(), r.current, demo.Options{Actors: 20000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	bk, err := r.api.Transfer.Backup(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res, err := r.api.Transfer.RestoreBackup(b.Context(), bk.Name, bk.Content)
		if err != nil {
			b.Fatal(err)
		}
		os.Remove(res.Kept)
	}
	b.ReportMetric(float64(bk.Size)/(1<<20), "backup-MiB")
}

// TestRestoreBackupInANetworkLeavesIt: the restored directory's new node
// id is no member of the folder's network, so the office leaves it (and
// the result says so) rather than signing changes as a member it is not.
func TestRestoreBackupInANetworkLeavesIt(t *testing.T) {
	r := newReopenable(t)
	if _, err := offices.FoundNetwork(r.current, "Rietavas"); err != nil {
		t.Fatal(err)
	}
	bk, err := r.api.Transfer.Backup(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.api.Transfer.RestoreBackup(t.Context(), bk.Name, bk.Content)
	if err != nil {
		t.Fatal(err)
	}
	if !res.LeftNetwork {
		t.Fatal("the result does not say that the office left its network")
	}
	if _, err := trust.Load(r.dir); !errors.Is(err, trust.ErrNoNetwork) {
		t.Fatalf("after the restore the folder's network file: %v, want none", err)
	}
}
