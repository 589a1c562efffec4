package forum

import (
	"cmp"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
)

// Priority ranks a pair: who asked for it.
type Priority int

// The priorities, lowest first.
const (
	// Suggested pairs come from matchmaking; neither side asked.
	Suggested Priority = iota + 1
	// OneSided pairs were asked for by one side; the other did not object.
	OneSided
	// Mutual pairs were asked for by both sides.
	Mutual
)

// String names the priority as records and reports spell it.
func (p Priority) String() string {
	switch p {
	case Mutual:
		return "mutual"
	case OneSided:
		return "one-sided"
	case Suggested:
		return "suggested"
	}
	return "none"
}

// Reason says why a wanted pair is not in the plan.
type Reason string

// The reasons a pair is left out.
const (
	// Declined: one side said it does not want to meet the other.
	Declined Reason = "declined"
	// NoLanguage: the two share no language and no interpreter was asked for.
	NoLanguage Reason = "no-shared-language"
	// Absent: one side is not (or no longer) at the session.
	Absent Reason = "absent"
	// NoCommonRound: both come, but never in the same round.
	NoCommonRound Reason = "no-common-round"
	// Full: every round both are present in was full for one of them or
	// had no free table.
	Full Reason = "full"
	// Unknown: one side is not a participant of the session.
	Unknown Reason = "not-registered"
)

// Participant is one registered actor at the session.
type Participant struct {
	ID        string   `json:"id"`
	Country   string   `json:"country,omitempty"`
	Languages []string `json:"languages,omitempty"`
	// Arrive is the first round (0-based) the participant is present for.
	Arrive int `json:"arrive,omitempty"`
	// Leave is the first round the participant is no longer present for;
	// 0 means to the end.
	Leave int `json:"leave,omitempty"`
	// Absent marks a no-show: present for no round at all.
	Absent bool `json:"absent,omitempty"`
}

// Wish is one participant's wish about another: to meet, or not to.
type Wish struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Avoid bool   `json:"avoid,omitempty"`
	// Interpreter asks for an interpreter, so the pair may meet without a
	// shared language.
	Interpreter bool `json:"interpreter,omitempty"`
}

// Pair is two participants, in any order.
type Pair struct {
	A string `json:"a"`
	B string `json:"b"`
}

// Meeting is one pair at one table in one round.
type Meeting struct {
	// Round and Table count from 0.
	Round       int      `json:"round"`
	Table       int      `json:"table"`
	A           string   `json:"a"`
	B           string   `json:"b"`
	Priority    Priority `json:"priority"`
	Interpreter bool     `json:"interpreter,omitempty"`
}

// Unplaced is a wanted pair left out of the plan, and why.
type Unplaced struct {
	A        string   `json:"a"`
	B        string   `json:"b"`
	Priority Priority `json:"priority"`
	Reason   Reason   `json:"reason"`
}

// Input is everything Plan needs.
type Input struct {
	Rounds int `json:"rounds"`
	// Tables is the number of tables (or video rooms) per round.
	Tables       int           `json:"tables"`
	Participants []Participant `json:"participants"`
	Wishes       []Wish        `json:"wishes"`
	// Suggestions are pairs matchmaking proposes; they fill free seats.
	Suggestions []Pair `json:"suggestions,omitempty"`
	// From is the first round to plan; the meetings of earlier rounds are
	// in Held and stay as they are.
	From int       `json:"from,omitempty"`
	Held []Meeting `json:"held,omitempty"`
}

// Plan is a session's schedule.
type Plan struct {
	// Rounds holds each round's meetings, by table.
	Rounds [][]Meeting `json:"rounds"`
	// Unplaced lists the pairs someone asked for that are not in the plan.
	Unplaced []Unplaced `json:"unplaced"`
}

// ErrInput is returned by Plan when the session's shape makes no sense.
var ErrInput = errors.New("the session cannot be planned")

// Meetings returns every meeting of the plan in round and table order.
func (p Plan) Meetings() []Meeting {
	var out []Meeting
	for _, r := range p.Rounds {
		out = append(out, r...)
	}
	return out
}

// pair is a candidate pair, by participant index.
type pair struct {
	a, b        int
	prio        Priority
	cross       bool
	interpreter bool
	tie         uint64
	done        bool
}

// problem is the prepared input shared by Plan and Greedy.
type problem struct {
	in       Input
	ids      []string
	present  [][]bool // per participant, per round
	pairs    []*pair
	unplaced []Unplaced
	plan     Plan
	busy     [][]bool // per round, per participant
}

