package trust

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"slices"
	"sort"
	stdsync "sync"
	"time"

	sbsync "sbcc/sync"
)

// Errors of verification.
var (
	// ErrUnknownOrigin is returned for a change whose origin has no valid
	// certificate (yet): it is refused and asked for again later.
	ErrUnknownOrigin = errors.New("change from a node that is not a known member")
	// ErrExpired is returned for a change whose origin joined with an invite
	// that expired before its inviter admitted it.
	ErrExpired = errors.New("change from a node whose invite expired before it was admitted")
	// ErrRevoked is returned for a change made by a revoked node after its
	// revocation.
	ErrRevoked = errors.New("change from a revoked node")
	// ErrBadSignature is returned for a change whose signature does not
	// verify under its origin's key: forged or damaged.
	ErrBadSignature = errors.New("change signature does not verify")
	// ErrBadNotice is wrapped by every invalid certificate or notice.
	ErrBadNotice = errors.New("invalid network notice")
	// ErrNotMember is returned by [Registry.Authorized] for a peer that
	// cannot prove a current membership with the key it presented.
	ErrNotMember = errors.New("peer is not a current member of this network")
	// ErrNotAdmin is returned when a node that is not an admin (or not one
	// of a high enough rank) tries an admin's action.
	ErrNotAdmin = errors.New("only an admin office can do this")
)

// maxPending bounds the notices kept while they cannot be decided yet (a
// certificate whose inviter is not known, a grant by a node not yet known
// to be an admin).
const maxPending = 256

// ExpirySlack is how long after its ticket's expiry a certificate not yet
// admitted still counts: clocks of offices disagree by minutes.
const ExpirySlack = 10 * time.Minute

// Registry is the set of notices a node knows, with the trust they imply.
// It is safe for concurrent use.
//
// Trust is derived from the whole set at every merge, so every node that
// holds the same notices trusts the same keys, whatever the order they came
// in (the only input besides the notices is the wall clock, for the expiry
// of certificates not yet admitted):
//
//   - The founder (whose key names the network) is an admin of rank 0; a
//     grant by an admin of rank r makes a member an admin of rank r+1.
//   - An admin may revoke members of a higher rank (any non-admin); the
//     founder cannot be revoked. Of several revocations of a node the
//     highest UpTo counts. Every notice of a revoked node is ignored.
//   - A certificate counts when its inviter is a current admin, its node id
//     is derived from its key, it was issued within its ticket's validity,
//     and it is the one certificate of its ticket: an admitted one first,
//     then the earliest issued. Without admission it counts only until the
//     ticket expires.
//   - A rotation counts when signed by a current admin.
type Registry struct {
	network string
	self    *Identity
	now     func() time.Time

	mu      stdsync.RWMutex
	certs   map[string]Member // by slot
	grants  map[string]Grant  // by signature
	revs    map[string]Revocation
	rots    map[string]Rotation
	pending Notices // undecidable yet, bounded
	view    view
	derives int // how often derive ran, for tests
}

type memberView struct {
	cert    Member
	expires int64 // Unix seconds; 0 never (founder, admitted)
}

type view struct {
	members map[sbsync.NodeID]memberView
	rank    map[sbsync.NodeID]int
	revoked map[sbsync.NodeID]Revocation
	rots    []Rotation
}

// NewRegistry returns an empty registry for network.
func NewRegistry(network string) *Registry {
	return &Registry{network: network, now: time.Now, certs: map[string]Member{}, grants: map[string]Grant{},
		revs: map[string]Revocation{}, rots: map[string]Rotation{}, view: view{members: map[sbsync.NodeID]memberView{},
			rank: map[sbsync.NodeID]int{}, revoked: map[sbsync.NodeID]Revocation{}}}
}

// SetIdentity lets the registry open key rotations sealed to id.
func (r *Registry) SetIdentity(id Identity) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.self = &id
	r.derive()
}

// SetClock replaces the wall clock used for expiry (tests).
func (r *Registry) SetClock(now func() time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.now = now
}

// Network returns the network id.
func (r *Registry) Network() string { return r.network }

