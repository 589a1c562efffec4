package offices

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"sbcc/app"
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

// State returns what the network settings should offer.
func State(d *app.Directory) (NetworkState, error) {
	var s NetworkState
	demo, err := demoRecords(d)
	if err != nil {
		return s, err
	}
	s.Demo = len(demo)
	f, err := trust.Load(d.Dir())
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

// ReadInvite reads an invite code, for the settings to show when it expires.
func ReadInvite(code string) (InviteInfo, error) {
	inv, err := trust.ParseInvite(code)
	if err != nil {
		return InviteInfo{}, inviteProblem(err)
	}
	return InviteInfo{Network: inv.Network, Expires: time.Unix(inv.Expires, 0).UTC().Format(time.RFC3339)}, nil
}

// demoRecords returns the live demo records, id to kind: the demo actors
// and the links, posts and participations of theirs, and the events only
// they organise.
func demoRecords(d *app.Directory) (map[string]string, error) {
	out := map[string]string{}
	actors, err := d.List("actor", app.ListOptions{})
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
		rs, err := d.List(kind, app.ListOptions{})
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
func refuseDemo(d *app.Directory) error {
	demo, err := demoRecords(d)
	if err != nil || len(demo) == 0 {
		return err
	}
	return model.One("network", model.CodeDemoPresent,
		fmt.Sprintf("this directory holds %d demo records; remove them first (Remove demo data, in the settings of the app), so they do not reach the other offices", len(demo)),
		"n", fmt.Sprint(len(demo)))
}

// RemoveDemo deletes every demo record (see NetworkState.Demo) and returns
// how many. Real records are left alone.
func RemoveDemo(d *app.Directory) (int, error) {
	demo, err := demoRecords(d)
	if err != nil {
		return 0, err
	}
	edits := make([]store.Edit, 0, len(demo))
	for id, kind := range demo {
		edits = append(edits, store.Edit{Kind: kind, ID: id, Op: sbsync.OpDelete})
	}
	for len(edits) > 0 {
		n := min(len(edits), 1000)
		if _, err := d.Store().Commit(edits[:n]...); err != nil {
			return 0, err
		}
		edits = edits[n:]
	}
	return len(demo), nil
}

// Network is what the office needs from the sync node (sbcc/node
// implements it) to found and join networks, hand out invites and rotate
// the key; the UI reaches it through ui.APIOptions.Network.
type Network interface {
	// Peers returns the status of every known office.
	Peers() ([]Peer, error)
	// Create starts a new network with this node as its first member.
	Create() (NetworkInfo, error)
	// Join joins the network an invite code names.
	Join(invite string) (NetworkInfo, error)
	// Invite returns a code another office can join with.
	Invite() (string, error)
	// Rotate replaces the network key; returns the new invite code.
	Rotate() (string, error)
}

// Peer is one office of the network as shown in the sync panel.
type Peer struct {
	Node   string `json:"node"`
	Office string `json:"office"`
	Online bool   `json:"online"`
	// Connected is true while this node holds a session with the peer;
	// Via names the node through which it is reached otherwise (a hub).
	Connected bool   `json:"connected"`
	Via       string `json:"via,omitempty"`
	// LastContact is RFC 3339, empty if never.
	LastContact string `json:"lastContact,omitempty"`
	// Behind is how many of the peer's changes we lack; Ahead how many of
	// ours it lacks.
	Behind    uint64 `json:"behind"`
	Ahead     uint64 `json:"ahead"`
	Conflicts int    `json:"conflicts"`
	// Progress of a running catch-up, 0…1; 0 when none runs.
	Progress float64 `json:"progress"`
	// BytesSent and BytesReceived count the traffic with the peer.
	BytesSent     uint64 `json:"bytesSent"`
	BytesReceived uint64 `json:"bytesReceived"`
}

// NetworkInfo describes the network this node belongs to.
type NetworkInfo struct {
	Name    string `json:"name"`
	Members int    `json:"members"`
	Invite  string `json:"invite,omitempty"`
}

// Found starts a new network through n with this office as first member,
// naming the office first when office is given.
func Found(d *app.Directory, n Network, office string) (NetworkInfo, error) {
	if err := refuseDemo(d); err != nil {
		return NetworkInfo{}, err
	}
	if n == nil {
		return NetworkInfo{}, app.ErrNotAvailable
	}
	if err := nameOffice(d, office); err != nil {
		return NetworkInfo{}, err
	}
	return n.Create()
}

// Join joins through n the network of an invite code, naming the office first
// when office is given.
func Join(d *app.Directory, n Network, invite, office string) (NetworkInfo, error) {
	invite = strings.TrimSpace(invite)
	if invite == "" {
		return NetworkInfo{}, model.One("invite", model.CodeRequired, "paste the invite code another office gave you")
	}
	if _, err := trust.ParseInvite(invite); err != nil {
		return NetworkInfo{}, inviteProblem(err)
	}
	if err := refuseDemo(d); err != nil {
		return NetworkInfo{}, err
	}
	if n == nil {
		return NetworkInfo{}, app.ErrNotAvailable
	}
	prev := d.Office()
	if err := nameOffice(d, office); err != nil {
		return NetworkInfo{}, err
	}
	info, err := n.Join(invite)
	if err != nil {
		// A join that failed leaves the office as it was.
		if rerr := d.Store().SetOffice(d.Store().Node(), prev); rerr != nil {
			return NetworkInfo{}, errors.Join(inviteProblem(err), rerr)
		}
		return NetworkInfo{}, inviteProblem(err)
	}
	return info, nil
}

// nameOffice sets the office name when given; one is needed to be a member.
func nameOffice(d *app.Directory, office string) error {
	if office = strings.TrimSpace(office); office != "" {
		return d.SetOffice(office)
	}
	if d.Office() == "" {
		return model.One("office", model.CodeOfficeFirst, "name this office first (for example Rietavas)")
	}
	return nil
}
