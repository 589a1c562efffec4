package publish

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"sbcc/app/model"
	"sbcc/index"
)

//go:embed assets/style.css assets/search.js outline.json
var assets embed.FS

// Site is what Build publishes.
type Site struct {
	// Actors are Select's result.
	Actors []Actor
	// Localities are the places actors may be in (built-in and recorded).
	Localities []model.Locality
	// Published is the date shown in the footer (YYYY-MM-DD).
	Published string
}

// File is one file of the site.
type File struct {
	// Name is the path inside the site's folder, with forward slashes.
	Name string
	Data []byte
}

// place is a locality with its published actors.
type place struct {
	Slug   string
	Name   model.Text
	Actors []*Actor
	X, Y   float64
	R      float64
	OnMap  bool
}

// sectorPage is a sector with its published actors.
type sectorPage struct {
	Code   string
	Label  model.Text
	Actors []*Actor
}

// page is what the layout template fills in for one file.
type page struct {
	Lang string
	// Root leads from the page to the site's folder; Path is the page
	// inside its language's folder.
	Root, Path string
	// Up leads from the page to its language's folder.
	Up     string
	Title  string
	Kind   string
	Site   *builder
	Actor  *Actor
	Sector *sectorPage
	Place  *place
	List   []*Actor
}

// builder holds what every page may show; the template reads its fields.
type builder struct {
	Info    Site
	Places  []*place
	Sectors []*sectorPage
	ByLoc   map[string]*place
	Outline outline
}

type outline struct {
	Width     float64 `json:"width"`
	Height    float64 `json:"height"`
	Scale     float64 `json:"scale"`
	TX        float64 `json:"tx"`
	TY        float64 `json:"ty"`
	Countries []struct {
		Code string `json:"code"`
		D    string `json:"d"`
	} `json:"countries"`
}

// project places lon/lat on the outline (d3's Mercator with the outline's
// scale and translation).
func (o outline) project(lon, lat float64) (float64, float64) {
	x := o.TX + o.Scale*lon*math.Pi/180
	y := o.TY - o.Scale*math.Log(math.Tan(math.Pi/4+lat*math.Pi/360))
	return x, y
}

// Build makes the site's files: style sheet, scripts, search index, a
// language chooser at the top, and per language a home page, a list of
// all actors, a map and a page per actor, sector and place.
func Build(site Site) ([]File, error) {
	b := &builder{Info: site, ByLoc: map[string]*place{}}
	raw, err := assets.ReadFile("outline.json")
	if err != nil {
		return nil, fmt.Errorf("reading the map outline: %w", err)
	}
	if err := json.Unmarshal(raw, &b.Outline); err != nil {
		return nil, fmt.Errorf("reading the map outline: %w", err)
	}
	b.group()
	files := []File{}
	for _, name := range []string{"assets/style.css", "assets/search.js"} {
		data, err := assets.ReadFile(name)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: strings.TrimPrefix(name, "assets/"), Data: data})
	}
	idx, err := b.searchIndex()
	if err != nil {
		return nil, err
	}
	files = append(files, File{Name: "index.js", Data: idx})
	root, err := b.render(page{Lang: "en", Kind: "choose", Title: t("title", "en")})
	if err != nil {
		return nil, err
	}
	files = append(files, File{Name: "index.html", Data: root})
	for _, lang := range Languages {
		for _, p := range b.pages(lang) {
			p.Lang = lang
			p.Up = strings.Repeat("../", strings.Count(p.Path, "/"))
			p.Root = p.Up + "../"
			data, err := b.render(p)
			if err != nil {
				return nil, err
			}
			files = append(files, File{Name: lang + "/" + p.Path, Data: data})
		}
	}
	return files, nil
}

