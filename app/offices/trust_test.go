package offices_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/model"
	"sbcc/app/network"
	"sbcc/app/offices"
	"sbcc/app/report"
	"sbcc/app/transfer"
	sbsync "sbcc/sync"
	"sbcc/sync/trust"
)

// foundedAndJoined founds a network at a demo office and joins a second, empty
// office to it with an invite.
func foundedAndJoined(t *testing.T) (src, dst *app.Directory) {
	t.Helper()
	src = apptest.Demo(t, 20)
	if _, err := offices.FoundNetwork(src, "Rietavas"); err != nil {
		t.Fatal(err)
	}
	dst = apptest.Open(t, t.TempDir())
	code, err := offices.Invite(src.Dir(), []string{"127.0.0.1:7946"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := offices.JoinNetwork(dst, code, "Rostock"); err != nil {
		t.Fatal(err)
	}
	return src, dst
}

// archiveOf returns an archive of d's history with extra changes added.
func archiveOf(t *testing.T, d *app.Directory, extra ...sbsync.Change) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := transfer.ExportJSON(d, &buf); err != nil {
		t.Fatal(err)
	}
	var a map[string]json.RawMessage
	json.Unmarshal(buf.Bytes(), &a)
	var cs []sbsync.Change
	json.Unmarshal(a["changes"], &cs)
	a["changes"], _ = json.Marshal(append(cs, extra...))
	raw, _ := json.Marshal(a)
	return raw
}

func self(t *testing.T, d *app.Directory) trust.Identity {
	f, err := trust.Load(d.Dir())
	if err != nil {
		t.Fatal(err)
	}
	return f.Self
}

// signedChange makes a change of id's node, signed by key (its own or not).
func signedChange(t *testing.T, id trust.Identity, seq uint64, at time.Time, fields map[string]json.RawMessage) sbsync.Change {
	t.Helper()
	c := sbsync.Change{Origin: id.Node, Seq: seq, HLC: sbsync.MakeHLC(at, 0), Kind: "actor", ID: "01ARCHIVEATTACK000000000000", Op: sbsync.OpSet, Fields: fields}
	if err := id.Sign(&c); err != nil {
		t.Fatal(err)
	}
	return c
}

func nextSeq(t *testing.T, d *app.Directory) uint64 {
	v, err := d.Store().Vector()
	if err != nil {
		t.Fatal(err)
	}
	return v[d.Store().Node()] + 1
}

// TestArchiveFutureClock: a signed change stamped in 2100 inside an archive
// is refused and moves no clock; the honest changes around it still apply.
func TestArchiveFutureClock(t *testing.T) {
	src, dst := foundedAndJoined(t)
	id := self(t, src)
	future := signedChange(t, id, nextSeq(t, src), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), map[string]json.RawMessage{"name": json.RawMessage(`"From the future"`), "kind": json.RawMessage(`"organisation"`)})
	res, err := transfer.ImportJSON(dst, bytes.NewReader(archiveOf(t, src, future)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Refused != 1 || res.Applied == 0 {
		t.Fatalf("import %+v", res)
	}
	if ahead := dst.Store().ClockAhead(); ahead > time.Minute {
		t.Fatalf("the archive moved the clock %s ahead", ahead)
	}
	if _, err := dst.Get(future.ID); err == nil {
		t.Fatal("the future change was applied")
	}
}

// TestArchiveImpersonation: changes carrying another office's id and
// sequence numbers, signed by another key, are refused, so that office's
// real changes are not taken for duplicates later.
func TestArchiveImpersonation(t *testing.T) {
	src, dst := foundedAndJoined(t)
	victim := self(t, src)
	attacker := trust.Identity{Node: victim.Node, Office: "X", Key: trust.NewSigningKey()}
	var forged []sbsync.Change
	for seq := nextSeq(t, src); seq < nextSeq(t, src)+50; seq++ {
		forged = append(forged, signedChange(t, attacker, seq, time.Now(), map[string]json.RawMessage{"name": json.RawMessage(`"Forged"`)}))
	}
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(map[string]any{"format": transfer.ArchiveFormat, "changes": forged})
	res, err := transfer.ImportJSON(dst, &buf)
	if err != nil || res.Applied != 0 || res.Refused != 50 {
		t.Fatalf("forged archive: %+v %v", res, err)
	}
	// The victim's real edits with those numbers arrive and apply.
	if _, err := src.Put(demoActor("Real edit")); err != nil {
		t.Fatal(err)
	}
	res, err = transfer.ImportJSON(dst, bytes.NewReader(archiveOf(t, src)))
	if err != nil || res.Refused != 0 {
		t.Fatalf("real archive: %+v %v", res, err)
	}
	h1, _ := src.Hash()
	if h2, _ := dst.Hash(); h1 != h2 {
		t.Fatal("replicas differ after the real changes")
	}
}

// TestTypePoisonedChange: one signed change with values of the wrong
// types does not break list, export, graph or report on the replica that
// receives it.
func TestTypePoisonedChange(t *testing.T) {
	src, dst := foundedAndJoined(t)
	poison := signedChange(t, self(t, src), nextSeq(t, src), time.Now(), map[string]json.RawMessage{
		"name": json.RawMessage(`"Poisoned"`), "kind": json.RawMessage(`"organisation"`),
		"sectors": json.RawMessage(`{"x":1}`), "lat": json.RawMessage(`"north"`), "languages": json.RawMessage(`7`)})
	res, err := transfer.ImportJSON(dst, bytes.NewReader(archiveOf(t, src, poison)))
	if err != nil || res.Refused != 0 {
		t.Fatalf("import: %+v %v", res, err)
	}
	actors, err := dst.List("actor", app.ListOptions{})
	if err != nil || len(actors) != 21 {
		t.Fatalf("list: %d, %v", len(actors), err)
	}
	a, err := dst.Actor(poison.ID)
	if err != nil || a.Name != "Poisoned" || len(a.Sectors) != 0 {
		t.Fatalf("poisoned actor: %+v %v", a, err)
	}
	var out bytes.Buffer
	if err := transfer.Export(dst, &out, transfer.FormatCSV, transfer.ExportOptions{}); err != nil {
		t.Fatalf("export: %v", err)
	}
	if _, err := network.MeasureGraph(dst, network.GraphFilter{}); err != nil {
		t.Fatalf("graph: %v", err)
	}
	if _, err := network.Report(dst, report.Period{}); err != nil {
		t.Fatalf("report: %v", err)
	}
}

// TestAdminActions: a member that is not an admin cannot invite, rotate,
// revoke or make admins; the founder can, and can make it an admin.
func TestAdminActions(t *testing.T) {
	src, dst := foundedAndJoined(t)
	if _, err := offices.Invite(dst.Dir(), []string{"x:1"}, time.Hour); !errors.Is(err, offices.ErrNotAdmin) {
		t.Fatalf("invite by a plain member: %v", err)
	}
	if _, err := offices.RotateKey(dst.Dir(), time.Hour); !errors.Is(err, offices.ErrNotAdmin) {
		t.Fatalf("rotate by a plain member: %v", err)
	}
	if err := offices.Revoke(dst.Dir(), src.Store().Node(), 0); !errors.Is(err, offices.ErrNotAdmin) {
		t.Fatalf("revoke of the founder by a plain member: %v", err)
	}
	if err := offices.MakeAdmin(dst.Dir(), dst.Store().Node()); !errors.Is(err, offices.ErrNotAdmin) {
		t.Fatalf("a plain member made itself admin: %v", err)
	}
	// The founder learns of the member (as gossip would tell it) and makes
	// it an admin; the member, learning that, may invite.
	f, _ := trust.Load(dst.Dir())
	if err := trust.Update(src.Dir(), func(sf *trust.File) error { return sf.MergeNotices(f.Notices) }); err != nil {
		t.Fatal(err)
	}
	if err := offices.MakeAdmin(src.Dir(), dst.Store().Node()); err != nil {
		t.Fatal(err)
	}
	sf, _ := trust.Load(src.Dir())
	if err := trust.Update(dst.Dir(), func(df *trust.File) error { return df.MergeNotices(sf.Notices) }); err != nil {
		t.Fatal(err)
	}
	if _, err := offices.Invite(dst.Dir(), []string{"x:1"}, time.Hour); err != nil {
		t.Fatalf("invite by an admin: %v", err)
	}
	if err := offices.Revoke(dst.Dir(), src.Store().Node(), 0); !errors.Is(err, offices.ErrNotAdmin) {
		t.Fatalf("an admin revoked the founder: %v", err)
	}
}

// TestLegacyNetworkFile: a network file whose identity is not this store's
// key (written before ids came from keys) is set aside, not used.
func TestLegacyNetworkFile(t *testing.T) {
	dir := t.TempDir()
	d := apptest.Open(t, dir)
	if _, err := offices.FoundNetwork(d, "Rietavas"); err != nil {
		t.Fatal(err)
	}
	d.Close()
	err := trust.Update(dir, func(f *trust.File) error {
		f.Self.Node = "c6095719d990d9ae" // a random id of the old kind
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	d = apptest.Open(t, dir)
	if _, err := os.Stat(filepath.Join(dir, app.LegacyNetworkFile)); err != nil {
		t.Fatalf("old network file not set aside: %v", err)
	}
	if _, err := offices.NetworkFile(d); !errors.Is(err, trust.ErrNoNetwork) {
		t.Fatalf("old network file still in use: %v", err)
	}
	if _, err := offices.FoundNetwork(d, "Rietavas"); err != nil {
		t.Fatalf("found again: %v", err)
	}
}

func demoActor(name string) *model.Actor {
	return &model.Actor{Kind: "organisation", Name: name, Country: "LT"}
}
