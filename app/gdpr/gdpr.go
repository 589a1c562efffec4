package gdpr

import (
	"fmt"
	"slices"
	"time"

	"sbcc/app"
	"sbcc/app/model"
)

// SubjectExport is everything the directory holds about one actor, for a
// person who asks what is stored about them (GDPR article 15).
type SubjectExport struct {
	Format   string `json:"format"`
	Exported string `json:"exported"`
	// Actor is the record itself, with its metadata.
	Actor *model.Actor `json:"actor"`
	// Personal names the actor's fields that hold personal data.
	Personal       []string               `json:"personalFields"`
	Consents       []*model.Consent       `json:"consents"`
	Participations []*model.Participation `json:"participations"`
	Links          []*model.Link          `json:"links"`
	Posts          []*model.Post          `json:"posts"`
	// History is every change of the actor, which office made it and when.
	History []app.HistoryEntry `json:"history"`
	// ConsentHistory holds the changes of each consent, by consent id.
	ConsentHistory map[string][]app.HistoryEntry `json:"consentHistory,omitempty"`
}

// Subject returns everything stored about the actor id: the record, its
// consents, participations, links (either end), posts (by it or with its
// interest) and the history of the actor and its consents. Deleted related
// records are included, as they are still stored.
func Subject(d *app.Directory, id string) (*SubjectExport, error) {
	a, err := d.Actor(id)
	if err != nil {
		return nil, err
	}
	out := &SubjectExport{Format: "sbcc-subject-access", Exported: time.Now().UTC().Format(time.RFC3339), Actor: a,
		Consents: []*model.Consent{}, Participations: []*model.Participation{}, Links: []*model.Link{}, Posts: []*model.Post{},
		ConsentHistory: map[string][]app.HistoryEntry{}}
	k := model.Kinds["actor"]
	for _, f := range k.Fields() {
		if k.Personal(f) {
			out.Personal = append(out.Personal, f)
		}
	}
	all := app.ListOptions{Deleted: true}
	for _, kind := range []string{"consent", "participation", "link", "post"} {
		rs, err := d.List(kind, all)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			switch v := r.(type) {
			case *model.Consent:
				if v.Subject == id {
					out.Consents = append(out.Consents, v)
				}
			case *model.Participation:
				if v.Actor == id || v.Person == id {
					out.Participations = append(out.Participations, v)
				}
			case *model.Link:
				if v.From == id || v.To == id {
					out.Links = append(out.Links, v)
				}
			case *model.Post:
				if v.Actor == id || slices.Contains(v.Interested, id) {
					out.Posts = append(out.Posts, v)
				}
			}
		}
	}
	if out.History, err = d.History(id); err != nil {
		return nil, err
	}
	for _, c := range out.Consents {
		h, err := d.History(c.ID)
		if err != nil {
			return nil, err
		}
		out.ConsentHistory[c.ID] = h
	}
	return out, nil
}

// ExpiringConsent is a consent that ends soon (or has ended), with whose it is.
type ExpiringConsent struct {
	Consent *model.Consent `json:"consent"`
	// SubjectName is the name of the actor the consent is about.
	SubjectName string `json:"subjectName"`
	// DaysLeft is negative for a consent that has already expired.
	DaysLeft int `json:"daysLeft"`
}

// ExpiringConsents lists the live consents whose expiry date is within
// days of now (already expired ones included, with negative DaysLeft),
// soonest first. Consents without an expiry date never expire.
func ExpiringConsents(d *app.Directory, now time.Time, days int) ([]ExpiringConsent, error) {
	if days < 0 {
		return nil, fmt.Errorf("days must be 0 or more, not %d", days)
	}
	rs, err := d.List("consent", app.ListOptions{})
	if err != nil {
		return nil, err
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var out []ExpiringConsent
	for _, r := range rs {
		c := r.(*model.Consent)
		if c.Expires == "" {
			continue
		}
		exp, err := time.Parse(time.DateOnly, c.Expires)
		if err != nil {
			continue
		}
		left := int(exp.Sub(today).Hours() / 24)
		if left > days {
			continue
		}
		e := ExpiringConsent{Consent: c, DaysLeft: left}
		if a, err := d.Actor(c.Subject); err == nil {
			e.SubjectName = a.Name
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b ExpiringConsent) int { return a.DaysLeft - b.DaysLeft })
	return out, nil
}
