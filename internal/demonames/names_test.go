package demonames

import (
	"strings"
	"testing"
	"unicode"
)

var languages = []string{"en", "lt", "pl", "de", "sv"}

// Every name below Capacity is different, in each language, and so is its
// slug (the demo's e-mail and web addresses); none holds a digit.
func TestUniqueWithoutDigits(t *testing.T) {
	for _, lang := range languages {
		for kind, name := range map[string]func(string, int) string{"org": Org, "person": Person} {
			seen := make(map[string]int, Capacity)
			slugs := make(map[string]int, Capacity)
			for i := range Capacity {
				n := name(lang, i)
				if j, ok := seen[n]; ok {
					t.Fatalf("%s %s: %d and %d are both %q", lang, kind, j, i, n)
				}
				seen[n] = i
				s := Slug(n)
				if j, ok := slugs[s]; ok {
					t.Fatalf("%s %s: %q (%d) and %q (%d) have the slug %q", lang, kind, name(lang, j), j, n, i, s)
				}
				slugs[s] = i
				if strings.IndexFunc(n, unicode.IsDigit) >= 0 {
					t.Fatalf("%s %s %d: %q has a digit", lang, kind, i, n)
				}
			}
		}
	}
}

// The first names of a language already use its lists: no "Studio" twice in a row.
func TestSmallDemoVaried(t *testing.T) {
	for _, lang := range languages {
		l := langs[lang]
		if gcd(len(l.kinds), len(l.towns)) != 1 {
			t.Fatalf("%s: %d kinds and %d towns have a common factor", lang, len(l.kinds), len(l.towns))
		}
		if len(l.female) != len(l.male) {
			t.Fatalf("%s: %d women's and %d men's first names", lang, len(l.female), len(l.male))
		}
		if n := (len(l.female) + len(l.male)) * len(l.surnames) * len(l.surnames); n < Capacity {
			t.Fatalf("%s: only %d person names", lang, n)
		}
		for i := range 20 {
			if a, b := Org(lang, i), Org(lang, i+1); strings.Fields(a)[0] == strings.Fields(b)[0] && !l.brandFirst {
				t.Errorf("%s: %q then %q", lang, a, b)
			}
		}
	}
}

// Examples of each form, and the feminine surnames.
func TestForms(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Org("pl", 0), "Pracownia Ceramiki Bursztyn Szczecin"},
		{Org("pl", 1), "Fundacja Kultury Żagiel Łódź"},
		{Org("lt", 0), "Klaipėdos Žemaitijos studija"},
		{Org("de", 14*15), "Atelier Ostseeküste Rostock"},
		{Org("pl", 14*20*15), "Pracownia Ceramiki Bursztyn"},
		{Org("lt", 14*20*15+1), "Žemaitijos dirbtuvės"},
		{Org("pl", 14*20*16), "Agnieszka Wójcik Pracownia Ceramiki"},
		{Org("lt", 14*20*16), "Rūta Kazlauskienė, studija"},
		{Org("sv", 14*20*16+1), "Verkstad Åsa Lindqvist"},
		{Person("pl", 1), "Łukasz Wójcik"},
		{Person("pl", 2+40), "Małgorzata Żółkiewska"},
		{Person("lt", 3+40*3), "Mindaugas Stankevičius"},
		{Person("pl", 40*50+40+2), "Małgorzata Żółkiewska-Dąbrowska"},
		{Slug("Łukasz Żółkiewski-Müller, studija"), "lukasz-zolkiewski-mueller-studija"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