// Merge adds the notices of n and reports how many were new and count.
// Malformed notices are reported in the error but do not stop the others.
func (r *Registry) Merge(n Notices) (added int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	before := r.ids()
	if r.known(before, n) {
		return 0, nil // the usual push/pull: nothing new, nothing to derive
	}
	var errs []error
	for _, m := range append(n.Members, r.pending.Members...) {
		if e := r.checkCert(&m); e != nil {
			errs = append(errs, e)
			continue
		}
		if old, ok := r.certs[m.slot()]; !ok || supersedes(&m, &old) {
			r.certs[m.slot()] = m
		}
	}
	for _, g := range append(n.Grants, r.pending.Grants...) {
		if g.Network != r.network || !g.Node.Valid() {
			errs = append(errs, fmt.Errorf("%w: grant with a wrong network", ErrBadNotice))
			continue
		}
		r.grants[string(g.Sig)] = g
	}
	for _, v := range append(n.Revoked, r.pending.Revoked...) {
		if v.Network != r.network || !v.Node.Valid() {
			errs = append(errs, fmt.Errorf("%w: revocation with a wrong network", ErrBadNotice))
			continue
		}
		r.revs[string(v.Sig)] = v
	}
	for _, v := range append(n.Rotations, r.pending.Rotations...) {
		if v.Network != r.network || v.DropAt < v.UseAt || len(v.Sealed) > 10000 {
			errs = append(errs, fmt.Errorf("%w: rotation with a wrong network or times", ErrBadNotice))
			continue
		}
		v.Key = nil
		r.rots[v.id()] = v
	}
	r.pending = Notices{}
	r.derive()
	r.prune()
	for k := range r.ids() {
		if !before[k] {
			added++
		}
	}
	return added, errors.Join(errs...)
}

// supersedes reports whether certificate m replaces old, the one held for
// its slot: an admitted one replaces one that is not, and of two alike the
// one with the smaller admission signature stays (the same on every node).
func supersedes(m, old *Member) bool {
	return !old.Admitted() && m.Admitted() || old.Admitted() == m.Admitted() && bytes.Compare(m.AdmitSig, old.AdmitSig) < 0
}

// known reports whether every notice of n is already kept, in force
// (ids) or pending, or, for a certificate, superseded by the one kept.
// Caller holds mu.
func (r *Registry) known(ids map[string]bool, n Notices) bool {
	pending := map[string]bool{}
	for _, m := range r.pending.Members {
		pending[m.slot()+string(m.AdmitSig)] = true
	}
	for _, m := range n.Members {
		if old, ok := r.certs[m.slot()]; ok && !supersedes(&m, &old) {
			continue // the one held stays: a joiner's certificate from before its admission
		}
		if !pending[m.slot()+string(m.AdmitSig)] {
			return false
		}
	}
	inForce := func(prefix string, sig []byte, pend func() bool) bool { return ids[prefix+string(sig)] || pend() }
	for _, g := range n.Grants {
		if !inForce("g", g.Sig, func() bool {
			return slices.ContainsFunc(r.pending.Grants, func(p Grant) bool { return bytes.Equal(p.Sig, g.Sig) })
		}) {
			return false
		}
	}
	for _, v := range n.Revoked {
		if !inForce("v", v.Sig, func() bool {
			return slices.ContainsFunc(r.pending.Revoked, func(p Revocation) bool { return bytes.Equal(p.Sig, v.Sig) })
		}) {
			return false
		}
	}
	for _, v := range n.Rotations {
		if !inForce("r", v.Sig, func() bool {
			return slices.ContainsFunc(r.pending.Rotations, func(p Rotation) bool { return bytes.Equal(p.Sig, v.Sig) })
		}) {
			return false
		}
	}
	return true
}

// ids names every notice in force, so Merge can count what it learned.
// Caller holds mu.
func (r *Registry) ids() map[string]bool {
	out := make(map[string]bool, len(r.certs)+len(r.grants)+len(r.revs)+len(r.rots))
	for k, m := range r.certs {
		out["m"+k+string(m.AdmitSig)] = true
	}
	for k := range r.grants {
		out["g"+k] = true
	}
	for k := range r.revs {
		out["v"+k] = true
	}
	for k := range r.rots {
		out["r"+k] = true
	}
	return out
}

