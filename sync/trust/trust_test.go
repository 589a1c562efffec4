package trust_test

import (
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	sbsync "sbcc/sync"
	"sbcc/sync/trust"
)

// net is a small network: a founder, a joiner, and the registry of a third
// node that knows both.
type net struct {
	founder, joiner trust.Identity
	id              string
	keys            [][]byte
	reg             *trust.Registry
	notices         trust.Notices
}

func newID(office string) trust.Identity { return trust.NewIdentity(trust.NewSigningKey(), office) }

func invite(t *testing.T, by trust.Identity, network string, now time.Time, valid time.Duration) trust.Invite {
	t.Helper()
	inv, err := trust.ParseInvite(trust.NewInvite(by, network, [][]byte{trust.NewKey()}, []string{"10.0.0.1:7946"}, now, now.Add(valid), trust.Notices{}).Code())
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func newNet(t *testing.T) *net {
	t.Helper()
	n := &net{founder: newID("LT"), joiner: newID("PL")}
	m0, id := trust.Founder(n.founder)
	n.id = id
	m1, err := invite(t, n.founder, id, time.Now(), time.Hour).Accept(n.joiner, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	n.notices = trust.Notices{Members: []trust.Member{m1, m0}}
	n.reg = trust.NewRegistry(id)
	// Order does not matter: the joiner's certificate waits for its inviter.
	mustMerge(t, n.reg, trust.Notices{Members: []trust.Member{m1}})
	mustMerge(t, n.reg, trust.Notices{Members: []trust.Member{m0}})
	return n
}

func mustMerge(t *testing.T, r *trust.Registry, ns trust.Notices) {
	t.Helper()
	if _, err := r.Merge(ns); err != nil {
		t.Fatal(err)
	}
}

func change(origin sbsync.NodeID, seq uint64) sbsync.Change {
	return sbsync.Change{Origin: origin, Seq: seq, HLC: 1 << 20, Kind: "actor", ID: "x", Op: sbsync.OpSet,
		Fields: map[string]json.RawMessage{"name": json.RawMessage(`"Ona"`), "phone": json.RawMessage(`"+370 1"`), "country": json.RawMessage(`"LT"`)}}
}

func signed(t *testing.T, id trust.Identity, seq uint64) sbsync.Change {
	t.Helper()
	c := change(id.Node, seq)
	if err := id.Sign(&c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSignVerifyRedact(t *testing.T) {
	n := newNet(t)
	c := signed(t, n.joiner, 1)
	if err := n.reg.Verify(&c); err != nil {
		t.Fatalf("verify: %v", err)
	}
	red := c.Redact(func(f string) bool { return f != "country" })
	if _, ok := red.Fields["phone"]; ok || red.Salt["phone"] != nil || red.Hashes["phone"] == nil {
		t.Fatalf("redaction kept personal data or lost its hash: %+v", red)
	}
	if err := n.reg.Verify(&red); err != nil {
		t.Fatalf("redacted change does not verify: %v", err)
	}
	bad := c
	bad.Fields = map[string]json.RawMessage{"name": json.RawMessage(`"Forged"`), "phone": c.Fields["phone"], "country": c.Fields["country"]}
	if err := n.reg.Verify(&bad); !errors.Is(err, trust.ErrBadSignature) {
		t.Fatalf("tampered change: %v", err)
	}
	other := signed(t, newID("XX"), 1)
	if err := n.reg.Verify(&other); !errors.Is(err, trust.ErrUnknownOrigin) {
		t.Fatalf("unknown origin: %v", err)
	}
}

// forge makes a certificate the way a modified client would: signed with a
// ticket from a code, skipping Accept's checks, issued when it likes.
func forge(inv trust.Invite, id trust.Identity, issued time.Time) trust.Member {
	return trust.ForgeForTest(inv, id, issued)
}

func TestExpiredInviteMakesNoMember(t *testing.T) {
	n := newNet(t)
	past := time.Now().Add(-48 * time.Hour)
	inv := invite(t, n.founder, n.id, past, time.Hour) // expired a day ago
	if _, err := inv.Accept(newID("honest"), time.Now()); !errors.Is(err, trust.ErrInviteExpired) {
		t.Fatalf("honest client accepted an expired code: %v", err)
	}
	// A modified client claims it joined while the code was valid...
	ghost := newID("ghost")
	m, err := inv.Accept(ghost, past.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	mustMerge(t, n.reg, trust.Notices{Members: []trust.Member{m}})
	c := signed(t, ghost, 1)
	if err := n.reg.Verify(&c); !errors.Is(err, trust.ErrExpired) {
		t.Fatalf("ghost from an expired code: %v", err)
	}
	if err := n.reg.Authorized(ghost.Node, ghost.Public()); err == nil {
		t.Fatal("ghost authorized for sessions")
	}
	// ...or after it expired: the certificate itself is refused.
	lateID := newID("late")
	late := forge(inv, lateID, time.Now())
	if _, err := n.reg.Merge(trust.Notices{Members: []trust.Member{late}}); !errors.Is(err, trust.ErrBadNotice) {
		t.Fatalf("certificate issued after expiry: %v", err)
	}
	if _, ok := n.reg.Member(lateID.Node); ok {
		t.Fatal("certificate issued after expiry counts")
	}
}

func TestTicketUsedOnce(t *testing.T) {
	n := newNet(t)
	now := time.Now()
	inv := invite(t, n.founder, n.id, now, 24*time.Hour)
	legit, thief := newID("legit"), newID("thief")
	ml, _ := inv.Accept(legit, now.Add(time.Hour))
	mt := forge(inv, thief, now) // backdated to beat the legit one
	// Without admission the earliest issued wins, the same in any order.
	for _, order := range [][]trust.Member{{ml, mt}, {mt, ml}} {
		r := trust.NewRegistry(n.id)
		mustMerge(t, r, n.notices)
		for _, m := range order {
			mustMerge(t, r, trust.Notices{Members: []trust.Member{m}})
		}
		if _, ok := r.Member(thief.Node); !ok {
			t.Fatal("earliest certificate of a ticket does not count")
		}
		if _, ok := r.Member(legit.Node); ok {
			t.Fatal("a ticket made two members")
		}
	}
	// The inviter admits the first it saw: the legit one. From then on the
	// thief's backdated certificate is worth nothing, in any order.
	admitted := trust.Admit(n.founder, ml)
	for _, order := range [][]trust.Member{{admitted, mt}, {mt, admitted}, {mt, ml, admitted}} {
		r := trust.NewRegistry(n.id)
		mustMerge(t, r, n.notices)
		for _, m := range order {
			mustMerge(t, r, trust.Notices{Members: []trust.Member{m}})
		}
		if _, ok := r.Member(legit.Node); !ok {
			t.Fatal("admitted certificate does not count")
		}
		if _, ok := r.Member(thief.Node); ok {
			t.Fatal("thief kept a seat after the admission")
		}
	}
	// An admission by anyone but the inviter is ignored.
	fake := trust.Admit(n.joiner, mt)
	r := trust.NewRegistry(n.id)
	mustMerge(t, r, n.notices)
	mustMerge(t, r, trust.Notices{Members: []trust.Member{fake, ml}})
	if m, _ := r.Member(thief.Node); m.Admitted() {
		t.Fatal("admission by a non-inviter counted")
	}
}

func TestAdmittedOutlivesExpiry(t *testing.T) {
	n := newNet(t)
	start := time.Now().Add(-72 * time.Hour)
	inv := invite(t, n.founder, n.id, start, time.Hour)
	j := newID("j")
	m, _ := inv.Accept(j, start.Add(time.Minute))
	mustMerge(t, n.reg, trust.Notices{Members: []trust.Member{trust.Admit(n.founder, m)}})
	c := signed(t, j, 1)
	if err := n.reg.Verify(&c); err != nil {
		t.Fatalf("admitted member after its code expired: %v", err)
	}
}

// TestOutdatedCertificateIsNoNews: a joiner keeps gossiping the
// certificate it made before its inviter admitted it; merging that again
// must not work the membership out again (every verification is an ed25519
// check, and a running sync merges notices many times a second).
func TestOutdatedCertificateIsNoNews(t *testing.T) {
	n := newNet(t)
	j := newID("j")
	m, err := invite(t, n.founder, n.id, time.Now(), time.Hour).Accept(j, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	mustMerge(t, n.reg, trust.Notices{Members: []trust.Member{trust.Admit(n.founder, m)}})
	before := n.reg.Derives()
	for range 3 {
		if added, err := n.reg.Merge(trust.Notices{Members: []trust.Member{m}}); added != 0 || err != nil {
			t.Fatalf("the outdated certificate added %d notices (%v)", added, err)
		}
	}
	if d := n.reg.Derives() - before; d != 0 {
		t.Fatalf("merging a certificate already held admitted worked the membership out %d times", d)
	}
	if c := signed(t, j, 1); n.reg.Verify(&c) != nil {
		t.Fatal("the admitted member lost its membership")
	}
}

func TestNodeIDFromKey(t *testing.T) {
	n := newNet(t)
	// A second key claiming the founder's id: refused outright, and the
	// founder's own changes still verify.
	fakeKey := trust.NewSigningKey()
	fake := trust.Identity{Node: n.founder.Node, Office: "XX", Key: fakeKey}
	m := forge(invite(t, n.founder, n.id, time.Now(), time.Hour), fake, time.Now())
	if _, err := n.reg.Merge(trust.Notices{Members: []trust.Member{m}}); !errors.Is(err, trust.ErrBadNotice) {
		t.Fatalf("certificate for another node's id: %v", err)
	}
	c := signed(t, n.founder, 1)
	if err := n.reg.Verify(&c); err != nil {
		t.Fatalf("founder silenced: %v", err)
	}
	if err := n.reg.CanRevoke(n.founder.Node, n.joiner.Node); err != nil {
		t.Fatalf("founder cannot revoke: %v", err)
	}
}

func TestOnlyAdminsRevokeAndNeverLower(t *testing.T) {
	n := newNet(t)
	// A plain member revokes the founder and another member: ignored.
	other := newID("SE")
	mo, _ := invite(t, n.founder, n.id, time.Now(), time.Hour).Accept(other, time.Now())
	mustMerge(t, n.reg, trust.Notices{Members: []trust.Member{mo}})
	mustMerge(t, n.reg, trust.Notices{Revoked: []trust.Revocation{
		trust.Revoke(n.joiner, n.id, n.founder.Node, 0), trust.Revoke(n.joiner, n.id, other.Node, 0)}})
	if n.reg.Revoked(n.founder.Node) || n.reg.Revoked(other.Node) {
		t.Fatal("a non-admin revoked a node")
	}
	if err := n.reg.CanRevoke(n.joiner.Node, other.Node); !errors.Is(err, trust.ErrNotAdmin) {
		t.Fatalf("CanRevoke for a non-admin: %v", err)
	}
	// The founder revokes the joiner after its change 5; a later notice
	// with upTo=0, even from an admin, cannot void changes 1..5.
	mustMerge(t, n.reg, trust.Notices{Revoked: []trust.Revocation{trust.Revoke(n.founder, n.id, n.joiner.Node, 5)}})
	mustMerge(t, n.reg, trust.Notices{Revoked: []trust.Revocation{trust.Revoke(n.founder, n.id, n.joiner.Node, 0)}})
	c5, c6 := signed(t, n.joiner, 5), signed(t, n.joiner, 6)
	if err := n.reg.Verify(&c5); err != nil {
		t.Fatalf("change before the revocation refused: %v", err)
	}
	if err := n.reg.Verify(&c6); !errors.Is(err, trust.ErrRevoked) {
		t.Fatalf("change after the revocation: %v", err)
	}
}

func TestAdminRanks(t *testing.T) {
	n := newNet(t)
	a, b := n.joiner, newID("b")
	mb, _ := invite(t, n.founder, n.id, time.Now(), time.Hour).Accept(b, time.Now())
	mustMerge(t, n.reg, trust.Notices{Members: []trust.Member{mb}, Grants: []trust.Grant{
		trust.MakeAdmin(n.founder, n.id, a.Node), trust.MakeAdmin(a, n.id, b.Node)}})
	if k, ok := n.reg.Admin(b.Node); !ok || k != 2 {
		t.Fatalf("b rank %d %v, want admin of rank 2", k, ok)
	}
	// b (rank 2) cannot revoke a (rank 1); a can revoke b.
	mustMerge(t, n.reg, trust.Notices{Revoked: []trust.Revocation{trust.Revoke(b, n.id, a.Node, 0)}})
	if n.reg.Revoked(a.Node) {
		t.Fatal("a lower admin revoked a higher one")
	}
	// A revoked admin's invitees lose their seat; its later notices count
	// for nothing.
	c := newID("c")
	mc, _ := invite(t, b, n.id, time.Now(), time.Hour).Accept(c, time.Now())
	mustMerge(t, n.reg, trust.Notices{Members: []trust.Member{trust.Admit(b, mc)}})
	if _, ok := n.reg.Member(c.Node); !ok {
		t.Fatal("member invited by an admin does not count")
	}
	mustMerge(t, n.reg, trust.Notices{Revoked: []trust.Revocation{trust.Revoke(a, n.id, b.Node, 0)}})
	if _, ok := n.reg.Member(c.Node); ok {
		t.Fatal("invitee of a revoked admin kept its seat")
	}
	d := newID("d")
	md, _ := invite(t, b, n.id, time.Now(), time.Hour).Accept(d, time.Now())
	mustMerge(t, n.reg, trust.Notices{Members: []trust.Member{md}})
	if _, ok := n.reg.Member(d.Node); ok {
		t.Fatal("a revoked admin still invites")
	}
}

func TestGhostFloodStaysSmall(t *testing.T) {
	n := newNet(t)
	// A plain member mints tickets: none makes a member, and what is kept
	// of them is bounded.
	var ms []trust.Member
	for i := 0; i < 2000; i++ {
		m, _ := invite(t, n.joiner, n.id, time.Now(), time.Hour).Accept(newID("ghost"), time.Now())
		ms = append(ms, m)
	}
	n.reg.Merge(trust.Notices{Members: ms})
	if got := len(n.reg.Members()); got != 2 {
		t.Fatalf("%d members after a flood, want 2", got)
	}
	raw, _ := json.Marshal(n.reg.Notices())
	if len(raw) > 400_000 {
		t.Fatalf("notices grew to %d bytes", len(raw))
	}
}

func TestRotationSealedToMembers(t *testing.T) {
	n := newNet(t)
	gone := newID("gone")
	mg, _ := invite(t, n.founder, n.id, time.Now(), time.Hour).Accept(gone, time.Now())
	mustMerge(t, n.reg, trust.Notices{Members: []trust.Member{mg}})
	mustMerge(t, n.reg, trust.Notices{Revoked: []trust.Revocation{trust.Revoke(n.founder, n.id, gone.Node, 0)}})
	key := trust.NewKey()
	rot, err := trust.Rotate(n.founder, n.id, key, 1, 2, n.reg.Members())
	if err != nil {
		t.Fatal(err)
	}
	mustMerge(t, n.reg, trust.Notices{Rotations: []trust.Rotation{rot}})
	wire, _ := json.Marshal(n.reg.Notices())
	open := func(id trust.Identity) []byte {
		var ns trust.Notices
		if err := json.Unmarshal(wire, &ns); err != nil {
			t.Fatal(err)
		}
		r := trust.NewRegistry(n.id)
		r.SetIdentity(id)
		mustMerge(t, r, ns)
		rs := r.Rotations()
		if len(rs) != 1 {
			t.Fatalf("%d rotations", len(rs))
		}
		return rs[0].Key
	}
	if got := open(n.joiner); string(got) != string(key) {
		t.Fatal("a member cannot open the new key")
	}
	if got := open(gone); got != nil {
		t.Fatal("a revoked node opened the new key")
	}
	if got := open(newID("outsider")); got != nil {
		t.Fatal("an outsider opened the new key")
	}
	// A rotation by a non-admin is not in force.
	r2, _ := trust.Rotate(n.joiner, n.id, trust.NewKey(), 1, 2, n.reg.Members())
	mustMerge(t, n.reg, trust.Notices{Rotations: []trust.Rotation{r2}})
	if len(n.reg.Rotations()) != 1 {
		t.Fatal("a non-admin rotated the key")
	}
}

// TestMergeOrderFree merges one set of notices in many orders and in
// pieces: every registry ends with the same view.
func TestMergeOrderFree(t *testing.T) {
	n := newNet(t)
	a, b, c := n.joiner, newID("b"), newID("c")
	mb, _ := invite(t, a, n.id, time.Now(), time.Hour).Accept(b, time.Now())
	mc, _ := invite(t, b, n.id, time.Now(), time.Hour).Accept(c, time.Now())
	all := trust.Notices{Members: append(n.notices.Members, mb, trust.Admit(b, mc)),
		Grants:  []trust.Grant{trust.MakeAdmin(n.founder, n.id, a.Node), trust.MakeAdmin(a, n.id, b.Node), trust.MakeAdmin(b, n.id, a.Node)},
		Revoked: []trust.Revocation{trust.Revoke(n.founder, n.id, b.Node, 3), trust.Revoke(b, n.id, a.Node, 0), trust.Revoke(a, n.id, c.Node, 1)}}
	type item struct{ ns trust.Notices }
	var items []item
	for _, m := range all.Members {
		items = append(items, item{trust.Notices{Members: []trust.Member{m}}})
	}
	for _, g := range all.Grants {
		items = append(items, item{trust.Notices{Grants: []trust.Grant{g}}})
	}
	for _, v := range all.Revoked {
		items = append(items, item{trust.Notices{Revoked: []trust.Revocation{v}}})
	}
	view := func(r *trust.Registry) string {
		var s string
		for _, m := range r.Members() {
			rank, admin := r.Admin(m.Node)
			s += string(m.Node) + map[bool]string{true: "+", false: "-"}[admin] + string(rune('0'+rank)) + map[bool]string{true: "R", false: ""}[r.Revoked(m.Node)] + " "
		}
		return s
	}
	ref := trust.NewRegistry(n.id)
	mustMerge(t, ref, all)
	want := view(ref)
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		rng.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
		r := trust.NewRegistry(n.id)
		for _, it := range items {
			r.Merge(it.ns)
		}
		if got := view(r); got != want {
			t.Fatalf("round %d: view %q, want %q", round, got, want)
		}
	}
	if !ref.Revoked(b.Node) || ref.Revoked(a.Node) {
		t.Fatalf("unexpected view %q", want)
	}
}

func TestInviteGarbage(t *testing.T) {
	for _, code := range []string{"", "sbcc1.abc", "sbcc2.!!!", "sbcc2.e30", "hello"} {
		if _, err := trust.ParseInvite(code); !errors.Is(err, trust.ErrBadNotice) {
			t.Errorf("%q: %v", code, err)
		}
	}
}

func FuzzParseInvite(f *testing.F) {
	id := newID("LT")
	_, network := trust.Founder(id)
	f.Add(trust.NewInvite(id, network, [][]byte{trust.NewKey()}, []string{"a:1"}, time.Now(), time.Now().Add(time.Hour), trust.Notices{}).Code())
	f.Add("sbcc2.e30")
	f.Fuzz(func(t *testing.T, code string) {
		inv, err := trust.ParseInvite(code)
		if err != nil {
			return
		}
		if _, err := inv.Accept(newID("x"), time.Unix(inv.NotBefore, 0)); err != nil && !errors.Is(err, trust.ErrInviteExpired) {
			t.Fatalf("accept a parsed invite: %v", err)
		}
	})
}

// FuzzMergeNotices feeds arbitrary JSON notices to a registry that knows a
// network: nothing panics and the members stay the honest ones.
func FuzzMergeNotices(f *testing.F) {
	founder := trust.NewIdentity(ed25519.NewKeyFromSeed(make([]byte, 32)), "LT")
	m0, network := trust.Founder(founder)
	seed, _ := json.Marshal(trust.Notices{Members: []trust.Member{m0}, Revoked: []trust.Revocation{trust.Revoke(founder, network, "abc", 1)}})
	f.Add(seed)
	f.Add([]byte(`{"members":[{"net":"x"}],"grants":[{}],"rotations":[{"useAt":5,"dropAt":1}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var ns trust.Notices
		if json.Unmarshal(raw, &ns) != nil {
			return
		}
		r := trust.NewRegistry(network)
		r.Merge(trust.Notices{Members: []trust.Member{m0}})
		r.Merge(ns)
		for _, m := range r.Members() {
			if m.Node != founder.Node {
				t.Fatalf("a fuzzed notice made member %s", m.Node)
			}
		}
		if r.Revoked(founder.Node) {
			t.Fatal("founder revoked")
		}
	})
}
