package tabular

import (
	"bytes"
	"fmt"
	"mime/quotedprintable"
	"regexp"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// vCard 2.1 as Outlook writes it: parameters without names
// (EMAIL;PREF;INTERNET, TEL;WORK;VOICE), values in QUOTED-PRINTABLE with
// soft line breaks, and a CHARSET per property (Windows-1250 for Polish
// and Lithuanian contacts). upgradeV21 rewrites such cards as vCard 3.0
// text that the vCard decoder reads, each value decoded to UTF-8.

// isV21 reports whether data holds a card of version 2.1.
func isV21(data []byte) bool {
	return bytes.Contains(bytes.ToUpper(data), []byte("VERSION:2.1"))
}

// v21Types are the bare parameters of vCard 2.1 that are types.
var v21Types = map[string]bool{"PREF": true, "WORK": true, "HOME": true, "VOICE": true, "FAX": true, "CELL": true,
	"MSG": true, "PAGER": true, "INTERNET": true, "X400": true, "POSTAL": true, "PARCEL": true, "DOM": true, "INTL": true,
	"BBS": true, "MODEM": true, "CAR": true, "ISDN": true, "VIDEO": true}

// upgradeV21 returns the cards of data as vCard 3.0 text, and per card
// (1-based) the properties that could not be carried over.
func upgradeV21(data []byte) (string, map[int][]string) {
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	dropped := map[int][]string{}
	var out strings.Builder
	card := 0
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, params, value, ok := splitProperty(line)
		if !ok {
			continue
		}
		qp := false
		charset := ""
		var kept []string
		for _, p := range params {
			k, v, hasValue := strings.Cut(p, "=")
			switch ku := strings.ToUpper(k); {
			case !hasValue && (ku == "QUOTED-PRINTABLE"), ku == "ENCODING" && strings.EqualFold(v, "QUOTED-PRINTABLE"):
				qp = true
			case ku == "CHARSET":
				charset = v
			case ku == "ENCODING" || (!hasValue && (ku == "BASE64" || ku == "B")):
				kept = append(kept, "ENCODING=b")
			case !hasValue && v21Types[ku]:
				kept = append(kept, "TYPE="+strings.ToLower(k))
			case !hasValue:
				kept = append(kept, "TYPE="+strings.ToLower(k))
			default:
				kept = append(kept, p)
			}
		}
		// A quoted-printable value goes on while its line ends with "=".
		for qp && strings.HasSuffix(value, "=") && i+1 < len(lines) {
			i++
			value = value[:len(value)-1] + lines[i]
		}
		// Folded lines (a space or a tab first) belong to the value.
		for !qp && i+1 < len(lines) && (strings.HasPrefix(lines[i+1], " ") || strings.HasPrefix(lines[i+1], "\t")) {
			i++
			value += strings.TrimLeft(lines[i], " \t")
		}
		upper := strings.ToUpper(name)
		switch upper {
		case "BEGIN":
			card++
		case "VERSION":
			value = "3.0"
		case "PHOTO", "LOGO", "SOUND", "KEY":
			dropped[card] = append(dropped[card], upper)
			continue
		}
		if qp {
			raw, err := decodeQP(value)
			if err != nil {
				dropped[card] = append(dropped[card], upper+" (unreadable quoted-printable)")
				continue
			}
			text, err := decodeCharset(raw, charset)
			if err != nil {
				dropped[card] = append(dropped[card], fmt.Sprintf("%s (unknown character set %s)", upper, charset))
				continue
			}
			value = escapeV3(text)
		} else if charset != "" {
			if text, err := decodeCharset([]byte(value), charset); err == nil {
				value = text
			}
		}
		out.WriteString(name)
		for _, p := range kept {
			out.WriteString(";" + p)
		}
		out.WriteString(":" + value + "\r\n")
	}
	return out.String(), dropped
}

// splitProperty splits a content line into its name, parameters and value.
func splitProperty(line string) (name string, params []string, value string, ok bool) {
	head, value, ok := strings.Cut(line, ":")
	if !ok {
		return "", nil, "", false
	}
	parts := strings.Split(head, ";")
	return parts[0], parts[1:], value, true
}

// decodeQP decodes a quoted-printable value (soft breaks already joined).
func decodeQP(s string) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(quotedprintable.NewReader(strings.NewReader(s)))
	return b.Bytes(), err
}

// decodeCharset decodes raw in charset (UTF-8 when empty).
func decodeCharset(raw []byte, charset string) (string, error) {
	if charset == "" || strings.EqualFold(charset, "utf-8") {
		return toValidUTF8(raw), nil
	}
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return "", err
	}
	return decodeWith(enc, raw), nil
}

// escapeV3 escapes a decoded text for a vCard 3.0 line: line breaks become
// \n; semicolons stay (they part the components of N, ADR and ORG).
var lineBreaks = regexp.MustCompile(`\r\n|\r|\n`)

func escapeV3(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return lineBreaks.ReplaceAllString(s, `\n`)
}