// checkCert checks what a certificate says about itself: shape, id from
// key, the ticket's signature over it, the issue time within the ticket's
// validity. Who signed the ticket is decided by derive.
func (r *Registry) checkCert(m *Member) error {
	bad := func(why string) error { return fmt.Errorf("%w: certificate of %s: %s", ErrBadNotice, m.Node, why) }
	switch {
	case m.Network != r.network || len(m.Key) != ed25519.PublicKeySize || len(m.Ticket) != ed25519.PublicKeySize || len(m.Box) != 32 || len(m.Office) > 200:
		return bad("wrong network or malformed")
	case m.Node != sbsync.NodeIDFor(m.Key):
		return bad("its node id is not the one its key gives")
	case !ed25519.Verify(m.Ticket, m.bytes(), m.Sig):
		return bad("ticket signature does not verify")
	case m.root():
		if NetworkID(m.Key) != r.network || !bytes.Equal(m.Ticket, m.Key) {
			return bad("not the founder")
		}
	case m.Expires <= 0 || m.Issued < m.NotBefore || m.Issued > m.Expires:
		return bad("not issued while its invite was valid")
	}
	return nil
}

// derive recomputes the view from the stored notices. Caller holds mu.
func (r *Registry) derive() {
	r.derives++
	v := view{members: map[sbsync.NodeID]memberView{}, rank: map[sbsync.NodeID]int{}, revoked: map[sbsync.NodeID]Revocation{}}
	var root sbsync.NodeID
	for _, m := range r.certs {
		if m.root() {
			v.members[m.Node] = memberView{cert: m}
			v.rank[m.Node] = 0
			root = m.Node
		}
	}
	if root == "" {
		r.view = v
		return
	}
	grants := sortedGrants(r.grants)
	revs := sortedRevs(r.revs)
	for level := 0; ; level++ {
		var lvl []sbsync.NodeID
		for n, k := range v.rank {
			if _, gone := v.revoked[n]; k == level && !gone {
				lvl = append(lvl, n)
			}
		}
		if len(lvl) == 0 {
			break
		}
		at := map[sbsync.NodeID]bool{}
		for _, n := range lvl {
			at[n] = true
		}
		r.members(&v)
		for _, rv := range revs {
			if !at[rv.By] || rv.Node == root || !r.signedBy(&v, rv.By, rv.bytes(), rv.Sig) {
				continue
			}
			if k, admin := v.rank[rv.Node]; admin && k <= level {
				continue
			}
			if old, ok := v.revoked[rv.Node]; !ok || rv.UpTo > old.UpTo || rv.UpTo == old.UpTo && bytes.Compare(rv.Sig, old.Sig) < 0 {
				v.revoked[rv.Node] = rv
			}
		}
		for changed := true; changed; {
			changed = false
			r.members(&v)
			for _, g := range grants {
				_, made := v.rank[g.Node]
				_, gone := v.revoked[g.Node]
				_, member := v.members[g.Node]
				if !at[g.By] || made || gone || !member || !r.signedBy(&v, g.By, g.bytes(), g.Sig) {
					continue
				}
				v.rank[g.Node] = level + 1
				changed = true
			}
		}
	}
	r.members(&v)
	for _, rot := range r.rots {
		if r.admin(&v, rot.By) && r.signedBy(&v, rot.By, rot.bytes(), rot.Sig) {
			rot.Key = r.openRotation(&rot)
			v.rots = append(v.rots, rot)
		}
	}
	sort.Slice(v.rots, func(i, j int) bool {
		return v.rots[i].UseAt < v.rots[j].UseAt || v.rots[i].UseAt == v.rots[j].UseAt && v.rots[i].id() < v.rots[j].id()
	})
	r.view = v
}

func (r *Registry) openRotation(rot *Rotation) []byte {
	if r.self == nil {
		return nil
	}
	for _, s := range rot.Sealed {
		if s.Node == r.self.Node {
			if k, err := open(s.Box, r.self.boxKey()); err == nil {
				return k
			}
		}
	}
	return nil
}

