package tabular

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
)

// formulaStart are the first characters that make a spreadsheet read a
// cell as a formula (OWASP, CSV injection): = + - @, tab and carriage
// return.
const formulaStart = "=+-@\t\r"

// plainNumber is a decimal number a spreadsheet reads as a number and never
// as a formula: an optional minus, digits, an optional fraction.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// SafeCell keeps a spreadsheet from reading s as a formula: a cell starting
// with = + - @, a tab or a carriage return gets a single quote in front
// (which Excel and LibreOffice show as text and do not run). A plain
// decimal number such as "-2" or "-0.5" is left as it is, so negative
// figures stay numbers; "-2+3" is not a plain number and is quoted.
func SafeCell(s string) string {
	if s == "" || !strings.ContainsRune(formulaStart, rune(s[0])) || plainNumber.MatchString(s) {
		return s
	}
	return "'" + s
}

// SafeRow returns cells with [SafeCell] applied to each, in a new slice.
func SafeRow(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = SafeCell(c)
	}
	return out
}

// unsafeCell undoes [SafeCell] when a file this program wrote is read back:
// a single quote followed by a formula start is dropped.
func unsafeCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.ContainsRune(formulaStart, rune(s[1])) {
		return s[1:]
	}
	return s
}

// CSVWriter is a csv.Writer whose every cell goes through [SafeCell]. Every
// CSV the program writes goes through one.
type CSVWriter struct {
	*csv.Writer
}

// NewCSVWriter returns a CSVWriter on w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{csv.NewWriter(w)} }

// Write writes one row, each cell made safe with [SafeCell].
func (w *CSVWriter) Write(cells []string) error { return w.Writer.Write(SafeRow(cells)) }
