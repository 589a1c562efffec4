package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"sbcc/app"
	"sbcc/app/model"
	"sbcc/app/network"
)

func TestPostsPage(t *testing.T) {
	api, ids := netFixture(t)
	for i := range 7 {
		typ := "offer"
		if i%2 == 1 {
			typ = "need"
		}
		if _, err := api.Network.SavePost(t.Context(), model.Post{Actor: ids[i%3], Type: typ, Title: fmt.Sprintf("Post %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := api.Network.PostsPage(t.Context(), network.PostPageRequest{Limit: 3})
	if err != nil || p.Total != 7 || len(p.Posts) != 3 || p.Posts[0].Post.Title != "Post 6" || p.Posts[0].Author == nil {
		t.Fatalf("first page %v %+v", err, p)
	}
	p, _ = api.Network.PostsPage(t.Context(), network.PostPageRequest{Offset: 6, Limit: 3})
	if p.Total != 7 || len(p.Posts) != 1 || p.Offset != 6 || p.Posts[0].Post.Title != "Post 0" {
		t.Fatalf("last page %+v", p)
	}
	p, _ = api.Network.PostsPage(t.Context(), network.PostPageRequest{PostFilter: network.PostFilter{Type: "need", Query: "POST"}})
	if p.Total != 3 || len(p.Posts) != 3 {
		t.Fatalf("needs %+v", p)
	}
	if p, _ = api.Network.PostsPage(t.Context(), network.PostPageRequest{Offset: 50}); p.Total != 7 || len(p.Posts) != 0 {
		t.Fatalf("past the end %+v", p)
	}
}

func TestEventsPage(t *testing.T) {
	api, ids := netFixture(t)
	for i := range 5 {
		if _, err := api.Network.SaveEvent(t.Context(), model.Event{Title: fmt.Sprintf("Workshop %d", i), Kind: "workshop", Start: fmt.Sprintf("2026-0%d-01", i+1), Organisers: []string{ids[0]}}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := api.Network.EventsPage(t.Context(), network.EventPageRequest{Limit: 2})
	if err != nil || p.Total != 5 || len(p.Rows) != 2 || p.Rows[0].Event.Title != "Workshop 4" || p.Rows[1].Event.Title != "Workshop 3" || len(p.Rows[0].Organisers) != 1 {
		t.Fatalf("first page %v %+v", err, p)
	}
	p, err = api.Network.EventsPage(t.Context(), network.EventPageRequest{Query: "workshop", Limit: 2, Offset: 2})
	if err != nil || p.Total != 5 || len(p.Rows) != 2 || p.Offset != 2 {
		t.Fatalf("search page %v %+v", err, p)
	}
}

func TestIndicatorRecordsPage(t *testing.T) {
	api, ids := netFixture(t)
	if _, err := api.Network.SaveLink(t.Context(), model.Link{From: ids[0], To: ids[1], Type: "collaborated", Years: []int{2026}}); err != nil {
		t.Fatal(err)
	}
	sum, err := api.Network.IndicatorFigures(t.Context(), "2026-01-01", "2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	full, _ := api.Network.Indicators(t.Context(), "2026-01-01", "2026-12-31")
	for i, f := range sum.Figures {
		want := full.Figures[i]
		if f.Code != want.Code || f.Records != len(want.Records) {
			t.Fatalf("figure %+v, want %s with %d records", f, want.Code, len(want.Records))
		}
		if f.Records == 0 {
			continue
		}
		page, err := api.Network.IndicatorRecords(t.Context(), "2026-01-01", "2026-12-31", f.Code, 1, 1)
		if err != nil || page.Total != f.Records || len(page.Records) != min(1, f.Records-1) {
			t.Fatalf("%s page %v %+v", f.Code, err, page)
		}
		if len(page.Records) == 1 && page.Records[0].ID != want.Records[1] {
			t.Fatalf("%s page %+v, want %s", f.Code, page, want.Records[1])
		}
	}
	// A change is counted at once (the report is kept per state of the directory).
	if _, err := api.Network.SaveLink(t.Context(), model.Link{From: ids[1], To: ids[2], Type: "collaborated", Years: []int{2026}}); err != nil {
		t.Fatal(err)
	}
	again, _ := api.Network.IndicatorRecords(t.Context(), "2026-01-01", "2026-12-31", "RCO87", 0, 10)
	if again.Total != 3 {
		t.Fatalf("after a new cross-border link RCO87 counts %+v", again)
	}
	if _, err := api.Network.IndicatorRecords(t.Context(), "", "", "RCO999", 0, 10); err == nil {
		t.Fatal("an unknown indicator answered")
	}
}

// TestEventQueriesCheckedOnce: the events' list and finder refuse an
// over-long query and a broken one the same way, as invalid input.
func TestEventQueriesCheckedOnce(t *testing.T) {
	api, _ := newTestAPI(t)
	long := strings.Repeat("a", app.MaxQueryLength+1)
	if _, err := api.Network.EventsPage(t.Context(), network.EventPageRequest{Query: long, Limit: 10}); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("EventsPage with a long query: %v", err)
	}
	if _, err := api.Network.FindEvents(t.Context(), long); !errors.Is(err, app.ErrInvalid) {
		t.Errorf("FindEvents with a long query: %v", err)
	}
	if _, err := api.Network.EventsPage(t.Context(), network.EventPageRequest{Query: strings.Repeat("b", app.MaxQueryLength), Limit: 10}); err != nil {
		t.Errorf("EventsPage with a query of the longest length: %v", err)
	}
}