// members fills v.members with the certificates that count given the
// admins and revocations of v so far.
func (r *Registry) members(v *view) {
	for n, mv := range v.members {
		if !mv.cert.root() {
			delete(v.members, n)
		}
	}
	for grew := true; grew; {
		grew = false
		byTicket := map[string][]Member{}
		for _, m := range r.certs {
			if m.root() || !r.admin(v, m.Inviter) {
				continue
			}
			inv := v.members[m.Inviter].cert.Key
			if !ed25519.Verify(inv, ticketBytes(m.Network, m.Ticket, m.NotBefore, m.Expires), m.TicketSig) {
				continue
			}
			if m.Admitted() && !ed25519.Verify(inv, m.admitBytes(), m.AdmitSig) {
				m.AdmitSig = nil
			}
			byTicket[string(m.Ticket)] = append(byTicket[string(m.Ticket)], m)
		}
		for _, cands := range byTicket {
			sort.Slice(cands, func(i, j int) bool { return better(&cands[i], &cands[j]) })
			m := cands[0]
			mv := memberView{cert: m, expires: m.Expires + int64(ExpirySlack/time.Second)}
			if m.Admitted() {
				mv.expires = 0
			}
			old, ok := v.members[m.Node]
			if !ok || old.expires != 0 && (mv.expires == 0 || mv.expires > old.expires) {
				if !ok {
					grew = true
				}
				v.members[m.Node] = mv
			}
		}
	}
}

// better orders the certificates of one ticket: admitted first, then the
// earliest issued, then by node id.
func better(a, b *Member) bool {
	if a.Admitted() != b.Admitted() {
		return a.Admitted()
	}
	if a.Issued != b.Issued {
		return a.Issued < b.Issued
	}
	return a.Node < b.Node
}

// admin reports whether node is a current (not revoked) admin in v.
func (r *Registry) admin(v *view, node sbsync.NodeID) bool {
	_, ok := v.rank[node]
	_, gone := v.revoked[node]
	_, member := v.members[node]
	return ok && !gone && member
}

func (r *Registry) signedBy(v *view, by sbsync.NodeID, msg, sig []byte) bool {
	m, ok := v.members[by]
	return ok && ed25519.Verify(m.cert.Key, msg, sig)
}

// prune keeps what the view uses and, bounded, what cannot be decided yet:
// certificates, grants and revocations whose signer is not known to be an
// admin. Caller holds mu.
func (r *Registry) prune() {
	v := &r.view
	var p Notices
	for k, m := range r.certs {
		if mv, ok := v.members[m.Node]; ok && mv.cert.slot() == m.slot() {
			continue
		}
		if !m.root() && !r.admin(v, m.Inviter) {
			p.Members = append(p.Members, m)
		}
		delete(r.certs, k)
	}
	for k, g := range r.grants {
		if !r.admin(v, g.By) {
			p.Grants = append(p.Grants, g)
			delete(r.grants, k)
		}
	}
	for k, rv := range r.revs {
		if !r.admin(v, rv.By) {
			if _, gone := v.revoked[rv.By]; !gone {
				p.Revoked = append(p.Revoked, rv)
			}
			delete(r.revs, k)
		}
	}
	for k, rot := range r.rots {
		if !r.admin(v, rot.By) {
			if _, gone := v.revoked[rot.By]; !gone {
				p.Rotations = append(p.Rotations, rot)
			}
			delete(r.rots, k)
		}
	}
	// Bounded, in a stable order, so a flood of undecidable notices cannot
	// grow the file or the gossip state.
	sort.Slice(p.Members, func(i, j int) bool { return p.Members[i].slot() < p.Members[j].slot() })
	sort.Slice(p.Grants, func(i, j int) bool { return string(p.Grants[i].Sig) < string(p.Grants[j].Sig) })
	sort.Slice(p.Revoked, func(i, j int) bool { return string(p.Revoked[i].Sig) < string(p.Revoked[j].Sig) })
	sort.Slice(p.Rotations, func(i, j int) bool { return p.Rotations[i].id() < p.Rotations[j].id() })
	p.Members = p.Members[:min(len(p.Members), maxPending)]
	p.Grants = p.Grants[:min(len(p.Grants), maxPending/4)]
	p.Revoked = p.Revoked[:min(len(p.Revoked), maxPending/4)]
	p.Rotations = p.Rotations[:min(len(p.Rotations), maxPending/4)]
	r.pending = p
}

func sortedGrants(m map[string]Grant) []Grant {
	out := make([]Grant, 0, len(m))
	for _, g := range m {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return string(out[i].Sig) < string(out[j].Sig) })
	return out
}

func sortedRevs(m map[string]Revocation) []Revocation {
	out := make([]Revocation, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return string(out[i].Sig) < string(out[j].Sig) })
	return out
}

