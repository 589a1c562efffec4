package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Session is a speed-dating session at an event: rounds of a few minutes
// at tables, or in video rooms for a virtual one.
type Session struct {
	ID    string `json:"id"`
	Event string `json:"event"`
	// Rounds is the number of rounds; RoundMinutes their length.
	Rounds       int `json:"rounds"`
	RoundMinutes int `json:"roundMinutes"`
	// Tables is the number of tables, or of video rooms when Virtual.
	Tables int `json:"tables"`
	// Start is the time of day the first round begins ("14:00").
	Start string `json:"start,omitempty"`
	// Breaks lists the rounds (from 1) after which a break of BreakMinutes
	// comes.
	Breaks       []int `json:"breaks,omitempty"`
	BreakMinutes int   `json:"breakMinutes,omitempty"`
	Virtual      bool  `json:"virtual,omitempty"`
	// RoomBase is the video service's address the rooms are made under
	// (https://meet.example.org/).
	RoomBase string `json:"roomBase,omitempty"`
	Meta     Meta   `json:"meta"`
}

// Wish is a session participant's wish to meet another, or not to.
type Wish struct {
	ID      string `json:"id"`
	Session string `json:"session"`
	From    string `json:"from"`
	To      string `json:"to"`
	Avoid   bool   `json:"avoid,omitempty"`
	// Interpreter asks for an interpreter for this meeting.
	Interpreter bool `json:"interpreter,omitempty"`
	Meta        Meta `json:"meta"`
}

// Meeting is one pair's meeting at a session. A pair has one meeting
// record per session (its id is MeetingID), moved when the plan changes.
type Meeting struct {
	ID      string `json:"id"`
	Session string `json:"session"`
	A       string `json:"a"`
	B       string `json:"b"`
	// Round and Table count from 1.
	Round       int    `json:"round"`
	Table       int    `json:"table"`
	Priority    string `json:"priority,omitempty"`
	Interpreter bool   `json:"interpreter,omitempty"`
	// Status is planned, held, missed, or dropped (no longer in the plan).
	Status string `json:"status"`
	// Outcome is cooperate, continue, follow-up or none, once held.
	Outcome string `json:"outcome,omitempty"`
	// Link is the id of the link the outcome made between A and B.
	Link string `json:"link,omitempty"`
	Note string `json:"note,omitempty"`
	Meta Meta   `json:"meta"`
}

// MeetingID is the id of the meeting record of pair a–b at session: the
// same on every office, so two desks planning one forum write one record.
func MeetingID(session, a, b string) string {
	if b < a {
		a, b = b, a
	}
	sum := sha256.Sum256([]byte("meeting\x00" + session + "\x00" + a + "\x00" + b))
	return "m" + hex.EncodeToString(sum[:15])
}

// MeetingStatuses are the states of a meeting.
var MeetingStatuses = []Choice{
	{"planned", Text{"en": "Planned", "lt": "Suplanuotas", "pl": "Zaplanowane", "de": "Geplant", "sv": "Planerat"}},
	{"held", Text{"en": "Held", "lt": "Įvyko", "pl": "Odbyło się", "de": "Stattgefunden", "sv": "Genomfört"}},
	{"missed", Text{"en": "Missed", "lt": "Neįvyko", "pl": "Nie odbyło się", "de": "Ausgefallen", "sv": "Uteblev"}},
	{"dropped", Text{"en": "Dropped from the plan", "lt": "Išbrauktas iš plano", "pl": "Usunięte z planu", "de": "Aus dem Plan genommen", "sv": "Struket ur planen"}},
}

// MeetingOutcomes are what a held meeting led to. Cooperate and continue
// make a link between the two actors (continue marks it continuing).
var MeetingOutcomes = []Choice{
	{"cooperate", Text{"en": "Agreed to cooperate", "lt": "Susitarė bendradarbiauti", "pl": "Uzgodnili współpracę", "de": "Zusammenarbeit vereinbart", "sv": "Kom överens om samarbete"}},
	{"continue", Text{"en": "Long-term partnership", "lt": "Ilgalaikė partnerystė", "pl": "Partnerstwo długoterminowe", "de": "Langfristige Partnerschaft", "sv": "Långsiktigt partnerskap"}},
	{"follow-up", Text{"en": "Follow up", "lt": "Tęsti pokalbį", "pl": "Dalszy kontakt", "de": "Nachfassen", "sv": "Följa upp"}},
	{"none", Text{"en": "No result", "lt": "Be rezultato", "pl": "Bez wyniku", "de": "Kein Ergebnis", "sv": "Inget resultat"}},
}

// Consent purposes the published catalogue looks for.
const (
	// PurposePublication consents to the actor's page in the published
	// catalogue.
	PurposePublication = "publication"
	// PurposePublicationContact consents to showing its e-mail and phone
	// there too.
	PurposePublicationContact = "publication-contact"
)

// Validate checks s.
func (s *Session) Validate() error {
	var v Problems
	v.require("event", s.Event != "", "choose the event")
	v.between("rounds", s.Rounds, 1, 100, "give between 1 and 100 rounds")
	v.between("roundMinutes", s.RoundMinutes, 1, 240, "give a round length between 1 and 240 minutes")
	v.between("tables", s.Tables, 1, 1000, "give between 1 and 1000 tables")
	v.between("breakMinutes", s.BreakMinutes, 0, 240, "give a break length between 0 and 240 minutes")
	v.check("start", s.Start, validClock(s.Start), CodeTimeOfDay, "is not a time of day such as 14:00")
	for _, b := range s.Breaks {
		if b < 1 || b >= s.Rounds {
			v.add("breaks", CodeBreakRound, fmt.Sprintf("a break after round %d is outside the rounds", b), "value", fmt.Sprint(b))
		}
	}
	v.website("roomBase", s.RoomBase)
	return v.Err()
}

func validClock(s string) bool {
	h, m, ok := strings.Cut(s, ":")
	return ok && len(h) == 2 && len(m) == 2 && h >= "00" && h <= "23" && m >= "00" && m <= "59" &&
		strings.Trim(h+m, "0123456789") == ""
}

// Validate checks w.
func (w *Wish) Validate() error {
	var v Problems
	v.require("session", w.Session != "", "choose the session")
	v.require("from", w.From != "", "choose who wishes")
	v.require("to", w.To != "", "choose whom to meet")
	if w.From != "" && w.From == w.To {
		v.add("to", CodeSelfMeeting, "an actor cannot meet itself")
	}
	return v.Err()
}

// Validate checks m.
func (m *Meeting) Validate() error {
	var v Problems
	v.require("session", m.Session != "", "choose the session")
	v.require("a", m.A != "", "choose the first actor")
	v.require("b", m.B != "", "choose the second actor")
	if m.A != "" && m.A == m.B {
		v.add("b", CodeSelfMeeting, "an actor cannot meet itself")
	}
	v.require("status", m.Status != "", "choose planned, held, missed or dropped")
	v.choice("status", m.Status, MeetingStatuses)
	v.choice("outcome", m.Outcome, MeetingOutcomes)
	v.length("note", m.Note, MaxText)
	return v.Err()
}
