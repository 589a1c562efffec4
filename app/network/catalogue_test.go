package network

import (
	"context"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sbcc/app/apptest"
	"sbcc/app/demo"
	"sbcc/app/model"
)

// TestPublishDemoLeaksNothing publishes the demo network and scans every
// file against the store: each public, consented actor has a page in each
// language; no other actor's name or contact details appear, no record id,
// and no e-mail or phone without the consent to show it.
func TestPublishDemoLeaksNothing(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	if _, err := demo.Fill(context.Background(), d, demo.Options{Actors: 120, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	// A hostile record from another office, public and consented.
	hostile := &model.Actor{Kind: "organisation", Name: `<script>alert("x")</script> "Quote" & Co`, Visibility: "public", Country: "PL",
		Description: model.Text{"en": `<img src=x onerror=alert(1)>`}}
	if _, err := d.Put(hostile); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Put(&model.Consent{Subject: hostile.ID, Purpose: model.PurposePublication, Basis: "consent", Given: "2026-01-01"}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	res, err := Publish(d, dir, now)
	if err != nil {
		t.Fatal(err)
	}
	actors, _ := listOf[*model.Actor](d, "actor")
	consents, _ := listOf[*model.Consent](d, "consent")
	purposes := map[string]map[string]bool{}
	for _, c := range consents {
		if purposes[c.Subject] == nil {
			purposes[c.Subject] = map[string]bool{}
		}
		purposes[c.Subject][c.Purpose] = true
	}
	var raw, all []string // the files as written and with entities decoded
	err = filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			data, err := os.ReadFile(path)
			raw = append(raw, string(data))
			all = append(all, html.UnescapeString(string(data)))
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	site := strings.Join(all, "\n")
	published := 0
	pages, _ := filepath.Glob(filepath.Join(dir, "en", "a", "*.html"))
	// Demo actors may share a name and so an e-mail address: an address
	// may show when one of its actors consented to show it.
	shown := map[string]bool{}
	for _, a := range actors {
		if a.Visibility == "public" && purposes[a.ID][model.PurposePublication] && purposes[a.ID][model.PurposePublicationContact] {
			shown[a.Email], shown[a.Phone] = true, true
		}
	}
	for _, a := range actors {
		public := a.Visibility == "public" && purposes[a.ID][model.PurposePublication]
		if public {
			published++
		}
		if strings.Contains(site, a.ID) {
			t.Errorf("the store id of %s is in the site", a.Name)
		}
		for _, x := range []string{a.Email, a.Phone} {
			if x != "" && strings.Contains(site, x) != shown[x] {
				t.Errorf("%s of %s: in the site %v, consented to show %v", x, a.Name, !shown[x], shown[x])
			}
		}
	}
	for _, c := range consents {
		if strings.Contains(site, c.ID) {
			t.Error("a consent id is in the site")
		}
	}
	if published < 20 || res.Actors != published || len(pages) != published {
		t.Errorf("%d actors published, %d pages in en/a, want the %d public and consented", res.Actors, len(pages), published)
	}
	if written := strings.Join(raw, "\n"); strings.Contains(written, "<script>alert") || strings.Contains(written, "<img src=x") {
		t.Error("the hostile record's markup is in the site unescaped")
	}
}
