package syncfile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"sbcc/app"
	sbsync "sbcc/sync"
	"sbcc/sync/bundle"
	"sbcc/sync/store"
	"sbcc/sync/trust"
)

// Sync by file: for an office with no connection at all, the changes it
// lacks travel in a sync file (sbcc/sync/bundle) on a USB stick or as an
// e-mail attachment, and are verified on arrival like changes from the
// network.

// ErrNoNetwork is returned by the sync file functions in a data folder
// that belongs to no network yet.
var ErrNoNetwork = errors.New("this office is in no network yet: found one or join one first")

// peerVectorNote is the prefix of the local notes that remember, per
// office, the last vector it reported (in a sync file it wrote).
const peerVectorNote = "syncfile/vector/"

// Exported tells what Export wrote.
type Exported struct {
	Header bundle.Header `json:"header"`
	// For is the node the file was written for, empty for all changes;
	// Known is false when no vector of it was known, so that the file
	// holds every change.
	For   sbsync.NodeID `json:"for,omitempty"`
	Known bool          `json:"known"`
}

// Export writes to w the changes the office for (a node id or an office
// name; empty for every change) lacks, as far as this office knows: from
// the vector it last reported, or every change when none is known.
// progress, when not nil, is told the changes written so far and the total.
func Export(ctx context.Context, d *app.Directory, w io.Writer, forOffice string, progress func(done, total uint64)) (Exported, error) {
	f, err := trust.Load(d.Dir())
	if errors.Is(err, trust.ErrNoNetwork) {
		return Exported{}, ErrNoNetwork
	}
	if err != nil {
		return Exported{}, err
	}
	var out Exported
	var from sbsync.Vector
	if forOffice != "" {
		if out.For, err = resolveOffice(d, forOffice); err != nil {
			return Exported{}, err
		}
		if from, err = PeerVector(d, out.For); err != nil {
			return Exported{}, err
		}
		out.Known = from != nil
	}
	reg, _ := f.Registry()
	h := bundle.Header{Network: f.Network, Office: d.Office(), Notices: reg.Notices()}
	out.Header, err = bundle.Export(ctx, w, d.Store(), from, h, f.Self, progress)
	return out, err
}

// resolveOffice returns the node named by a node id or an office name.
func resolveOffice(d *app.Directory, name string) (sbsync.NodeID, error) {
	offices := d.Offices()
	if _, ok := offices[sbsync.NodeID(name)]; ok {
		return sbsync.NodeID(name), nil
	}
	var found []sbsync.NodeID
	for id, office := range offices {
		if office == name {
			found = append(found, id)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		if sbsync.NodeID(name).Valid() {
			return sbsync.NodeID(name), nil // a node not heard of yet: every change
		}
		return "", fmt.Errorf("%w: no office or node is called %q", app.ErrInvalid, name)
	}
	return "", fmt.Errorf("%w: %d nodes belong to office %q; name one by its node id (sbcc peers)", app.ErrInvalid, len(found), name)
}

// PeerVector returns the vector node last reported to this office (in a
// sync file it wrote, or as passed to RememberPeerVector), or nil when
// none is known.
func PeerVector(d *app.Directory, node sbsync.NodeID) (sbsync.Vector, error) {
	raw, err := d.Store().NoteGet([]byte(peerVectorNote + string(node)))
	if err != nil || raw == nil {
		return nil, err
	}
	var v sbsync.Vector
	if err := json.Unmarshal(raw, &v); err != nil {
		d.Log().Warn("remembered vector damaged; the next file for it holds everything", "node", node, "err", err)
		return nil, nil
	}
	return v, nil
}

// RememberPeerVector records that node holds at least vec, so that the next
// sync file for it holds only what it lacks. Vectors only grow: vec is
// merged into what was known. The live sync node may call it with the
// vectors its peers report.
func RememberPeerVector(d *app.Directory, node sbsync.NodeID, vec sbsync.Vector) error {
	known, err := PeerVector(d, node)
	if err != nil {
		return err
	}
	if known == nil {
		known = sbsync.Vector{}
	}
	known.Merge(vec)
	raw, _ := json.Marshal(known)
	return d.Store().PutNotes(store.Note{Key: []byte(peerVectorNote + string(node)), Value: raw})
}

// Import verifies and applies the changes of the sync file in r (see
// bundle.Import): the network's members and keys, the clock guard and the
// store's merge, one transaction per chunk. Network notices the file
// carries are saved; when the header is signed by its writer's member key,
// the writer's vector is remembered for the next file back to it.
func Import(ctx context.Context, d *app.Directory, r io.ReadSeeker, progress func(done, total uint64)) (bundle.Report, error) {
	f, err := trust.Load(d.Dir())
	if errors.Is(err, trust.ErrNoNetwork) {
		return bundle.Report{}, ErrNoNetwork
	}
	if err != nil {
		return bundle.Report{}, err
	}
	reg, err := f.Registry()
	if err != nil {
		d.Log().Warn("network file has invalid notices", "err", err)
	}
	rep, err := bundle.Import(ctx, r, d.Store(), bundle.Guard{Trust: reg}, progress)
	if rep.NewNotices {
		if err := trust.Update(d.Dir(), func(f *trust.File) error { return f.MergeNotices(reg.Notices()) }); err != nil {
			d.Log().Warn("cannot save the network notices of a sync file", "err", err)
		}
	}
	if err != nil {
		return rep, err
	}
	h := rep.Header
	if !rep.Signed || h.Writer == d.Store().Node() {
		return rep, nil // who wrote it is not proven: remember nothing of it
	}
	if h.Office != "" {
		if err := d.Store().SetOffice(h.Writer, h.Office); err != nil {
			d.Log().Warn("cannot record the office of a sync file", "err", err)
		}
	}
	if err := RememberPeerVector(d, h.Writer, h.Vector); err != nil {
		d.Log().Warn("cannot remember the vector of a sync file", "err", err)
	}
	return rep, nil
}
