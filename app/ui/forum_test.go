package ui

import (
	"strings"
	"testing"

	"sbcc/app"
	"sbcc/app/model"
	"sbcc/app/network"
	"sbcc/app/report"
)

// forumFixture makes a forum with a speed-dating session and four
// registered organisations from three countries.
func forumFixture(t *testing.T) (*app.Directory, *model.Session, []*model.Actor) {
	t.Helper()
	_, d := newTestAPI(t)
	actors := []*model.Actor{
		{Kind: "organisation", Name: "Ąžuolo studija", Country: "LT", Languages: []string{"lt", "en"}, Offers: []string{"sound recording"}},
		{Kind: "organisation", Name: "Malmö Ljud", Country: "SE", Languages: []string{"sv", "en"}, Needs: []string{"sound recording"}},
		{Kind: "organisation", Name: "Łódź Studio", Country: "PL", Languages: []string{"pl"}},
		{Kind: "organisation", Name: "Rostock Verlag", Country: "DE", Languages: []string{"de", "en"}},
	}
	ev := &model.Event{Title: "South Baltic Creative Forum 2026", Kind: "annual-forum", Start: "2026-05-04"}
	recs := []model.Record{ev}
	for _, a := range actors {
		recs = append(recs, a)
	}
	if _, err := d.PutMany(recs); err != nil {
		t.Fatal(err)
	}
	var parts []model.Record
	for _, a := range actors {
		parts = append(parts, &model.Participation{Event: ev.ID, Actor: a.ID, Status: "registered"})
	}
	s := &model.Session{Event: ev.ID, Rounds: 3, RoundMinutes: 10, Tables: 2, Start: "14:00"}
	parts = append(parts, s)
	if _, err := d.PutMany(parts); err != nil {
		t.Fatal(err)
	}
	return d, s, actors
}

func wish(t *testing.T, d *app.Directory, s *model.Session, from, to *model.Actor, avoid bool) {
	t.Helper()
	if _, err := d.Put(&model.Wish{Session: s.ID, From: from.ID, To: to.ID, Avoid: avoid}); err != nil {
		t.Fatal(err)
	}
}

