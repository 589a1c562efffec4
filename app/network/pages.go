package network

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"sbcc/app"
	"sbcc/app/model"
	"sbcc/app/report"
)

// Pages of the long network lists (offers and needs, events, the records an
// indicator counts): the screens ask for one page and the total, so that a
// directory of 100,000 actors sends and draws a few dozen rows, not 20,000.

// PageLimit is the most rows one page of a list holds.
const PageLimit = 200

// pageBounds clamps a page request to the list's length n: the default page
// is 50 rows, at most PageLimit.
func pageBounds(offset, limit, n int) (lo, hi int) {
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, PageLimit)
	lo = min(max(offset, 0), n)
	return lo, min(lo+limit, n)
}

// PostPageRequest is a PostFilter with the page wanted.
type PostPageRequest struct {
	PostFilter
	Offset int `json:"offset,omitempty"`
	Limit  int `json:"limit,omitempty"`
}

// PostPage is one page of offers and needs and how many match in all.
type PostPage struct {
	Posts  []PostView `json:"posts"`
	Total  int        `json:"total"`
	Offset int        `json:"offset"`
}

// PostsPage returns one page of the posts matching the filter, the newest
// first, and their number. Only the page's authors are named.
func PostsPage(ctx context.Context, d *app.Directory, req PostPageRequest) (PostPage, error) {
	posts, err := cached[*model.Post](d, "post")
	if err != nil {
		return PostPage{}, err
	}
	f := req.PostFilter
	q := strings.ToLower(strings.TrimSpace(f.Query))
	var hits []*model.Post
	for i := len(posts) - 1; i >= 0; i-- { // ids are ULIDs: newest last
		p := posts[i]
		if (f.Type != "" && p.Type != f.Type) || (f.Sector != "" && p.Sector != f.Sector) || (f.Actor != "" && p.Actor != f.Actor) {
			continue
		}
		if q != "" && !containsFold(p.Title, q) && !containsFold(p.Text, q) {
			continue
		}
		hits = append(hits, p)
	}
	lo, hi := pageBounds(req.Offset, req.Limit, len(hits))
	out := PostPage{Posts: make([]PostView, 0, hi-lo), Total: len(hits), Offset: lo}
	for _, p := range hits[lo:hi] {
		v, err := postView(d, p)
		if err != nil {
			return PostPage{}, err
		}
		out.Posts = append(out.Posts, v)
	}
	return out, nil
}

// containsFold reports whether s contains the lower-case q, ignoring case.
func containsFold(s, q string) bool {
	if len(s) < len(q) {
		return false
	}
	return strings.Contains(strings.ToLower(s), q)
}

// EventPageRequest asks for one page of events: all of them, the latest
// first, or those Query finds (in the search screen's query language),
// best first.
type EventPageRequest struct {
	Query  string `json:"query,omitempty"`
	Offset int    `json:"offset,omitempty"`
	Limit  int    `json:"limit,omitempty"`
}

// EventPage is one page of events and how many match in all.
type EventPage struct {
	Rows   []EventRow `json:"rows"`
	Total  int        `json:"total"`
	Offset int        `json:"offset"`
}

// EventsPage returns one page of events with organisers and registration
// counts, and the number of events that match.
func EventsPage(ctx context.Context, d *app.Directory, req EventPageRequest) (EventPage, error) {
	query := strings.TrimSpace(req.Query)
	if query == "" {
		events, err := cached[*model.Event](d, "event")
		if err != nil {
			return EventPage{}, err
		}
		events = append([]*model.Event(nil), events...)
		sort.SliceStable(events, func(i, j int) bool {
			if events[i].Start != events[j].Start {
				return events[i].Start > events[j].Start
			}
			return events[i].Title < events[j].Title
		})
		lo, hi := pageBounds(req.Offset, req.Limit, len(events))
		rows, err := eventRowsInOrder(d, events[lo:hi])
		return EventPage{Rows: rows, Total: len(events), Offset: lo}, err
	}
	lo, hi := pageBounds(req.Offset, req.Limit, int(^uint(0)>>1))
	res, err := d.Search().FindKind(ctx, "event", query, lo, hi-lo)
	if err != nil {
		return EventPage{}, err
	}
	s, err := d.Snapshot("event")
	if err != nil {
		return EventPage{}, err
	}
	events := make([]*model.Event, 0, len(res.Hits))
	for _, h := range res.Hits {
		if e, ok := s.Record("event", h.ID).(*model.Event); ok {
			events = append(events, e)
		}
	}
	rows, err := eventRowsInOrder(d, events)
	return EventPage{Rows: rows, Total: int(res.Total), Offset: lo}, err
}

