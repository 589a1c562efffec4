package forum

import (
	"fmt"
	"math/rand/v2"
)

// Stats sums up a plan for the organiser and the benchmark.
type Stats struct {
	// Meetings is the number of meetings in the plan.
	Meetings int `json:"meetings"`
	// Mutual counts the pairs both sides asked for; MutualPossible those
	// of them that nothing but the lack of seats kept out (declines,
	// languages and absences left aside); MutualPlaced those in the plan.
	Mutual         int `json:"mutual"`
	MutualPossible int `json:"mutualPossible"`
	MutualPlaced   int `json:"mutualPlaced"`
	// OneSided and OneSidedPlaced count pairs one side asked for.
	OneSided       int `json:"oneSided"`
	OneSidedPlaced int `json:"oneSidedPlaced"`
	// MaxIdle is the most rounds a present participant with an unplaced
	// wish sat without a meeting.
	MaxIdle int `json:"maxIdle"`
	// Unserved counts present participants who asked for a meeting that
	// was possible and got none at all.
	Unserved int `json:"unserved"`
}

// MutualRate is the share of possible mutual pairs placed (1 when there
// are none).
func (s Stats) MutualRate() float64 {
	if s.MutualPossible == 0 {
		return 1
	}
	return float64(s.MutualPlaced) / float64(s.MutualPossible)
}

// Summarize counts plan's figures against its input.
func Summarize(in Input, plan Plan) Stats {
	var s Stats
	busy := map[string]int{}
	for _, m := range plan.Meetings() {
		s.Meetings++
		busy[m.A]++
		busy[m.B]++
		switch m.Priority {
		case Mutual:
			s.Mutual++
			s.MutualPossible++
			s.MutualPlaced++
		case OneSided:
			s.OneSided++
			s.OneSidedPlaced++
		}
	}
	waiting := map[string]bool{}
	for _, u := range plan.Unplaced {
		switch u.Priority {
		case Mutual:
			s.Mutual++
			if u.Reason == Full {
				s.MutualPossible++
			}
		case OneSided:
			s.OneSided++
		}
		if u.Reason == Full {
			waiting[u.A], waiting[u.B] = true, true
		}
	}
	for _, x := range in.Participants {
		if !waiting[x.ID] || x.Absent {
			continue
		}
		leave := x.Leave
		if leave <= 0 || leave > in.Rounds {
			leave = in.Rounds
		}
		s.MaxIdle = max(s.MaxIdle, leave-max(x.Arrive, 0)-busy[x.ID])
		if busy[x.ID] == 0 {
			s.Unserved++
		}
	}
	return s
}

// SyntheticConfig sizes a made-up session for benchmarks and tests.
type SyntheticConfig struct {
	Participants, Rounds, Tables int
	// Requests is the number of wishes to meet; MutualShare of them are
	// answered by the other side (a mutual pair takes two wishes).
	Requests    int
	MutualShare float64
	Seed        uint64
}

// Synthetic makes a session of cfg's size: participants from four
// countries speaking their own language and mostly English, wishes drawn
// mostly across borders, some avoids, a few late arrivals.
func Synthetic(cfg SyntheticConfig) Input {
	rng := rand.New(rand.NewPCG(cfg.Seed, 17))
	countries := []string{"LT", "PL", "DE", "SE"}
	langs := map[string]string{"LT": "lt", "PL": "pl", "DE": "de", "SE": "sv"}
	in := Input{Rounds: cfg.Rounds, Tables: cfg.Tables}
	for i := range cfg.Participants {
		c := countries[i%len(countries)]
		p := Participant{ID: fmt.Sprintf("p%04d", i), Country: c, Languages: []string{langs[c]}}
		if rng.IntN(10) > 0 {
			p.Languages = append(p.Languages, "en")
		}
		if rng.IntN(20) == 0 {
			p.Arrive = 1 + rng.IntN(max(cfg.Rounds/3, 1))
		}
		in.Participants = append(in.Participants, p)
	}
	seen := map[[2]string]bool{}
	for made := 0; made < cfg.Requests; {
		a, b := rng.IntN(cfg.Participants), rng.IntN(cfg.Participants)
		if a == b || (a%4 == b%4 && rng.IntN(4) > 0) {
			continue
		}
		from, to := in.Participants[a].ID, in.Participants[b].ID
		if seen[key(from, to)] {
			continue
		}
		seen[key(from, to)] = true
		in.Wishes = append(in.Wishes, Wish{From: from, To: to})
		made++
		if made < cfg.Requests && rng.Float64() < cfg.MutualShare {
			in.Wishes = append(in.Wishes, Wish{From: to, To: from})
			made++
		}
		if rng.IntN(50) == 0 {
			in.Wishes = append(in.Wishes, Wish{From: to, To: from, Avoid: true})
		}
	}
	for range cfg.Participants {
		a, b := rng.IntN(cfg.Participants), rng.IntN(cfg.Participants)
		if a%4 != b%4 {
			in.Suggestions = append(in.Suggestions, Pair{A: in.Participants[a].ID, B: in.Participants[b].ID})
		}
	}
	return in
}
