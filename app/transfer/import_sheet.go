package transfer

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"

	"sbcc/app/tabular"
)

// readTable parses a file to import; a workbook is read from the sheet and
// header row that name the most actor columns, unless sheet or headerRow
// say which.
func readTable(name string, data []byte, sheet string, headerRow int) (*tabular.Table, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return tabular.ReadXLSXFinding(bytes.NewReader(data), headerScore, sheet, headerRow)
	}
	return tabular.Read(name, bytes.NewReader(data))
}

// headerScore counts the different actor columns a row's cells name.
func headerScore(cells []string) int {
	seen := map[string]bool{}
	for _, c := range cells {
		if col := RecogniseHeader(c); col != "" {
			seen[col] = true
		}
	}
	return len(seen)
}

// ChooseSheet reads a workbook again from the sheet named sheet ("" to find
// it) with its header in row headerRow (0 to find it); the mapping starts
// again from the new headers. It fails, changing nothing, for a file that
// is not a workbook or a sheet it does not have.
func (f *ImportFile) ChooseSheet(sheet string, headerRow int) error {
	if f.raw == nil {
		return errors.New("only a workbook (.xlsx) has sheets to choose from")
	}
	t, err := readTable(f.Name, f.raw, sheet, headerRow)
	if err != nil {
		return err
	}
	f.Table = t
	f.Mapping = make([]string, len(t.Header))
	for i, h := range t.Header {
		f.Mapping[i] = RecogniseHeader(h)
	}
	return nil
}
