package publish

import (
	"bytes"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"sbcc/app/model"
)

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func TestSelect(t *testing.T) {
	actors := []*model.Actor{
		{ID: "pub", Name: "Published", Visibility: "public", Email: "pub@example.org", Phone: "+370 1"},
		{ID: "contact", Name: "With contact", Visibility: "public", Email: "c@example.org"},
		{ID: "noconsent", Name: "No consent", Visibility: "public"},
		{ID: "partners", Name: "Partners only", Visibility: "partners"},
		{ID: "expired", Name: "Expired", Visibility: "public"},
		{ID: "future", Name: "Not yet", Visibility: "public"},
		{ID: "revoked", Name: "Revoked", Visibility: "public"},
		{ID: "gone", Name: "Deleted", Visibility: "public", Meta: model.Meta{Deleted: true}},
		{ID: "other", Name: "Other purpose", Visibility: "public"},
	}
	consent := func(subject, purpose, given, expires string, deleted bool) *model.Consent {
		return &model.Consent{Subject: subject, Purpose: purpose, Basis: "consent", Given: given, Expires: expires, Meta: model.Meta{Deleted: deleted}}
	}
	consents := []*model.Consent{
		consent("pub", model.PurposePublication, "2026-01-01", "", false),
		consent("contact", model.PurposePublication, "2026-01-01", "2027-01-01", false),
		consent("contact", model.PurposePublicationContact, "2026-01-01", "", false),
		consent("partners", model.PurposePublication, "2026-01-01", "", false),
		consent("expired", model.PurposePublication, "2025-01-01", "2026-05-31", false),
		consent("future", model.PurposePublication, "2026-06-02", "", false),
		consent("revoked", model.PurposePublication, "2026-01-01", "", true),
		consent("gone", model.PurposePublication, "2026-01-01", "", false),
		consent("other", "newsletter", "2026-01-01", "", false),
	}
	got := Select(actors, consents, now)
	var names []string
	for _, a := range got {
		names = append(names, a.Name)
	}
	if want := []string{"Published", "With contact"}; !slices.Equal(names, want) {
		t.Fatalf("published %v, want %v", names, want)
	}
	if got[0].Email != "" || got[0].Phone != "" {
		t.Errorf("contact details of %s published without consent", got[0].Name)
	}
	if got[1].Email != "c@example.org" {
		t.Errorf("the consented e-mail is missing: %+v", got[1])
	}
}

// hostile is an actor whose every text tries to break out of its place.
var hostile = Actor{Name: `<script>alert("x")</script>`, Kind: "organisation", Country: "LT", Locality: "rietavas",
	Description: model.Text{"en": `"><img src=x onerror=alert(1)>`, "lt": "Ąžuolas & <b>bold</b>"},
	Sectors:     []string{"design"}, Offers: []string{`</script><script>alert(2)</script>`}, Needs: []string{"' onmouseover='x"},
	Website: "javascript:alert(3)", Email: `a"b@example.org`, Phone: "+370 <1>", Languages: []string{"lt", `<i>`}}

func build(t *testing.T, actors []Actor) map[string][]byte {
	t.Helper()
	taken := map[string]bool{}
	for i := range actors {
		actors[i].Slug = uniqueSlug(slugOf(actors[i].Name), taken)
	}
	files, err := Build(Site{Actors: actors, Localities: model.Localities, Published: "2026-06-01"})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		if _, dup := out[f.Name]; dup {
			t.Fatalf("two files named %s", f.Name)
		}
		out[f.Name] = f.Data
	}
	return out
}

