package tabular

import (
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"
)

// outlook21 is a contact as Outlook exports it: vCard 2.1, values in
// QUOTED-PRINTABLE with a CHARSET parameter (one folded with a soft line
// break), and type parameters without a name (WORK, VOICE, INTERNET).
const outlook21 = "BEGIN:VCARD\r\nVERSION:2.1\r\n" +
	"N;LANGUAGE=lt;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C5=A0imkus;Jonas\r\n" +
	"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jonas =C5=A0imkus\r\n" +
	"ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Galerija =\r\nBaltija\r\n" +
	"TEL;WORK;VOICE:+370 600 11111\r\n" +
	"ADR;WORK;PREF;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;Gatv=C4=97 1;Klaip=C4=97da;;92123;Lithuania\r\n" +
	"EMAIL;PREF;INTERNET:jonas@example.lt\r\n" +
	"NOTE;CHARSET=Windows-1257;ENCODING=QUOTED-PRINTABLE:Tapyba ir grafika, =F0iaur=EBs kra=F0tas\r\n" +
	"END:VCARD\r\n"

// FuzzReadVCard: no input panics the vCard reader; every row it gives has
// one valid UTF-8 cell per column and a card number that goes up; a card it
// cannot read is a problem with a card number, not an error.
func FuzzReadVCard(f *testing.F) {
	for _, s := range []string{
		outlook21,
		"BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Galerija Baltija\r\nEMAIL;PREF=1:info@baltija.example.lt\r\n" +
			"ADR:;;Gatvė 1;Klaipėda;;;LT\r\nGEO:geo:55.7,21.1\r\nCATEGORIES:art,design\r\nX-SOCIALPROFILE:https://x.example\r\nEND:VCARD\r\n",
		"BEGIN:VCARD\nVERSION:3.0\nFN:Ola\n  Nordmann\nEMAIL;TYPE=\"work,pref\":ola@example.se\nEND:VCARD\n",
		"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:urn:sbcc:abc\r\nFN:A\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\n",
		"BEGIN:VCARD\r\nEND:VCARD\r\n",
		"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
		"END:VCARD\r\n",
		"BEGIN:VCARD\r\nN;ENCODING=QUOTED-PRINTABLE:=\r\n=\r\nEND:VCARD\r\n",
		"\xff\xfeB\x00E\x00G\x00I\x00N\x00:\x00V\x00C\x00A\x00R\x00D\x00",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ReadVCard(data)
		if err != nil && !errors.Is(err, ErrEmpty) {
			t.Fatalf("error %v", err)
		}
		if tab == nil {
			t.Fatal("nil table")
		}
		last := 0
		for _, r := range tab.Rows {
			if r.Line <= last {
				t.Fatalf("card %d after card %d", r.Line, last)
			}
			last = r.Line
			if len(r.Cells) != len(VCardHeader) {
				t.Fatalf("card %d has %d cells for %d columns", r.Line, len(r.Cells), len(VCardHeader))
			}
			for i, c := range r.Cells {
				if !utf8.ValidString(c) {
					t.Fatalf("card %d: %s %q is not UTF-8", r.Line, VCardHeader[i], c)
				}
			}
		}
		for _, p := range tab.Problems {
			if p.Line <= last || p.Message == "" {
				t.Fatalf("problem %+v after card %d", p, last)
			}
		}
	})
}

// TestReadVCardOutlook21 reads the Outlook 2.1 card: values decoded from
// QUOTED-PRINTABLE in their CHARSET (a soft line break joined), and fields
// whose type parameters have no name (TEL;WORK;VOICE) kept.
func TestReadVCardOutlook21(t *testing.T) {
	tab, err := ReadVCard([]byte(outlook21))
	if err != nil || len(tab.Rows) != 1 || len(tab.Problems) != 0 {
		t.Fatalf("%+v %v", tab, err)
	}
	got := map[string]string{}
	for i, c := range tab.Rows[0].Cells {
		if c != "" {
			got[VCardHeader[i]] = c
		}
	}
	want := map[string]string{
		"kind": "individual", "name": "Jonas Šimkus", "email": "jonas@example.lt", "phone": "+370 600 11111",
		"address": "Gatvė 1, 92123", "locality": "Klaipėda", "country": "Lithuania",
		"description.lt": "Tapyba ir grafika, šiaurės kraštas", // the note's language is guessed
		"tags":           "Galerija Baltija",                   // a person's organisation, kept as a tag
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cells\n%v\nwant\n%v", got, want)
	}
}
