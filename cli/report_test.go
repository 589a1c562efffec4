package cli

import (
	"strings"
	"testing"

	"sbcc/app"
	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/app/ui"
)

// TestReportCSVIsTheUIs: `sbcc report --csv` writes the same bytes as the
// UI's indicator download (one row per counted record, formula-escaped), so
// that a report handed in does not depend on where it was made.
func TestReportCSVIsTheUIs(t *testing.T) {
	dir := t.TempDir()
	d, err := app.Open(dir, app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Fill(t.Context(), d, demo.Options{Actors: 60, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	// A name a spreadsheet would run as a formula, among the counted records.
	rs, err := d.List("actor", app.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		a := r.(*model.Actor)
		a.Name = "=HYPERLINK(\"x\")"
		if _, err := d.Put(a); err != nil {
			t.Fatal(err)
		}
		break
	}
	const from, to = "2020-01-01", "2030-12-31"
	want, err := ui.NewAPI(d, ui.APIOptions{}).Network.IndicatorsCSV(t.Context(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	got, errs, code := runIn(dir, "", "report", "--from", from, "--to", to, "--csv")
	if code != 0 {
		t.Fatalf("sbcc report: %s", errs)
	}
	if got != want {
		t.Fatalf("the CLI's CSV differs from the UI's:\n%s\nUI:\n%s", got, want)
	}
	if !strings.Contains(got, "'=HYPERLINK") {
		t.Fatalf("the formula is not escaped:\n%s", got)
	}
}
