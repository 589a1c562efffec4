package app

import (
	"bytes"
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
