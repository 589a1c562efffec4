package transfer_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/gdpr"
	"sbcc/app/model"
	"sbcc/app/transfer"
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
