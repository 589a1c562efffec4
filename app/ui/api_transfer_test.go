package ui

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	stdsync "sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"sbcc/app"
	"sbcc/app/backup"
	"sbcc/app/bus"
	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/app/transfer"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// polishCSV is a list made in Excel on a Polish computer: Windows-1250,
// semicolons, Polish headers; row 3 has a bad e-mail address and row 4 is
// the actor already in the directory (same e-mail).
const polishCSV = "Nazwa;Miasto;Adres e-mail;Kraj;Notatki wewn.\r\n" +
	"Pracownia Łódź;Łódź;biuro@pracownia.pl;Polska;stały klient\r\n" +
	"Żółta Łódka;Szczecin;to nie jest e-mail;Polska;\r\n" +
	"Studio Ęą;Szczecin;kontakt@studio.pl;Polska;duplikat\r\n"

func win1250(t *testing.T, s string) string {
	t.Helper()
	raw, err := charmap.Windows1250.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString([]byte(raw))
}

func TestImportWizardWindows1250(t *testing.T) {
	api, d := newTestAPI(t)
	api.Records.bus = bus.New()
	var mu stdsync.Mutex
	var events []bus.TaskProgress
	api.Records.bus.Subscribe(func(e bus.Notice) {
		if e.Name == bus.Import {
			mu.Lock()
			events = append(events, e.Data.(bus.TaskProgress))
			mu.Unlock()
		}
	})
	existing, err := api.Records.SaveActor(t.Context(), model.Actor{Kind: "organisation", Name: "Studio Kontakt", Email: "kontakt@studio.pl", Country: "PL"})
	if err != nil {
		t.Fatal(err)
	}

	opened, err := api.Transfer.ImportOpen(t.Context(), "klienci.csv", win1250(t, polishCSV))
	if err != nil {
		t.Fatal(err)
	}
	p := opened.Preview
	if opened.Token == "" || p.Format != "csv" || p.Encoding != "windows-1250" || p.Delimiter != ";" || p.Total != 3 || len(p.Rows) != 3 {
		t.Fatalf("preview %+v", p)
	}
	if p.Rows[0].Cells[0] != "Pracownia Łódź" || p.Rows[0].Line != 2 {
		t.Fatalf("first row %+v: the Polish letters were not decoded", p.Rows[0])
	}
	want := map[string]string{"Nazwa": "name", "Miasto": "locality", "Adres e-mail": "email", "Kraj": "country", "Notatki wewn.": ""}
	for _, c := range p.Columns {
		if want[c.Header] != c.Field {
			t.Errorf("column %q maps to %q, want %q", c.Header, c.Field, want[c.Header])
		}
	}
	if !slices.Contains(p.Targets, "description.pl") || !slices.Contains(p.Targets, "name") {
		t.Fatalf("targets %v", p.Targets)
	}

	// Map the remarks column by hand; a field that does not exist is refused.
	if _, err := api.Transfer.ImportSetMapping(t.Context(), opened.Token, map[string]string{"Notatki wewn.": "colour"}); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("bad target: %v", err)
	}
	if _, err := api.Transfer.ImportSetMapping(t.Context(), opened.Token, map[string]string{"Nie ma": "name"}); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("missing header: %v", err)
	}
	p, err = api.Transfer.ImportSetMapping(t.Context(), opened.Token, map[string]string{"Notatki wewn.": "description.pl"})
	if err != nil || p.Columns[4].Field != "description.pl" {
		t.Fatalf("mapping: %v %+v", err, p.Columns)
	}

	// The dry run reports the bad row and the duplicate, and writes nothing.
	before, _ := d.Counts()
	dry, err := api.Transfer.ImportRun(t.Context(), opened.Token, true, "skip")
	if err != nil {
		t.Fatal(err)
	}
	if !dry.DryRun || dry.ID != "" || dry.Created != 1 || dry.Failed != 1 || dry.Skipped != 1 {
		t.Fatalf("dry run %+v", dry)
	}
	if len(dry.Errors) != 1 || dry.Errors[0].Row != 3 || dry.Errors[0].Column != "Adres e-mail" || dry.Errors[0].Message == "" {
		t.Fatalf("errors %+v", dry.Errors)
	}
	if len(dry.Duplicates) != 1 || dry.Duplicates[0].Row != 4 || dry.Duplicates[0].Existing != existing.Actor.ID || dry.Duplicates[0].Match != "email" {
		t.Fatalf("duplicates %+v", dry.Duplicates)
	}
	if after, _ := d.Counts(); after["actor"] != before["actor"] {
		t.Fatalf("the dry run wrote: %v → %v", before, after)
	}

	// Unknown duplicate policy.
	if _, err := api.Transfer.ImportRun(t.Context(), opened.Token, false, "merge"); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("policy: %v", err)
	}

	rep, err := api.Transfer.ImportRun(t.Context(), opened.Token, false, "update")
	if err != nil {
		t.Fatal(err)
	}
	if rep.ID == "" || rep.Created != 1 || rep.Updated != 1 || rep.Failed != 1 {
		t.Fatalf("import %+v", rep)
	}
	mu.Lock()
	var tasks []string
	for _, e := range events {
		tasks = append(tasks, e.Task)
	}
	last := events[len(events)-1]
	mu.Unlock()
	if !slices.Contains(tasks, transfer.TaskImportCheck) || !slices.Contains(tasks, transfer.TaskImport) || last.Task != transfer.TaskImport || last.Done != 3 || last.Total != 3 {
		t.Fatalf("progress events %v, last %+v", tasks, last)
	}
	// The file is forgotten after the import.
	if _, err := api.Transfer.ImportRun(t.Context(), opened.Token, false, "skip"); !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "no longer open") {
		t.Fatalf("run after import: %v", err)
	}
	res, err := api.Records.Search(t.Context(), app.SearchRequest{Query: "pracownia"})
	if err != nil || res.Total != 1 {
		t.Fatalf("search after import: %v %+v", err, res)
	}
	upd, _ := api.Records.Actor(t.Context(), existing.Actor.ID)
	if upd.Actor.Description["pl"] != "duplikat" {
		t.Fatalf("update did not write the remarks: %+v", upd.Actor)
	}

	logs, err := api.Transfer.Imports(t.Context())
	if err != nil || len(logs) != 1 || logs[0].ID != rep.ID || logs[0].File != "klienci.csv" || logs[0].Created != 1 {
		t.Fatalf("imports %v %+v", err, logs)
	}
	undo, err := api.Transfer.ImportUndo(t.Context(), rep.ID)
	if err != nil || undo.Deleted != 1 || undo.Restored != 1 {
		t.Fatalf("undo %v %+v", err, undo)
	}
	if res, _ := api.Records.Search(t.Context(), app.SearchRequest{Query: "pracownia"}); res.Total != 0 {
		t.Fatalf("the imported actor is still found after undo: %+v", res)
	}
	if upd, _ := api.Records.Actor(t.Context(), existing.Actor.ID); upd.Actor.Description["pl"] != "" {
		t.Fatalf("undo did not set the description back: %+v", upd.Actor)
	}
	if _, err := api.Transfer.ImportUndo(t.Context(), rep.ID); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("second undo: %v", err)
	}
	if _, err := api.Transfer.ImportUndo(t.Context(), "01nosuchimport"); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("unknown undo: %v", err)
	}
	if logs, _ := api.Transfer.Imports(t.Context()); logs[0].Undone == "" {
		t.Fatalf("history does not show the undo: %+v", logs)
	}
}

