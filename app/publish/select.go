package publish

import (
	"cmp"
	"slices"
	"time"

	"sbcc/app/model"
)

// Actor is what the catalogue shows of one actor.
type Actor struct {
	// Slug names the actor's page; it comes from the name, not the id.
	Slug        string
	Name        string
	Kind        string
	Description model.Text
	Sectors     []string
	Languages   []string
	Locality    string
	Country     string
	Website     string
	Offers      []string
	Needs       []string
	// Email and Phone are set only with a consent to show them.
	Email string
	Phone string
}

// Select returns the actors to publish, by name: live actors with public
// visibility and a live consent for publication at now. Locality ids that
// are not in localities are dropped.
func Select(actors []*model.Actor, consents []*model.Consent, now time.Time) []Actor {
	today := now.UTC().Format(time.DateOnly)
	consented := map[string]map[string]bool{}
	for _, c := range consents {
		if c.Meta.Deleted || c.Meta.Erased || c.Given > today || (c.Expires != "" && c.Expires < today) {
			continue
		}
		if consented[c.Subject] == nil {
			consented[c.Subject] = map[string]bool{}
		}
		consented[c.Subject][c.Purpose] = true
	}
	var out []Actor
	for _, a := range actors {
		if a.Meta.Deleted || a.Meta.Erased || a.Visibility != "public" || !consented[a.ID][model.PurposePublication] {
			continue
		}
		p := Actor{Name: a.Name, Kind: a.Kind, Description: a.Description, Sectors: a.Sectors, Languages: a.Languages,
			Locality: a.Locality, Country: a.Country, Website: a.Website, Offers: a.Offers, Needs: a.Needs}
		if consented[a.ID][model.PurposePublicationContact] {
			p.Email, p.Phone = a.Email, a.Phone
		}
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(x, y Actor) int { return cmp.Compare(x.Name, y.Name) })
	taken := map[string]bool{}
	for i := range out {
		out[i].Slug = uniqueSlug(slugOf(out[i].Name), taken)
	}
	return out
}
