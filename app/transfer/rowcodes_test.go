package transfer_test

import (
	"slices"
	"strings"
	"testing"

	"sbcc/app/apptest"
	"sbcc/app/model"
	"sbcc/app/transfer"
)

// Every row problem of an import, from the file reader or the importer,
// carries a code the UI translates (TestEveryErrorCodeIsTranslated checks
// the sentences), with the values its sentence needs.
func TestRowErrorsCarryCodes(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	csv := "id,name,lat,sector,description\n" + // 1
		"x,Good,54.1,design,fine\n" + // 2
		"bad id!,Bad Id,,,\n" + // 3
		"y,Bad Lat,north,,\n" + // 4
		"z,Odd Sector,,basket weaving,\n" + // 5
		"w,Bare \"quote,,,\n" + // 6
		"v,\"Closed\" after,,,\n" + // 7
		"t,Open,,,\"never closed\n" + // 8
		"u,Huge,,," + strings.Repeat("x", transfer.MaxCell+1) + "\n" // 9
	rep := importText(t, d, "rows.csv", []byte(csv), transfer.ImportOptions{DryRun: true})
	want := map[int]model.Code{3: model.CodeSbccID, 4: model.CodeNumber, 6: model.CodeBareQuote, 7: model.CodeQuoteAfter, 8: model.CodeQuoteOpen, 9: model.CodeCellTooLong}
	got := map[int]transfer.RowError{}
	for _, e := range rep.Errors {
		got[e.Row] = e
	}
	for row, c := range want {
		e := got[row]
		if e.Code != c || e.Message == "" {
			t.Errorf("row %d: %+v, want code %s", row, e, c)
		}
	}
	if p := got[3].Params["value"]; p != "bad id!" {
		t.Errorf("row 3 params %v", got[3].Params)
	}
	if p := got[6].Params["position"]; p != "8" {
		t.Errorf("row 6 params %v", got[6].Params)
	}
	if p := got[9].Params; p["n"] == "" || p["max"] == "" {
		t.Errorf("row 9 params %v", p)
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].Code != model.CodeUnknownSector || rep.Warnings[0].Params["value"] != "basket weaving" {
		t.Errorf("warnings %+v", rep.Warnings)
	}
	for _, e := range append(rep.Errors, rep.Warnings...) {
		if e.Code.String() == "" || !slices.Contains(model.Codes(), e.Code) {
			t.Errorf("row %d has no known code: %+v", e.Row, e)
		}
	}
}

// A vCard's values that no field takes are said with a code per card.
func TestVCardNotTakenHasCode(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	card := "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Studio Ola\r\nBDAY:1990-01-01\r\nEND:VCARD\r\n"
	rep := importText(t, d, "ola.vcf", []byte(card), transfer.ImportOptions{DryRun: true})
	if len(rep.Warnings) != 1 || rep.Warnings[0].Code != model.CodeNotTaken || rep.Warnings[0].Params["values"] == "" {
		t.Fatalf("warnings %+v", rep.Warnings)
	}
}
