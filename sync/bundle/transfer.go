package bundle

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	sbsync "sbcc/sync"
	"sbcc/sync/trust"
)

// DefaultMaxSkew is how far ahead of the local clock a change may be
// stamped; the network path (gossip.DefaultConfig) allows the same.
const DefaultMaxSkew = 10 * time.Minute

// maxListed bounds the refusals a report lists one by one.
const maxListed = 100

// Source is what Export reads: sbcc's sync/store provides it.
type Source interface {
	// Node returns the replica's node id.
	Node() sbsync.NodeID
	// Vector returns what the replica holds.
	Vector() (sbsync.Vector, error)
	// ChangesSince calls fn for every change held that a replica with
	// vector have lacks, in origin and sequence order.
	ChangesSince(have sbsync.Vector, fn func(sbsync.Change) error) error
}

// Replica is what Import applies to: sbcc's sync/store provides it.
type Replica interface {
	// Node returns the replica's node id.
	Node() sbsync.NodeID
	// ApplyRemote applies a batch of changes in one transaction.
	ApplyRemote(changes []sbsync.Change) (sbsync.ApplyResult, error)
}

// Export writes to w every change src holds that a replica with vector
// from lacks (nil: every change), with h's Network, Office and Notices
// (certificates and revocations only: key rotations are left out, as they
// hold the network key), the header signed by id, src's identity.
// It returns the header written. progress, when not nil, is called with
// the changes written so far and the total.
func Export(ctx context.Context, w io.Writer, src Source, from sbsync.Vector, h Header, id trust.Identity, progress func(done, total uint64)) (Header, error) {
	vec, err := src.Vector()
	if err != nil {
		return Header{}, fmt.Errorf("read this office's vector: %w", err)
	}
	if from == nil {
		from = sbsync.Vector{}
	}
	h.Writer, h.Created, h.From, h.Vector, h.Changes = src.Node(), time.Now().UTC(), from, vec, vec.Count(from)
	h.Notices = fileNotices(h.Notices)
	bw, err := NewWriter(w, h, id)
	if err != nil {
		return Header{}, err
	}
	var done uint64
	err = src.ChangesSince(from, func(c sbsync.Change) error {
		if c.Seq > vec[c.Origin] {
			return nil // committed after the vector was read: next file
		}
		if done%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil {
				progress(done, h.Changes)
			}
		}
		done++
		return bw.Add(c)
	})
	if err != nil {
		return Header{}, err
	}
	if done != h.Changes {
		return Header{}, fmt.Errorf("this office's log holds %d of the %d changes its vector names: run sbcc check", done, h.Changes)
	}
	if progress != nil {
		progress(done, h.Changes)
	}
	return h, bw.Close()
}

// fileNotices returns the notices a sync file may carry: certificates and
// revocations, never key rotations, which hold the network key (a file may
// travel by plain e-mail).
func fileNotices(ns trust.Notices) trust.Notices {
	return trust.Notices{Members: ns.Members, Revoked: ns.Revoked}
}

// Guard is what Import checks every change against.
type Guard struct {
	// Trust verifies signatures and membership; its network must be the
	// file's. Required.
	Trust *trust.Registry
	// MaxSkew is how far ahead of Now a change may be stamped;
	// DefaultMaxSkew when zero.
	MaxSkew time.Duration
	// Now is the wall clock; time.Now when nil.
	Now func() time.Time
}

// Refusal is one change not applied, with the reason in plain words and
// as a code for translations: signature, member, revoked, expired,
// future or invalid.
type Refusal struct {
	Origin sbsync.NodeID `json:"origin"`
	Seq    uint64        `json:"seq"`
	Code   string        `json:"code"`
	Reason string        `json:"reason"`
}

// Report is what Import did with a file.
type Report struct {
	// Header is the file's header.
	Header Header `json:"header"`
	// Changes is the number of changes in the file.
	Changes uint64 `json:"changes"`
	// Signed is true when the header's signature verifies under the
	// writer's member key: its node id, office and vectors can be trusted
	// (each change is verified on its own either way).
	Signed bool `json:"signed"`
	// Added counts changes applied now; Already those held before.
	Added   uint64 `json:"added"`
	Already uint64 `json:"already"`
	// Refused counts changes refused: forged or damaged, from a node that
	// is not a member, revoked, or invalid.
	Refused uint64 `json:"refused"`
	// Future counts changes stamped too far ahead of this clock.
	Future uint64 `json:"future"`
	// Waiting counts changes not applied because an earlier change of the
	// same office is missing (not in the file, refused or in the future).
	Waiting uint64 `json:"waiting"`
	// Reasons lists the first refused or future changes with the reason.
	Reasons []Refusal `json:"reasons,omitempty"`
	// NewNotices is true when the file taught this office network
	// notices (members, revocations) it did not know; the caller saves
	// them (Guard.Trust.Notices()).
	NewNotices bool `json:"newNotices,omitempty"`
}

