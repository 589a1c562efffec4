package index

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"
)

// TestSinglePassAnalysis checks that the shared, single-pass analysis gives every field
// exactly the terms, frequencies and lengths of the mapping's analyzers.
func TestSinglePassAnalysis(t *testing.T) {
	x, err := Open(filepath.Join(t.TempDir(), "idx"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	docs := fixture()
	docs = append(docs, docs...) // the second time, stems come from the cache
	docs = append(docs, Doc{ID: "nfd", Name: "Z\u030cemaitija Łódź Straße–Ærø", Text: map[string]string{
		"de": "Die Müllerstraße in Köln, Häuser und Gebäude", "lt": "Žemaitijos kultūros centras",
		"EN": "Running runners ran", "pl": "Łódzkie kina i teatry", "sv": "Malmö stadsbibliotek"},
		Tags: []string{"Film–festival"}, Offers: []string{"Ljud"}, LocalityName: "Łódź"})
	for i := range docs {
		d := &docs[i]
		doc := x.document(d, []byte("meta"))
		got := map[string]*preField{}
		for _, f := range doc.Fields {
			f.Analyze()
			got[f.Name()] = f.(*preField)
		}
		want := func(field, text string, a analysis.Analyzer) {
			t.Helper()
			tf := document.NewTextFieldCustom(field, nil, []byte(text), bindex.IndexField, a)
			tf.Analyze()
			g := got[field]
			if g == nil {
				t.Fatalf("%s: no field %s", d.ID, field)
			}
			if g.AnalyzedLength() != tf.AnalyzedLength() {
				t.Errorf("%s %s: length %d, want %d", d.ID, field, g.AnalyzedLength(), tf.AnalyzedLength())
			}
			wf, gf := tf.AnalyzedTokenFrequencies(), g.AnalyzedTokenFrequencies()
			for k, v := range gf { // beyond the analyzer's: German spellings of umlauts only
				if wf[k] == nil && (v.Frequency() < 1 || !strings.ContainsAny(text, "äöüÄÖÜ") ||
					!strings.Contains(k, "e") || !strings.HasPrefix(k, string([]rune(Fold(k))[:1]))) {
					t.Errorf("%s %s: extra term %q", d.ID, field, k)
				}
			}
			for k, v := range wf {
				if gf[k] == nil || gf[k].Frequency() != v.Frequency() || string(gf[k].Term) != k {
					t.Errorf("%s %s: term %q differs", d.ID, field, k)
				}
			}
		}
		name := string(got[fName].Value())
		want(fName, name, x.fold)
		want(fNameNG, name, x.ng)
		var text string
		for _, dt := range doc.Fields {
			f := dt.(*preField)
			if len(f.name) > len(descPfx) && f.name[:len(descPfx)] == descPfx {
				text += string(f.Value()) + "\n"
				if a := x.stem[f.name[len(descPfx):]]; a != nil {
					want(f.name, string(f.Value()), a)
				} else if f.Options().IsIndexed() {
					t.Errorf("%s: %s indexed without a stemmer", d.ID, f.name)
				}
			}
		}
		for _, e := range got[fText].an.extra {
			text += e + "\n"
		}
		want(fText, text, x.fold)
	}
}

// TestGermanSpelling checks the German transliteration path: oe, ae, ue for ö, ä, ü find
// the word as well as the folded spelling does.
func TestGermanSpelling(t *testing.T) {
	x, err := Open(filepath.Join(t.TempDir(), "idx"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	docs := []Doc{
		{ID: "koeln", Kind: "actor", Name: "Theater Köln", Country: "DE"},
		{ID: "mueller", Kind: "actor", Name: "Atelier Müller", Text: map[string]string{"de": "Gebäude für Kunst"}},
		{ID: "other", Kind: "actor", Name: "Kolonie Mull", Text: map[string]string{"en": "a museum"}},
	}
	if err := x.Apply(docs, nil, 1); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"koeln": "koeln", "koln": "koeln", "Köln": "koeln", "koel": "koeln",
		"mueller": "mueller", "muller": "mueller", "Müller": "mueller", "muel": "mueller",
		"gebaeude": "mueller", "gebaude": "mueller",
	} {
		res, err := x.Search(context.Background(), Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].ID != want {
			t.Errorf("%q: got %+v, want %s first", q, res.Hits, want)
		}
		for _, h := range res.Hits {
			if h.ID == "other" && q != "koel" && q != "muel" {
				t.Errorf("%q also found %s", q, h.ID)
			}
		}
	}
}
