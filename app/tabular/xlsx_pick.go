package tabular

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// HeaderScore rates a row as a header: how many of its cells name a known
// column (0 for a title, a blank row or data).
type HeaderScore func(cells []string) int

// headerSearchRows is how many rows from the top of a sheet may hold the
// header (title rows, blank rows and notes come first in office lists).
const headerSearchRows = 12

// ReadXLSXFinding reads the sheet and header row of a workbook that score
// rates best: the offices' lists often start with an instructions sheet,
// and a sheet with a title row and a blank row above the header. A sheet
// named in [ActorSheets] wins a tie; without any row scoring above zero it
// reads like [ReadXLSX]. sheet, when not empty, is the sheet to read;
// headerRow, when above zero, the header's row number (1-based). The
// table's Sheet and HeaderRow say which were used.
func ReadXLSXFinding(r io.Reader, score HeaderScore, sheet string, headerRow int) (*Table, error) {
	f, err := openXLSX(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrEmpty
	}
	if sheet != "" {
		found := false
		for _, s := range sheets {
			found = found || s == sheet
		}
		if !found {
			return nil, fmt.Errorf("the workbook has no sheet %q (its sheets: %v)", sheet, sheets)
		}
		sheets = []string{sheet}
	}
	best, bestRow, bestScore := sheets[0], headerRow, 0
	for _, s := range sheets {
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			continue
		}
		for i, cells := range rows[:min(len(rows), headerSearchRows)] {
			if headerRow > 0 && i+1 != headerRow {
				continue
			}
			sc := score(cells) * 2
			if preferredSheet(s) {
				sc++
			}
			if sc > bestScore {
				best, bestRow, bestScore = s, i+1, sc
			}
		}
	}
	if bestScore == 0 && sheet == "" && headerRow <= 0 {
		// Nothing looks like a header: the named sheet or the first, first row.
		best, bestRow = sheets[0], 0
		for _, s := range sheets {
			if preferredSheet(s) {
				best = s
				break
			}
		}
	}
	t, err := readSheetFrom(f, best, bestRow)
	if t != nil {
		t.Sheets = f.GetSheetList()
	}
	return t, err
}

// preferredSheet reports whether s is one of [ActorSheets].
func preferredSheet(s string) bool {
	for _, want := range ActorSheets {
		if strings.EqualFold(s, want) {
			return true
		}
	}
	return false
}

// readSheetFrom reads sheet with its header at row header (1-based; 0: the
// first row that is not blank).
func readSheetFrom(f *excelize.File, sheet string, header int) (*Table, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t := &Table{Format: XLSX, Sheet: sheet}
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Problems = append(t.Problems, Problem{Line: n, Kind: ProblemUnreadable, Message: err.Error()})
			continue
		}
		if n < header || IsBlank(cells) {
			continue
		}
		if t.Header == nil {
			t.Header, t.HeaderRow = trimCells(cells), n
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
