package transfer

import (
	"encoding/json"
	"strings"

	"sbcc/app"
	"sbcc/app/model"
	sbsync "sbcc/sync"
)

// forEachActorKeys calls fn with each actor of the store, live or deleted,
// decoded only as far as duplicate matching needs: name, e-mail, phone,
// website and locality. The importer and the New actor form both match
// with it.
func forEachActorKeys(d *app.Directory, fn func(id string, a *model.Actor, deleted bool) error) error {
	return d.Store().ForEach("actor", func(rec *sbsync.Record) error {
		if rec.Deleted() {
			return fn(rec.ID, nil, true)
		}
		vals := rec.Values()
		a := &model.Actor{ID: rec.ID}
		for field, dst := range map[string]*string{"name": &a.Name, "email": &a.Email, "phone": &a.Phone, "website": &a.Website, "locality": &a.Locality} {
			if v, ok := vals[field]; ok {
				json.Unmarshal(v, dst)
			}
		}
		return fn(rec.ID, a, false)
	})
}

// phoneKey is the duplicate key of a phone number: its last nine digits, so
// that "+48 91 123 45 67" and "091 123 45 67" match; "" for fewer than seven.
func phoneKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	k := b.String()
	if len(k) < 7 {
		return ""
	}
	return k[max(0, len(k)-9):]
}

// entryKeys are the keys under which an actor typed in by hand matches
// another: the importer's (e-mail, website, name in the same town) and its
// phone number.
func entryKeys(a *model.Actor) []string {
	keys := duplicateKeys(a)
	if k := phoneKey(a.Phone); k != "" {
		keys = append(keys, "phone\x00"+k)
	}
	return keys
}

// Similar is an actor already in the directory that one being entered
// looks like.
type Similar struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Match says what matched: email, phone, website or name (in the same town).
	Match string `json:"match"`
	// Value is the matching value of the actor in the directory.
	Value string `json:"value"`
}

// maxSimilar bounds what SimilarActors returns: a handful to look at.
const maxSimilar = 10

// SimilarActors returns the live actors that act may duplicate, matched as
// the importer matches rows (same e-mail, same website host, same name in
// the same town) and by phone number. The New actor form asks before it
// saves; act itself (by id) is left out. An act that SaveActor would refuse
// returns its model.Problems, all of them, so the form shows them at once.
func SimilarActors(d *app.Directory, act model.Actor) ([]Similar, error) {
	act.Meta = model.Meta{}
	act.Name = strings.TrimSpace(act.Name)
	act.Email = strings.TrimSpace(act.Email)
	act.Website = model.NormaliseWebsite(act.Website)
	if err := act.Validate(); err != nil {
		return nil, err
	}
	want := map[string]string{}
	for _, k := range entryKeys(&act) {
		kind, _, _ := strings.Cut(k, "\x00")
		want[k] = kind
	}
	out := []Similar{}
	if len(want) == 0 {
		return out, nil
	}
	err := forEachActorKeys(d, func(id string, x *model.Actor, deleted bool) error {
		if deleted || id == act.ID || len(out) >= maxSimilar {
			return nil
		}
		for _, k := range entryKeys(x) {
			kind, ok := want[k]
			if !ok {
				continue
			}
			val := map[string]string{"email": x.Email, "phone": x.Phone, "website": x.Website, "name": x.Name}[kind]
			out = append(out, Similar{ID: id, Name: x.Name, Match: kind, Value: val})
			break
		}
		return nil
	})
	return out, err
}
