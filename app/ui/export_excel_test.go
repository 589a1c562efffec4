package ui

import (
	"encoding/base64"
	"sbcc/app/transfer"
	"strings"
	"testing"
)

// The CSV for Excel in PL, LT, DE and SE separates cells with semicolons
// (cells holding one are quoted) and imports back.
func TestExportExcelCSVUsesSemicolons(t *testing.T) {
	api, _ := netFixture(t)
	d, err := api.Transfer.ExportExcelCSV(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(d.Content)
	text := strings.TrimPrefix(string(raw), "\uFEFF")
	header, _, _ := strings.Cut(text, "\r\n")
	if !strings.HasPrefix(header, "id;") || strings.Contains(header, ",") {
		t.Fatalf("header %q", header)
	}
	if !strings.Contains(text, "Pracownia Łódź") || d.Count != 4 {
		t.Fatalf("export %d actors:\n%s", d.Count, text)
	}
	f, err := transfer.OpenImport(api.Records.dir, "back.csv", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if f.Table.Delimiter != ";" || f.Preview(0).Total != 4 {
		t.Fatalf("read back: delimiter %q, %d rows", f.Table.Delimiter, f.Preview(0).Total)
	}
}
