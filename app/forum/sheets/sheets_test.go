package sheets

import (
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	in := Input{Event: `Forum <script>alert(1)</script>`, Date: "2026-05-04", Lang: "en", Rounds: 3, RoundMinutes: 10, Start: "14:00",
		Breaks: []int{1}, BreakMinutes: 15,
		People:   []Person{{ID: "a", Name: `Ąžuolo "Studija"`, Country: "LT", Lang: "lt"}, {ID: "b", Name: "Björn <b>", Country: "SE", Lang: "sv"}, {ID: "c", Name: "Ewa", Lang: "pl"}},
		Meetings: []Meeting{{Round: 2, Table: 1, A: "a", B: "b", Interpreter: true}}}
	out, err := Write(in)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{
		"14:25",                                                        // round 2 after a 10-minute round and a 15-minute break
		"Jūsų susitikimai", "Dina möten", "Brak zaplanowanych spotkań", // each agenda in its person's language
		"Björn &lt;b&gt; (SE)", "&lt;script&gt;",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the sheets lack %q", want)
		}
	}
	if strings.Contains(s, "<script>") || strings.Contains(s, "<b>") {
		t.Error("a name reached the page as markup")
	}
	if n := strings.Count(s, `class="page"`); n != 3+3 {
		t.Errorf("%d printed pages after the sheet, want a table plan per round and an agenda per person (6)", n)
	}
}
