package tabular

import (
	"io"
)

// WriteCSVSemicolons is [WriteCSV] with cells separated by ";".
func WriteCSVSemicolons(w io.Writer, header []string, rows func(yield func([]string) error) error) error {
	return writeCSVWith(w, ';', header, rows)
}

// writeCSVWith writes a byte-order mark, then header and rows as CSV cells
// separated by comma, lines ended with CRLF.
func writeCSVWith(w io.Writer, comma rune, header []string, rows func(yield func([]string) error) error) error {
	if _, err := w.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
		return err
	}
	cw := NewCSVWriter(w)
	cw.Comma = comma
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := rows(cw.Write); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
