package index

import "testing"

func TestPhoneQuery(t *testing.T) {
	for q, want := range map[string]string{
		"+48 91 123 45 67":             "48911234567",
		"kind:actor 91 123 45 67":      "kind:actor 911234567",
		"kind:actor (091) 123-45-67":   "kind:actor 0911234567",
		"studio 2024":                  "studio 2024",
		"123 45":                       "123 45",
		"911234567":                    "911234567",
		"design 91 123 45 67 szczecin": "design 911234567 szczecin",
	} {
		if got := phoneQuery(q); got != want {
			t.Errorf("%q: %q, want %q", q, got, want)
		}
	}
}