// prepare checks the input, keeps the held rounds and classifies the wishes
// into candidate pairs and pairs that can never be placed.
func prepare(in Input) (*problem, error) {
	if in.Rounds < 1 || in.Tables < 1 {
		return nil, fmt.Errorf("%w: give at least one round and one table", ErrInput)
	}
	if in.From < 0 || in.From > in.Rounds {
		return nil, fmt.Errorf("%w: round %d to start from is outside the %d rounds", ErrInput, in.From+1, in.Rounds)
	}
	p := &problem{in: in, plan: Plan{Rounds: make([][]Meeting, in.Rounds), Unplaced: []Unplaced{}}}
	parts := slices.Clone(in.Participants)
	slices.SortStableFunc(parts, func(x, y Participant) int { return cmp.Compare(x.ID, y.ID) })
	parts = slices.CompactFunc(parts, func(x, y Participant) bool { return x.ID == y.ID })
	at := p.attend(parts)
	met, err := p.hold(at)
	if err != nil {
		return nil, err
	}
	wants, keys := pairWants(in)
	langs := make([]map[string]bool, len(parts))
	for i, x := range parts {
		langs[i] = map[string]bool{}
		for _, l := range x.Languages {
			langs[i][l] = true
		}
	}
	for _, k := range keys {
		if !met[k] {
			p.classify(k, wants[k], at, parts, langs)
		}
	}
	return p, nil
}

// attend numbers parts (sorted, without duplicates) and marks the rounds
// each is present in; it returns each participant's number by id.
func (p *problem) attend(parts []Participant) map[string]int {
	in := p.in
	at := map[string]int{}
	for i, x := range parts {
		at[x.ID] = i
		p.ids = append(p.ids, x.ID)
		row := make([]bool, in.Rounds)
		leave := x.Leave
		if leave <= 0 || leave > in.Rounds {
			leave = in.Rounds
		}
		for r := max(x.Arrive, 0); r < leave && !x.Absent; r++ {
			row[r] = true
		}
		p.present = append(p.present, row)
	}
	p.busy = make([][]bool, in.Rounds)
	for r := range p.busy {
		p.busy[r] = make([]bool, len(parts))
	}
	return at
}

// hold keeps the meetings held before round From in the plan, marking
// their participants busy, and returns the pairs that met.
func (p *problem) hold(at map[string]int) (map[[2]string]bool, error) {
	in := p.in
	met := map[[2]string]bool{}
	for _, m := range in.Held {
		if m.Round < 0 || m.Round >= in.From {
			return nil, fmt.Errorf("%w: a held meeting is in round %d, not before round %d", ErrInput, m.Round+1, in.From+1)
		}
		p.plan.Rounds[m.Round] = append(p.plan.Rounds[m.Round], m)
		met[key(m.A, m.B)] = true
		if i, ok := at[m.A]; ok {
			p.busy[m.Round][i] = true
		}
		if i, ok := at[m.B]; ok {
			p.busy[m.Round][i] = true
		}
	}
	for r := range in.From {
		slices.SortStableFunc(p.plan.Rounds[r], func(x, y Meeting) int { return cmp.Compare(x.Table, y.Table) })
	}
	return met, nil
}

// want is what the two sides of a pair said: wants[0] is whether the first
// (by id) asked to meet the second, wants[1] the other way; a wish recorded
// twice (by two desks) counts once.
type want struct {
	wants         [2]bool
	avoid         bool
	interp, sugg  bool
	first, second string
}

// priority is how much the pair's sides want to meet.
func (w *want) priority() Priority {
	switch {
	case w.wants[0] && w.wants[1]:
		return Mutual
	case w.wants[0] || w.wants[1]:
		return OneSided
	}
	return Suggested
}

// pairWants gathers the wishes and suggestions of in by pair, with the
// pairs in order.
func pairWants(in Input) (map[[2]string]*want, [][2]string) {
	wants := map[[2]string]*want{}
	get := func(a, b string) *want {
		k := key(a, b)
		w := wants[k]
		if w == nil {
			w = &want{first: k[0], second: k[1]}
			wants[k] = w
		}
		return w
	}
	for _, w := range in.Wishes {
		if w.From == w.To {
			continue
		}
		x := get(w.From, w.To)
		if w.Avoid {
			x.avoid = true
		} else {
			x.wants[b2i(w.From != x.first)] = true
		}
		x.interp = x.interp || w.Interpreter
	}
	for _, s := range in.Suggestions {
		if s.A != s.B {
			get(s.A, s.B).sugg = true
		}
	}
	keys := make([][2]string, 0, len(wants))
	for k := range wants {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y [2]string) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
	return wants, keys
}

