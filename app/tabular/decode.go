package tabular

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Encoding names as reported in [Table.Encoding].
const (
	UTF8        = "utf-8"
	UTF8BOM     = "utf-8-bom"
	UTF16LE     = "utf-16le"
	UTF16BE     = "utf-16be"
	Windows1257 = "windows-1257"
	Windows1250 = "windows-1250"
	Windows1252 = "windows-1252"
)

// codePages are tried, in this order of preference on a tie, for text that
// is not valid UTF-8.
var codePages = []struct {
	name string
	enc  encoding.Encoding
}{
	{Windows1252, charmap.Windows1252},
	{Windows1250, charmap.Windows1250},
	{Windows1257, charmap.Windows1257},
}

// networkLetters are the letters beyond ASCII of Lithuanian, Polish, German
// and Swedish: a decoding that yields many of them is the right one.
const networkLetters = "ąčęėįšųūžĄČĘĖĮŠŲŪŽćłńóśźżĆŁŃÓŚŹŻäöüßÄÖÜåÅéÉ"

// sampleSize bounds how much of a file is decoded to guess its code page.
const sampleSize = 1 << 20

// Decode detects the encoding of data and returns it as UTF-8 text with the
// encoding's name. A UTF-8 or UTF-16 byte-order mark decides; without one,
// UTF-16 is recognised by its zero bytes, valid UTF-8 is taken as it is, and
// anything else is decoded with the Windows code page (1257, 1250 or 1252)
// whose result has the most letters of the network's languages.
func Decode(data []byte) (text, enc string) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return toValidUTF8(data[3:]), UTF8BOM
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeWith(xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), data), UTF16LE
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), data), UTF16BE
	}
	if le, be := zeroBytes(data); le {
		return decodeWith(xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), data), UTF16LE
	} else if be {
		return decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), data), UTF16BE
	}
	if utf8.Valid(data) {
		return string(data), UTF8
	}
	sample := data[:min(len(data), sampleSize)]
	best, bestScore := 0, -1<<31
	for i, cp := range codePages {
		s, err := cp.enc.NewDecoder().Bytes(sample)
		if err != nil {
			continue
		}
		if sc := letterScore(string(s)); sc > bestScore {
			best, bestScore = i, sc
		}
	}
	return decodeWith(codePages[best].enc, data), codePages[best].name
}

// letterScore counts the network's letters in s, less every other
// character beyond ASCII (letters of other languages, symbols, controls).
func letterScore(s string) int {
	score := 0
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
		case strings.ContainsRune(networkLetters, r):
			score += 2
		case r == utf8.RuneError || unicode.IsControl(r):
			score -= 3
		default:
			score--
		}
	}
	return score
}

// zeroBytes reports whether data looks like UTF-16 without a byte-order
// mark: many zero bytes at odd (little-endian) or even (big-endian) offsets.
func zeroBytes(data []byte) (le, be bool) {
	n := min(len(data), 4096) &^ 1
	if n < 4 {
		return false, false
	}
	var odd, even int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	return odd*10 > half*3 && even*10 < half, even*10 > half*3 && odd*10 < half
}

func decodeWith(enc encoding.Encoding, data []byte) string {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return toValidUTF8(data)
	}
	return strings.TrimPrefix(string(out), "\uFEFF")
}

func toValidUTF8(b []byte) string { return strings.ToValidUTF8(string(b), "\uFFFD") }
