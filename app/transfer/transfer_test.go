package transfer_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	stdsync "sync"
	"testing"
	"time"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/gdpr"
	"sbcc/app/model"
	"sbcc/app/transfer"
	"sbcc/sync/store"
)

func actorFields(t *testing.T, d *app.Directory) map[string]map[string]string {
	t.Helper()
	rs, err := d.List("actor", app.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, r := range rs {
		f, _ := model.ToFields(r)
		m := map[string]string{}
		for k, v := range f {
			m[k] = string(v)
		}
		out[model.IDOf(r)] = m
	}
	return out
}

func TestExportReimportKeepsEveryField(t *testing.T) {
	src := apptest.Demo(t, 150)
	want := actorFields(t, src)
	for _, format := range []string{transfer.FormatCSV, transfer.FormatXLSX} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := transfer.Export(src, &buf, format, transfer.ExportOptions{}); err != nil {
				t.Fatal(err)
			}
			if format == transfer.FormatCSV && !bytes.HasPrefix(buf.Bytes(), []byte{0xEF, 0xBB, 0xBF}) {
				t.Fatal("CSV export has no byte-order mark")
			}
			dst := apptest.Open(t, t.TempDir())
			rep := importText(t, dst, "export."+format, buf.Bytes(), transfer.ImportOptions{})
			if rep.Created != len(want) || rep.Failed != 0 {
				t.Fatalf("%+v", rep)
			}
			got := actorFields(t, dst)
			if !reflect.DeepEqual(got, want) {
				for id, w := range want {
					if !reflect.DeepEqual(got[id], w) {
						t.Fatalf("actor %s:\n got %v\nwant %v", id, got[id], w)
					}
				}
			}
		})
	}
}

func TestExportJSONRoundTripAndVCard(t *testing.T) {
	src := apptest.Demo(t, 60)
	var buf bytes.Buffer
	if err := transfer.Export(src, &buf, transfer.FormatJSON, transfer.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	// Outside a network the archive's records become the new folder's own
	// edits: the same actors.
	dst := apptest.Open(t, t.TempDir())
	rep := importText(t, dst, "archive.json", buf.Bytes(), transfer.ImportOptions{})
	if rep.Created == 0 || !reflect.DeepEqual(actorFields(t, dst), actorFields(t, src)) {
		t.Fatalf("json round trip %+v", rep)
	}
	buf.Reset()
	if err := transfer.Export(src, &buf, transfer.FormatVCard, transfer.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "BEGIN:VCARD"); n != 60 || !strings.Contains(buf.String(), "VERSION:4.0") {
		t.Fatalf("%d cards", n)
	}
	vc := apptest.Open(t, t.TempDir())
	rep = importText(t, vc, "cards.vcf", buf.Bytes(), transfer.ImportOptions{})
	if rep.Created != 60 || rep.Failed != 0 {
		t.Fatalf("vcard re-import %+v", rep)
	}
	// A search result: only the ids given.
	rs, _ := src.List("actor", app.ListOptions{})
	ids := []string{model.IDOf(rs[1]), model.IDOf(rs[2])}
	buf.Reset()
	if err := transfer.Export(src, &buf, transfer.FormatCSV, transfer.ExportOptions{IDs: ids}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\r\n"); n != 3 {
		t.Fatalf("export of 2 ids has %d lines", n)
	}
}

// TestBackupWhileWriting takes a backup while another goroutine keeps
// writing, restores it, and checks that the copy is consistent and holds
// every write acknowledged before the backup started.
func TestBackupWhileWriting(t *testing.T) {
	dir := t.TempDir()
	d := apptest.Open(t, filepath.Join(dir, "live"))
	if err := d.SetOffice("Rietavas"); err != nil {
		t.Fatal(err)
	}
	var mu stdsync.Mutex
	var acked []string
	stop := make(chan struct{})
	done := make(chan error)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			batch := make([]model.Record, 20)
			for j := range batch {
				batch[j] = &model.Actor{Kind: "organisation", Name: fmt.Sprintf("Studija %d-%d", i, j), Country: "LT"}
			}
			ids, err := d.PutMany(batch)
			if err != nil {
				done <- err
				return
			}
			mu.Lock()
			acked = append(acked, ids...)
			mu.Unlock()
		}
	}()
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 2000 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	mu.Lock()
	before := append([]string{}, acked...)
	mu.Unlock()
	var buf bytes.Buffer
	m, err := transfer.Backup(d, &buf)
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err != nil || m.Node != string(d.Store().Node()) || m.Office != "Rietavas" {
		t.Fatalf("backup %+v %v", m, err)
	}
	target := filepath.Join(dir, "restored")
	res, err := transfer.RestoreBackup(bytes.NewReader(buf.Bytes()), target, transfer.RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Node == m.Node || res.Node == "" {
		t.Fatalf("restored node id %q, backup's %q", res.Node, m.Node)
	}
	r := apptest.Open(t, target)
	if err := r.Store().Check(); err != nil {
		t.Fatal(err)
	}
	if string(r.Store().Node()) != res.Node || r.Office() != "Rietavas" {
		t.Fatalf("node %s office %q", r.Store().Node(), r.Office())
	}
	for _, id := range before {
		if _, err := r.Get(id); err != nil {
			t.Fatalf("acknowledged write %s missing from the backup: %v", id, err)
		}
	}
	// The restored node writes under its own id, from sequence 1.
	if _, err := r.Put(&model.Actor{Kind: "hub", Name: "After restore", Country: "LT"}); err != nil {
		t.Fatal(err)
	}
	vec, _ := r.Store().Vector()
	if vec[r.Store().Node()] != 1 || vec[d.Store().Node()] < uint64(len(before)) {
		t.Fatalf("vector %v", vec)
	}
}