// classify makes pair k a candidate, or lists it as unplaced with why
// (suggestions nobody asked for are not reported).
func (p *problem) classify(k [2]string, w *want, at map[string]int, parts []Participant, langs []map[string]bool) {
	prio := w.priority()
	drop := func(r Reason) {
		if prio > Suggested {
			p.unplaced = append(p.unplaced, Unplaced{A: k[0], B: k[1], Priority: prio, Reason: r})
		}
	}
	ia, okA := at[k[0]]
	ib, okB := at[k[1]]
	switch {
	case !okA || !okB:
		drop(Unknown)
		return
	case w.avoid:
		drop(Declined)
		return
	case !w.interp && !shareLanguage(langs[ia], parts[ib].Languages):
		drop(NoLanguage)
		return
	}
	in := p.in
	common, anyA, anyB := false, false, false
	for r := in.From; r < in.Rounds; r++ {
		common = common || (p.present[ia][r] && p.present[ib][r])
		anyA = anyA || p.present[ia][r]
		anyB = anyB || p.present[ib][r]
	}
	if !anyA || !anyB {
		drop(Absent)
		return
	}
	if !common {
		drop(NoCommonRound)
		return
	}
	h := fnv.New64a()
	h.Write([]byte(k[0] + "\x00" + k[1]))
	p.pairs = append(p.pairs, &pair{a: ia, b: ib, prio: prio, interpreter: w.interp && !shareLanguage(langs[ia], parts[ib].Languages),
		cross: parts[ia].Country != "" && parts[ib].Country != "" && parts[ia].Country != parts[ib].Country, tie: h.Sum64()})
}

func shareLanguage(have map[string]bool, other []string) bool {
	for _, l := range other {
		if have[l] {
			return true
		}
	}
	return false
}

