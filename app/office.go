package app

import (
	"errors"
	"fmt"
	"time"

	"sbcc/sync/trust"
)

// ErrInNetwork is returned when founding or joining a network from a data
// folder that already belongs to another one.
var ErrInNetwork = errors.New("this data folder already belongs to a network")

// Network returns the data folder's network file, or trust.ErrNoNetwork.
func (d *Directory) Network() (*trust.File, error) { return trust.Load(d.dir) }

// FoundNetwork makes a new network with this node as its first member:
// the encryption key, this node's signing key, and its office name. It
// returns the network's id.
func (d *Directory) FoundNetwork(office string) (string, error) {
	if office == "" {
		return "", errors.New("name this office first")
	}
	if f, err := trust.Load(d.dir); err == nil {
		return "", fmt.Errorf("%w (%s)", ErrInNetwork, f.Network)
	}
	id := trust.NewIdentity(d.Node(), office)
	m, network := trust.Founder(id)
	f := &trust.File{Network: network, Keys: [][]byte{trust.NewKey()}, Self: id, Notices: trust.Notices{Members: []trust.Member{m}}}
	if err := f.Save(d.dir); err != nil {
		return "", err
	}
	return network, d.adopt(id)
}

// JoinNetwork joins the network of an invite code. A node already in that
// network (one that missed a key rotation) keeps its identity and takes
// the code's keys. It returns the network file as saved.
func (d *Directory) JoinNetwork(code, office string) (*trust.File, error) {
	inv, err := trust.ParseInvite(code)
	if err != nil {
		return nil, err
	}
	f, err := trust.Load(d.dir)
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
		id := trust.NewIdentity(d.Node(), office)
		m, err := inv.Accept(id, time.Now())
		if err != nil {
			return nil, err
		}
		f = &trust.File{Network: inv.Network, Keys: inv.Keys, Self: id,
			Notices: trust.Notices{Members: append([]trust.Member{m}, inv.Members...)}}
	}
	if err := f.MergeNotices(trust.Notices{Members: inv.Members}); err != nil {
		d.log.Warn("some certificates in the invite were refused", "err", err)
	}
	for _, a := range inv.Addrs {
		if a != "" && !contains(f.Addrs, a) {
			f.Addrs = append(f.Addrs, a)
		}
	}
	if err := f.Save(d.dir); err != nil {
		return nil, err
	}
	return f, d.adopt(f.Self)
}

// Invite returns an invite code for a new office that can reach the
// network at addrs, valid for valid. It reads only the network file of the
// data folder dir, so it works beside a running node.
func Invite(dir string, addrs []string, valid time.Duration) (string, error) {
	f, err := trust.Load(dir)
	if err != nil {
		return "", err
	}
	if len(addrs) == 0 {
		return "", errors.New("give at least one address (host:port) where the network can be reached: this node's or an always-on office node's")
	}
	reg, _ := f.Registry()
	return trust.NewInvite(f.Self, f.Network, f.Keys, addrs, time.Now().Add(valid), reg.Notices().Members...).Code(), nil
}

// RotateKey adds a new network key to the network file of the data folder
// dir; every node that hears of it uses it from a minute on, and the old one
// stops working after grace. It returns when the old key is dropped. A
// running node picks the change up from the file.
func RotateKey(dir string, grace time.Duration) (time.Time, error) {
	now := time.Now()
	err := trust.Update(dir, func(f *trust.File) error {
		rot := trust.Rotate(f.Self, f.Network, trust.NewKey(), now.Add(time.Minute).Unix(), now.Add(grace).Unix())
		return f.MergeNotices(trust.Notices{Rotations: []trust.Rotation{rot}})
	})
	return now.Add(grace), err
}

// adopt makes id this node's identity: its earlier changes get signed,
// later ones are signed as they are made, and its office is named.
func (d *Directory) adopt(id trust.Identity) error {
	if _, err := d.store.SignLocal(id.Sign); err != nil {
		return err
	}
	d.store.SetSigner(id.Sign)
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