func TestImportOpenRefuses(t *testing.T) {
	api, _ := newTestAPI(t)
	cases := map[string]struct{ name, content, want string }{
		"not base64":  {"a.csv", "%%%", "not valid base64"},
		"empty":       {"a.csv", b64("  \n"), "empty"},
		"format":      {"a.pdf", b64("Name\nx\n"), "cannot be read"},
		"xlsx broken": {"a.xlsx", b64("not a workbook"), "cannot be read"},
		"too large":   {"big.csv", strings.Repeat("QUFB", (transfer.MaxImportSize/3)+10), "at most 50 MiB"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := api.Transfer.ImportOpen(t.Context(), c.name, c.content)
			if !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an invalid-input error saying %q", err, c.want)
			}
			if status, _ := app.DescribeError(err); status != app.KindInvalid {
				t.Fatalf("status %d", status)
			}
		})
	}
	if _, err := api.Transfer.ImportOpen(t.Context(), "", b64("x")); err == nil {
		t.Fatal("a file without a name was accepted")
	}
	if _, err := api.Transfer.ImportSetMapping(t.Context(), "nosuchtoken", map[string]string{}); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("unknown token: %v", err)
	}
	// A data: URL is accepted as sent by FileReader.readAsDataURL.
	o, err := api.Transfer.ImportOpen(t.Context(), "a.csv", "data:text/csv;base64,"+b64("Name,Email\nStudija,info@studija.lt\n"))
	if err != nil || o.Preview.Total != 1 {
		t.Fatalf("data URL: %v %+v", err, o)
	}
	// Without a column for the name the import is refused with a reason.
	if _, err := api.Transfer.ImportSetMapping(t.Context(), o.Token, map[string]string{"Name": "-"}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Transfer.ImportRun(t.Context(), o.Token, true, ""); !errors.Is(err, app.ErrInvalid) || !strings.Contains(err.Error(), "name") {
		t.Fatalf("no name column: %v", err)
	}
	if err := api.Transfer.ImportClose(t.Context(), o.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Transfer.ImportRun(t.Context(), o.Token, true, ""); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("closed token: %v", err)
	}
}