func key(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// place seats x at the next free table of round r.
func (p *problem) place(r int, x *pair) {
	a, b := p.ids[x.a], p.ids[x.b]
	p.plan.Rounds[r] = append(p.plan.Rounds[r], Meeting{Round: r, Table: len(p.plan.Rounds[r]), A: a, B: b, Priority: x.prio, Interpreter: x.interpreter})
	p.busy[r][x.a], p.busy[r][x.b] = true, true
	x.done = true
}

// free reports whether x can meet in round r.
func (p *problem) free(r int, x *pair) bool {
	return !x.done && p.present[x.a][r] && p.present[x.b][r] && !p.busy[r][x.a] && !p.busy[r][x.b]
}

// finish reports the pairs left and sorts the report.
func (p *problem) finish() Plan {
	for _, x := range p.pairs {
		if !x.done && x.prio > Suggested {
			a, b := p.ids[x.a], p.ids[x.b]
			p.unplaced = append(p.unplaced, Unplaced{A: a, B: b, Priority: x.prio, Reason: Full})
		}
	}
	slices.SortStableFunc(p.unplaced, func(x, y Unplaced) int {
		return cmp.Or(cmp.Compare(y.Priority, x.Priority), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	p.plan.Unplaced = p.unplaced
	if p.plan.Unplaced == nil {
		p.plan.Unplaced = []Unplaced{}
	}
	for r := range p.plan.Rounds {
		if p.plan.Rounds[r] == nil {
			p.plan.Rounds[r] = []Meeting{}
		}
	}
	return p.plan
}

// Greedy is the baseline planner: round after round, it seats pairs in
// priority order (then by name) wherever both are free and a table is left.
// It keeps the same rules as Make but places fewer pairs.
func Greedy(in Input) (Plan, error) {
	p, err := prepare(in)
	if err != nil {
		return Plan{}, err
	}
	order := slices.Clone(p.pairs)
	slices.SortStableFunc(order, func(x, y *pair) int { return cmp.Compare(y.prio, x.prio) })
	for r := in.From; r < in.Rounds; r++ {
		for _, x := range order {
			if len(p.plan.Rounds[r]) < in.Tables && p.free(r, x) {
				p.place(r, x)
			}
		}
	}
	return p.finish(), nil
}

// Make plans the session: the rounds before in.From as held, the rest
// anew. See the package documentation for the rules it keeps.
func Make(in Input) (Plan, error) {
	p, err := prepare(in)
	if err != nil {
		return Plan{}, err
	}
	n := len(p.ids)
	idle := make([]int, n)
	for r := range in.From {
		for i := range n {
			if p.present[i][r] && !p.busy[r][i] {
				idle[i]++
			}
		}
	}
	load, slack := make([]int, n), make([]int, n)
	byPerson := make([][]*pair, n)
	for _, x := range p.pairs {
		byPerson[x.a] = append(byPerson[x.a], x)
		byPerson[x.b] = append(byPerson[x.b], x)
	}
	for r := in.From; r < in.Rounds; r++ {
		// Slack: the rounds a person has left minus the mutual meetings
		// still to place. The least slack goes first within a priority.
		for i := range n {
			load[i], slack[i] = 0, 0
			for rr := r; rr < in.Rounds; rr++ {
				if p.present[i][rr] {
					slack[i]++
				}
			}
		}
		var cands []*pair
		for _, x := range p.pairs {
			if x.done {
				continue
			}
			if x.prio == Mutual {
				load[x.a]++
				load[x.b]++
			}
			if p.present[x.a][r] && p.present[x.b][r] {
				cands = append(cands, x)
			}
		}
		// Urgency orders mutual pairs only: for the others, who waited
		// longest goes first.
		urgency := func(x *pair) int {
			if x.prio < Mutual {
				return 0
			}
			return min(slack[x.a]-load[x.a], slack[x.b]-load[x.b], 2)
		}
		slices.SortStableFunc(cands, func(x, y *pair) int {
			return cmp.Or(cmp.Compare(y.prio, x.prio), cmp.Compare(urgency(x), urgency(y)),
				cmp.Compare(max(idle[y.a], idle[y.b])/3, max(idle[x.a], idle[x.b])/3), compareBool(y.cross, x.cross),
				cmp.Compare(max(idle[y.a], idle[y.b]), max(idle[x.a], idle[x.b])), cmp.Compare(x.tie, y.tie))
		})
		seated := make([]*pair, n) // who sits with whom this round
		for _, x := range cands {
			if len(p.plan.Rounds[r]) >= in.Tables {
				break
			}
			if p.free(r, x) {
				p.place(r, x)
				seated[x.a], seated[x.b] = x, x
			} else if !x.done {
				p.augment(r, x, seated, byPerson)
			}
		}
		for i := range n {
			if p.present[i][r] && !p.busy[r][i] {
				idle[i]++
			}
		}
	}
	return p.finish(), nil
}

// augment tries to seat x in round r by an augmenting path of length three:
// when one side of x is free and the other sits with someone who has
// another pair of no lower priority with a free person, x takes the seat
// and the displaced pair's other side meets that free person instead.
func (p *problem) augment(r int, x *pair, seated []*pair, byPerson [][]*pair) {
	if len(p.plan.Rounds[r])+1 > p.in.Tables || !p.present[x.a][r] || !p.present[x.b][r] {
		return
	}
	u, v := x.a, x.b
	if p.busy[r][u] {
		u, v = v, u
	}
	if p.busy[r][u] || !p.busy[r][v] || seated[v] == nil || seated[v].prio > x.prio {
		return
	}
	e := seated[v]
	w := e.a
	if w == v {
		w = e.b
	}
	for _, y := range byPerson[w] {
		if y == e || y.done || y.prio < e.prio {
			continue
		}
		z := y.a
		if z == w {
			z = y.b
		}
		if z == u || p.busy[r][z] || !p.present[z][r] || !p.present[w][r] {
			continue
		}
		// Replace e by x and y.
		m := p.plan.Rounds[r]
		for i := range m {
			if (m[i].A == p.ids[e.a] && m[i].B == p.ids[e.b]) || (m[i].A == p.ids[e.b] && m[i].B == p.ids[e.a]) {
				p.plan.Rounds[r] = append(m[:i], m[i+1:]...)
				break
			}
		}
		for i := range p.plan.Rounds[r] {
			p.plan.Rounds[r][i].Table = i
		}
		e.done = false
		p.busy[r][e.a], p.busy[r][e.b] = false, false
		seated[e.a], seated[e.b] = nil, nil
		p.place(r, x)
		p.place(r, y)
		seated[x.a], seated[x.b], seated[y.a], seated[y.b] = x, x, y, y
		return
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
