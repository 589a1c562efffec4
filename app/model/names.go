package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var foldReplacer = strings.NewReplacer("ł", "l", "ß", "ss", "ø", "o", "æ", "ae", "đ", "d", "œ", "oe")

// Fold lowercases s and removes diacritics, also from ł, ß, ø, æ and đ,
// for comparing names typed on different keyboards.
func Fold(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < utf8.RuneSelf
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(foldReplacer.Replace(s)) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Names maps folded codes and labels (see [Fold]) to the codes of a closed
// list: a name typed in any of the five languages finds its code.
type Names map[string]string

// Add maps code and each of its labels to code; a label another code
// already has keeps that code.
func (n Names) Add(code string, labels Text) {
	n[Fold(code)] = code
	for _, s := range labels {
		if _, taken := n[Fold(s)]; !taken {
			n[Fold(s)] = code
		}
	}
}

// NamesOf makes the Names of a closed list from each entry's code and labels.
func NamesOf[T any](list []T, entry func(T) (string, Text)) Names {
	n := Names{}
	for _, x := range list {
		n.Add(entry(x))
	}
	return n
}

// placeNames maps every folded name of the built-in localities and of the
// gazetteer's places (in each language, and their other names: Stettin,
// Danzig, Memel) to the place's id.
var placeNames = func() Names {
	n := NamesOf(Localities, func(x Locality) (string, Text) { return x.ID, x.Name })
	for _, p := range Places {
		n.Add(p.ID, p.Name)
		for _, o := range p.Other {
			if _, taken := n[Fold(o)]; !taken {
				n[Fold(o)] = p.ID
			}
		}
	}
	return n
}()

// PlaceID returns the id of the built-in locality or gazetteer place named
// name in any language or by another name (Stettin), ok false when none is.
func PlaceID(name string) (id string, ok bool) {
	id, ok = placeNames[Fold(name)]
	return id, ok
}

// PlaceWords are the words under which the records of a place are found:
// every name of a gazetteer place (Szczecin, Stettin, Ščecinas), or the
// place as written when it is not in the gazetteer.
func PlaceWords(locality string) []string {
	if p, ok := PlaceByID(locality); ok {
		return p.Names()
	}
	if locality != "" {
		return []string{locality}
	}
	return nil
}

// FillCountry gives a the country of its place when it has none: a town of
// the gazetteer says which country it is in.
func FillCountry(a *Actor) {
	if a.Country != "" || a.Locality == "" {
		return
	}
	if l, ok := LocalityByID(a.Locality); ok {
		a.Country = l.Country
	}
}

// MatchLocality returns the id of the built-in locality named s in any
// language (or its id); a town that is not built in is kept as written.
func MatchLocality(s string) string {
	s = strings.TrimSpace(s)
	if id, ok := PlaceID(s); ok {
		return id
	}
	return s
}

// NormaliseWebsite adds https:// to an address typed without a scheme.
func NormaliseWebsite(s string) string {
	s = strings.TrimSpace(s)
	if s != "" && !strings.Contains(s, "://") && strings.Contains(s, ".") && !strings.ContainsAny(s, " @") {
		return "https://" + s
	}
	return s
}

// TidyActor tidies an actor typed into a form before it is checked: name
// and e-mail trimmed, the website with a scheme, the locality as the id of
// the place it names, the country from the place when none is given.
func TidyActor(a *Actor) {
	a.Name = strings.TrimSpace(a.Name)
	a.Email = strings.TrimSpace(a.Email)
	a.Website = NormaliseWebsite(a.Website)
	a.Locality = MatchLocality(a.Locality)
	FillCountry(a)
}
