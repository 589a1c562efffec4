package forum

import "testing"

// benchConfig is the figure: 300 participants, 12 rounds, 40
// tables, 2,000 requests.
var benchConfig = SyntheticConfig{Participants: 300, Rounds: 12, Tables: 40, Requests: 2000, MutualShare: 0.25, Seed: 1}

func BenchmarkMake(b *testing.B) {
	in := Synthetic(benchConfig)
	for b.Loop() {
		if _, err := Make(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGreedy(b *testing.B) {
	in := Synthetic(benchConfig)
	for b.Loop() {
		if _, err := Greedy(in); err != nil {
			b.Fatal(err)
		}
	}
}

func TestMakePlacesMoreThanGreedy(t *testing.T) {
	in := Synthetic(benchConfig)
	plan, err := Make(in)
	if err != nil {
		t.Fatal(err)
	}
	base, err := Greedy(in)
	if err != nil {
		t.Fatal(err)
	}
	s, g := Summarize(in, plan), Summarize(in, base)
	t.Logf("make: %+v rate %.3f; greedy: %+v rate %.3f", s, s.MutualRate(), g, g.MutualRate())
	if s.MutualRate() < 0.95 {
		t.Errorf("placed %.1f %% of the possible mutual pairs, want at least 95 %%", 100*s.MutualRate())
	}
	if s.MutualPlaced < g.MutualPlaced {
		t.Errorf("placed %d mutual pairs, fewer than greedy's %d", s.MutualPlaced, g.MutualPlaced)
	}
}
