package trust_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	sbsync "sbcc/sync"
	"sbcc/sync/trust"
)

func network(t *testing.T) (trust.Identity, trust.Identity, *trust.Registry) {
	founder := trust.NewIdentity("f0", "LT")
	m0, net := trust.Founder(founder)
	inv, err := trust.ParseInvite(trust.NewInvite(founder, net, [][]byte{trust.NewKey()}, []string{"10.0.0.1:7946"}, time.Now().Add(time.Hour)).Code())
	if err != nil {
		t.Fatal(err)
	}
	joiner := trust.NewIdentity("j1", "PL")
	m1, err := inv.Accept(joiner, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	reg := trust.NewRegistry(net)
	// Order does not matter: the joiner's certificate waits for its inviter.
	if _, err := reg.Merge(trust.Notices{Members: []trust.Member{m1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Merge(trust.Notices{Members: []trust.Member{m0}}); err != nil {
		t.Fatal(err)
	}
	return founder, joiner, reg
}

func change(origin sbsync.NodeID, seq uint64) sbsync.Change {
	return sbsync.Change{Origin: origin, Seq: seq, HLC: 1 << 20, Kind: "actor", ID: "x", Op: sbsync.OpSet,
		Fields: map[string]json.RawMessage{"name": json.RawMessage(`"Ona"`), "phone": json.RawMessage(`"+370 1"`), "country": json.RawMessage(`"LT"`)}}
}

func TestSignVerifyRedact(t *testing.T) {
	_, joiner, reg := network(t)
	c := change("j1", 1)
	if err := joiner.Sign(&c); err != nil {
		t.Fatal(err)
	}
	if err := reg.Verify(&c); err != nil {
		t.Fatalf("verify: %v", err)
	}
	red := c.Redact(func(f string) bool { return f != "country" })
	if _, ok := red.Fields["phone"]; ok || red.Salt["phone"] != nil || red.Hashes["phone"] == nil {
		t.Fatalf("redaction kept personal data or lost its hash: %+v", red)
	}
	if err := reg.Verify(&red); err != nil {
		t.Fatalf("redacted change does not verify: %v", err)
	}
	bad := c
	bad.Fields = map[string]json.RawMessage{"name": json.RawMessage(`"Forged"`), "phone": c.Fields["phone"], "country": c.Fields["country"]}
	if err := reg.Verify(&bad); !errors.Is(err, trust.ErrBadSignature) {
		t.Fatalf("tampered change: %v", err)
	}
	other := change("zz", 1)
	if err := reg.Verify(&other); !errors.Is(err, trust.ErrUnknownOrigin) {
		t.Fatalf("unknown origin: %v", err)
	}
}

func TestRevokeAndDispute(t *testing.T) {
	founder, joiner, reg := network(t)
	c1, c2 := change("j1", 1), change("j1", 2)
	joiner.Sign(&c1)
	joiner.Sign(&c2)
	if _, err := reg.Merge(trust.Notices{Revoked: []trust.Revocation{trust.Revoke(founder, reg.Network(), "j1", 1)}}); err != nil {
		t.Fatal(err)
	}
	if err := reg.Verify(&c1); err != nil {
		t.Fatalf("change before the revocation: %v", err)
	}
	if err := reg.Verify(&c2); !errors.Is(err, trust.ErrRevoked) {
		t.Fatalf("change after the revocation: %v", err)
	}
	// A second certificate for the founder's id with another key: disputed.
	inv, _ := trust.ParseInvite(trust.NewInvite(joiner, reg.Network(), [][]byte{trust.NewKey()}, nil, time.Now().Add(time.Hour)).Code())
	fake := trust.NewIdentity("f0", "XX")
	m, _ := inv.Accept(fake, time.Now())
	reg.Merge(trust.Notices{Members: []trust.Member{m}})
	c := change("f0", 1)
	fake.Sign(&c)
	if err := reg.Verify(&c); !errors.Is(err, trust.ErrDisputed) {
		t.Fatalf("claim on another node's id: %v", err)
	}
}

func TestInviteExpiredAndGarbage(t *testing.T) {
	founder := trust.NewIdentity("f0", "LT")
	_, net := trust.Founder(founder)
	inv := trust.NewInvite(founder, net, [][]byte{trust.NewKey()}, nil, time.Now().Add(-time.Minute))
	if _, err := inv.Accept(trust.NewIdentity("j", "PL"), time.Now()); err == nil {
		t.Fatal("expired invite accepted")
	}
	if _, err := trust.ParseInvite("sbcc1.garbage"); err == nil {
		t.Fatal("garbage invite parsed")
	}
}
