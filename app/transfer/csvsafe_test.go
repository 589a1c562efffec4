package transfer_test

import (
	"bytes"
	"strings"
	"testing"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/model"
	"sbcc/app/transfer"
)

// TestExportCSVNeutralisesFormulas: an actor whose fields hold formulas,
// as records from any office may, is exported with every such cell
// quoted, and an import of the file gives the same values back.
func TestExportCSVNeutralisesFormulas(t *testing.T) {
	d := apptest.Demo(t, 3)
	rs, _ := d.List("actor", app.ListOptions{})
	a := rs[0].(*model.Actor)
	a.Name = `=HYPERLINK("http://evil.example","click")`
	a.Address = `+cmd|' /C calc'!A0`
	a.Locality = "-2+3"
	a.Description["en"] = "@SUM(1)"
	if _, err := d.Put(a); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := transfer.Export(d, &buf, transfer.FormatCSV, transfer.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"'=HYPERLINK(""http://evil.example"",""click"")"`, `'+cmd|' /C calc'!A0`, `'-2+3`, `'@SUM(1)`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the export lacks %s", want)
		}
	}
	dst := apptest.Open(t, t.TempDir())
	importText(t, dst, "export.csv", buf.Bytes(), transfer.ImportOptions{})
	got, err := dst.Get(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	b := got.(*model.Actor)
	if b.Name != a.Name || b.Address != a.Address || b.Locality != a.Locality || b.Description["en"] != a.Description["en"] {
		t.Fatalf("read back as %q %q %q %q", b.Name, b.Address, b.Locality, b.Description["en"])
	}
}
