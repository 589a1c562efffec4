package offices

import (
	"errors"
	"fmt"
	"time"

	"sbcc/app"
	sbsync "sbcc/sync"
	"sbcc/sync/trust"
)

// ErrInNetwork is returned when founding or joining a network from a data
// folder that already belongs to another one.
var ErrInNetwork = errors.New("this data folder already belongs to a network")

// NetworkFile returns the data folder's network file, or trust.ErrNoNetwork.
func NetworkFile(d *app.Directory) (*trust.File, error) { return trust.Load(d.Dir()) }

// FoundNetwork makes a new network with this node as its first member:
// the encryption key, this node's signing key, and its office name. It
// returns the network's id.
func FoundNetwork(d *app.Directory, office string) (string, error) {
	if office == "" {
		return "", errors.New("name this office first")
	}
	if f, err := trust.Load(d.Dir()); err == nil {
		return "", fmt.Errorf("%w (%s)", ErrInNetwork, f.Network)
	}
	id := identity(d, office)
	m, network := trust.Founder(id)
	f := &trust.File{Network: network, Keys: [][]byte{trust.NewKey()}, Self: id, Notices: trust.Notices{Members: []trust.Member{m}}}
	if err := f.Save(d.Dir()); err != nil {
		return "", err
	}
	return network, adopt(d, id)
}

// JoinNetwork joins the network of an invite code. A node already in that
// network (one that missed a key rotation) keeps its identity and takes
// the code's keys. It returns the network file as saved.
func JoinNetwork(d *app.Directory, code, office string) (*trust.File, error) {
	inv, err := trust.ParseInvite(code)
	if err != nil {
		return nil, err
	}
	f, err := trust.Load(d.Dir())
	switch {
	case err == nil && f.Network != inv.Network:
		return nil, fmt.Errorf("%w (%s); the code is for %s", ErrInNetwork, f.Network, inv.Network)
	case err == nil:
		f.Keys = inv.Keys
	case !errors.Is(err, trust.ErrNoNetwork):
		return nil, err
	default:
		if office == "" {
			return nil, errors.New("name this office first")
		}
		id := identity(d, office)
		m, err := inv.Accept(id, time.Now())
		if err != nil {
			return nil, err
		}
		f = &trust.File{Network: inv.Network, Keys: inv.Keys, Self: id, Notices: trust.Notices{Members: []trust.Member{m}}}
	}
	if err := f.MergeNotices(inv.Notices); err != nil {
		d.Log().Warn("some certificates in the invite were refused", "err", err)
	}
	for _, a := range inv.Addrs {
		if a != "" && !contains(f.Addrs, a) {
			f.Addrs = append(f.Addrs, a)
		}
	}
	if err := f.Save(d.Dir()); err != nil {
		return nil, err
	}
	return f, adopt(d, f.Self)
}

// ErrNotAdmin is returned for an admin's action (invite, revoke, rotate,
// make admin) on an office that is not an admin of its network.
var ErrNotAdmin = trust.ErrNotAdmin

// MaxInviteValidity bounds how long an invite code can be used.
const MaxInviteValidity = 30 * 24 * time.Hour

// Invite returns an invite code for a new office that can reach the
// network at addrs, valid for valid. Only an admin invites. It reads only
// the network file of the data folder dir, so it works beside a running
// node.
func Invite(dir string, addrs []string, valid time.Duration) (string, error) {
	f, reg, err := adminFile(dir)
	if err != nil {
		return "", err
	}
	if len(addrs) == 0 {
		return "", errors.New("give at least one address (host:port) where the network can be reached: this node's or an always-on office node's")
	}
	if valid <= 0 || valid > MaxInviteValidity {
		return "", fmt.Errorf("an invite code can be valid for up to %d days", int(MaxInviteValidity.Hours()/24))
	}
	now := time.Now()
	return trust.NewInvite(f.Self, f.Network, f.Keys, addrs, now, now.Add(valid), reg.Notices()).Code(), nil
}