// group places the localities on the map and groups the actors by place
// and by sector; places and sectors without actors are left out.
func (b *builder) group() {
	site := b.Info
	slugs := map[string]bool{}
	for _, l := range site.Localities {
		p := &place{Slug: uniqueSlug(slugOf(l.Name.In("en")), slugs), Name: l.Name}
		p.X, p.Y = b.Outline.project(l.Lon, l.Lat)
		p.OnMap = p.X >= 0 && p.Y >= 0 && p.X <= b.Outline.Width && p.Y <= b.Outline.Height
		b.ByLoc[l.ID] = p
	}
	bySector := map[string]*sectorPage{}
	for _, s := range model.Sectors {
		bySector[s.Code] = &sectorPage{Code: s.Code, Label: s.Label}
	}
	for i := range site.Actors {
		a := &site.Actors[i]
		if p := b.ByLoc[a.Locality]; p != nil {
			p.Actors = append(p.Actors, a)
		}
		for _, s := range a.Sectors {
			if sp := bySector[s]; sp != nil {
				sp.Actors = append(sp.Actors, a)
			}
		}
	}
	for _, l := range site.Localities {
		if p := b.ByLoc[l.ID]; len(p.Actors) > 0 {
			p.R = 4 + 2*math.Sqrt(float64(len(p.Actors)))
			b.Places = append(b.Places, p)
		}
	}
	slices.SortStableFunc(b.Places, func(x, y *place) int { return cmp.Compare(x.Name.In("en"), y.Name.In("en")) })
	for _, s := range model.Sectors {
		if sp := bySector[s.Code]; len(sp.Actors) > 0 {
			b.Sectors = append(b.Sectors, sp)
		}
	}
}

// pages are the pages of one language: home, list, map, and one per
// actor, sector and place.
func (b *builder) pages(lang string) []page {
	site := b.Info
	pages := []page{
		{Path: "index.html", Kind: "home", Title: t("title", lang)},
		{Path: "actors.html", Kind: "list", Title: t("all", lang), List: actorPtrs(site.Actors)},
		{Path: "map.html", Kind: "map", Title: t("map", lang)},
	}
	for i := range site.Actors {
		a := &site.Actors[i]
		pages = append(pages, page{Path: "a/" + a.Slug + ".html", Kind: "actor", Title: a.Name, Actor: a})
	}
	for _, s := range b.Sectors {
		pages = append(pages, page{Path: "sector/" + s.Code + ".html", Kind: "sector", Title: s.Label.In(lang), Sector: s, List: s.Actors})
	}
	for _, p := range b.Places {
		pages = append(pages, page{Path: "place/" + p.Slug + ".html", Kind: "place", Title: p.Name.In(lang), Place: p, List: p.Actors})
	}
	return pages
}

func actorPtrs(as []Actor) []*Actor {
	out := make([]*Actor, len(as))
	for i := range as {
		out[i] = &as[i]
	}
	return out
}

// searchIndex is index.js: the actors' names, pages, folded searchable
// text and place, as a JSON array assigned to window.SBCC_INDEX.
// encoding/json escapes <, > and & (and U+2028/9), so no value can end the
// script or start markup.
func (b *builder) searchIndex() ([]byte, error) {
	entries := make([][4]string, 0, len(b.Info.Actors))
	for _, a := range b.Info.Actors {
		var place string
		var text []string
		text = append(text, a.Name)
		if p := b.ByLoc[a.Locality]; p != nil {
			place = p.Name.In("en")
			for _, n := range p.Name {
				text = append(text, n)
			}
		}
		for _, s := range a.Sectors {
			if sec, ok := model.SectorByCode(s); ok {
				for _, n := range sec.Label {
					text = append(text, n)
				}
			}
		}
		text = append(append(text, a.Offers...), a.Needs...)
		entries = append(entries, [4]string{a.Name, "a/" + a.Slug + ".html", index.Fold(strings.Join(dedupe(text), " ")), place})
	}
	raw, err := json.Marshal(entries)
	if err != nil {
		return nil, err
	}
	return append(append([]byte("window.SBCC_INDEX="), raw...), ";\n"...), nil
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func (b *builder) render(p page) ([]byte, error) {
	p.Site = b
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("writing page %s/%s: %w", p.Lang, p.Path, err)
	}
	return buf.Bytes(), nil
}

