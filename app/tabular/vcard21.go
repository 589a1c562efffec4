package tabular

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
)

// fromVCard21 rewrites the habits of vCard 2.1 (as Outlook exports it) that
// the vCard 3/4 decoder does not know, line by line: a value in
// QUOTED-PRINTABLE, soft line breaks included, is decoded in its CHARSET;
// a parameter without a name (TEL;WORK;VOICE) becomes a TYPE. Lines with
// neither, and lines whose parameters are quoted (vCard 3/4), are kept as
// they are.
func fromVCard21(text string) string {
	lines := strings.Split(text, "\n")
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSuffix(lines[i], "\r")
		head, value, ok := strings.Cut(line, ":")
		if !ok || strings.ContainsAny(head, "\"") || !strings.Contains(head, ";") || line[0] == ' ' || line[0] == '\t' {
			out = append(out, lines[i])
			continue
		}
		parts := strings.Split(head, ";")
		params := parts[:1]
		var qp, changed bool
		charset := ""
		for _, p := range parts[1:] {
			k, v, named := strings.Cut(p, "=")
			switch up := strings.ToUpper(k); {
			case !named && strings.EqualFold(p, "QUOTED-PRINTABLE"),
				named && up == "ENCODING" && strings.EqualFold(v, "QUOTED-PRINTABLE"):
				qp, changed = true, true
			case named && up == "CHARSET":
				charset, changed = v, true
			case !named && p != "":
				params, changed = append(params, "TYPE="+p), true
			default:
				params = append(params, p)
			}
		}
		if !changed {
			out = append(out, lines[i])
			continue
		}
		if qp {
			// A value ending in "=" goes on in the next line.
			for strings.HasSuffix(value, "=") && i+1 < len(lines) {
				i++
				value = value[:len(value)-1] + strings.TrimSuffix(lines[i], "\r")
			}
			value = decodeQP(value, charset)
		}
		out = append(out, strings.Join(params, ";")+":"+value)
	}
	return strings.Join(out, "\n")
}

// decodeQP decodes a QUOTED-PRINTABLE value in charset (UTF-8 when not
// given, or when the charset is unknown and the bytes are UTF-8) and escapes
// its line breaks as vCard 3/4 values do. An "=" not followed by two hex
// digits is kept as it is.
func decodeQP(s, charset string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	var text string
	if enc, err := htmlindex.Get(charset); err == nil && charset != "" && !strings.EqualFold(charset, "utf-8") {
		text = decodeWith(enc, b)
	} else if utf8.Valid(b) {
		text = string(b)
	} else {
		text, _ = Decode(b)
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return strings.ReplaceAll(text, "\n", `\n`)
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
