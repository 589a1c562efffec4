package tabular

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/emersion/go-vcard"
)

// VCardHeader are the columns of a table read from vCards: the names of the
// actor fields they fill, so that the importer maps them without help.
// A card's note goes to the description in the language it is written in
// (see GuessLanguage).
var VCardHeader = []string{"id", "kind", "name", "email", "phone", "website", "address", "locality", "country",
	"description.en", "description.lt", "description.pl", "description.de", "description.sv", "tags", "lat", "lon", "social"}

// ReadVCard reads vCards (2.1 as Outlook writes them, 3.0 or 4.0) into a
// table with [VCardHeader] columns, one row per card; a row's Line is the
// card's number (1 for the first card). What a card holds that no column
// takes is listed in the table's Skipped, per card. A card that cannot be
// decoded ends the reading with a problem on that card.
func ReadVCard(data []byte) (*Table, error) {
	var text, enc string
	var dropped map[int][]string
	if isV21(data) {
		text, dropped = upgradeV21(data)
		enc = "vCard 2.1"
	} else {
		text, enc = Decode(data)
	}
	t := &Table{Format: VCard, Encoding: enc, Header: VCardHeader}
	dec := vcard.NewDecoder(strings.NewReader(text))
	for n := 1; ; n++ {
		card, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Problems = append(t.Problems, Problem{Line: n, Kind: ProblemUnreadable, Message: "the card cannot be read: " + err.Error()})
			break
		}
		t.Rows = append(t.Rows, Row{Line: n, Cells: cardCells(card)})
		if left := append(dropped[n], untaken(card)...); len(left) > 0 {
			t.Skipped = append(t.Skipped, Problem{Line: n, Kind: ProblemNotTaken, Params: map[string]string{"values": strings.Join(left, ", ")},
				Message: "not taken from the card: " + strings.Join(left, ", ")})
		}
	}
	if len(t.Rows) == 0 && len(t.Problems) == 0 {
		return t, ErrEmpty
	}
	return t, nil
}

func cardCells(c vcard.Card) []string {
	kind := ""
	switch c.Kind() {
	case vcard.KindOrganization:
		kind = "organisation"
	case vcard.KindGroup:
		kind = "collective"
	case vcard.KindLocation:
		kind = "hub"
	case vcard.KindIndividual:
		kind = "individual"
		if c.Value(vcard.FieldKind) == "" && c.Value(vcard.FieldFormattedName) == "" && c.Value(vcard.FieldOrganization) != "" {
			kind = "organisation"
		}
	}
	name := c.PreferredValue(vcard.FieldFormattedName)
	org := strings.TrimSpace(strings.Trim(strings.ReplaceAll(c.PreferredValue(vcard.FieldOrganization), ";", " "), " "))
	if name == "" {
		name = org
	}
	tags := slices.DeleteFunc(c.Categories(), func(t string) bool { return strings.TrimSpace(t) == "" })
	if org != "" && org != name {
		tags = append(tags, org) // the organisation of a person: kept, as a tag
	}
	var address, locality, country string
	if a := c.Address(); a != nil {
		address = strings.TrimSpace(strings.Join(nonEmpty(a.StreetAddress, a.ExtendedAddress, a.PostalCode), ", "))
		locality, country = a.Locality, a.Country
	}
	var lat, lon string
	if g := c.Value(vcard.FieldGeolocation); g != "" {
		g = strings.TrimPrefix(strings.ToLower(g), "geo:")
		g, _, _ = strings.Cut(g, ";")
		lat, lon, _ = strings.Cut(g, ",")
	}
	var social []string
	for _, f := range c["X-SOCIALPROFILE"] {
		social = append(social, f.Value)
	}
	for _, f := range c["IMPP"] {
		social = append(social, f.Value)
	}
	cells := []string{
		strings.TrimPrefix(c.Value(vcard.FieldUID), "urn:sbcc:"), kind, name,
		c.PreferredValue(vcard.FieldEmail), c.PreferredValue(vcard.FieldTelephone), c.PreferredValue(vcard.FieldURL),
		address, locality, country}
	note := c.PreferredValue(vcard.FieldNote)
	lang := GuessLanguage(note, country)
	for _, l := range []string{"en", "lt", "pl", "de", "sv"} {
		if l == lang {
			cells = append(cells, note)
		} else {
			cells = append(cells, "")
		}
	}
	return append(cells, strings.Join(tags, "; "), lat, lon, strings.Join(social, "; "))
}

// takenFields are the card properties a row's columns take.
var takenFields = map[string]bool{"BEGIN": true, "END": true, "VERSION": true, "PRODID": true, "REV": true, "UID": true,
	"KIND": true, "FN": true, "N": true, "ORG": true, "EMAIL": true, "TEL": true, "URL": true, "ADR": true, "GEO": true,
	"NOTE": true, "CATEGORIES": true, "X-SOCIALPROFILE": true, "IMPP": true, "LABEL": true}

// untaken names what a card holds that no column takes: other properties,
// and the e-mail addresses, phones and websites after the first.
func untaken(c vcard.Card) []string {
	var out []string
	for name, fields := range c {
		if !takenFields[name] {
			out = append(out, name)
			continue
		}
		if name == vcard.FieldEmail || name == vcard.FieldTelephone || name == vcard.FieldURL {
			pref := c.PreferredValue(name)
			for _, f := range fields {
				if f.Value != pref {
					out = append(out, fmt.Sprintf("%s %s", name, f.Value))
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// WriteVCards encodes cards as vCard 4.0.
func WriteVCards(w io.Writer, cards []vcard.Card) error {
	enc := vcard.NewEncoder(w)
	for _, c := range cards {
		vcard.ToV4(c)
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	return nil
}