func TestExportThroughAPIRoundTrips(t *testing.T) {
	api, d := newTestAPI(t)
	if _, err := demo.Fill(t.Context(), d, demo.Options{Actors: 60, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	counts, _ := d.Counts()
	for _, format := range []string{transfer.FormatCSV, transfer.FormatXLSX, transfer.FormatJSON} {
		t.Run(format, func(t *testing.T) {
			dl, err := api.Transfer.Export(t.Context(), format, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(dl.Name, "-directory-"+time.Now().Format(time.DateOnly)+"."+format) || dl.Count != counts["actor"] || dl.MimeType == "" {
				t.Fatalf("download %s %s %d", dl.Name, dl.MimeType, dl.Count)
			}
			raw, _ := base64.StdEncoding.DecodeString(dl.Content)
			if len(raw) != dl.Size {
				t.Fatalf("size %d, content %d", dl.Size, len(raw))
			}
			if format == transfer.FormatCSV && !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")) {
				t.Fatal("the CSV has no byte-order mark")
			}
			dst, _ := newTestAPI(t)
			o, err := dst.Transfer.ImportOpen(t.Context(), dl.Name, dl.Content)
			if err != nil {
				t.Fatal(err)
			}
			if format == transfer.FormatJSON {
				// A JSON archive has no dry run: it says so and writes nothing.
				dry, err := dst.Transfer.ImportRun(t.Context(), o.Token, true, "")
				if err != nil || !dry.DryRun || dry.Format != "json" {
					t.Fatalf("%v %+v", err, dry)
				}
				if st, _ := dst.Records.Status(t.Context()); !st.Empty {
					t.Fatal("the dry run of a JSON archive imported it")
				}
			}
			rep, err := dst.Transfer.ImportRun(t.Context(), o.Token, false, "")
			if err != nil || rep.Failed != 0 {
				t.Fatalf("%v %+v", err, rep)
			}
			if st, _ := dst.Records.Status(t.Context()); st.Counts["actor"] != counts["actor"] {
				t.Fatalf("imported %d actors of %d", st.Counts["actor"], counts["actor"])
			}
		})
	}
	if _, err := api.Transfer.Export(t.Context(), "pdf", nil); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("pdf: %v", err)
	}
}

func TestExportSearch(t *testing.T) {
	api, _ := newTestAPI(t)
	for _, a := range []model.Actor{
		{Kind: "organisation", Name: "Pracownia Łódź", Country: "PL", Locality: "lodz", Sectors: []string{"design"}},
		{Kind: "organisation", Name: "Studija Rietavas", Country: "LT", Locality: "rietavas", Sectors: []string{"art-crafts"}},
		{Kind: "organisation", Name: "Łódź Film", Country: "PL", Locality: "lodz", Sectors: []string{"audiovisual"}},
	} {
		if _, err := api.Records.SaveActor(t.Context(), a); err != nil {
			t.Fatal(err)
		}
	}
	dl, err := api.Transfer.Export(t.Context(), transfer.FormatCSV, &app.SearchRequest{Query: "lodz"})
	if err != nil || dl.Count != 2 || !strings.Contains(dl.Name, "-search-") {
		t.Fatalf("%v %+v", err, dl)
	}
	raw, _ := base64.StdEncoding.DecodeString(dl.Content)
	if !strings.Contains(string(raw), "Pracownia Łódź") || strings.Contains(string(raw), "Rietavas") {
		t.Fatalf("export of the search:\n%s", raw)
	}
	dl, err = api.Transfer.Export(t.Context(), transfer.FormatVCard, &app.SearchRequest{Query: "lodz", Filters: map[string][]string{"sector": {"audiovisual"}}})
	if err != nil || dl.Count != 1 {
		t.Fatalf("filtered: %v %+v", err, dl)
	}
	raw, _ = base64.StdEncoding.DecodeString(dl.Content)
	if !strings.Contains(string(raw), "BEGIN:VCARD") || !strings.Contains(string(raw), "Łódź Film") || strings.Contains(string(raw), "Pracownia") {
		t.Fatalf("vCard:\n%s", raw)
	}
	// A search that finds nothing exports nothing, not everything.
	dl, err = api.Transfer.Export(t.Context(), transfer.FormatCSV, &app.SearchRequest{Query: "zzzznothing"})
	raw, _ = base64.StdEncoding.DecodeString(dl.Content)
	if err != nil || dl.Count != 0 || strings.Contains(string(raw), "Pracownia") {
		t.Fatalf("empty search: %v %+v\n%s", err, dl, raw)
	}
}

func TestBackupSubjectConsents(t *testing.T) {
	api, d := newTestAPI(t)
	d.SetOffice("Rietavo biuras")
	v, err := api.Records.SaveActor(t.Context(), model.Actor{Kind: "individual", Name: "Ona Jonaitė", Email: "ona@example.lt", Country: "LT"})
	if err != nil {
		t.Fatal(err)
	}
	id := v.Actor.ID
	soon := time.Now().AddDate(0, 0, 10).Format(time.DateOnly)
	later := time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
	for _, exp := range []string{soon, later} {
		if _, err := api.Records.SaveConsent(t.Context(), model.Consent{Subject: id, Purpose: "newsletter " + exp, Basis: "consent", Given: "2026-01-02", Expires: exp}); err != nil {
			t.Fatal(err)
		}
	}

	bk, err := api.Transfer.Backup(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(bk.Name, "rietavo-biuras-") || !strings.HasSuffix(bk.Name, ".sbcc-backup") || bk.Manifest.Records["actor"] != 1 {
		t.Fatalf("backup %s %+v", bk.Name, bk.Manifest)
	}
	raw, _ := base64.StdEncoding.DecodeString(bk.Content)
	m, err := backup.ReadBackupManifest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil || m.Node != string(d.Store().Node()) {
		t.Fatalf("manifest %v %+v", err, m)
	}
	res, err := backup.RestoreBackup(bytes.NewReader(raw), t.TempDir(), backup.RestoreOptions{})
	if err != nil {
		t.Fatalf("restore: %v %+v", err, res)
	}

	sub, err := api.Transfer.Subject(t.Context(), id)
	if err != nil || sub.Actor.Email != "ona@example.lt" || len(sub.Consents) != 2 || len(sub.History) == 0 {
		t.Fatalf("subject %v %+v", err, sub)
	}
	if _, err := json.Marshal(sub); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Transfer.Subject(t.Context(), "01nosuchactor"); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("unknown subject: %v", err)
	}

	exp, err := api.Transfer.ExpiringConsents(t.Context(), 30)
	if err != nil || len(exp) != 1 || exp[0].SubjectName != "Ona Jonaitė" || exp[0].DaysLeft != 10 {
		t.Fatalf("expiring %v %+v", err, exp)
	}
	if exp, _ := api.Transfer.ExpiringConsents(t.Context(), 400); len(exp) != 2 {
		t.Fatalf("within 400 days: %+v", exp)
	}
	if _, err := api.Transfer.ExpiringConsents(t.Context(), -1); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("negative days: %v", err)
	}
}
