package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"sbcc/app/demo"
	"sbcc/app/model"
	sbsync "sbcc/sync"
	"sbcc/sync/store"
	"sbcc/sync/trust"
)

// NetworkState says which network actions apply to this office, so the
// settings offer only those: invite and rotate to an admin member, join and
// start to an office in no network.
type NetworkState struct {
	// Member is true when this office belongs to a network.
	Member bool `json:"member"`
	// Admin is true when it may invite, rotate and revoke.
	Admin bool `json:"admin"`
	// Name is the network's name; Members how many offices it has.
	Name    string `json:"name,omitempty"`
	Members int    `json:"members,omitempty"`
	// Demo counts the demo records in the directory: while there are any,
	// the office can neither start nor join a network.
	Demo int `json:"demo"`
}

// NetworkState returns what the network settings should offer.
func (a *OfficesAPI) NetworkState(ctx context.Context) (NetworkState, error) {
	var s NetworkState
	demo, err := a.dir.demoRecords()
	if err != nil {
		return s, err
	}
	s.Demo = len(demo)
	f, err := trust.Load(a.dir.Dir())
	if errors.Is(err, trust.ErrNoNetwork) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	reg, _ := f.Registry()
	_, s.Member = reg.Member(f.Self.Node)
	_, s.Admin = reg.Admin(f.Self.Node)
	s.Name, s.Members = f.Network, len(reg.Members())
	return s, nil
}

// InviteInfo is what an invite code says about itself.
type InviteInfo struct {
	Network string `json:"network"`
	// Expires is when the code stops working, RFC 3339.
	Expires string `json:"expires"`
}

// InviteInfo reads an invite code, for the settings to show when it expires.
func (a *OfficesAPI) InviteInfo(ctx context.Context, code string) (InviteInfo, error) {
	inv, err := trust.ParseInvite(code)
	if err != nil {
		return InviteInfo{}, inviteProblem(err)
	}
	return InviteInfo{Network: inv.Network, Expires: time.Unix(inv.Expires, 0).UTC().Format(time.RFC3339)}, nil
}

// demoRecords returns the live demo records, id to kind: the demo actors
// and the links, posts and participations of theirs, and the events only
// they organise.
func (d *Directory) demoRecords() (map[string]string, error) {
	out := map[string]string{}
	actors, err := d.List("actor", ListOptions{})
	if err != nil {
		return nil, err
	}
	for _, r := range actors {
		if a := r.(*model.Actor); demo.IsDemoActor(a) {
			out[a.ID] = "actor"
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	demo := func(id string) bool { return out[id] == "actor" }
	for _, kind := range []string{"link", "post", "participation", "event"} {
		rs, err := d.List(kind, ListOptions{})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			switch v := r.(type) {
			case *model.Link:
				if demo(v.From) || demo(v.To) {
					out[v.ID] = kind
				}
			case *model.Post:
				if demo(v.Actor) {
					out[v.ID] = kind
				}
			case *model.Participation:
				if demo(v.Actor) {
					out[v.ID] = kind
				}
			case *model.Event:
				all := len(v.Organisers) > 0
				for _, o := range v.Organisers {
					all = all && demo(o)
				}
				if all {
					out[v.ID] = kind
				}
			}
		}
	}
	return out, nil
}

// refuseDemo returns a problem when the directory holds demo records: they
// would reach every office of the network. The app (window and web) asks
// it before starting or joining a network; the command line does not, so
// that test networks and the benchmarks can run on demo data on purpose.
func (d *Directory) refuseDemo() error {
	demo, err := d.demoRecords()
	if err != nil || len(demo) == 0 {
		return err
	}
	return model.One("network", model.CodeDemoPresent,
		fmt.Sprintf("this directory holds %d demo records; remove them first (Remove demo data, in the settings of the app), so they do not reach the other offices", len(demo)),
		"n", fmt.Sprint(len(demo)))
}

// RemoveDemo deletes every demo record (see NetworkState.Demo) and returns
// how many. Real records are left alone.
func (a *OfficesAPI) RemoveDemo(ctx context.Context) (int, error) {
	demo, err := a.dir.demoRecords()
	if err != nil {
		return 0, err
	}
	edits := make([]store.Edit, 0, len(demo))
	for id, kind := range demo {
		edits = append(edits, store.Edit{Kind: kind, ID: id, Op: sbsync.OpDelete})
	}
	for len(edits) > 0 {
		n := min(len(edits), 1000)
		if _, err := a.dir.store.Commit(edits[:n]...); err != nil {
			return 0, err
		}
		edits = edits[n:]
	}
	return len(demo), nil
}
