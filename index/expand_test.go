package index

import (
	"slices"
	"testing"
)

// TestTypoTermsMatchBleve checks our typo expansion against Bleve's own fuzzy
// dictionary: the same terms with the same edit distances.
func TestTypoTermsMatchBleve(t *testing.T) {
	x, _ := openFixture(t)
	snap, err := x.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	e := x.newEngine(snap)
	found := 0
	for _, word := range []string{"festival", "workshopz", "desing", "ceramcs", "kultura", "rietavas", "designers", "x"} {
		for _, field := range []string{fName, fText} {
			fz := fuzziness(word)
			if fz == 0 {
				fz = 1
			}
			_, n := firstRune(word)
			fd, err := snap.FieldDictFuzzy(field, word, fz, word[:n])
			if err != nil {
				t.Fatal(err)
			}
			var want []termCand
			for de, err := fd.Next(); err == nil && de != nil; de, err = fd.Next() {
				want = append(want, termCand{term: de.Term, dist: de.EditDistance})
			}
			fd.Close()
			got := e.automatonTerms(field, x.typoAutomaton(word, fz), word[:n], "")
			byTerm := func(a, b termCand) int {
				if a.term < b.term {
					return -1
				}
				if a.term > b.term {
					return 1
				}
				return 0
			}
			found += len(want)
			slices.SortFunc(want, byTerm)
			slices.SortFunc(got, byTerm)
			if !slices.Equal(got, want) {
				t.Errorf("%s in %s: got %v, Bleve %v", word, field, got, want)
			}
		}
	}
	if found < 5 {
		t.Fatalf("Bleve found only %d typo terms: the comparison proves little", found)
	}
}

func TestPrefixEnd(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"des", "det"}, {"a\xff", "b"}, {"\xff\xff", ""}, {"ł", "\xc5\x83"},
	} {
		if got := string(prefixEnd([]byte(tc.in))); got != tc.want {
			t.Errorf("prefixEnd(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