func TestForumPlanRecordAndIndicators(t *testing.T) {
	d, s, a := forumFixture(t)
	lt, se, pl, de := a[0], a[1], a[2], a[3]
	wish(t, d, s, lt, se, false)
	wish(t, d, s, se, lt, false)
	wish(t, d, s, lt, pl, false) // no shared language
	wish(t, d, s, de, se, false)
	wish(t, d, s, se, de, true) // declined
	res, err := network.PlanSession(d, s.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	var mutual *model.Meeting
	for i, m := range res.View.Meetings {
		if (m.A == lt.ID && m.B == se.ID) || (m.A == se.ID && m.B == lt.ID) {
			mutual = &res.View.Meetings[i]
		}
	}
	if mutual == nil || mutual.Round != 1 || mutual.Priority != "mutual" || mutual.ID != model.MeetingID(s.ID, lt.ID, se.ID) {
		t.Fatalf("the mutual pair is not planned first: %+v", res.View.Meetings)
	}
	reasons := map[string]string{}
	for _, u := range res.Unplaced {
		reasons[u.A+"|"+u.B] = string(u.Reason)
	}
	if r := reasons[min(lt.ID, pl.ID)+"|"+max(lt.ID, pl.ID)]; r != "no-shared-language" {
		t.Errorf("lt–pl left out for %q, want no-shared-language (all %v)", r, reasons)
	}
	if r := reasons[min(de.ID, se.ID)+"|"+max(de.ID, se.ID)]; r != "declined" {
		t.Errorf("de–se left out for %q, want declined", r)
	}
	// Planning again gives the same records: nothing new, nothing dropped.
	before, _ := d.Counts()
	again, err := network.PlanSession(d, s.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := d.Counts()
	if before["meeting"] != after["meeting"] || len(again.View.Meetings) != len(res.View.Meetings) {
		t.Errorf("re-planning changed the meetings: %d → %d", before["meeting"], after["meeting"])
	}

	// The meeting takes place and the two agree to cooperate: a link
	// across borders, so RCO87 counts both.
	rep, _ := network.Report(d, report.Period{From: "2026-01-01", To: "2026-12-31"})
	base := figure(rep, "RCO87")
	m, err := network.RecordMeeting(d, mutual.ID, "held", "continue", "")
	if err != nil {
		t.Fatal(err)
	}
	if m.Link == "" {
		t.Fatal("no link made")
	}
	r, err := d.Get(m.Link)
	if err != nil {
		t.Fatal(err)
	}
	if l := r.(*model.Link); l.Type != "collaborated" || !l.Continuing || len(l.Years) != 1 || l.Years[0] != 2026 {
		t.Errorf("link %+v", l)
	}
	rep, _ = network.Report(d, report.Period{From: "2026-01-01", To: "2026-12-31"})
	if got := figure(rep, "RCO87"); got != base+2 {
		t.Errorf("RCO87 %d after the meeting, want %d", got, base+2)
	}
	if got := figure(rep, "RCR84"); got != 2 {
		t.Errorf("RCR84 %d, want 2", got)
	}
	// Changing the outcome to follow-up takes the link back.
	if m, err = network.RecordMeeting(d, mutual.ID, "held", "follow-up", "call in June"); err != nil || m.Link != "" {
		t.Fatalf("%+v %v", m, err)
	}
	if r, _ := d.Get(r.(*model.Link).ID); !model.MetaOf(r).Deleted {
		t.Error("the link of a withdrawn outcome is still live")
	}
	if _, err := network.RecordMeeting(d, mutual.ID, "missed", "cooperate", ""); err == nil {
		t.Error("an outcome for a missed meeting was accepted")
	}
}

func figure(r report.Report, code string) int {
	for _, f := range r.Figures {
		if f.Code == code {
			return f.Value
		}
	}
	return -1
}

func TestForumVirtualRoomLinks(t *testing.T) {
	d, s, a := forumFixture(t)
	s.Virtual, s.RoomBase = true, "https://meet.example.org/"
	if _, err := d.Put(s); err != nil {
		t.Fatal(err)
	}
	wish(t, d, s, a[0], a[1], false)
	res, err := network.PlanSession(d, s.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.View.Meetings) == 0 {
		t.Fatal("nothing planned")
	}
	rooms := map[string]bool{}
	for _, m := range res.View.Meetings {
		l := res.View.Links[m.ID]
		if !strings.HasPrefix(l, "https://meet.example.org/sbcc-") || rooms[l] {
			t.Errorf("meeting %s: room %q (missing or shared)", m.ID, l)
		}
		rooms[l] = true
	}
	doc, err := network.SessionSheets(d, s.ID, "en")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "https://meet.example.org/sbcc-") {
		t.Error("the printed agendas lack the room links")
	}
}

func TestForumReplanKeepsHeldRounds(t *testing.T) {
	d, s, a := forumFixture(t)
	for _, x := range a {
		for _, y := range a {
			if x != y && x.Languages[0] != "pl" && y.Languages[0] != "pl" {
				wish(t, d, s, x, y, false)
			}
		}
	}
	first, err := network.PlanSession(d, s.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	round1 := map[string]model.Meeting{}
	for _, m := range first.View.Meetings {
		if m.Round == 1 {
			round1[m.ID] = m
		}
	}
	// Everyone but the German publisher checked in; plan again from round 2.
	list, _ := network.CheckInList(d, s.Event)
	for _, x := range list {
		if x.Participation.Actor != a[3].ID {
			if err := network.SetAttendance(t.Context(), d, x.Participation.ID, "attended"); err != nil {
				t.Fatal(err)
			}
		}
	}
	second, err := network.PlanSession(d, s.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range second.View.Meetings {
		if m.Round == 1 {
			if old, ok := round1[m.ID]; !ok || old.Table != m.Table {
				t.Errorf("round 1 meeting moved: %+v", m)
			}
			delete(round1, m.ID)
		} else if m.A == a[3].ID || m.B == a[3].ID {
			t.Errorf("%s is not checked in but planned in round %d", a[3].Name, m.Round)
		}
	}
	if len(round1) != 0 {
		t.Errorf("round 1 meetings lost: %v", round1)
	}
	doc, err := network.SessionSheets(d, s.ID, "de")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "Organisationsblatt") || !strings.Contains(string(doc), "Jūsų susitikimai") {
		t.Error("the sheets are not in the organiser's and the participants' languages")
	}
}
