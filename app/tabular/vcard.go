package tabular

import (
	"errors"
	"io"
	"strings"

	"github.com/emersion/go-vcard"
)

// VCardHeader are the columns of a table read from vCards: the names of the
// actor fields they fill, so that the importer maps them without help.
var VCardHeader = []string{"id", "kind", "name", "email", "phone", "website", "address", "locality", "country", "description", "tags", "lat", "lon", "social"}

// ReadVCard reads vCards (2.1, 3.0 or 4.0) into a table with [VCardHeader]
// columns, one row per card; a row's Line is the card's number (1 for the
// first card). A card that cannot be decoded ends the reading with a
// problem on that card.
func ReadVCard(data []byte) (*Table, error) {
	text, enc := Decode(data)
	text = fromVCard21(text)
	t := &Table{Format: VCard, Encoding: enc, Header: VCardHeader}
	dec := vcard.NewDecoder(strings.NewReader(text))
	for n := 1; ; n++ {
		card, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Problems = append(t.Problems, Problem{Line: n, Message: "the card cannot be read: " + err.Error()})
			break
		}
		t.Rows = append(t.Rows, Row{Line: n, Cells: cardCells(card)})
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
	if name == "" {
		name = strings.ReplaceAll(c.PreferredValue(vcard.FieldOrganization), ";", " ")
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
	return []string{
		strings.TrimPrefix(c.Value(vcard.FieldUID), "urn:sbcc:"), kind, name,
		c.PreferredValue(vcard.FieldEmail), c.PreferredValue(vcard.FieldTelephone), c.PreferredValue(vcard.FieldURL),
		address, locality, country, c.PreferredValue(vcard.FieldNote),
		strings.Join(c.Categories(), "; "), lat, lon, strings.Join(social, "; "),
	}
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
