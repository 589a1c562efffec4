package bundle_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"sbcc/app/model"
	sbsync "sbcc/sync"
	"sbcc/sync/bundle"
	"sbcc/sync/store"
	"sbcc/sync/trust"
)

// office is one replica of a signed test network.
type office struct {
	st *store.Store
	id trust.Identity
}

type network struct {
	t       *testing.T
	id      string
	founder trust.Identity
	members []trust.Member
}

func (n *network) office(t *testing.T, member bool) *office {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{Schema: model.Schema{}, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	key := st.Key()
	st.Close()
	id := trust.NewIdentity(key, fmt.Sprintf("office-%d", len(n.members)))
	switch {
	case n.id == "":
		m, network := trust.Founder(id)
		n.id, n.founder, n.members = network, id, []trust.Member{m}
	case member:
		m, err := trust.NewInvite(n.founder, n.id, nil, nil, time.Now(), time.Now().Add(time.Hour), trust.Notices{}).Accept(id, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		n.members = append(n.members, m)
	}
	st, err = store.Open(dir, store.Options{Schema: model.Schema{}, NoSync: true, Sign: id.Sign})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &office{st: st, id: id}
}

func (n *network) registry() *trust.Registry {
	r := trust.NewRegistry(n.id)
	if _, err := r.Merge(trust.Notices{Members: n.members}); err != nil {
		n.t.Fatal(err)
	}
	return r
}

func edits(prefix string, k int) []store.Edit {
	var out []store.Edit
	for i := range k {
		name, _ := json.Marshal(fmt.Sprintf("Actor %d of %s", i, prefix))
		out = append(out, store.Edit{Kind: "actor", ID: fmt.Sprintf("%s%06d", prefix, i), Op: sbsync.OpSet,
			Fields: map[string]json.RawMessage{"name": name}})
	}
	return out
}

func newNetwork(t *testing.T) *network { return &network{t: t} }

// export writes what o holds beyond from.
func (n *network) export(t *testing.T, o *office, from sbsync.Vector) []byte {
	var buf bytes.Buffer
	if _, err := bundle.Export(context.Background(), &buf, o.st, from, bundle.Header{Network: n.id, Office: o.id.Office,
		Notices: trust.Notices{Members: n.members}}, o.id, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (n *network) imp(o *office, file []byte) (bundle.Report, error) {
	return bundle.Import(context.Background(), bytes.NewReader(file), o.st, bundle.Guard{Trust: n.registry()}, nil)
}

func hash(t *testing.T, o *office) string {
	h, err := o.st.Hash()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h)
}

func TestRoundTripTwiceAndOrder(t *testing.T) {
	n := newNetwork(t)
	a, b, c := n.office(t, true), n.office(t, true), n.office(t, true)
	if _, err := a.st.Commit(edits("a", 2500)...); err != nil {
		t.Fatal(err)
	}
	if _, err := b.st.Commit(edits("b", 300)...); err != nil {
		t.Fatal(err)
	}
	fa, fb := n.export(t, a, nil), n.export(t, b, nil)

	rep, err := n.imp(c, fa)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 2500 || rep.Already != 0 || rep.Refused != 0 || !rep.Signed {
		t.Fatalf("first import: %+v", rep)
	}
	rep, err = n.imp(c, fa)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 0 || rep.Already != 2500 {
		t.Fatalf("second import added: %+v", rep)
	}
	if _, err := n.imp(c, fb); err != nil {
		t.Fatal(err)
	}
	// The other order at a fourth office gives the same replica.
	d := n.office(t, true)
	for _, f := range [][]byte{fb, fa} {
		if _, err := n.imp(d, f); err != nil {
			t.Fatal(err)
		}
	}
	if hash(t, c) != hash(t, d) {
		t.Fatal("importing in another order gave another replica")
	}
	// From a vector: only what it lacks.
	va, _ := a.st.Vector()
	if _, err := a.st.Commit(edits("a2", 7)...); err != nil {
		t.Fatal(err)
	}
	f := n.export(t, a, va)
	h, err := bundle.Check(bytes.NewReader(f))
	if err != nil || h.Changes != 7 || h.Writer != a.st.Node() {
		t.Fatalf("incremental file: %+v %v", h, err)
	}
	if rep, err := n.imp(c, f); err != nil || rep.Added != 7 {
		t.Fatalf("incremental import: %+v %v", rep, err)
	}
}

// TestRefusals checks that every bad change is refused and reported, and
// that the good ones of the same file are applied.
func TestRefusals(t *testing.T) {
	n := newNetwork(t)
	a, b := n.office(t, true), n.office(t, true)
	stranger := n.office(t, false)
	future := n.office(t, true)
	if _, err := a.st.Commit(edits("a", 3)...); err != nil {
		t.Fatal(err)
	}
	if _, err := stranger.st.Commit(edits("s", 2)...); err != nil {
		t.Fatal(err)
	}
	var all []sbsync.Change
	for _, o := range []*office{a, stranger} {
		o.st.ChangesSince(nil, func(c sbsync.Change) error { all = append(all, c); return nil })
	}
	// An office whose clock runs an hour ahead (its own store would refuse
	// to write more, so its two changes are made by hand).
	for seq := uint64(1); seq <= 2; seq++ {
		c := sbsync.Change{Origin: future.id.Node, Seq: seq, HLC: sbsync.MakeHLC(time.Now().Add(time.Hour), uint16(seq)),
			Kind: "actor", ID: fmt.Sprintf("f%d", seq), Op: sbsync.OpSet, Fields: map[string]json.RawMessage{"name": json.RawMessage(`"Future"`)}}
		if err := future.id.Sign(&c); err != nil {
			t.Fatal(err)
		}
		all = append(all, c)
	}
	forged := all[1]
	forged.Fields = map[string]json.RawMessage{"name": json.RawMessage(`"Forged"`)}
	forged.Salt = map[string][]byte{"name": all[1].Salt["name"]}
	all[1] = forged

	var buf bytes.Buffer
	w, err := bundle.NewWriter(&buf, bundle.Header{Network: n.id, Writer: a.st.Node(), Changes: uint64(len(all))}, a.id)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		w.Add(c)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rep, err := n.imp(b, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	// a/1 applied; a/2 forged; a/3 waits; stranger's 2 refused (first
	// listed, second waits); future's first held, second waits.
	if rep.Added != 1 || rep.Refused != 2 || rep.Future != 1 || rep.Waiting != 3 {
		t.Fatalf("report: %+v", rep)
	}
	want := []string{"signature does not match", "not a member", "ahead of this computer's clock"}
	for i, r := range rep.Reasons {
		if !bytes.Contains([]byte(r.Reason), []byte(want[i])) {
			t.Errorf("reason %d = %q, want it to say %q", i, r.Reason, want[i])
		}
	}
	if v, _ := b.st.Vector(); v[a.st.Node()] != 1 || v[stranger.st.Node()] != 0 || v[future.st.Node()] != 0 {
		t.Fatalf("vector after import: %v", v)
	}
}

// TestBadFiles checks that truncated, damaged, foreign and inflating
// files are refused before anything is applied.
func TestBadFiles(t *testing.T) {
	n := newNetwork(t)
	a, b := n.office(t, true), n.office(t, true)
	if _, err := a.st.Commit(edits("a", 50)...); err != nil {
		t.Fatal(err)
	}
	good := n.export(t, a, nil)
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 1

	other := newNetwork(t)
	o := other.office(t, true)
	if _, err := o.st.Commit(edits("o", 1)...); err != nil {
		t.Fatal(err)
	}

	cases := map[string]struct {
		file []byte
		want error
	}{
		"truncated":     {good[:len(good)-10], bundle.ErrTruncated},
		"cut in a part": {good[:len(good)/2], bundle.ErrTruncated},
		"damaged":       {flipped, bundle.ErrBadFile},
		"not a file":    {[]byte("name,email\nx,y\n"), bundle.ErrNotSyncFile},
		"empty":         {nil, bundle.ErrNotSyncFile},
		"zstd bomb":     {bomb(t, n.id, a.id), bundle.ErrTooLarge},
		"huge frame":    {hugeFrame(), bundle.ErrTooLarge},
		"other network": {other.export(t, o, nil), bundle.ErrOtherNetwork},
	}
	for name, tc := range cases {
		rep, err := n.imp(b, tc.file)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", name, err, tc.want)
		}
		if rep.Added != 0 {
			t.Errorf("%s: applied %d changes", name, rep.Added)
		}
	}
	if v, _ := b.st.Vector(); len(v) != 0 && v[a.st.Node()] != 0 {
		t.Fatalf("something was applied: %v", v)
	}
	if rep, err := n.imp(b, good); err != nil || rep.Added != 50 {
		t.Fatalf("the good file after the bad ones: %+v %v", rep, err)
	}
}

// bomb returns a well-formed file whose one chunk inflates to 1 GiB.
func bomb(t *testing.T, network string, writer trust.Identity) []byte {
	var buf bytes.Buffer
	w, err := bundle.NewWriter(&buf, bundle.Header{Network: network, Writer: writer.Node}, writer)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	head := buf.Bytes()[:buf.Len()-len(endFrame(buf.Bytes()))]
	enc, _ := zstd.NewWriter(nil)
	var z bytes.Buffer
	zw := enc
	zw.Reset(&z)
	zeros := make([]byte, 1<<20)
	for range 1024 {
		zw.Write(zeros)
	}
	zw.Close()
	out := bytes.Clone(head)
	out = append(out, 'C', 0, 0, 0, 0)
	binary.BigEndian.PutUint32(out[len(out)-4:], uint32(z.Len()))
	return append(out, z.Bytes()...)
}

// endFrame returns the last frame of a file.
func endFrame(file []byte) []byte {
	for i := len(file) - 5; i >= 0; i-- {
		if file[i] == 'E' && int(binary.BigEndian.Uint32(file[i+1:]))+i+5 == len(file) {
			return file[i:]
		}
	}
	return nil
}

func hugeFrame() []byte {
	out := []byte("sbcc-sync\nH")
	return binary.BigEndian.AppendUint32(out, 1<<31)
}

// FuzzReader checks that no input makes the reader panic or return more
// than the limits allow.
func FuzzReader(f *testing.F) {
	var buf bytes.Buffer
	id := trust.NewIdentity(ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize)), "x")
	w, _ := bundle.NewWriter(&buf, bundle.Header{Network: "sbcc-x", Writer: id.Node, Changes: 1}, id)
	w.Add(sbsync.Change{Origin: id.Node, Seq: 1, HLC: 1, Kind: "actor", ID: "x", Op: sbsync.OpSet})
	w.Close()
	f.Add(buf.Bytes())
	f.Add([]byte("sbcc-sync\n"))
	f.Add(hugeFrame())
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := bundle.NewReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		for range 1000 {
			cs, err := r.Next()
			if err != nil {
				if !errors.Is(err, io.EOF) && !errors.Is(err, bundle.ErrBadFile) {
					t.Fatalf("error not wrapping ErrBadFile: %v", err)
				}
				return
			}
			_ = cs
		}
	})
}