func TestBuildEscapesEverything(t *testing.T) {
	files := build(t, []Actor{hostile, {Name: "Łódź Studio", Kind: "hub", Locality: "lodz", Sectors: []string{"design"}}})
	for name, data := range files {
		if strings.HasSuffix(name, ".js") && name != "search.js" {
			if bytes.ContainsAny(data, "<>") {
				t.Errorf("%s holds < or >, which could end the script", name)
			}
			continue
		}
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script":
					if src := attr(n, "src"); !strings.HasSuffix(src, "index.js") && !strings.HasSuffix(src, "search.js") {
						t.Errorf("%s: a script that is not the site's own: %q", name, src)
					}
				case "img", "b", "i":
					t.Errorf("%s: a record's markup became a <%s> element", name, n.Data)
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("%s: event handler attribute %s=%q", name, a.Key, a.Val)
					}
					if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
						t.Errorf("%s: a javascript: address", name)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if !bytes.Contains(data, []byte(`http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;`)) && !bytes.Contains(data, []byte(`http-equiv="Content-Security-Policy" content="default-src 'none'`)) {
			t.Errorf("%s has no strict Content-Security-Policy", name)
		}
	}
	page := string(files["en/a/script-alert-x-script.html"])
	if !strings.Contains(page, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("the hostile name is not shown escaped on its page:\n%s", page)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestBuildPagesAndLinks counts the pages and follows every link.
func TestBuildPagesAndLinks(t *testing.T) {
	actors := []Actor{
		{Name: "Ąžuolo Studija", Kind: "organisation", Locality: "rietavas", Sectors: []string{"design", "fashion"}},
		{Name: "Ąžuolo Studija", Kind: "collective", Locality: "rietavas", Sectors: []string{"design"}},
		{Name: "Malmö Ljud", Kind: "hub", Locality: "karlshamn", Sectors: []string{"audiovisual"}},
		{Name: "Nowhere", Kind: "individual"},
	}
	files := build(t, actors)
	// Per language: home, list, map, 4 actors, 3 sectors, 2 places; and the
	// chooser, style sheet, two scripts.
	if want := 5*(3+4+3+2) + 4; len(files) != want {
		t.Errorf("%d files, want %d", len(files), want)
	}
	for _, l := range Languages {
		for _, p := range []string{"a/azuolo-studija.html", "a/azuolo-studija-2.html", "sector/design.html", "place/karlshamn.html", "map.html"} {
			if files[l+"/"+p] == nil {
				t.Errorf("no page %s/%s", l, p)
			}
		}
	}
	if !bytes.Contains(files["de/index.html"], []byte("Kreativcluster Südliche Ostsee")) || !bytes.Contains(files["lt/sector/design.html"], []byte(`lang="lt"`)) {
		t.Error("pages are not in their language")
	}
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				for _, a := range n.Attr {
					if a.Key != "href" && a.Key != "src" {
						continue
					}
					u, err := url.Parse(a.Val)
					if err != nil {
						t.Errorf("%s: bad address %q", name, a.Val)
						continue
					}
					if u.Scheme != "" || u.Host != "" {
						t.Errorf("%s: a link out of the site: %q", name, a.Val)
						continue
					}
					if u.Path == "" {
						continue // #main
					}
					if target := path.Join(path.Dir(name), u.Path); files[target] == nil {
						t.Errorf("%s: link %q leads nowhere (%s)", name, a.Val, target)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
}

func TestWriteDirReplacesOnlyACatalogue(t *testing.T) {
	dir := t.TempDir()
	if err := WriteDir(dir, []File{{Name: "en/a/old.html", Data: []byte("old")}, {Name: "index.html", Data: []byte("1")}}); err != nil {
		t.Fatal(err)
	}
	// The actor of old.html withdrew consent: the next publication drops it.
	if err := WriteDir(dir, []File{{Name: "index.html", Data: []byte("2")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "en", "a", "old.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the withdrawn actor's page is still there: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "2" {
		t.Errorf("index.html is %q", b)
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(other, []File{{Name: "index.html"}}); !errors.Is(err, ErrNotCatalogue) {
		t.Errorf("publishing into a folder of other files: %v, want ErrNotCatalogue", err)
	}
	if _, err := os.Stat(filepath.Join(other, "notes.txt")); err != nil {
		t.Error("a file of someone else's folder is gone")
	}
}