// eventRowsInOrder is eventRows keeping the order of events.
func eventRowsInOrder(d *app.Directory, events []*model.Event) ([]EventRow, error) {
	rows, err := eventRows(d, events)
	if err != nil {
		return nil, err
	}
	at := make(map[string]int, len(events))
	for i, e := range events {
		at[e.ID] = i
	}
	sort.SliceStable(rows, func(i, j int) bool { return at[rows[i].Event.ID] < at[rows[j].Event.ID] })
	return rows, nil
}

// FigureCount is an indicator with the number of records it counts, without
// them (IndicatorRecords pages through them).
type FigureCount struct {
	Code    string `json:"code"`
	Label   string `json:"label"`
	Value   int    `json:"value"`
	Records int    `json:"records"`
}

// IndicatorSummary is the indicator report for a period, figures only.
type IndicatorSummary struct {
	Period  map[string]string `json:"period"`
	Figures []FigureCount     `json:"figures"`
}

// IndicatorFigures computes the programme indicators for the period from–to
// (YYYY-MM-DD, either may be empty) and returns the figures with how many
// records each counts.
func IndicatorFigures(ctx context.Context, d *app.Directory, from, to string) (IndicatorSummary, error) {
	p, err := checkPeriod(from, to)
	if err != nil {
		return IndicatorSummary{}, err
	}
	rep, err := indicators(d, p)
	if err != nil {
		return IndicatorSummary{}, err
	}
	out := IndicatorSummary{Period: map[string]string{"from": p.From, "to": p.To}, Figures: []FigureCount{}}
	for _, f := range rep.Figures {
		out.Figures = append(out.Figures, FigureCount{Code: f.Code, Label: f.Label, Value: f.Value, Records: len(f.Records)})
	}
	return out, nil
}

// RecordPage is one page of the records an indicator counts.
type RecordPage struct {
	Records []RecordRef `json:"records"`
	Total   int         `json:"total"`
	Offset  int         `json:"offset"`
}

// IndicatorRecords returns one page of the records the indicator code counts
// in the period from–to, named.
func IndicatorRecords(ctx context.Context, d *app.Directory, from, to, code string, offset, limit int) (RecordPage, error) {
	p, err := checkPeriod(from, to)
	if err != nil {
		return RecordPage{}, err
	}
	rep, err := indicators(d, p)
	if err != nil {
		return RecordPage{}, err
	}
	for _, f := range rep.Figures {
		if f.Code != code {
			continue
		}
		s, err := d.Snapshot("actor", "event", "participation")
		if err != nil {
			return RecordPage{}, err
		}
		lo, hi := pageBounds(offset, limit, len(f.Records))
		out := RecordPage{Records: make([]RecordRef, 0, hi-lo), Total: len(f.Records), Offset: lo}
		for _, id := range f.Records[lo:hi] {
			out.Records = append(out.Records, describeRecord(s, id))
		}
		return out, nil
	}
	return RecordPage{}, fmt.Errorf("%w: there is no indicator %q", app.ErrInvalid, code)
}

// indicators is the report for period p, computed once per state of the
// directory: turning the pages of a drill-down does not count again.
func indicators(d *app.Directory, p report.Period) (report.Report, error) {
	s, err := d.Snapshot("actor", "link", "event", "participation")
	if err != nil {
		return report.Report{}, err
	}
	return memoOf[report.Period, report.Report](s, reportsMemo, 17).get(p, func() (report.Report, error) {
		return Report(d, p)
	})
}
