package transfer

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"sbcc/app/model"
)

// cellSetter puts a cell's text into an actor; it returns a message for a
// person when the text cannot be used.
type cellSetter func(a *model.Actor, s string) string

// languageNames maps language names, as typed in lists, to codes.
var languageNames = map[string]string{
	"english": "en", "anglu": "en", "angielski": "en", "englisch": "en", "engelska": "en",
	"lithuanian": "lt", "lietuviu": "lt", "litewski": "lt", "litauisch": "lt", "litauiska": "lt",
	"polish": "pl", "lenku": "pl", "polski": "pl", "polnisch": "pl", "polska": "pl",
	"german": "de", "vokieciu": "de", "niemiecki": "de", "deutsch": "de", "tyska": "de",
	"swedish": "sv", "svedu": "sv", "szwedzki": "sv", "schwedisch": "sv", "svenska": "sv",
	"russian": "ru", "rusu": "ru", "rosyjski": "ru", "russisch": "ru", "ryska": "ru",
}

// visibilityWords maps visibility labels to codes.
var visibilityWords = map[string]string{
	"partners": "partners", "partner": "partners", "partneriai": "partners", "partnerzy": "partners", "partnern": "partners",
	"internal": "internal", "vidinis": "internal", "wewnetrzny": "internal", "wewnetrzna": "internal", "intern": "internal", "interna": "internal",
}

// splitList splits a multi-value cell: on semicolons and line breaks when
// it has any, else, when commas may separate values, on commas.
func splitList(s string, commas bool) []string {
	seps := func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }
	if commas && !strings.ContainsAny(s, ";\n") {
		seps = func(r rune) bool { return r == ',' }
	}
	var out []string
	for _, p := range strings.FieldsFunc(s, seps) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var (
	actorKinds   = model.NamesOf(model.ActorKinds, func(c model.Choice) (string, model.Text) { return c.Code, c.Label })
	sectorNames  = model.NamesOf(model.Sectors, func(s model.Sector) (string, model.Text) { return s.Code, s.Label })
	countryNames = model.NamesOf(model.Countries, func(c model.Country) (string, model.Text) { return c.Code, c.Label })
)

func matchChoice(l model.Names, s string) string {
	if c, ok := l[model.Fold(s)]; ok {
		return c
	}
	return strings.ToLower(strings.TrimSpace(s))
}

func matchSector(s string) string {
	if c, ok := sectorNames[model.Fold(s)]; ok {
		return c
	}
	return s
}

func matchCountry(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		return strings.ToUpper(s)
	}
	if c, ok := countryNames[model.Fold(s)]; ok {
		return c
	}
	return s
}

func parseCoordinate(s string) (*float64, string) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), 64)
	if err != nil {
		return nil, fmt.Sprintf("%q is not a number like 54.09", s)
	}
	return &f, ""
}

