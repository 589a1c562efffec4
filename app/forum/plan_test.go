package forum

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// drawInput draws a small session dense enough for rounds to fill.
func drawInput(t *rapid.T) Input {
	n := rapid.IntRange(2, 14).Draw(t, "participants")
	in := Input{Rounds: rapid.IntRange(1, 6).Draw(t, "rounds"), Tables: rapid.IntRange(1, 5).Draw(t, "tables")}
	langs := []string{"en", "lt", "pl", "de", "sv"}
	for i := range n {
		p := Participant{ID: fmt.Sprintf("p%02d", i), Country: rapid.SampledFrom([]string{"LT", "PL", "DE", "SE"}).Draw(t, "country"),
			Languages: rapid.SliceOfNDistinct(rapid.SampledFrom(langs), 0, 2, rapid.ID[string]).Draw(t, "langs")}
		p.Arrive = rapid.IntRange(0, in.Rounds).Draw(t, "arrive")
		p.Leave = rapid.IntRange(0, in.Rounds).Draw(t, "leave")
		p.Absent = rapid.IntRange(0, 9).Draw(t, "absent") == 0
		in.Participants = append(in.Participants, p)
	}
	id := rapid.Map(rapid.IntRange(0, n), func(i int) string { return fmt.Sprintf("p%02d", i) }) // p<n> is not registered
	for range rapid.IntRange(0, 40).Draw(t, "wishes") {
		in.Wishes = append(in.Wishes, Wish{From: id.Draw(t, "from"), To: id.Draw(t, "to"),
			Avoid: rapid.IntRange(0, 7).Draw(t, "avoid") == 0, Interpreter: rapid.IntRange(0, 5).Draw(t, "interp") == 0})
	}
	for range rapid.IntRange(0, 10).Draw(t, "suggestions") {
		in.Suggestions = append(in.Suggestions, Pair{A: id.Draw(t, "a"), B: id.Draw(t, "b")})
	}
	return in
}

// checkPlan fails t when plan breaks one of the rules of the package doc.
func checkPlan(t interface{ Fatalf(string, ...any) }, in Input, plan Plan) {
	byID := map[string]Participant{}
	for _, p := range in.Participants {
		byID[p.ID] = p
	}
	avoid, interp := map[[2]string]bool{}, map[[2]string]bool{}
	for _, w := range in.Wishes {
		if w.Avoid {
			avoid[key(w.From, w.To)] = true
		}
		if w.Interpreter {
			interp[key(w.From, w.To)] = true
		}
	}
	met := map[[2]string]bool{}
	if len(plan.Rounds) != in.Rounds {
		t.Fatalf("%d rounds planned, want %d", len(plan.Rounds), in.Rounds)
	}
	for r, round := range plan.Rounds {
		if len(round) > in.Tables {
			t.Fatalf("round %d has %d meetings for %d tables", r, len(round), in.Tables)
		}
		seated := map[string]bool{}
		for i, m := range round {
			if m.Round != r || m.Table != i {
				t.Fatalf("meeting %+v is listed in round %d at place %d", m, r, i)
			}
			if seated[m.A] || seated[m.B] || m.A == m.B {
				t.Fatalf("round %d: %s or %s sits at two tables", r, m.A, m.B)
			}
			seated[m.A], seated[m.B] = true, true
			k := key(m.A, m.B)
			if met[k] {
				t.Fatalf("%s and %s meet twice", m.A, m.B)
			}
			met[k] = true
			if r < in.From {
				continue
			}
			a, b := byID[m.A], byID[m.B]
			if avoid[k] {
				t.Fatalf("%s and %s meet though one declined", m.A, m.B)
			}
			if !slices.ContainsFunc(a.Languages, func(l string) bool { return slices.Contains(b.Languages, l) }) && !(m.Interpreter && interp[k]) {
				t.Fatalf("%s %v and %s %v share no language and have no interpreter", m.A, a.Languages, m.B, b.Languages)
			}
			for _, p := range []Participant{a, b} {
				if p.Absent || r < p.Arrive || (p.Leave > 0 && r >= p.Leave) {
					t.Fatalf("%s meets in round %d but is not there", p.ID, r)
				}
			}
		}
	}
	for _, u := range plan.Unplaced {
		if met[key(u.A, u.B)] {
			t.Fatalf("%s and %s are both placed and reported unplaced", u.A, u.B)
		}
		if u.Reason != Full {
			continue
		}
		// A pair left out for lack of room had none: in every round both
		// are present, one of them is busy or the tables are full.
		for r := in.From; r < in.Rounds; r++ {
			free := func(p Participant) bool {
				if p.Absent || r < p.Arrive || (p.Leave > 0 && r >= p.Leave) {
					return false
				}
				return !slices.ContainsFunc(plan.Rounds[r], func(m Meeting) bool { return m.A == p.ID || m.B == p.ID })
			}
			if free(byID[u.A]) && free(byID[u.B]) && len(plan.Rounds[r]) < in.Tables {
				t.Fatalf("%s and %s are reported full but both were free in round %d with a table left", u.A, u.B, r)
			}
		}
	}
}

func TestPlanRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := drawInput(t)
		for name, fn := range map[string]func(Input) (Plan, error){"make": Make, "greedy": Greedy} {
			plan, err := fn(in)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			checkPlan(t, in, plan)
		}
	})
}

func TestPlanDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := drawInput(t)
		plan, err := Make(in)
		if err != nil {
			t.Fatal(err)
		}
		// The same input in another order gives the same plan.
		shuffled := in
		shuffled.Participants = rapid.Permutation(in.Participants).Draw(t, "participants order")
		shuffled.Wishes = rapid.Permutation(in.Wishes).Draw(t, "wishes order")
		shuffled.Suggestions = rapid.Permutation(in.Suggestions).Draw(t, "suggestions order")
		again, err := Make(shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(plan, again) {
			t.Fatalf("the same input in another order gave another plan:\n%+v\n%+v", plan, again)
		}
	})
}

func TestReplanKeepsHeldMeetings(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := drawInput(t)
		plan, err := Make(in)
		if err != nil {
			t.Fatal(err)
		}
		// After some rounds, latecomers arrive, some leave or never came.
		from := rapid.IntRange(0, in.Rounds).Draw(t, "from")
		later := in
		later.From = from
		later.Held = nil
		for r := range from {
			later.Held = append(later.Held, plan.Rounds[r]...)
		}
		later.Participants = slices.Clone(in.Participants)
		for i := range later.Participants {
			p := &later.Participants[i]
			switch rapid.IntRange(0, 4).Draw(t, "change") {
			case 0:
				p.Arrive = rapid.IntRange(from, in.Rounds).Draw(t, "late")
			case 1:
				p.Leave = rapid.IntRange(from, in.Rounds).Draw(t, "leaves")
			}
		}
		replan, err := Make(later)
		if err != nil {
			t.Fatal(err)
		}
		for r := range from {
			if !reflect.DeepEqual(replan.Rounds[r], plan.Rounds[r]) {
				t.Fatalf("round %d was held as %+v, the new plan has %+v", r, plan.Rounds[r], replan.Rounds[r])
			}
		}
		checkPlan(t, later, replan)
	})
}

func TestUnplacedReasons(t *testing.T) {
	in := Input{Rounds: 2, Tables: 1, Participants: []Participant{
		{ID: "a", Languages: []string{"en"}}, {ID: "b", Languages: []string{"en"}}, {ID: "c", Languages: []string{"lt"}},
		{ID: "d", Languages: []string{"en"}, Absent: true}, {ID: "e", Languages: []string{"en"}, Leave: 1}, {ID: "f", Languages: []string{"en"}, Arrive: 1},
		{ID: "g", Languages: []string{"pl"}},
	}, Wishes: []Wish{
		{From: "a", To: "b"}, {From: "b", To: "a"}, // mutual: placed
		{From: "a", To: "c"}, {From: "c", To: "a"}, // no language
		{From: "a", To: "d"}, // absent
		{From: "e", To: "f"}, // never there together
		{From: "b", To: "x"}, // not registered
		{From: "a", To: "e"}, {From: "e", To: "a", Avoid: true},
		{From: "g", To: "c", Interpreter: true},    // with an interpreter
		{From: "b", To: "f"}, {From: "a", To: "f"}, // one table, one round left for f
	}}
	plan, err := Make(in)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Reason{}
	for _, u := range plan.Unplaced {
		got[u.A+u.B] = u.Reason
	}
	want := map[string]Reason{"ac": NoLanguage, "ad": Absent, "ef": NoCommonRound, "bx": Unknown, "ae": Declined}
	for k, r := range want {
		if got[k] != r {
			t.Errorf("pair %s: reason %q, want %q (all: %v)", k, got[k], r, got)
		}
	}
	if got["af"] != Full && got["bf"] != Full {
		t.Errorf("one of a–f and b–f should be reported full: %v", got)
	}
	ms := plan.Meetings()
	if len(ms) != 2 || key(ms[0].A, ms[0].B) != key("a", "b") {
		t.Errorf("meetings %+v, want a–b first", ms)
	}
	checkPlan(t, in, plan)
}

// A wish recorded twice (two desks at one forum) is still one-sided.
func TestDuplicateWishStaysOneSided(t *testing.T) {
	in := Input{Rounds: 1, Tables: 1, Participants: []Participant{{ID: "a", Languages: []string{"en"}}, {ID: "b", Languages: []string{"en"}}},
		Wishes: []Wish{{From: "a", To: "b"}, {From: "a", To: "b"}}}
	plan, err := Make(in)
	if err != nil {
		t.Fatal(err)
	}
	if ms := plan.Meetings(); len(ms) != 1 || ms[0].Priority != OneSided {
		t.Errorf("meetings %+v, want one one-sided", ms)
	}
}

func TestPlanRejectsNonsense(t *testing.T) {
	for _, in := range []Input{{Rounds: 0, Tables: 3}, {Rounds: 3, Tables: 0}, {Rounds: 3, Tables: 3, From: 4},
		{Rounds: 3, Tables: 3, From: 1, Held: []Meeting{{Round: 2, A: "a", B: "b"}}}} {
		if _, err := Make(in); err == nil {
			t.Errorf("%+v: planned, want an error", in)
		}
	}
}

func TestRoomLink(t *testing.T) {
	l := RoomLink("https://meet.example.org/", "s1", "a", "b")
	if l != RoomLink("https://meet.example.org", "s1", "b", "a") || !strings.HasPrefix(l, "https://meet.example.org/sbcc-") {
		t.Errorf("link %q differs by the pair's order or base", l)
	}
	if l == RoomLink("https://meet.example.org", "s2", "a", "b") || l == RoomLink("https://meet.example.org", "s1", "a", "c") {
		t.Error("two pairs or sessions share a room")
	}
	if RoomLink("", "s1", "a", "b") != "" {
		t.Error("a link without a base address")
	}
}