// TestNoKeysInFile: key rotations (they carry the network key) never go
// into a sync file, even when the writer passes them.
func TestNoKeysInFile(t *testing.T) {
	n := newNetwork(t)
	a := n.office(t, true)
	secret := trust.NewKey()
	rot, err := trust.Rotate(n.founder, n.id, secret, time.Now().Unix(), time.Now().Add(time.Hour).Unix(), n.members)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	h, err := bundle.Export(context.Background(), &buf, a.st, nil, bundle.Header{Network: n.id,
		Notices: trust.Notices{Members: n.members, Rotations: []trust.Rotation{rot}}}, a.id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Notices.Rotations) != 0 || len(h.Notices.Members) != len(n.members) {
		t.Fatalf("notices written: %+v", h.Notices)
	}
	got, err := bundle.Check(bytes.NewReader(buf.Bytes()))
	if err != nil || len(got.Notices.Rotations) != 0 {
		t.Fatalf("notices read: %+v %v", got.Notices, err)
	}
}

// TestHeaderSignature: a header signed by another key than the writer's
// (someone claiming to be that office) is not Signed; its changes are
// still verified one by one.
func TestHeaderSignature(t *testing.T) {
	n := newNetwork(t)
	a, b, c := n.office(t, true), n.office(t, true), n.office(t, true)
	if _, err := a.st.Commit(edits("a", 3)...); err != nil {
		t.Fatal(err)
	}
	impostor := trust.Identity{Node: b.st.Node(), Office: "not b", Key: trust.NewSigningKey()} // b's id, another key
	var buf bytes.Buffer
	w, err := bundle.NewWriter(&buf, bundle.Header{Network: n.id, Writer: b.st.Node(), Changes: 3,
		Vector: sbsync.Vector{a.st.Node(): 1 << 40}}, impostor)
	if err != nil {
		t.Fatal(err)
	}
	a.st.ChangesSince(nil, func(ch sbsync.Change) error { return w.Add(ch) })
	w.Close()
	rep, err := n.imp(c, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Signed || rep.Added != 3 {
		t.Fatalf("impostor's file: %+v", rep)
	}
}
