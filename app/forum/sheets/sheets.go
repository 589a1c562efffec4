// Package sheets prints a speed-dating session: the organiser's sheet, the
// table plan of each round for the room, and each participant's agenda in
// their language, as one HTML document with print styles (a page per
// round and per participant). It is pure: the caller passes names and
// meetings in and writes the bytes where it likes.
package sheets

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"
)

// Person is a participant as the sheets name them.
type Person struct {
	ID      string
	Name    string
	Country string
	// Lang is the language of the person's agenda (en, lt, pl, de, sv).
	Lang string
}

// Meeting is one meeting, with Round and Table from 1.
type Meeting struct {
	Round, Table int
	A, B         string
	Interpreter  bool
	// Link is the video room's address of a virtual session.
	Link string
}

// Input is a planned session.
type Input struct {
	Event string
	Date  string
	// Lang is the organiser's language for the sheet and the table plans.
	Lang         string
	Rounds       int
	RoundMinutes int
	// Start is the first round's time of day, "14:00"; empty when unknown.
	Start        string
	Breaks       []int
	BreakMinutes int
	Virtual      bool
	People       []Person
	Meetings     []Meeting
}

// Write returns the document.
func Write(in Input) ([]byte, error) {
	d := doc{Input: in, byID: map[string]Person{}}
	for _, p := range in.People {
		d.byID[p.ID] = p
	}
	for r := 1; r <= in.Rounds; r++ {
		rd := round{N: r, Time: d.clock(r)}
		for _, m := range in.Meetings {
			if m.Round == r {
				rd.Meetings = append(rd.Meetings, m)
			}
		}
		slices.SortFunc(rd.Meetings, func(x, y Meeting) int { return cmp.Compare(x.Table, y.Table) })
		d.Rounds = append(d.Rounds, rd)
	}
	people := slices.Clone(in.People)
	slices.SortFunc(people, func(x, y Person) int { return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID)) })
	for _, p := range people {
		a := agenda{Person: p}
		for _, m := range in.Meetings {
			if m.A == p.ID || m.B == p.ID {
				other := m.B
				if other == p.ID {
					other = m.A
				}
				a.Lines = append(a.Lines, line{Meeting: m, Time: d.clock(m.Round), With: d.byID[other]})
			}
		}
		slices.SortFunc(a.Lines, func(x, y line) int { return cmp.Compare(x.Meeting.Round, y.Meeting.Round) })
		d.Agendas = append(d.Agendas, a)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, &d); err != nil {
		return nil, fmt.Errorf("printing the session: %w", err)
	}
	return buf.Bytes(), nil
}

type doc struct {
	Input
	byID    map[string]Person
	Rounds  []round
	Agendas []agenda
}

// Name returns the person's name and country.
func (d *doc) Name(id string) string {
	p, ok := d.byID[id]
	if !ok {
		return id
	}
	if p.Country != "" {
		return p.Name + " (" + p.Country + ")"
	}
	return p.Name
}

type round struct {
	N        int
	Time     string
	Meetings []Meeting
}

type agenda struct {
	Person Person
	Lines  []line
}

type line struct {
	Meeting Meeting
	Time    string
	With    Person
}

// clock is round r's start time, or "" without a start.
func (d *doc) clock(r int) string {
	h, m, ok := strings.Cut(d.Start, ":")
	if !ok {
		return ""
	}
	var hh, mm int
	if _, err := fmt.Sscanf(h+" "+m, "%d %d", &hh, &mm); err != nil {
		return ""
	}
	mins := hh*60 + mm + (r-1)*d.RoundMinutes
	for _, b := range d.Breaks {
		if b < r {
			mins += d.BreakMinutes
		}
	}
	return fmt.Sprintf("%02d:%02d", (mins/60)%24, mins%60)
}

var labels = map[string]map[string]string{
	"sheet":     {"en": "Organiser's sheet", "lt": "Organizatoriaus lapas", "pl": "Arkusz organizatora", "de": "Organisationsblatt", "sv": "Arrangörens blad"},
	"round":     {"en": "Round", "lt": "Turas", "pl": "Runda", "de": "Runde", "sv": "Omgång"},
	"table":     {"en": "Table", "lt": "Stalas", "pl": "Stół", "de": "Tisch", "sv": "Bord"},
	"room":      {"en": "Room", "lt": "Kambarys", "pl": "Pokój", "de": "Raum", "sv": "Rum"},
	"time":      {"en": "Time", "lt": "Laikas", "pl": "Godzina", "de": "Zeit", "sv": "Tid"},
	"with":      {"en": "Meeting with", "lt": "Susitikimas su", "pl": "Spotkanie z", "de": "Treffen mit", "sv": "Möte med"},
	"agenda":    {"en": "Your meetings", "lt": "Jūsų susitikimai", "pl": "Twoje spotkania", "de": "Ihre Treffen", "sv": "Dina möten"},
	"none":      {"en": "No meetings planned.", "lt": "Susitikimų nesuplanuota.", "pl": "Brak zaplanowanych spotkań.", "de": "Keine Treffen geplant.", "sv": "Inga möten planerade."},
	"interp":    {"en": "interpreter", "lt": "vertėjas", "pl": "tłumacz", "de": "Dolmetscher", "sv": "tolk"},
	"meetings":  {"en": "Meetings", "lt": "Susitikimai", "pl": "Spotkania", "de": "Treffen", "sv": "Möten"},
	"people":    {"en": "Participants", "lt": "Dalyviai", "pl": "Uczestnicy", "de": "Teilnehmende", "sv": "Deltagare"},
	"rounds":    {"en": "Rounds", "lt": "Turai", "pl": "Rundy", "de": "Runden", "sv": "Omgångar"},
	"held":      {"en": "Held / outcome", "lt": "Įvyko / rezultatas", "pl": "Odbyło się / wynik", "de": "Stattgefunden / Ergebnis", "sv": "Genomfört / resultat"},
	"tableplan": {"en": "Table plan", "lt": "Stalų planas", "pl": "Plan stołów", "de": "Tischplan", "sv": "Bordsplan"},
	"link":      {"en": "Video room", "lt": "Vaizdo kambarys", "pl": "Pokój wideo", "de": "Videoraum", "sv": "Videorum"},
}