// setters fill each actor column from a cell.
var setters = func() map[string]cellSetter {
	m := map[string]cellSetter{
		"id": func(a *model.Actor, s string) string {
			a.ID = strings.ToLower(strings.TrimSpace(s))
			for _, r := range a.ID {
				if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') || len(a.ID) > 64 {
					return fmt.Sprintf("%q is not an sbcc id (letters, digits and -, at most 64)", s)
				}
			}
			return ""
		},
		"kind": func(a *model.Actor, s string) string { a.Kind = matchChoice(actorKinds, s); return "" },
		"name": func(a *model.Actor, s string) string {
			a.Name = strings.TrimSpace(strings.Join(nonEmptyStrings(a.Name, strings.TrimSpace(s)), " "))
			return ""
		},
		"sectors": func(a *model.Actor, s string) string {
			for _, p := range splitList(s, true) {
				a.Sectors = appendNew(a.Sectors, matchSector(p))
			}
			return ""
		},
		"nace": func(a *model.Actor, s string) string {
			for _, p := range splitList(s, true) {
				a.NACE = appendNew(a.NACE, p)
			}
			return ""
		},
		"tags": func(a *model.Actor, s string) string {
			for _, p := range splitList(s, true) {
				a.Tags = appendNew(a.Tags, p)
			}
			return ""
		},
		"languages": func(a *model.Actor, s string) string {
			for _, p := range splitList(s, true) {
				code := strings.ToLower(p)
				if c, ok := languageNames[model.Fold(p)]; ok {
					code = c
				}
				a.Languages = appendNew(a.Languages, code)
			}
			return ""
		},
		"locality": func(a *model.Actor, s string) string { a.Locality = model.MatchLocality(s); return "" },
		"country":  func(a *model.Actor, s string) string { a.Country = matchCountry(s); return "" },
		"address": func(a *model.Actor, s string) string {
			a.Address = strings.Join(nonEmptyStrings(a.Address, strings.TrimSpace(s)), ", ")
			return ""
		},
		"lat": func(a *model.Actor, s string) (msg string) { a.Lat, msg = parseCoordinate(s); return msg },
		"lon": func(a *model.Actor, s string) (msg string) { a.Lon, msg = parseCoordinate(s); return msg },
		"email": func(a *model.Actor, s string) string {
			a.Email = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "mailto:"))
			return ""
		},
		"phone":   func(a *model.Actor, s string) string { a.Phone = strings.TrimSpace(s); return "" },
		"website": func(a *model.Actor, s string) string { a.Website = model.NormaliseWebsite(s); return "" },
		"social": func(a *model.Actor, s string) string {
			for _, p := range splitList(s, false) {
				a.Social = appendNew(a.Social, p)
			}
			return ""
		},
		"offers": func(a *model.Actor, s string) string {
			a.Offers = append(a.Offers, splitList(s, false)...)
			return ""
		},
		"needs": func(a *model.Actor, s string) string {
			a.Needs = append(a.Needs, splitList(s, false)...)
			return ""
		},
		"visibility": func(a *model.Actor, s string) string {
			a.Visibility = strings.ToLower(strings.TrimSpace(s))
			if v, ok := visibilityWords[model.Fold(s)]; ok {
				a.Visibility = v
			}
			return ""
		},
	}
	for _, l := range model.Languages {
		m["description."+l] = func(a *model.Actor, s string) string {
			if a.Description == nil {
				a.Description = model.Text{}
			}
			a.Description[l] = strings.Join(nonEmptyStrings(a.Description[l], s), "\n")
			return ""
		}
	}
	return m
}()

// fieldOf returns the replicated field a column fills.
func fieldOf(col string) string {
	f, _, _ := strings.Cut(col, ".")
	return f
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func nonEmptyStrings(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// sharedHosts are web hosts that many actors use for their pages: a match
// on one of them is a duplicate only when the path matches too.
var sharedHosts = map[string]bool{
	"facebook.com": true, "instagram.com": true, "linkedin.com": true, "youtube.com": true, "twitter.com": true,
	"x.com": true, "tiktok.com": true, "behance.net": true, "vimeo.com": true, "sites.google.com": true,
	"wixsite.com": true, "wordpress.com": true, "blogspot.com": true, "github.io": true, "linktr.ee": true,
}

// websiteKey is the duplicate key of a web address: its host without
// "www.", plus the path on shared hosts.
func websiteKey(s string) string {
	u, err := url.Parse(model.NormaliseWebsite(s))
	if err != nil || u.Host == "" {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	host = strings.TrimPrefix(host, "m.")
	if sharedHosts[host] || strings.Count(host, ".") > 1 && sharedHosts[host[strings.IndexByte(host, '.')+1:]] {
		return host + strings.TrimRight(strings.ToLower(u.Path), "/")
	}
	return host
}

// duplicateKeys are the keys under which an actor counts as the same as
// another: its e-mail, its website, or its name in its town (compared
// lowercase without diacritics). Each key is prefixed with what it matched.
func duplicateKeys(a *model.Actor) []string {
	var keys []string
	if a.Email != "" {
		keys = append(keys, "email\x00"+strings.ToLower(a.Email))
	}
	if k := websiteKey(a.Website); k != "" {
		keys = append(keys, "website\x00"+k)
	}
	if n := strings.Join(strings.Fields(model.Fold(a.Name)), " "); n != "" {
		keys = append(keys, "name\x00"+n+"\x00"+model.Fold(a.Locality))
	}
	return keys
}
