package transfer_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/app/transfer"
)

func importText(t *testing.T, d *app.Directory, name string, data []byte, opts transfer.ImportOptions) *transfer.ImportReport {
	t.Helper()
	f, err := transfer.OpenImport(d, name, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := transfer.Import(context.Background(), d, f, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// Fixtures: one list per office language, as that office's computer saves it.
var listFixtures = []struct {
	lang, header string
	rows         []string
	enc          encoding.Encoding
	encName      string
}{
	{"lt", "Pavadinimas|El. paštas|Telefonas|Miestas|Šalis|Sektorius|Svetainė",
		[]string{"Žemaitijos dirbtuvės|info@zemaitija.lt|+370 600 12345|Rietavas|Lietuva|Dailieji amatai|www.zemaitija.lt",
			"Šilo ąžuolas teatras|teatras@silo.lt|+370 611 22222|Plungė|LT|Scenos menai|"},
		charmap.Windows1257, "windows-1257"},
	{"pl", "Nazwa|E-mail|Telefon|Miasto|Kraj|Sektor|Strona www",
		[]string{"Pracownia Łódzka|biuro@lodzka.pl|+48 42 123 456|Łódź|Polska|Projektowanie|https://lodzka.pl",
			"Źródło Świt Żagiel|zrodlo@swit.pl|+48 91 555 555|Szczecin|PL|design; fashion|"},
		charmap.Windows1250, "windows-1250"},
	{"de", "Name|E-Mail|Telefon|Ort|Land|Sektor|Webseite",
		[]string{"Werkstatt Straße der Künste|info@strasse.de|+49 381 12345|Rostock|Deutschland|Kunsthandwerk|strasse.de",
			"Küstenlicht Möwe|moewe@kueste.de|+49 381 99999|Güstrow|DE|Bildende Kunst|"},
		charmap.Windows1252, "windows-1252"},
	{"sv", "Namn|E-post|Telefon|Stad|Land|Bransch|Webbplats",
		[]string{"Bärnsten Våg Ateljé|hej@barnsten.se|+46 454 12345|Karlshamn|Sverige|Konsthantverk|https://barnsten.se",
			"Skärgård Ångström|info@skargard.se|+46 40 123 456|Malmö|SE|Scenkonst|"},
		charmap.Windows1252, "windows-1252"},
}

func TestImportEncodingsAndDelimiters(t *testing.T) {
	encodings := []struct {
		name string
		enc  func(fx int) (encoding.Encoding, string)
		bom  []byte
	}{
		{"utf-8", func(int) (encoding.Encoding, string) { return nil, "utf-8" }, nil},
		{"utf-8-bom", func(int) (encoding.Encoding, string) { return nil, "utf-8-bom" }, []byte{0xEF, 0xBB, 0xBF}},
		{"utf-16le", func(int) (encoding.Encoding, string) {
			return xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), "utf-16le"
		}, nil},
		{"utf-16be", func(int) (encoding.Encoding, string) {
			return xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), "utf-16be"
		}, nil},
		{"code page", func(fx int) (encoding.Encoding, string) { return listFixtures[fx].enc, listFixtures[fx].encName }, nil},
	}
	for fx, list := range listFixtures {
		for _, e := range encodings {
			for _, delim := range []string{",", ";", "\t"} {
				t.Run(fmt.Sprintf("%s/%s/%q", list.lang, e.name, delim), func(t *testing.T) {
					d := apptest.Open(t, t.TempDir())
					lines := []string{list.header}
					lines = append(lines, list.rows...)
					var sb strings.Builder
					for _, l := range lines {
						cells := strings.Split(l, "|")
						for i, c := range cells {
							if strings.Contains(c, delim) || (delim != "\t" && strings.Contains(c, ";")) {
								cells[i] = `"` + c + `"`
							}
						}
						sb.WriteString(strings.Join(cells, delim) + "\r\n")
					}
					enc, wantEnc := e.enc(fx)
					data := append([]byte{}, e.bom...)
					if enc == nil {
						data = append(data, sb.String()...)
					} else {
						b, err := enc.NewEncoder().Bytes([]byte(sb.String()))
						if err != nil {
							t.Fatal(err)
						}
						data = append(data, b...)
					}
					rep := importText(t, d, "list.csv", data, transfer.ImportOptions{})
					if rep.Encoding != wantEnc || rep.Delimiter != delim || rep.Created != 2 || rep.Failed != 0 {
						t.Fatalf("report %+v", rep)
					}
					got := apptest.ActorsByName(t, d)
					for _, row := range list.rows {
						cells := strings.Split(row, "|")
						a := got[cells[0]]
						if a == nil {
							t.Fatalf("no actor %q in %v", cells[0], got)
						}
						if a.Email != cells[1] || a.Phone != cells[2] || a.Locality == "" || len(a.Country) != 2 || len(a.Sectors) == 0 {
							t.Fatalf("actor %+v from %q", a, row)
						}
						if _, ok := model.LocalityByID(a.Locality); !ok {
							t.Fatalf("town %q not recognised", a.Locality)
						}
						for _, s := range a.Sectors {
							if _, ok := model.SectorByCode(s); !ok {
								t.Fatalf("sector %q not recognised", s)
							}
						}
					}
				})
			}
		}
	}
}

func TestImportBrokenRows(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	huge := strings.Repeat("x", 10<<20)
	csv := "name,email,town,description\n" + // 1
		"Good One,one@example.lt,Rietavas,fine\n" + // 2
		"Too,many,cells,here,really\n" + // 3: wrong column count
		"Bad Mail,not-an-address,Rietavas,\n" + // 4: bad email
		"Open Quote,\"open@example.lt,Rietavas,never closed\n" + // 5: unterminated quote
		"Good Two,two@example.lt,Szczecin,\"two\nlines\"\n" + // 6-7
		"Huge,huge@example.lt,Rostock," + huge + "\n" + // 8: 10 MB cell
		",nameless@example.lt,Rostock,\n" + // 9: no name
		"Good Three,three@example.lt,Malmö,\"quoted, comma\"\n" // 10
	rep := importText(t, d, "broken.csv", []byte(csv), transfer.ImportOptions{})
	if rep.Created != 3 || rep.Failed != 5 {
		t.Fatalf("created %d failed %d: %+v", rep.Created, rep.Failed, rep.Errors)
	}
	byRow := map[int]transfer.RowError{}
	for _, e := range rep.Errors {
		byRow[e.Row] = e
	}
	for row, want := range map[int]string{3: "cells", 4: "e-mail", 5: "quote", 8: "bytes", 9: "name"} {
		if e, ok := byRow[row]; !ok || !strings.Contains(e.Message, want) {
			t.Errorf("row %d: got %+v, want a message about %s", row, e, want)
		}
	}
	if byRow[4].Column != "email" || byRow[8].Column != "description" {
		t.Errorf("columns not named: %+v", rep.Errors)
	}
	got := apptest.ActorsByName(t, d)
	if got["Good Two"].Description["en"] != "two\nlines" || got["Good Three"].Locality != "malmo" {
		t.Fatalf("actors %+v %+v", got["Good Two"], got["Good Three"])
	}
}

func listCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Pavadinimas;El. paštas;Miestas;Šalis\n")
	for i := range n {
		fmt.Fprintf(&b, "Studija Žemė %d;studija%d@example.lt;Rietavas;LT\n", i, i)
	}
	return b.Bytes()
}

