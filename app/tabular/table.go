package tabular

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Format names as reported in [Table.Format].
const (
	CSV   = "csv"
	TSV   = "tsv"
	XLSX  = "xlsx"
	VCard = "vcf"
)

// Table is a parsed list: a header row and data rows of text cells.
type Table struct {
	// Format is csv, tsv, xlsx or vcf.
	Format string `json:"format"`
	// Encoding is the detected text encoding (text formats only).
	Encoding string `json:"encoding,omitempty"`
	// Delimiter is the detected cell delimiter: ",", ";" or "\t".
	Delimiter string `json:"delimiter,omitempty"`
	// Sheet is the worksheet read from a workbook.
	Sheet string `json:"sheet,omitempty"`
	// HeaderRow is the row of a workbook's sheet the header was read from
	// (1-based), when a row was looked for (see ReadXLSXFinding).
	HeaderRow int `json:"headerRow,omitempty"`
	// Sheets are all the sheets of a workbook, in order (see ReadXLSXFinding).
	Sheets []string `json:"sheets,omitempty"`
	// Header holds the column names, from the first row.
	Header []string `json:"header"`
	// Rows are the data rows that could be parsed, in file order.
	Rows []Row `json:"rows"`
	// Problems are rows that could not be parsed at all.
	Problems []Problem `json:"problems,omitempty"`
	// Skipped are values of rows that were read but that no column takes
	// (what a vCard holds beyond the columns), per row.
	Skipped []Problem `json:"skipped,omitempty"`
}

// Row is one data row.
type Row struct {
	// Line is the row's number in the file, 1-based, the header being row 1
	// of a spreadsheet or the first line of a text file. A row whose quoted
	// cell spans lines has the number of its first line.
	Line int `json:"line"`
	// Cells are the row's cells, as many as the row has.
	Cells []string `json:"cells"`
}

// Problem is a row that could not be parsed, or values of a row that were not taken.
type Problem struct {
	Line int `json:"line"`
	// Kind says what is wrong (one of the Problem… constants), Params the values its
	// sentence needs, so that the importer can say it in a person's language.
	Kind    string            `json:"kind,omitempty"`
	Params  map[string]string `json:"params,omitempty"`
	Message string            `json:"message"`
}

// Kinds of [Problem], with the Params each one carries.
const (
	ProblemQuoteOpen  = "quote-open"  // a quote opened on the row runs on to line {line}
	ProblemQuoteAfter = "quote-after" // a quoted cell is followed by other characters, at character {position} of the line
	ProblemBareQuote  = "bare-quote"  // a quote inside an unquoted cell, at character {position} of the line
	ProblemUnreadable = "unreadable"  // the row or card cannot be read (Message says why, in English)
	ProblemNotTaken   = "not-taken"   // {values}: values of a card that no column takes
)

// ErrEmpty is returned when a file has no header row.
var ErrEmpty = errors.New("the file has no rows")

// ErrFormat is returned by [Read] for a file name it has no reader for.
var ErrFormat = errors.New("unsupported file type; use .csv, .tsv, .txt, .xlsx or .vcf")

// Read parses the file called name (only its extension is looked at) from r.
func Read(name string, r io.Reader) (*Table, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(name), "."))
	switch ext {
	case "xlsx", "xlsm":
		return ReadXLSX(r)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	switch ext {
	case "csv", "txt":
		return ReadText(data, 0)
	case "tsv", "tab":
		return ReadText(data, '\t')
	case "vcf", "vcard":
		return ReadVCard(data)
	}
	return nil, fmt.Errorf("%w: %s", ErrFormat, name)
}

// ReadText decodes data ([Decode]) and splits it with [ReadDelimited]; a
// zero delim is detected.
func ReadText(data []byte, delim rune) (*Table, error) {
	text, enc := Decode(data)
	t, err := ReadDelimited(text, delim)
	if t != nil {
		t.Encoding = enc
	}
	return t, err
}