// marker is the file that marks a folder as a catalogue sbcc wrote.
const marker = ".sbcc-catalogue"

// ErrNotCatalogue is returned by WriteDir when the folder holds files but
// is not a catalogue sbcc published before: it is left alone.
var ErrNotCatalogue = errors.New("the folder is not empty and is not a catalogue published before; choose an empty or new folder")

// WriteDir writes files into dir, creating it as needed. A folder of an
// earlier publication loses the files the new one does not have (the
// pages of actors who withdrew their consent); any other non-empty folder
// is refused with ErrNotCatalogue.
func WriteDir(dir string, files []File) error {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reading the catalogue's folder: %w", err)
	}
	if len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
			return fmt.Errorf("%w (%s)", ErrNotCatalogue, dir)
		}
		keep := map[string]bool{marker: true}
		for _, f := range files {
			keep[filepath.FromSlash(f.Name)] = true
		}
		var stale []string
		err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel, err := filepath.Rel(dir, path)
			if err == nil && !keep[rel] {
				stale = append(stale, path)
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("reading the earlier catalogue: %w", err)
		}
		for _, path := range stale {
			if err := os.Remove(path); err != nil {
				return fmt.Errorf("removing a page of the earlier catalogue: %w", err)
			}
		}
	}
	for _, f := range append(files, File{Name: marker, Data: []byte("Written by sbcc publish; the next publication replaces this folder's files.\n")}) {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("making the catalogue's folder: %w", err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			return fmt.Errorf("writing the catalogue: %w", err)
		}
	}
	return nil
}

// slugOf makes a file name of s: folded, letters and digits joined by
// hyphens, at most 60 bytes; "actor" when nothing is left.
func slugOf(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range index.Fold(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if b.Len() >= 60 {
				break
			}
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "actor"
	}
	return b.String()
}

// uniqueSlug returns s, or s-2, s-3… when taken, and marks it taken.
func uniqueSlug(s string, taken map[string]bool) string {
	out := s
	for i := 2; taken[out]; i++ {
		out = s + "-" + strconv.Itoa(i)
	}
	taken[out] = true
	return out
}

var funcs = template.FuncMap{
	"t":        t,
	"in":       func(x model.Text, lang string) string { return x.In(lang) },
	"langs":    func() []string { return Languages },
	"langName": func(l string) string { return languageNames[l] },
	"sector": func(code, lang string) string {
		if s, ok := model.SectorByCode(code); ok {
			return s.Label.In(lang)
		}
		return code
	},
	"kind": func(code, lang string) string {
		for _, c := range model.ActorKinds {
			if c.Code == code {
				return c.Label.In(lang)
			}
		}
		return code
	},
	"langLabel": func(code string) string {
		if n, ok := languageNames[code]; ok {
			return n
		}
		return strings.ToUpper(code)
	},
	"host": func(s string) string {
		s = s[strings.Index(s, "//")+2:]
		return strings.TrimSuffix(s, "/")
	},
	"mailto":  func(s string) template.URL { return template.URL("mailto:" + urlEscapeMail(s)) },
	"tel":     func(s string) template.URL { return template.URL("tel:" + strings.Map(telRune, s)) },
	"website": safeWebsite,
	"f1":      func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) },
}

// safeWebsite returns s when it is an http(s) address, else "" (the page
// then shows no link).
func safeWebsite(s string) string {
	l := strings.ToLower(s)
	if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		return s
	}
	return ""
}

func telRune(r rune) rune {
	if (r >= '0' && r <= '9') || r == '+' {
		return r
	}
	return -1
}

// urlEscapeMail keeps an address's characters that may stand in a mailto
// URL unescaped and drops the rest (model validation already checked it).
func urlEscapeMail(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f && !strings.ContainsRune(`"<>\^`+"`"+`{|}?&#%`, r) {
			return r
		}
		return -1
	}, s)
}
