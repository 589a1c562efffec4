package tabular

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ActorSheets are sheet names read first from a workbook, in this order;
// without one of them the first sheet is read.
var ActorSheets = []string{"actor", "actors", "veikėjai", "podmioty", "akteure", "aktörer"}

// ReadXLSX reads the actors' sheet of an Excel workbook: the sheet named in
// [ActorSheets] or else the first one. Cells are read raw (numbers as
// stored, not as formatted for display); empty rows are skipped.
func ReadXLSX(r io.Reader) (*Table, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("the file is not an Excel workbook (.xlsx): %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrEmpty
	}
	sheet := sheets[0]
pick:
	for _, want := range ActorSheets {
		for _, s := range sheets {
			if strings.EqualFold(s, want) {
				sheet = s
				break pick
			}
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t := &Table{Format: XLSX, Sheet: sheet}
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Problems = append(t.Problems, Problem{Line: n, Message: err.Error()})
			continue
		}
		if IsBlank(cells) {
			continue
		}
		if t.Header == nil {
			t.Header = trimCells(cells)
			continue
		}
		t.Rows = append(t.Rows, Row{Line: n, Cells: cells})
	}
	if err := rows.Error(); err != nil {
		return t, err
	}
	if t.Header == nil {
		return t, ErrEmpty
	}
	return t, nil
}
