package demonames

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Capacity is the number of indexes for which [Org] and [Person] give
// different names in every language; past it names repeat.
const Capacity = 100_000

// Org returns the organisation name number i of language lang (en, lt, pl,
// de or sv; another falls back to en). Different i below [Capacity] give
// different names.
func Org(lang string, i int) string {
	l := byLang(lang)
	i = max(i, 0)
	nk, nb, nt := len(l.kinds), len(l.brands), len(l.towns)
	// 1. kind and proper name in a town: "Teatr Mewa Gdańsk", "Klaipėdos
	// Gintaro studija". Kind, town and name all change from one index to
	// the next: the numbers of kinds and towns have no common factor, so
	// (i mod kinds, i mod towns) meets every pair once in kinds × towns.
	if i < nk*nb*nt {
		j := i % (nk * nt)
		k, t := j%nk, j%nt
		b := (i/(nk*nt) + j) % nb
		if l.townFirst {
			return l.towns[t] + " " + l.kindAndBrand(k, b)
		}
		return l.kindAndBrand(k, b) + " " + l.towns[t]
	}
	i -= nk * nb * nt
	// 2. kind and proper name: "Teatr Mewa", "Gintaro dirbtuvės".
	if i < nk*nb {
		return l.kindAndBrand(i%nk, i/nk)
	}
	i -= nk * nb
	// 3. a person's business: "Anna Wójcik Pracownia Ceramiki", "Atelier Greta Bäcker".
	k, p := i%nk, Person(lang, i/nk)
	switch l.owner {
	case ownerFirst:
		return p + " " + l.kinds[k]
	case ownerComma:
		return p + ", " + lowerFirst(l.kinds[k])
	}
	return l.kinds[k] + " " + p
}

// Person returns the person name number i of language lang: a first name
// and a surname in the form that agrees with it, or from index
// first names × surnames on, a double surname. Different i below
// [Capacity] give different names.
func Person(lang string, i int) string {
	l := byLang(lang)
	i = max(i, 0) % Capacity
	firsts := len(l.female) + len(l.male)
	ns := len(l.surnames)
	f, s, r := i%firsts, (i/firsts)%ns, (i/(firsts*ns))%ns
	// Women and men alternate; the lists have the same length.
	first, feminine := l.male[f/2], false
	if f%2 == 0 {
		first, feminine = l.female[f/2], true
	}
	name := first + " " + l.surname(s, feminine)
	if r > 0 {
		name += "-" + l.surname((s+r)%ns, feminine)
	}
	return name
}

// Slug makes an ASCII host label of name: lower case letters and digits,
// words joined by "-", letters with marks folded (ł → l, ü → ue, å → a).
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '-' || r == ',' || r == '–':
			dash = true
		default:
			if s, ok := fold[r]; ok {
				if dash && b.Len() > 0 {
					b.WriteByte('-')
				}
				dash = false
				b.WriteString(s)
			}
		}
	}
	return b.String()
}

var fold = map[rune]string{'ą': "a", 'č': "c", 'ę': "e", 'ė': "e", 'į': "i", 'š': "s", 'ų': "u", 'ū': "u", 'ž': "z",
	'ł': "l", 'ó': "o", 'ś': "s", 'ż': "z", 'ź': "z", 'ń': "n", 'ć': "c", 'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss",
	'å': "a", 'é': "e", 'æ': "ae", 'ø': "oe"}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// kindAndBrand is kind k with proper name b, in the language's order.
func (l *lang) kindAndBrand(k, b int) string {
	if l.brandFirst && l.lowerKind {
		return l.brands[b] + " " + lowerFirst(l.kinds[k])
	}
	if l.brandFirst {
		return l.brands[b] + " " + l.kinds[k]
	}
	return l.kinds[k] + " " + l.brands[b]
}

// surname is surname s, in its feminine form when asked and there is one.
func (l *lang) surname(s int, feminine bool) string {
	m, f, ok := strings.Cut(l.surnames[s], "/")
	if feminine && ok {
		return f
	}
	return m
}

func byLang(code string) *lang {
	if l, ok := langs[code]; ok {
		return l
	}
	return langs["en"]
}
