package transfer_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"sbcc/app/apptest"
	"sbcc/app/transfer"
	"slices"
	"strings"
	"testing"
)

// A workbook as offices keep it (written by another program): the
// instructions sheet comes first, the list has a title row and a blank row
// above its header. The sheet and the header row are found and reported;
// Polish sector words are recognised; an unknown sector is kept as a tag
// with a warning instead of failing the row.
func TestImportOfficeWorkbook(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	data, err := os.ReadFile("../testdata/office-list-pl.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	f, err := transfer.OpenImport(d, "office-list-pl.xlsx", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	p := f.Preview(5)
	if p.Sheet != "Lista" || p.HeaderRow != 3 || p.Total != 3 {
		t.Fatalf("preview: sheet %q, header row %d, %d rows", p.Sheet, p.HeaderRow, p.Total)
	}
	rep, err := transfer.Import(context.Background(), d, f, transfer.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 3 || rep.Failed != 0 || rep.Sheet != "Lista" || rep.HeaderRow != 3 {
		t.Fatalf("report %+v", rep)
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].Row != 6 || !strings.Contains(rep.Warnings[0].Message, "Kulinaria") {
		t.Fatalf("warnings %+v", rep.Warnings)
	}
	got := apptest.ActorsByName(t, d)
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
	f, err = transfer.OpenImportSheet(d, "office-list-pl.xlsx", bytes.NewReader(data), "Instrukcja", 1)
	if err != nil {
		t.Fatal(err)
	}
	if p := f.Preview(1); p.Sheet != "Instrukcja" || p.HeaderRow != 1 {
		t.Fatalf("chosen sheet: %+v", p)
	}
	if _, err := transfer.OpenImportSheet(d, "office-list-pl.xlsx", bytes.NewReader(data), "Nope", 0); err == nil {
		t.Fatal("a sheet that is not there was read")
	}
}

// An Outlook vCard 2.1 (typed by hand as Outlook writes it): quoted-
// printable values in Windows-1250 and -1257 decoded, the bare
// EMAIL;PREF;INTERNET and TEL;WORK;VOICE taken, the ORG kept, the
// Lithuanian note stored as Lithuanian, and what was not taken (a second
// e-mail and phone, the photo, Outlook's own fields) reported per card.
func TestImportOutlookVCard21(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	data, err := os.ReadFile("../testdata/outlook-2.1.vcf")
	if err != nil {
		t.Fatal(err)
	}
	rep := importText(t, d, "outlook.vcf", data, transfer.ImportOptions{})
	if rep.Created != 2 || rep.Failed != 0 {
		t.Fatalf("report %+v", rep)
	}
	got := apptest.ActorsByName(t, d)
	m := got["Małgorzata Żółkiewska"]
	if m == nil {
		t.Fatalf("names %v", got)
	}
	if m.Email != "malgorzata@ceramika-lodz.example.pl" || m.Phone != "+48 42 123 45 67" || m.Locality != "lodz" && m.Locality != "Łódź" {
		t.Fatalf("Małgorzata: %+v", m)
	}
	if !slices.Contains(m.Tags, "Pracownia Ceramiki Łódź") {
		t.Fatalf("ORG not kept: %v", m.Tags)
	}
	r := got["Rūta Šimkienė"]
	if r == nil || r.Email != "ruta@dizainas.example.lt" || r.Description["lt"] == "" || r.Description["en"] != "" {
		t.Fatalf("Rūta: %+v", r)
	}
	var w1, w2 string
	for _, w := range rep.Warnings {
		switch w.Row {
		case 1:
			w1 = w.Message
		case 2:
			w2 = w.Message
		}
	}
	for _, want := range []string{"biuro@ceramika-lodz.example.pl", "+48 600 700 800", "PHOTO"} {
		if !strings.Contains(w1, want) {
			t.Fatalf("card 1 warning %q lacks %s", w1, want)
		}
	}
	if !strings.Contains(w2, "X-MS-OL-DEFAULT-POSTAL-ADDRESS") {
		t.Fatalf("card 2 warning %q", w2)
	}
}

// The wizard's choice of sheet and header row (ImportChooseSheet).
func TestImportWizardChoosesSheet(t *testing.T) {
	w := transfer.NewWizard(apptest.Open(t, t.TempDir()), nil)
	data, err := os.ReadFile("../testdata/office-list-pl.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	op, err := w.Open(t.Context(), "office-list-pl.xlsx", base64.StdEncoding.EncodeToString(data))
	if err != nil {
		t.Fatal(err)
	}
	if op.Preview.Sheet != "Lista" || !slices.Equal(op.Preview.Sheets, []string{"Instrukcja", "Lista"}) {
		t.Fatalf("opened %+v", op.Preview)
	}
	p, err := w.ChooseSheet(t.Context(), op.Token, "Instrukcja", 0)
	if err != nil || p.Sheet != "Instrukcja" || p.HeaderRow != 1 {
		t.Fatalf("chosen %v %+v", err, p)
	}
	if _, err := w.ChooseSheet(t.Context(), op.Token, "Nope", 0); err == nil {
		t.Fatal("a missing sheet was chosen")
	}
	if p, _ = w.ChooseSheet(t.Context(), op.Token, "", 0); p.Sheet != "Lista" || p.HeaderRow != 3 {
		t.Fatalf("found again %+v", p)
	}
}