// DetectDelimiter returns the delimiter of text: of comma, semicolon and
// tab, the one found (outside quotes) the same number of times, and most
// often, on the first lines.
func DetectDelimiter(text string) rune {
	lines := sampleLines(text, 20)
	best, bestScore := ',', -1
	for _, d := range []rune{',', ';', '\t'} {
		if len(lines) == 0 {
			break
		}
		first := countOutsideQuotes(lines[0], d)
		if first == 0 {
			continue
		}
		score := 0
		for _, l := range lines {
			if countOutsideQuotes(l, d) == first {
				score += 1000
			}
		}
		score += first
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

func sampleLines(text string, n int) []string {
	var out []string
	for len(out) < n && text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		if strings.TrimSpace(line) != "" {
			out = append(out, line)
		}
	}
	return out
}

func countOutsideQuotes(line string, d rune) int {
	n, quoted := 0, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == d && !quoted:
			n++
		}
	}
	return n
}

// ReadDelimited splits UTF-8 text into rows with encoding/csv (strict
// quoting: LazyQuotes off); a zero delim is detected. The first row is the
// header. A row with a quote left open or a stray quote goes to Problems and
// reading resumes at the line after the row's first line, so one broken row
// never swallows the rest of the file.
func ReadDelimited(text string, delim rune) (*Table, error) {
	text = strings.TrimPrefix(text, "\uFEFF")
	if delim == 0 {
		delim = DetectDelimiter(text)
	}
	t := &Table{Format: CSV, Delimiter: string(delim)}
	if delim == '\t' {
		t.Format = TSV
	}
	offset, base := 0, 0 // where the current reader starts: byte offset, lines before it
	for offset < len(text) {
		r := csv.NewReader(strings.NewReader(text[offset:]))
		r.Comma = delim
		r.FieldsPerRecord = -1
		r.ReuseRecord = false
		restart := false
		for {
			start := r.InputOffset()
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				p := quoteProblem(pe)
				p.Line = base + pe.StartLine
				t.Problems = append(t.Problems, p)
				if pe.Line > pe.StartLine {
					// The quote ran on over later lines: take them again.
					begin := offset + int(start)
					for begin < len(text) && (text[begin] == '\n' || text[begin] == '\r') {
						begin++
					}
					nl := strings.IndexByte(text[begin:], '\n')
					if nl < 0 {
						offset = len(text)
					} else {
						offset = begin + nl + 1
					}
					base += pe.StartLine
					restart = true
					break
				}
				continue
			}
			if err != nil {
				return t, err
			}
			line, _ := r.FieldPos(0)
			if t.Header == nil {
				t.Header = trimCells(rec)
				continue
			}
			for i, c := range rec {
				rec[i] = unsafeCell(c)
			}
			t.Rows = append(t.Rows, Row{Line: base + line, Cells: rec})
		}
		if !restart {
			break
		}
	}
	if t.Header == nil {
		return t, ErrEmpty
	}
	return t, nil
}

func quoteProblem(pe *csv.ParseError) Problem {
	switch {
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine:
		return Problem{Kind: ProblemQuoteOpen, Params: map[string]string{"line": fmt.Sprint(pe.Line)},
			Message: fmt.Sprintf("a quote opened on this row is not closed where it should be (parsing went on to line %d); the row was left out", pe.Line)}
	case errors.Is(pe.Err, csv.ErrQuote):
		return Problem{Kind: ProblemQuoteAfter, Params: map[string]string{"position": fmt.Sprint(pe.Column)},
			Message: fmt.Sprintf("a quoted cell is followed by other characters (column %d); the row was left out", pe.Column)}
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return Problem{Kind: ProblemBareQuote, Params: map[string]string{"position": fmt.Sprint(pe.Column)},
			Message: fmt.Sprintf("a quote in the middle of an unquoted cell (column %d); put the cell in quotes and double the quote; the row was left out", pe.Column)}
	}
	return Problem{Kind: ProblemUnreadable, Message: pe.Err.Error() + "; the row was left out"}
}

func trimCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.TrimSpace(c)
	}
	return out
}

// WriteCSV writes header and rows as CSV in UTF-8 with a byte-order mark,
// which Excel needs to show the letters of every language right. Cells go
// through [SafeCell], so no cell is read as a formula.
func WriteCSV(w io.Writer, header []string, rows func(yield func([]string) error) error) error {
	return writeCSVWith(w, ',', header, rows)
}

// IsBlank reports whether every cell of cells is empty or spaces.
func IsBlank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
