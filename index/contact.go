package index

import "strings"

// ContactWords returns the words under which an actor's e-mail, phone and
// website are found, for [Doc.Also]: the address whole and in its parts
// (info@pracownia.pl finds it, and so do pracownia and pracownia.pl), the
// phone as written, its digits run together and its last nine digits (so
// "+48 91 123 45 67", "911234567" and "91 123" all find it), and the
// website's host with and without "www." and its first label.
func ContactWords(email, phone, website string) []string {
	var out []string
	if email = strings.ToLower(strings.TrimSpace(email)); email != "" {
		out = append(out, email)
		if local, domain, ok := strings.Cut(email, "@"); ok {
			out = append(out, local, domain, strings.ReplaceAll(domain, ".", " "))
		}
	}
	if phone = strings.TrimSpace(phone); phone != "" {
		var digits strings.Builder
		for _, r := range phone {
			if r >= '0' && r <= '9' {
				digits.WriteRune(r)
			}
		}
		d := digits.String()
		out = append(out, phone, d)
		if len(d) > 9 {
			out = append(out, d[len(d)-9:])
		}
	}
	if website = strings.ToLower(strings.TrimSpace(website)); website != "" {
		host := website
		if _, rest, ok := strings.Cut(host, "://"); ok {
			host = rest
		}
		host, _, _ = strings.Cut(host, "/")
		bare := strings.TrimPrefix(host, "www.")
		out = append(out, host, bare)
		if first, _, ok := strings.Cut(bare, "."); ok {
			out = append(out, first)
		}
	}
	return out
}

// phoneQuery returns q with each phone number written in groups ("+48 91
// 123 45 67", "(091) 123-45-67") run together into its digits, the form
// [ContactWords] indexes (whole, or as the last nine digits of a number
// with a country code, which are indexed too), from seven digits on. The
// rest of q (words, filters such as kind:actor) is left as it is.
func phoneQuery(q string) string {
	words := strings.Fields(q)
	var out []string
	for i := 0; i < len(words); {
		j, digits := i, 0
		for ; j < len(words); j++ {
			n, ok := phoneDigits(words[j])
			if !ok {
				break
			}
			digits += n
		}
		if j > i && digits >= 7 && (j-i > 1 || strings.ContainsAny(words[i], "+-()/.")) {
			var d strings.Builder
			for _, w := range words[i:j] {
				for _, r := range w {
					if r >= '0' && r <= '9' {
						d.WriteRune(r)
					}
				}
			}
			out = append(out, d.String())
			i = j
			continue
		}
		if j == i {
			j = i + 1
		}
		out = append(out, words[i:j]...)
		i = j
	}
	if len(out) == len(words) {
		return q
	}
	return strings.Join(out, " ")
}

// phoneDigits returns how many digits w has, and whether w could be part
// of a phone number: digits and + - ( ) / . only, at least one digit.
func phoneDigits(w string) (int, bool) {
	n := 0
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			n++
		case strings.ContainsRune("+-()/.", r):
		default:
			return 0, false
		}
	}
	return n, n > 0
}
