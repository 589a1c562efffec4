package app_test

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"sbcc/app"
)

// A workbook as offices keep it (written by another program): the
// instructions sheet comes first, the list has a title row and a blank row
// above its header. The sheet and the header row are found and reported;
// Polish sector words are recognised; an unknown sector is kept as a tag
// with a warning instead of failing the row.
func TestImportOfficeWorkbook(t *testing.T) {
	d := openDir(t, t.TempDir())
	data, err := os.ReadFile("testdata/office-list-pl.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	f, err := d.OpenImport("office-list-pl.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	p := f.Preview(5)
	if p.Sheet != "Lista" || p.HeaderRow != 3 || p.Total != 3 {
		t.Fatalf("preview: sheet %q, header row %d, %d rows", p.Sheet, p.HeaderRow, p.Total)
	}
	rep, err := d.Import(context.Background(), f, app.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 3 || rep.Failed != 0 || rep.Sheet != "Lista" || rep.HeaderRow != 3 {
		t.Fatalf("report %+v", rep)
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].Row != 6 || !strings.Contains(rep.Warnings[0].Message, "Kulinaria") {
		t.Fatalf("warnings %+v", rep.Warnings)
	}
	got := names(t, d)
	if s := got["Fundacja Muzyczna Fala"].Sectors; !slices.Equal(s, []string{"performing-arts"}) {
		t.Fatalf("Muzyka: %v", s)
	}
	if s := got["Wydawnictwo Mewa"].Sectors; !slices.Equal(s, []string{"book-press"}) {
		t.Fatalf("Wydawnictwa: %v", s)
	}
	k := got["Kuchnia Regionu"]
	if len(k.Sectors) != 0 || !slices.Contains(k.Tags, "Kulinaria") {
		t.Fatalf("unknown sector: sectors %v tags %v", k.Sectors, k.Tags)
	}

	// The person may name the sheet and the row instead.
	f, err = d.OpenImportSheet("office-list-pl.xlsx", bytes.NewReader(data), "Instrukcja", 1)
	if err != nil {
		t.Fatal(err)
	}
	if p := f.Preview(1); p.Sheet != "Instrukcja" || p.HeaderRow != 1 {
		t.Fatalf("chosen sheet: %+v", p)
	}
	if _, err := d.OpenImportSheet("office-list-pl.xlsx", bytes.NewReader(data), "Nope", 0); err == nil {
		t.Fatal("a sheet that is not there was read")
	}
}