func TestRestoreRefusals(t *testing.T) {
	src := apptest.Demo(t, 10)
	var buf bytes.Buffer
	m, err := transfer.Backup(src, &buf)
	if err != nil {
		t.Fatal(err)
	}
	// A folder with records: refused without force.
	full := t.TempDir()
	d, err := app.Open(full, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.Put(&model.Actor{Kind: "hub", Name: "Here", Country: "SE"})
	// Open: refused as locked.
	if _, err := transfer.RestoreBackup(bytes.NewReader(buf.Bytes()), full, transfer.RestoreOptions{Force: true}); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("restore into an open folder: %v", err)
	}
	d.Close()
	if _, err := transfer.RestoreBackup(bytes.NewReader(buf.Bytes()), full, transfer.RestoreOptions{}); !errors.Is(err, transfer.ErrFolderNotEmpty) {
		t.Fatalf("restore into a full folder: %v", err)
	}
	res, err := transfer.RestoreBackup(bytes.NewReader(buf.Bytes()), full, transfer.RestoreOptions{Force: true, KeepNodeID: true})
	if err != nil || res.Node != m.Node {
		t.Fatalf("forced restore keeping the node id: %+v %v", res, err)
	}
	r := apptest.Open(t, full)
	h1, _ := src.Hash()
	if h2, _ := r.Hash(); h1 != h2 {
		t.Fatal("restored store differs")
	}
	// Not a backup, and a truncated one.
	if _, err := transfer.RestoreBackup(strings.NewReader("hello"), t.TempDir(), transfer.RestoreOptions{}); !errors.Is(err, transfer.ErrNotBackup) {
		t.Fatalf("restore of junk: %v", err)
	}
	empty := t.TempDir()
	if _, err := transfer.RestoreBackup(bytes.NewReader(buf.Bytes()[:buf.Len()/2]), empty, transfer.RestoreOptions{}); err == nil {
		t.Fatal("restore of a cut backup succeeded")
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 1 { // only the (empty) store, no leftovers
		t.Fatalf("leftovers after a failed restore: %v", entries)
	}
}

func TestSubjectAndExpiringConsents(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	p := &model.Actor{Kind: "individual", Name: "Rūta Žemaitytė", Country: "LT", Email: "ruta@example.lt"}
	other := &model.Actor{Kind: "organisation", Name: "Galerija", Country: "LT"}
	if _, err := d.PutMany([]model.Record{p, other}); err != nil {
		t.Fatal(err)
	}
	ev := &model.Event{Title: "Forum", Kind: "annual-forum", Start: "2026-05-01"}
	if _, err := d.Put(ev); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	recs := []model.Record{
		&model.Consent{Subject: p.ID, Purpose: "newsletter", Basis: "consent", Given: "2025-06-01", Expires: "2026-06-20"},
		&model.Consent{Subject: p.ID, Purpose: "photos", Basis: "consent", Given: "2025-06-01", Expires: "2027-06-01"},
		&model.Consent{Subject: other.ID, Purpose: "listing", Basis: "legitimate-interest", Given: "2024-01-01", Expires: "2026-05-01"},
		&model.Participation{Event: ev.ID, Actor: p.ID, Status: "attended"},
		&model.Link{From: other.ID, To: p.ID, Type: "mentored"},
		&model.Post{Actor: other.ID, Type: "offer", Title: "Studio", Interested: []string{p.ID}},
		&model.Post{Actor: other.ID, Type: "need", Title: "Unrelated"},
	}
	if _, err := d.PutMany(recs); err != nil {
		t.Fatal(err)
	}
	s, err := gdpr.Subject(d, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Actor.Email != p.Email || len(s.Consents) != 2 || len(s.Participations) != 1 || len(s.Links) != 1 || len(s.Posts) != 1 ||
		len(s.History) != 1 || len(s.ConsentHistory) != 2 || !strings.Contains(strings.Join(s.Personal, ","), "email") {
		t.Fatalf("subject %+v", s)
	}
	exp, err := gdpr.ExpiringConsents(d, now, 30)
	if err != nil {
		t.Fatal(err)
	}
	if len(exp) != 2 || exp[0].DaysLeft != -31 || exp[1].DaysLeft != 19 || exp[1].SubjectName != p.Name {
		t.Fatalf("expiring %+v", exp)
	}
}
