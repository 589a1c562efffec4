package app

import (
	"context"
	"sbcc/app/model"
)

// placeLookup maps every folded name of the built-in localities and of the
// gazetteer's places (in each language, and their other names: Stettin,
// Danzig, Memel) to the place's id.
func placeLookup() lookup {
	l := lookupOf(model.Localities, func(x model.Locality) (string, model.Text) { return x.ID, x.Name })
	for _, p := range model.Places {
		l.add(p.ID, p.Name)
		for _, o := range p.Other {
			if _, taken := l[fold(o)]; !taken {
				l[fold(o)] = p.ID
			}
		}
	}
	return l
}

// fillCountry gives a the country of its place when it has none: a town of
// the gazetteer says which country it is in.
func fillCountry(a *model.Actor) {
	if a.Country != "" || a.Locality == "" {
		return
	}
	if l, ok := model.LocalityByID(a.Locality); ok {
		a.Country = l.Country
	}
}

// placeWords are the words under which the records of a place are found:
// every name of a gazetteer place (Szczecin, Stettin, Ščecinas), or the
// place as written when it is not in the gazetteer.
func placeWords(locality string) []string {
	if p, ok := model.PlaceByID(locality); ok {
		return p.Names()
	}
	if locality != "" {
		return []string{locality}
	}
	return nil
}

// Places returns the gazetteer of the South Baltic's towns, for the place
// suggestions of the forms and the names of places in lists. It is apart
// from Meta, which every start loads first, as it is some 40 kB.
func (a *RecordsAPI) Places(ctx context.Context) ([]model.Place, error) { return model.Places, nil }