func label(key, lang string) string {
	if s, ok := labels[key][lang]; ok {
		return s
	}
	return labels[key]["en"]
}

var tmpl = template.Must(template.New("sheets").Funcs(template.FuncMap{"l": label}).Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{{.Event}} — {{l "sheet" .Lang}}</title>
<style>
body { font: 11pt/1.4 system-ui, sans-serif; color: #111; margin: 1.5cm; }
h1 { font-size: 16pt; margin: 0 0 .3cm; } h2 { font-size: 13pt; margin: .6cm 0 .2cm; }
table { border-collapse: collapse; width: 100%; margin-bottom: .4cm; }
th, td { border: 1px solid #999; padding: 3pt 6pt; text-align: left; vertical-align: top; }
th { background: #eee; }
.page { break-before: page; page-break-before: always; }
.muted { color: #555; }
.tick { width: 6cm; }
@media print { body { margin: 0; } a { color: inherit; text-decoration: none; } }
</style>
</head>
<body>
<section>
<h1>{{.Event}} — {{l "sheet" .Lang}}</h1>
<p class="muted">{{.Date}} · {{l "rounds" .Lang}}: {{.Rounds}} × {{.RoundMinutes}} min · {{l "people" .Lang}}: {{len .People}} · {{l "meetings" .Lang}}: {{len .Meetings}}</p>
<table>
<thead><tr><th>{{l "round" .Lang}}</th><th>{{l "time" .Lang}}</th><th>{{if .Virtual}}{{l "room" .Lang}}{{else}}{{l "table" .Lang}}{{end}}</th><th>{{l "with" .Lang}}</th><th class="tick">{{l "held" .Lang}}</th></tr></thead>
<tbody>{{$d := .}}{{range .Rounds}}{{$r := .}}{{range .Meetings}}<tr><td>{{$r.N}}</td><td>{{$r.Time}}</td><td>{{.Table}}</td><td>{{$d.Name .A}} × {{$d.Name .B}}{{if .Interpreter}} · {{l "interp" $d.Lang}}{{end}}</td><td></td></tr>{{end}}{{end}}</tbody>
</table>
</section>
{{range .Rounds}}{{$r := .}}<section class="page">
<h1>{{$d.Event}} — {{l "tableplan" $d.Lang}}: {{l "round" $d.Lang}} {{.N}}{{with .Time}} · {{.}}{{end}}</h1>
<table><thead><tr><th>{{if $d.Virtual}}{{l "room" $d.Lang}}{{else}}{{l "table" $d.Lang}}{{end}}</th><th>{{l "with" $d.Lang}}</th>{{if $d.Virtual}}<th>{{l "link" $d.Lang}}</th>{{end}}</tr></thead>
<tbody>{{range .Meetings}}<tr><td>{{.Table}}</td><td>{{$d.Name .A}} × {{$d.Name .B}}{{if .Interpreter}} · {{l "interp" $d.Lang}}{{end}}</td>{{if $d.Virtual}}<td>{{with .Link}}<a href="{{.}}">{{.}}</a>{{end}}</td>{{end}}</tr>{{end}}</tbody></table>
</section>{{end}}
{{range .Agendas}}{{$p := .Person}}<section class="page" lang="{{$p.Lang}}">
<h1>{{$p.Name}}</h1>
<p class="muted">{{$d.Event}} · {{$d.Date}} — {{l "agenda" $p.Lang}}</p>
{{if .Lines}}<table><thead><tr><th>{{l "round" $p.Lang}}</th><th>{{l "time" $p.Lang}}</th><th>{{if $d.Virtual}}{{l "link" $p.Lang}}{{else}}{{l "table" $p.Lang}}{{end}}</th><th>{{l "with" $p.Lang}}</th></tr></thead>
<tbody>{{range .Lines}}<tr><td>{{.Meeting.Round}}</td><td>{{.Time}}</td><td>{{if $d.Virtual}}{{with .Meeting.Link}}<a href="{{.}}">{{.}}</a>{{else}}{{.Meeting.Table}}{{end}}{{else}}{{.Meeting.Table}}{{end}}</td><td>{{.With.Name}}{{with .With.Country}} ({{.}}){{end}}{{if .Meeting.Interpreter}} · {{l "interp" $p.Lang}}{{end}}</td></tr>{{end}}</tbody></table>
{{else}}<p>{{l "none" $p.Lang}}</p>{{end}}
</section>{{end}}
</body>
</html>
`))
