package tabular

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecode(t *testing.T) {
	lt := "Pavadinimas;Miestas\nŽemaitijos dirbtuvės;Rietavas\nŠilo ąžuolas;Plungė\n"
	pl := "Nazwa;Miasto\nPracownia Łódzka;Łódź\nŹródło Świt;Szczecin\nŻagiel ąę;Police\n"
	de := "Name;Ort\nWerkstatt Straße;Güstrow\nKüstenlicht Möwe;Rostock\n"
	sv := "Namn;Ort\nBärnsten Våg;Malmö\nSkärgård Ångström;Karlshamn\n"
	for _, tc := range []struct {
		name, text, want string
		data             []byte
	}{
		{"utf-8", lt, UTF8, []byte(lt)},
		{"utf-8 bom", pl, UTF8BOM, append([]byte{0xEF, 0xBB, 0xBF}, pl...)},
		{"utf-16le bom", sv, UTF16LE, encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), sv)},
		{"utf-16be bom", de, UTF16BE, encode(t, xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), de)},
		{"utf-16le no bom", lt, UTF16LE, encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), lt)},
		{"windows-1257", lt, Windows1257, encode(t, charmap.Windows1257, lt)},
		{"windows-1250", pl, Windows1250, encode(t, charmap.Windows1250, pl)},
		{"windows-1252 de", de, Windows1252, encode(t, charmap.Windows1252, de)},
		{"windows-1252 sv", sv, Windows1252, encode(t, charmap.Windows1252, sv)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, enc := Decode(tc.data)
			if enc != tc.want || got != tc.text {
				t.Fatalf("Decode = %q, %s; want %q, %s", got, enc, tc.text, tc.want)
			}
		})
	}
}

func TestDelimiters(t *testing.T) {
	for _, d := range []rune{',', ';', '\t'} {
		text := strings.NewReplacer(",", string(d)).Replace("name,email,town\n\"Studio, Ltd\",a@b.lt,Rietavas\nOther,c@d.pl,Szczecin\n")
		if d == ',' {
			text = "name,email,town\n\"Studio, Ltd\",a@b.lt,Rietavas\nOther,c@d.pl,Szczecin\n"
		}
		tab, err := ReadDelimited(text, 0)
		if err != nil {
			t.Fatal(err)
		}
		if tab.Delimiter != string(d) || len(tab.Rows) != 2 || len(tab.Header) != 3 {
			t.Fatalf("delimiter %q: got %q, %d rows, header %v", d, tab.Delimiter, len(tab.Rows), tab.Header)
		}
	}
}

func TestQuotedNewlinesAndBrokenQuotes(t *testing.T) {
	text := "name,note\n" + // line 1
		"A,\"two\nlines\"\n" + // 2-3
		"B,\"open quote\n" + // 4: never closed properly
		"C,fine\n" + // 5
		"D,bad\"quote\n" + // 6: bare quote
		"E,\"x\"y\n" + // 7: text after closing quote
		"F,last\n" // 8
	tab, err := ReadDelimited(text, ',')
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range tab.Rows {
		names = append(names, r.Cells[0])
	}
	if got := strings.Join(names, ""); got != "ACF" {
		t.Fatalf("rows %q (%+v), problems %+v", got, tab.Rows, tab.Problems)
	}
	if tab.Rows[0].Cells[1] != "two\nlines" || tab.Rows[0].Line != 2 || tab.Rows[1].Line != 5 || tab.Rows[2].Line != 8 {
		t.Fatalf("rows %+v", tab.Rows)
	}
	var lines []int
	for _, p := range tab.Problems {
		lines = append(lines, p.Line)
	}
	if len(lines) != 3 || lines[0] != 4 || lines[1] != 6 || lines[2] != 7 {
		t.Fatalf("problems %+v", tab.Problems)
	}
}

func TestUnterminatedQuoteAtEnd(t *testing.T) {
	tab, err := ReadDelimited("name,note\nA,ok\nB,\"never closed\nC,more\n", ',')
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 2 || tab.Rows[1].Cells[0] != "C" || len(tab.Problems) != 1 || tab.Problems[0].Line != 3 {
		t.Fatalf("rows %+v problems %+v", tab.Rows, tab.Problems)
	}
}

// FuzzReadDelimited checks that no input crashes the reader, that it always
// ends, and that row numbers go forward.
func FuzzReadDelimited(f *testing.F) {
	for _, s := range []string{
		"name,email\nA,a@b.lt\n",
		"Pavadinimas;El. paštas\n\"Ž\nx\";y\n",
		"a\tb\n\"x\"\"y\"\tz\n",
		"name,note\nB,\"open\nC,d\n",
		"x,y\n\"a\"b,c\n\n\n\"",
		"\uFEFFname\r\nA\r\n",
		"",
		"\"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ReadText(data, 0)
		if err != nil && err != ErrEmpty {
			t.Fatalf("error %v", err)
		}
		if tab == nil {
			t.Fatal("nil table")
		}
		last := 0
		for _, r := range tab.Rows {
			if r.Line <= last && last != 0 {
				// Rows re-read after a broken quote may not go back before it.
				t.Fatalf("row line %d after %d", r.Line, last)
			}
			last = r.Line
		}
	})
}