func TestImportTwiceCreatesNothing(t *testing.T) {
	for _, policy := range []string{transfer.DuplicateSkip, transfer.DuplicateUpdate, transfer.DuplicateNew} {
		t.Run(policy, func(t *testing.T) {
			d := apptest.Open(t, t.TempDir())
			data := listCSV(50)
			rep := importText(t, d, "list.csv", data, transfer.ImportOptions{OnDuplicate: policy})
			if rep.Created != 50 {
				t.Fatalf("first run %+v", rep)
			}
			h1, _ := d.Hash()
			rep = importText(t, d, "list.csv", data, transfer.ImportOptions{OnDuplicate: policy})
			if rep.Created != 0 || rep.Updated != 0 || rep.Skipped != 50 {
				t.Fatalf("second run %+v", rep)
			}
			if h2, _ := d.Hash(); h2 != h1 {
				t.Fatal("second run changed the store")
			}
		})
	}
}

func TestImportDuplicates(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	id, err := d.Put(&model.Actor{Kind: "organisation", Name: "Pracownia Łódź", Locality: "lodz", Country: "PL",
		Email: "biuro@lodz.example.org", Phone: "+48 42 111 111"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Put(&model.Actor{Kind: "organisation", Name: "Atelier Rostock", Website: "https://www.atelier.example.de", Country: "DE"}); err != nil {
		t.Fatal(err)
	}
	csv := "name,email,website,town,phone\n" +
		"PRACOWNIA LODZ,,,Łódź,+48 42 222 222\n" + // 2: same name in the same town
		"Another,BIURO@lodz.example.org,,Szczecin,\n" + // 3: same e-mail
		"Atelier,,atelier.example.de/kontakt,Rostock,\n" + // 4: same website host
		"New Studio,new@example.se,,Malmö,\n" + // 5: new
		"New Studio Copy,new@example.se,,Malmö,\n" // 6: duplicate of row 5
	dry := importText(t, d, "dups.csv", []byte(csv), transfer.ImportOptions{DryRun: true})
	if dry.Created != 1 || dry.Skipped != 4 || len(dry.Duplicates) != 4 || dry.ID != "" {
		t.Fatalf("dry run %+v", dry)
	}
	if c, _ := d.Counts(); c["actor"] != 2 {
		t.Fatal("dry run wrote")
	}
	want := map[int]string{2: "name", 3: "email", 4: "website", 6: "email"}
	for _, dup := range dry.Duplicates {
		if want[dup.Row] != dup.Match {
			t.Errorf("duplicate %+v", dup)
		}
		if dup.Row == 6 && dup.SameFileRow != 5 {
			t.Errorf("in-file duplicate %+v", dup)
		}
	}
	rep := importText(t, d, "dups.csv", []byte(csv), transfer.ImportOptions{OnDuplicate: transfer.DuplicateUpdate})
	if rep.Created != 1 || rep.Updated != 4 { // row 6 updates the record row 5 made
		t.Fatalf("update %+v", rep)
	}
	a, _ := d.Actor(id)
	if a.Phone != "+48 42 222 222" || a.Name != "Another" || a.Email != "BIURO@lodz.example.org" {
		t.Fatalf("updated actor %+v", a)
	}
}

func TestUndoImportRestoresContent(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	if _, err := demo.Fill(context.Background(), d, demo.Options{Actors: 40, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	actors, _ := d.List("actor", app.ListOptions{})
	victim := actors[3].(*model.Actor)
	before, _ := transfer.ContentHash(d)
	csv := fmt.Sprintf("name,email,phone,description\n%s,%s,+370 699 99999,Updated by import\nBrand New,brand@new.example.lt,,\n",
		strconv.Quote(victim.Name), victim.Email)
	rep := importText(t, d, "upd.csv", []byte(csv), transfer.ImportOptions{OnDuplicate: transfer.DuplicateUpdate})
	if rep.Created != 1 || rep.Updated != 1 || rep.ID == "" {
		t.Fatalf("import %+v", rep)
	}
	if h, _ := transfer.ContentHash(d); h == before {
		t.Fatal("import changed nothing")
	}
	undo, err := transfer.UndoImport(context.Background(), d, rep.ID)
	if err != nil || undo.Deleted != 1 || undo.Restored != 1 {
		t.Fatalf("undo %+v %v", undo, err)
	}
	if h, _ := transfer.ContentHash(d); h != before {
		t.Fatal("undo did not restore the content from before the import")
	}
	if _, err := transfer.UndoImport(context.Background(), d, rep.ID); err == nil {
		t.Fatal("second undo succeeded")
	}
	logs, _ := transfer.Imports(d)
	if len(logs) != 1 || logs[0].Undone == "" {
		t.Fatalf("import log %+v", logs)
	}
	// After undo the same file imports again.
	rep = importText(t, d, "upd.csv", []byte(csv), transfer.ImportOptions{OnDuplicate: transfer.DuplicateUpdate})
	if rep.Created != 1 || rep.Updated != 1 {
		t.Fatalf("import after undo %+v", rep)
	}
}

func TestVCardImport(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	vcf := "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Galerija Baltija\r\nEMAIL:info@baltija.example.lt\r\n" +
		"TEL:+370 600 11111\r\nURL:https://baltija.example.lt\r\nADR:;;Gatvė 1;Klaipėda;;;LT\r\nGEO:geo:55.7,21.1\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jonas Šimkus\r\nEMAIL:jonas@example.lt\r\nEND:VCARD\r\n"
	rep := importText(t, d, "cards.vcf", []byte(vcf), transfer.ImportOptions{})
	if rep.Created != 2 || rep.Failed != 0 {
		t.Fatalf("%+v", rep)
	}
	got := apptest.ActorsByName(t, d)
	g := got["Galerija Baltija"]
	if g.Kind != "organisation" || g.Locality != "klaipeda" || g.Country != "LT" || g.Lat == nil || *g.Lat != 55.7 || got["Jonas Šimkus"].Kind != "individual" {
		t.Fatalf("%+v %+v", g, got["Jonas Šimkus"])
	}
}

func TestMappingFile(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	f, err := transfer.OpenImport(d, "x.csv", strings.NewReader("Kontaktas,Įmonė,Kita\nrasa@example.lt,Studija Rasa,ignored\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := transfer.Import(context.Background(), d, f, transfer.ImportOptions{}); err == nil {
		t.Fatal("import without a name column succeeded")
	}
	if err := f.SetMapping(map[string]string{"Kontaktas": "email", "Įmonė": "name", "Kita": "-"}); err != nil {
		t.Fatal(err)
	}
	if err := f.SetMapping(map[string]string{"Nope": "email"}); err == nil {
		t.Fatal("mapping of a missing column accepted")
	}
	p := f.Preview(5)
	if p.Columns[0].Field != "email" || p.Columns[1].Field != "name" || p.Total != 1 {
		t.Fatalf("preview %+v", p)
	}
	rep, err := transfer.Import(context.Background(), d, f, transfer.ImportOptions{})
	if err != nil || rep.Created != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
}

// TestKilledImportLosesNothing kills a child process in the middle of a
// 20,000-row import (3,000 rows under -race, which slows the importer about
// tenfold; the benchmark imports 100,000), then imports the same file
// again: every row is there exactly once.
func TestKilledImportLosesNothing(t *testing.T) {
	if dir := os.Getenv("SBCC_TEST_IMPORTER"); dir != "" {
		importer(dir)
		return
	}
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	rows := 20_000
	if apptest.Race {
		rows = 3_000
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "list.csv")
	if err := os.WriteFile(file, listCSV(rows), 0o600); err != nil {

		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledImportLosesNothing$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SBCC_TEST_IMPORTER="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	killed := false
	for sc.Scan() {
		var done int
		if _, err := fmt.Sscanf(sc.Text(), "progress %d", &done); err == nil && done >= rows/4 {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
			break
		}
	}
	cmd.Wait()
	if !killed {
		t.Fatal("the child finished before it could be killed")
	}
	d := apptest.Open(t, filepath.Join(dir, "data"))
	if err := d.Store().Check(); err != nil {
		t.Fatal(err)
	}
	c, _ := d.Counts()
	if c["actor"] == 0 || c["actor"] == rows {
		t.Fatalf("%d actors after the kill", c["actor"])
	}
	data, _ := os.ReadFile(file)
	rep := importText(t, d, "list.csv", data, transfer.ImportOptions{})
	if rep.Created+rep.Skipped != rows || rep.Created != rows-c["actor"] {
		t.Fatalf("re-run after %d: %+v", c["actor"], rep)
	}
	got := apptest.ActorsByName(t, d) // fails on a name seen twice
	if len(got) != rows {
		t.Fatalf("%d actors, want %d", len(got), rows)
	}
	logs, _ := transfer.Imports(d)
	if len(logs) != 2 {
		t.Fatalf("import log %+v", logs)
	}
}

func importer(dir string) {
	d, err := app.Open(filepath.Join(dir, "data"), app.Options{})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "list.csv"))
	f, err := transfer.OpenImport(d, "list.csv", bytes.NewReader(data))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	_, err = transfer.Import(context.Background(), d, f, transfer.ImportOptions{Progress: func(done, total int) {
		fmt.Println("progress", done, total)
	}})
	fmt.Println("finished", err)
	os.Exit(0)
}

// An imported town of the gazetteer, in any of its names, becomes its place
// and gives the row its country.
func TestImportTownGivesCountry(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	rep := importText(t, d, "list.csv", []byte("name,town\nMuzeum Oręża,Kołobrzeg\nMemeler Hof,Memel\nFree Town,Kuršėnai\n"), transfer.ImportOptions{})
	if rep.Created != 3 {
		t.Fatalf("%+v", rep)
	}
	want := map[string][2]string{"Muzeum Oręża": {"kolobrzeg", "PL"}, "Memeler Hof": {"klaipeda", "LT"}, "Free Town": {"Kuršėnai", ""}}
	actors, _ := d.List("actor", app.ListOptions{})
	for _, r := range actors {
		a := r.(*model.Actor)
		if w := want[a.Name]; a.Locality != w[0] || a.Country != w[1] {
			t.Errorf("%s: %q %q, want %v", a.Name, a.Locality, a.Country, w)
		}
	}
}