// Notices returns every notice kept (those in force and, bounded, those
// not decidable yet), in a stable order.
func (r *Registry) Notices() Notices {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var n Notices
	for _, m := range r.certs {
		n.Members = append(n.Members, m)
	}
	n.Members = append(n.Members, r.pending.Members...)
	sort.Slice(n.Members, func(i, j int) bool { return n.Members[i].slot() < n.Members[j].slot() })
	for _, g := range r.grants {
		n.Grants = append(n.Grants, g)
	}
	n.Grants = append(n.Grants, r.pending.Grants...)
	sort.Slice(n.Grants, func(i, j int) bool { return string(n.Grants[i].Sig) < string(n.Grants[j].Sig) })
	for _, v := range r.revs {
		n.Revoked = append(n.Revoked, v)
	}
	n.Revoked = append(n.Revoked, r.pending.Revoked...)
	sort.Slice(n.Revoked, func(i, j int) bool { return string(n.Revoked[i].Sig) < string(n.Revoked[j].Sig) })
	for _, v := range r.rots {
		v.Key = nil
		n.Rotations = append(n.Rotations, v)
	}
	n.Rotations = append(n.Rotations, r.pending.Rotations...)
	sort.Slice(n.Rotations, func(i, j int) bool { return n.Rotations[i].id() < n.Rotations[j].id() })
	return n
}

// memberAt returns node's membership if it counts at the registry's now.
func (r *Registry) memberAt(node sbsync.NodeID) (memberView, error) {
	mv, ok := r.view.members[node]
	switch {
	case !ok:
		return mv, ErrUnknownOrigin
	case mv.expires != 0 && r.now().Unix() > mv.expires:
		return mv, ErrExpired
	}
	return mv, nil
}

// Authorized reports whether node is a current member of the network whose
// certificate names pub: known, not revoked, not expired. Sessions,
// catch-up and files are served only to such peers; the caller must also
// check that the peer proved it holds the private half of pub (a signature
// over a fresh challenge).
func (r *Registry) Authorized(node sbsync.NodeID, pub ed25519.PublicKey) error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	mv, err := r.memberAt(node)
	_, revoked := r.view.revoked[node]
	if err != nil || revoked || !bytes.Equal(mv.cert.Key, pub) {
		return fmt.Errorf("%w: %s", ErrNotMember, node)
	}
	return nil
}

// Member returns the certificate of node, if it is a member.
func (r *Registry) Member(node sbsync.NodeID) (Member, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	mv, ok := r.view.members[node]
	return mv.cert, ok
}

// Members returns the certificates of the current members (not revoked,
// not expired), by node id.
func (r *Registry) Members() []Member {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []Member
	for n := range r.view.members {
		if _, gone := r.view.revoked[n]; gone {
			continue
		}
		if mv, err := r.memberAt(n); err == nil {
			out = append(out, mv.cert)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Node < out[j].Node })
	return out
}

// Revoked reports whether node is revoked.
func (r *Registry) Revoked(node sbsync.NodeID) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	_, ok := r.view.revoked[node]
	return ok
}

// Admin reports whether node is a current admin, and its rank (0 for the
// founder).
func (r *Registry) Admin(node sbsync.NodeID) (rank int, ok bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if !r.admin(&r.view, node) {
		return 0, false
	}
	return r.view.rank[node], true
}

// CanRevoke returns nil if by may revoke node, or why not.
func (r *Registry) CanRevoke(by, node sbsync.NodeID) error {
	rank, ok := r.Admin(by)
	switch {
	case !ok:
		return ErrNotAdmin
	case by == node:
		return errors.New("a node cannot revoke itself")
	}
	if k, admin := r.Admin(node); admin && k <= rank {
		return fmt.Errorf("%w: %s is an admin of the same or a higher rank; ask the office that made it admin", ErrNotAdmin, node)
	}
	return nil
}

// Unadmitted returns the certificates of inviter's tickets that count but
// are not admitted yet: an admin admits them (see [Admit]) as it sees them.
func (r *Registry) Unadmitted(inviter sbsync.NodeID) []Member {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if !r.admin(&r.view, inviter) {
		return nil
	}
	var out []Member
	for n, mv := range r.view.members {
		if mv.cert.Inviter == inviter && !mv.cert.root() && !mv.cert.Admitted() {
			if _, err := r.memberAt(n); err == nil {
				out = append(out, mv.cert)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Node < out[j].Node })
	return out
}

// Rotations returns the key rotations in force, oldest first; Key is set on
// those sealed to this registry's identity.
func (r *Registry) Rotations() []Rotation {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]Rotation(nil), r.view.rots...)
}