// ErrOtherNetwork is returned for a file of another network.
var ErrOtherNetwork = errors.New("the file belongs to another network")

// Import checks the file in r completely (nothing is applied from a
// truncated or damaged file), then verifies and applies its changes chunk
// by chunk, each chunk in one transaction. progress, when not nil, is
// called with the changes handled so far and the total.
func Import(ctx context.Context, r io.ReadSeeker, rep Replica, g Guard, progress func(done, total uint64)) (Report, error) {
	if g.Trust == nil {
		return Report{}, errors.New("import a sync file: this office is in no network")
	}
	if g.MaxSkew <= 0 {
		g.MaxSkew = DefaultMaxSkew
	}
	if g.Now == nil {
		g.Now = time.Now
	}
	checked, err := check(r)
	if err != nil {
		return Report{}, err
	}
	h := checked.Header()
	if h.Network != g.Trust.Network() {
		return Report{}, fmt.Errorf("%w (%s); this office is in %s", ErrOtherNetwork, h.Network, g.Trust.Network())
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return Report{}, fmt.Errorf("read the sync file again: %w", err)
	}
	br, err := NewReader(r)
	if err != nil {
		return Report{}, err
	}
	rep0 := Report{Header: h, Changes: h.Changes}
	// Notices are signed certificates: merging verifies each (as the
	// network path does with a peer's state); invalid ones are ignored.
	if added, _ := g.Trust.Merge(fileNotices(h.Notices)); added > 0 {
		rep0.NewNotices = true
	}
	if m, ok := g.Trust.Member(h.Writer); ok && !g.Trust.Revoked(h.Writer) {
		rep0.Signed = checked.Signed(m.Key)
	}
	im := importer{rep: rep, g: g, report: rep0, skipped: map[sbsync.NodeID]bool{}}
	var done uint64
	for {
		if err := ctx.Err(); err != nil {
			return im.report, err
		}
		cs, err := br.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return im.report, err // the file changed under us since Check
		}
		if err := im.apply(cs); err != nil {
			return im.report, err
		}
		done += uint64(len(cs))
		if progress != nil {
			progress(done, h.Changes)
		}
	}
	return im.report, nil
}

type importer struct {
	rep     Replica
	g       Guard
	report  Report
	skipped map[sbsync.NodeID]bool
}

func (im *importer) refuse(c *sbsync.Change, code, reason string) {
	if len(im.report.Reasons) < maxListed {
		im.report.Reasons = append(im.report.Reasons, Refusal{Origin: c.Origin, Seq: c.Seq, Code: code, Reason: reason})
	}
	im.skipped[c.Origin] = true
}

// apply verifies, clock-guards and applies one chunk in one transaction.
// After a change of an origin is refused, the later ones of that origin
// wait: applying them would leave a gap.
func (im *importer) apply(cs []sbsync.Change) error {
	now := im.g.Now()
	errs := im.g.Trust.VerifyBatch(cs)
	ok := make([]sbsync.Change, 0, len(cs))
	for i := range cs {
		c := &cs[i]
		if im.skipped[c.Origin] {
			im.report.Waiting++
			continue
		}
		if err := errs[i]; err != nil {
			im.report.Refused++
			code, text := reason(err)
			im.refuse(c, code, text)
			continue
		}
		if ahead := c.HLC.Time().Sub(now); ahead > im.g.MaxSkew {
			im.report.Future++
			im.refuse(c, "future", fmt.Sprintf("it is dated %s ahead of this computer's clock (at most %s is allowed): check the clocks of both computers, then import the file again",
				ahead.Round(time.Second), im.g.MaxSkew))
			continue
		}
		ok = append(ok, *c)
	}
	if len(ok) == 0 {
		return nil
	}
	res, err := im.rep.ApplyRemote(ok)
	if err != nil {
		return fmt.Errorf("apply changes from the file: %w", err)
	}
	im.report.Added += uint64(res.Applied)
	im.report.Already += uint64(res.Duplicates)
	im.report.Refused += uint64(len(res.Refused))
	for _, e := range res.Refused {
		if len(im.report.Reasons) < maxListed {
			im.report.Reasons = append(im.report.Reasons, Refusal{Code: "invalid", Reason: e.Error()})
		}
	}
	held := uint64(len(ok)) - uint64(res.Applied) - uint64(res.Duplicates) - uint64(len(res.Refused))
	im.report.Waiting += held
	return nil
}

// reason says why verification refused a change, as a code and in plain
// words.
func reason(err error) (code, text string) {
	switch {
	case errors.Is(err, trust.ErrBadSignature):
		return "signature", "its signature does not match: the change was altered or forged"
	case errors.Is(err, trust.ErrUnknownOrigin):
		return "member", "it was made by a node that is not a member of this network"
	case errors.Is(err, trust.ErrRevoked):
		return "revoked", "it was made by a node whose membership was revoked"
	case errors.Is(err, trust.ErrExpired):
		return "expired", "it was made by a node whose invite code expired before its inviter admitted it"
	}
	return "invalid", err.Error()
}
