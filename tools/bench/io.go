package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"sbcc/app"
	"sbcc/app/backup"
	"sbcc/app/transfer"
	"sbcc/index"
)

func init() { sections = append(sections, section{name: "io", run: benchIO}) }

// benchIO measures the import of a generated CSV list, exports to CSV and
// XLSX, and backup and restore of the imported store. The search index is
// not part of the import time yet: once it follows the store, the import
// row should include the time until the last row is searchable.
func benchIO(ctx context.Context, cfg config) ([]row, error) {
	n := cfg.Actors
	d, err := app.Open(filepath.Join(cfg.Dir, "io"), app.Options{})
	if err != nil {
		return nil, err
	}
	defer d.Close()
	rows, err := benchImport(ctx, d, n)
	if err != nil {
		return rows, err
	}
	for _, format := range []string{transfer.FormatCSV, transfer.FormatXLSX} {
		r, err := benchExport(d, filepath.Join(cfg.Dir, "export."+format), format, n)
		if err != nil {
			return rows, err
		}
		rows = append(rows, r)
	}
	backup, err := benchBackup(d, cfg.Dir, n)
	return append(rows, backup...), err
}

// ioList returns a CSV list of n actors as an office would export it from
// a spreadsheet: byte-order mark, semicolons, Lithuanian headers.
func ioList(n int) []byte {
	var list bytes.Buffer
	list.WriteString("\uFEFFPavadinimas;El. paštas;Telefonas;Miestas;Šalis;Sektorius;Svetainė;Aprašymas\n")
	towns := []string{"Rietavas", "Szczecin", "Rostock", "Karlshamn", "Plungė", "Łódź", "Güstrow", "Malmö"}
	sectors := []string{"Dailieji amatai", "Projektowanie", "Bildende Kunst", "Scenkonst", "design; fashion"}
	for i := range n {
		fmt.Fprintf(&list, "Studija Žemė %d;studija%d@example.lt;+370 600 %05d;%s;LT;\"%s\";https://studija%d.example.lt;\"Kūrybinės dirbtuvės, nr. %d\"\n",
			i, i, i%100000, towns[i%len(towns)], sectors[i%len(sectors)], i, i)
	}
	return list.Bytes()
}

// benchImport measures importing a list of n actors into d until it is
// searchable, then importing it again (which creates nothing).
func benchImport(ctx context.Context, d *app.Directory, n int) ([]row, error) {
	list := ioList(n)
	start := time.Now()
	f, err := transfer.OpenImport(d, "list.csv", bytes.NewReader(list))
	if err != nil {
		return nil, err
	}
	rep, err := transfer.Import(ctx, d, f, transfer.ImportOptions{})
	if err != nil {
		return nil, err
	}
	if rep.Created != n {
		return nil, fmt.Errorf("import created %d of %d", rep.Created, n)
	}
	imported := time.Since(start)
	if _, err := d.Search().Index(ctx, nil); err != nil {
		return nil, err
	}
	if res, err := d.Search().Find(ctx, index.Request{Query: "studija"}); err != nil || res.Total < uint64(n) {
		return nil, fmt.Errorf("after import, search finds %d of %d: %v", res.Total, n, err)
	}
	el := time.Since(start)
	rows := []row{
		{fmt.Sprintf("import %d rows from CSV, stored", n), fmt.Sprintf("%.1f", imported.Seconds()), "s", ""},
		{fmt.Sprintf("import %d rows from CSV, stored, indexed and searchable", n), fmt.Sprintf("%.1f", el.Seconds()), "s", "≤ 30"},
		{"import rate", fmt.Sprintf("%.0f", float64(n)/el.Seconds()), "rows/s", ""},
		{"peak RSS after import (whole bench process so far)", peakRSS(), "MB", ""},
	}
	start = time.Now()
	rep, err = transfer.Import(ctx, d, f, transfer.ImportOptions{})
	if err != nil || rep.Created != 0 {
		return rows, fmt.Errorf("re-import created %d: %v", rep.Created, err)
	}
	return append(rows, row{fmt.Sprintf("re-import of the same %d rows (creates nothing)", n), fmt.Sprintf("%.1f", time.Since(start).Seconds()), "s", ""}), nil
}

// benchExport measures exporting d's n actors in format to path, which it
// removes after.
func benchExport(d *app.Directory, path, format string, n int) (row, error) {
	out, err := os.Create(path)
	if err != nil {
		return row{}, err
	}
	start := time.Now()
	err = transfer.Export(d, out, format, transfer.ExportOptions{})
	out.Close()
	if err != nil {
		return row{}, err
	}
	st, _ := os.Stat(path)
	os.Remove(path)
	return row{fmt.Sprintf("export %d actors to %s (%.0f MB)", n, format, float64(st.Size())/1e6), fmt.Sprintf("%.1f", time.Since(start).Seconds()), "s", ""}, nil
}

// benchBackup measures a backup of d's n-actor store into dir and its
// restore into a new data folder.
func benchBackup(d *app.Directory, dir string, n int) ([]row, error) {
	path := filepath.Join(dir, "io.sbcc-backup")
	out, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	_, err = backup.Backup(d, out)
	out.Close()
	if err != nil {
		return nil, err
	}
	bst, _ := os.Stat(path)
	dbst, _ := os.Stat(d.Store().Path())
	rows := []row{{fmt.Sprintf("backup of the %d-actor store (%.0f MB → %.0f MB)", n, float64(dbst.Size())/1e6, float64(bst.Size())/1e6),
		fmt.Sprintf("%.1f", time.Since(start).Seconds()), "s", ""}}
	in, err := os.Open(path)
	if err != nil {
		return rows, err
	}
	defer in.Close()
	start = time.Now()
	if _, err := backup.RestoreBackup(in, filepath.Join(dir, "io-restored"), backup.RestoreOptions{}); err != nil {
		return rows, err
	}
	return append(rows, row{"restore of that backup (with consistency check)", fmt.Sprintf("%.1f", time.Since(start).Seconds()), "s", ""}), nil
}