// adminFile loads the network file of dir and refuses unless this node is
// a current admin of its network.
func adminFile(dir string) (*trust.File, *trust.Registry, error) {
	f, err := trust.Load(dir)
	if err != nil {
		return nil, nil, err
	}
	reg, _ := f.Registry()
	if _, ok := reg.Admin(f.Self.Node); !ok {
		return nil, nil, fmt.Errorf("%w: ask an admin office (the founder, or one it made admin) to do it", ErrNotAdmin)
	}
	return f, reg, nil
}

// RotateKey adds a new network key to the network file of the data folder
// dir, sealed to each current member; every node that hears of it uses it
// from a minute on, and the old one stops working after grace. Revoked
// nodes cannot open it. It returns when the old key is dropped. A running
// node picks the change up from the file. Only an admin rotates.
func RotateKey(dir string, grace time.Duration) (time.Time, error) {
	if _, _, err := adminFile(dir); err != nil {
		return time.Time{}, err
	}
	now := time.Now()
	err := trust.Update(dir, func(f *trust.File) error {
		reg, _ := f.Registry()
		rot, err := trust.Rotate(f.Self, f.Network, trust.NewKey(), now.Add(time.Minute).Unix(), now.Add(grace).Unix(), reg.Members())
		if err != nil {
			return err
		}
		return f.MergeNotices(trust.Notices{Rotations: []trust.Rotation{rot}})
	})
	return now.Add(grace), err
}

// Revoke refuses every change node makes after its change upTo and every
// notice it signs, network-wide once the notice spreads. Only an admin of a
// higher rank than node revokes it; a revocation cannot be undone.
func Revoke(dir string, node sbsync.NodeID, upTo uint64) error {
	return trust.Update(dir, func(f *trust.File) error {
		reg, _ := f.Registry()
		if err := reg.CanRevoke(f.Self.Node, node); err != nil {
			return err
		}
		return f.MergeNotices(trust.Notices{Revoked: []trust.Revocation{trust.Revoke(f.Self, f.Network, node, upTo)}})
	})
}

// MakeAdmin makes node, a current member, an admin of the network: it may
// then invite, rotate, make admins and revoke nodes of a lower rank. Only
// an admin makes admins.
func MakeAdmin(dir string, node sbsync.NodeID) error {
	return trust.Update(dir, func(f *trust.File) error {
		reg, _ := f.Registry()
		if _, ok := reg.Admin(f.Self.Node); !ok {
			return fmt.Errorf("%w: ask an admin office to do it", ErrNotAdmin)
		}
		if _, ok := reg.Member(node); !ok || reg.Revoked(node) {
			return fmt.Errorf("%s is not a current member of this network", node)
		}
		return f.MergeNotices(trust.Notices{Grants: []trust.Grant{trust.MakeAdmin(f.Self, f.Network, node)}})
	})
}

// AdmitNew admits the certificates of this node's invite codes that reg
// counts but that are not admitted yet: from then on the code is spent and
// the member stays a member after the code expires. It adds them to reg and
// to the network file of dir and returns how many it admitted.
func AdmitNew(dir string, reg *trust.Registry) (int, error) {
	var n int
	err := trust.Update(dir, func(f *trust.File) error {
		var ms []trust.Member
		for _, m := range reg.Unadmitted(f.Self.Node) {
			ms = append(ms, trust.Admit(f.Self, m))
		}
		n = len(ms)
		if n == 0 {
			return nil
		}
		if _, err := reg.Merge(trust.Notices{Members: ms}); err != nil {
			return err
		}
		return f.MergeNotices(trust.Notices{Members: ms})
	})
	return n, err
}

// identity is this node's identity under office: its store's key.
func identity(d *app.Directory, office string) trust.Identity {
	return trust.NewIdentity(d.Store().Key(), office)
}

// adopt makes id this node's identity: its earlier changes get signed,
// later ones are signed as they are made, and its office is named.
func adopt(d *app.Directory, id trust.Identity) error {
	if _, err := d.Store().SignLocal(id.Sign); err != nil {
		return err
	}
	d.Store().SetSigner(id.Sign)
	return d.SetOffice(id.Office)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
