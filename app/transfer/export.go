package transfer

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/emersion/go-vcard"
	"github.com/xuri/excelize/v2"

	"sbcc/app"
	"sbcc/app/model"
	"sbcc/app/tabular"
)

// Export formats.
const (
	FormatJSON  = "json"
	FormatCSV   = "csv"
	FormatXLSX  = "xlsx"
	FormatVCard = "vcf"
)

// ExportFormats lists the formats [Export] writes.
var ExportFormats = []string{FormatJSON, FormatCSV, FormatXLSX, FormatVCard}

// ExportOptions narrow an export.
type ExportOptions struct {
	// IDs, when not nil, limits the export to these records (a search
	// result); a JSON export is then a plain list of records by kind rather
	// than a full archive with history.
	IDs []string
	// Semicolons separates CSV cells with ";", as Excel expects them where
	// the decimal mark is a comma (Poland, Lithuania, Germany, Sweden).
	Semicolons bool
}

// Export writes the directory in format: json (the full archive, see
// [ExportJSON]), csv (actors, UTF-8 with a byte-order mark, one
// column per field as named by [Columns], lists joined with "; "), xlsx
// (one sheet per record kind, same columns) or vcf (actors as vCard 4.0).
// CSV and XLSX exports import back with every field kept.
func Export(d *app.Directory, w io.Writer, format string, opts ExportOptions) error {
	switch format {
	case FormatJSON:
		if opts.IDs == nil {
			return ExportJSON(d, w)
		}
		return exportRecordsJSON(d, w, opts)
	case FormatCSV:
		return ExportCSV(d, w, opts)
	case FormatXLSX:
		return ExportXLSX(d, w, opts)
	case FormatVCard:
		return ExportVCard(d, w, opts)
	}
	return fmt.Errorf("format %q is not supported; use %s", format, strings.Join(ExportFormats, ", "))
}

// records lists the live records of kind, limited to opts.IDs when set;
// built-in localities are left out.
func records(d *app.Directory, kind string, opts ExportOptions) ([]model.Record, error) {
	rs, err := d.List(kind, app.ListOptions{})
	if err != nil {
		return nil, err
	}
	if kind == "locality" {
		rs = rs[len(model.Localities):]
	}
	if opts.IDs == nil {
		return rs, nil
	}
	want := make(map[string]bool, len(opts.IDs))
	for _, id := range opts.IDs {
		want[id] = true
	}
	out := rs[:0]
	for _, r := range rs {
		if want[model.IDOf(r)] {
			out = append(out, r)
		}
	}
	return out, nil
}

func exportRecordsJSON(d *app.Directory, w io.Writer, opts ExportOptions) error {
	out := map[string][]model.Record{}
	for _, kind := range model.KindNames {
		rs, err := records(d, kind, opts)
		if err != nil {
			return err
		}
		if len(rs) > 0 {
			out[kind] = rs
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(map[string]any{"records": out})
}

// ExportCSV writes the actors as CSV for Excel: UTF-8 with a byte-order
// mark, comma-separated, a header of [Columns]("actor").
func ExportCSV(d *app.Directory, w io.Writer, opts ExportOptions) error {
	rs, err := records(d, "actor", opts)
	if err != nil {
		return err
	}
	cols := kindColumns("actor")
	bw := bufio.NewWriterSize(w, 1<<16)
	write := tabular.WriteCSV
	if opts.Semicolons {
		write = tabular.WriteCSVSemicolons
	}
	err = write(bw, Columns("actor"), func(write func([]string) error) error {
		for _, r := range rs {
			if err := write(flatten(r, cols)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// ExportXLSX writes an Excel workbook with one sheet per record kind that
// has records, named after the kind, with [Columns] as the header row.
func ExportXLSX(d *app.Directory, w io.Writer, opts ExportOptions) error {
	f := excelize.NewFile()
	defer f.Close()
	first := true
	for _, kind := range model.KindNames {
		rs, err := records(d, kind, opts)
		if err != nil {
			return err
		}
		if len(rs) == 0 && kind != "actor" {
			continue
		}
		if first {
			if err := f.SetSheetName("Sheet1", kind); err != nil {
				return err
			}
			first = false
		} else if _, err := f.NewSheet(kind); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(kind)
		if err != nil {
			return err
		}
		cols := kindColumns(kind)
		header := make([]any, len(cols))
		for i, c := range cols {
			header[i] = c.Name
		}
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		row := make([]any, len(cols))
		for i, r := range rs {
			for j, s := range flatten(r, cols) {
				row[j] = s
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// ExportVCard writes the actors as vCard 4.0 cards: FN, KIND, ORG, EMAIL,
// TEL, URL, ADR (street, town, country), GEO, NOTE (the English
// description, or another), CATEGORIES (sectors) and UID (urn:sbcc:ID).
func ExportVCard(d *app.Directory, w io.Writer, opts ExportOptions) error {
	rs, err := records(d, "actor", opts)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	cards := make([]vcard.Card, 0, len(rs))
	for _, r := range rs {
		cards = append(cards, actorCard(r.(*model.Actor)))
	}
	if err := tabular.WriteVCards(bw, cards); err != nil {
		return err
	}
	return bw.Flush()
}

func actorCard(a *model.Actor) vcard.Card {
	c := vcard.Card{}
	c.SetValue(vcard.FieldVersion, "4.0")
	c.SetValue(vcard.FieldUID, "urn:sbcc:"+a.ID)
	c.SetValue(vcard.FieldFormattedName, a.Name)
	switch a.Kind {
	case "individual":
		c.SetKind(vcard.KindIndividual)
	case "collective":
		c.SetKind(vcard.KindGroup)
		c.SetValue(vcard.FieldOrganization, a.Name)
	default:
		c.SetKind(vcard.KindOrganization)
		c.SetValue(vcard.FieldOrganization, a.Name)
	}
	if a.Kind == "individual" {
		c.SetName(&vcard.Name{FamilyName: a.Name})
	}
	if a.Email != "" {
		c.SetValue(vcard.FieldEmail, a.Email)
	}
	if a.Phone != "" {
		c.SetValue(vcard.FieldTelephone, a.Phone)
	}
	if a.Website != "" {
		c.SetValue(vcard.FieldURL, a.Website)
	}
	if a.Address != "" || a.Locality != "" || a.Country != "" {
		town := a.Locality
		if l, ok := model.LocalityByID(a.Locality); ok {
			town = l.Name.In("en")
		}
		c.SetAddress(&vcard.Address{StreetAddress: a.Address, Locality: town, Country: a.Country})
	}
	if a.Lat != nil && a.Lon != nil {
		c.SetValue(vcard.FieldGeolocation, "geo:"+strconv.FormatFloat(*a.Lat, 'f', -1, 64)+","+strconv.FormatFloat(*a.Lon, 'f', -1, 64))
	}
	if s := a.Description.In("en"); s != "" {
		c.SetValue(vcard.FieldNote, s)
	}
	if len(a.Sectors) > 0 {
		c.SetCategories(a.Sectors)
	}
	for _, s := range a.Social {
		c.AddValue("X-SOCIALPROFILE", s)
	}
	return c
}
