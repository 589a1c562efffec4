package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	stdsync "sync"
	"time"

	"sbcc/app"
	"sbcc/node"
	sbsync "sbcc/sync"
	"sbcc/sync/store"
	"sbcc/sync/wire"
)

func init() { sections = append(sections, section{name: "syncproc", run: benchSyncProc}) }

// benchSyncProc measures the first full sync of the demo folder between two
// real `sbcc serve` processes on loopback, and an edit's way from one
// office to another through a hub when they cannot dial each other.
func benchSyncProc(ctx context.Context, cfg config) ([]row, error) {
	bin := filepath.Join(cfg.Dir, "sbcc-sync")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build sbcc: %v\n%s", err, out)
	}
	took, res, err := fullSync(ctx, bin, filepath.Join(cfg.Dir, "fullsync"), cfg.Actors)
	if err != nil {
		return nil, err
	}
	slices.Sort(took)
	runs := make([]string, len(took))
	for i, d := range took {
		runs[i] = fmt.Sprintf("%.1f", d.Seconds())
	}
	rows := []row{
		{fmt.Sprintf("first full sync, %d-actor demo (%d changes), two sbcc serve: median of %d", cfg.Actors, res.changes, len(took)),
			fmt.Sprintf("%.1f", took[len(took)/2].Seconds()), "s", "≤ 15"},
		{"  each run", strings.Join(runs, " "), "s", ""},
		{"first full sync: bytes sender → receiver / zstd of the changes", fmt.Sprintf("%.3f", float64(res.sent)/float64(res.zstd)), "ratio", "≤ 1.1"},
		{"first full sync: zstd size of the changes", fmt.Sprint(res.zstd >> 20), "MB", ""},
		{"first full sync: peak RSS of the sender", res.rssSender["VmHWM"], "MB", "≤ 300"},
		{fmt.Sprintf("  sender at the end: heap and stacks %s MB + mapped store pages %s MB", res.rssSender["RssAnon"], res.rssSender["RssFile"]), res.rssSender["VmRSS"], "MB", ""},
		{"first full sync: peak RSS of the receiver", res.rssReceiver["VmHWM"], "MB", "≤ 300"},
		{fmt.Sprintf("  receiver at the end: heap and stacks %s MB + mapped store pages %s MB", res.rssReceiver["RssAnon"], res.rssReceiver["RssFile"]), res.rssReceiver["VmRSS"], "MB", ""},
	}
	p50, p99, lost, err := viaHub(ctx, filepath.Join(cfg.Dir, "viahub"), 40)
	if err != nil {
		return rows, err
	}
	return append(rows,
		row{"edit office → hub → office (no direct path) p50", ms(p50), "ms", ""},
		row{"edit office → hub → office (no direct path) p99", ms(p99), "ms", "≤ 2000"},
		row{"edit office → hub → office lost", fmt.Sprint(lost), "edits", "0"}), nil
}

type fullSyncResult struct {
	changes, zstd, sent    int
	rssSender, rssReceiver map[string]string
}

// syncRuns is how often the first full sync is timed on the one demo
// folder, each time to a new office: runs on this 2-core virtual machine
// spread over ±2.5 s, so the bench reports the median and every run.
const syncRuns = 3

// fullSync makes a demo folder of actors, and syncRuns times a new folder
// that joins its network, runs both as `sbcc serve` and times the second
// catching up. The rest of the result is the last run's.
func fullSync(ctx context.Context, bin, dir string, actors int) ([]time.Duration, fullSyncResult, error) {
	var res fullSyncResult
	sb := sbccBin{ctx: ctx, bin: bin}
	a := filepath.Join(dir, "a")
	ports := freeBenchPorts(1 + syncRuns)
	addrA := fmt.Sprintf("127.0.0.1:%d", ports[0])
	if err := sb.founded(a, actors); err != nil {
		return nil, res, err
	}
	var err error
	if res.changes, res.zstd, err = zstdOfChanges(a); err != nil {
		return nil, res, err
	}
	var took []time.Duration
	for run := range syncRuns {
		b := filepath.Join(dir, fmt.Sprintf("b%d", run))
		if err := sb.joined(a, b, addrA); err != nil {
			return nil, res, err
		}
		d, err := sb.timeFirstSync(a, b, addrA, fmt.Sprintf("127.0.0.1:%d", ports[1+run]), &res)
		if err != nil {
			return nil, res, err
		}
		took = append(took, d)
		os.RemoveAll(b) // a 1.2 GB store at 100k actors
	}
	return took, res, nil
}

// timeFirstSync runs a and b (which holds nothing yet) as `sbcc serve` and
// times b catching up; it fills res's bytes and memory.
func (s sbccBin) timeFirstSync(a, b, addrA, addrB string, res *fullSyncResult) (time.Duration, error) {
	os.Remove(filepath.Join(a, node.StatusFile)) // the last run's
	pa, err := s.serve(a, addrA)
	if err != nil {
		return 0, err
	}
	defer func() { pa.Process.Kill(); pa.Wait() }()
	// A is up once it wrote its first status (after hashing its records, a
	// second of work at 100k actors that is not the sync's).
	if !pollEvery(100*time.Millisecond, time.Minute, func() bool {
		_, err := os.Stat(filepath.Join(a, node.StatusFile))
		return err == nil
	}) {
		return 0, fmt.Errorf("the sending node did not start")
	}
	start := time.Now()
	pb, err := s.serve(b, addrB)
	if err != nil {
		return 0, err
	}
	defer func() { pb.Process.Kill(); pb.Wait() }()
	// Timed until the receiver holds everything the sender has; that both
	// then hold the same records is checked after, untimed (two hashes of
	// the 100k demo take ~2 s).
	done := pollEvery(100*time.Millisecond, 20*time.Minute, func() bool { return s.holdsAll(b) })
	took := time.Since(start)
	if !done {
		return 0, fmt.Errorf("the full sync did not finish in 20 minutes")
	}
	if !pollEvery(500*time.Millisecond, time.Minute, func() bool { return s.sameHash(a, b) }) {
		return 0, fmt.Errorf("the full sync ended with different hashes")
	}
	var receiver string
	for _, p := range s.peers(b) {
		if p.Self {
			receiver = p.Node
		}
	}
	for _, p := range s.peers(a) {
		if p.Node == receiver {
			res.sent = int(p.BytesSent)
		}
	}
	res.rssSender = procMemory(pa.Process.Pid)
	res.rssReceiver = procMemory(pb.Process.Pid)
	return took, nil
}

// sbccBin runs a built sbcc binary on data folders.
type sbccBin struct {
	ctx context.Context
	bin string
}

// run runs `sbcc --data dir ARGS` and returns its output, trimmed.
func (s sbccBin) run(dir string, args ...string) (string, error) {
	out, err := exec.CommandContext(s.ctx, s.bin, append([]string{"--data", dir}, args...)...).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("sbcc %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out)), nil
}

// serve starts `sbcc serve` on dir, listening for other offices on addr.
func (s sbccBin) serve(dir, addr string) (*exec.Cmd, error) {
	cmd := exec.CommandContext(s.ctx, s.bin, "--data", dir, "serve", "--gossip", addr)
	return cmd, cmd.Start()
}

// founded founds a network in folder a (office A) and puts the demo of
// actors in it.
func (s sbccBin) founded(a string, actors int) error {
	if _, err := s.run(a, "network", "init", "--office", "A"); err != nil {
		return err
	}
	_, err := s.run(a, "demo", "--actors", fmt.Sprint(actors))
	return err
}

// joined joins folder b, a new office, to the network of folder a.
func (s sbccBin) joined(a, b, addrA string) error {
	code, err := s.run(a, "network", "invite", "--addr", addrA)
	if err != nil {
		return err
	}
	_, err = s.run(b, "network", "join", code, "--office", "B"+filepath.Base(b))
	return err
}

// benchPeer is what the bench reads of `sbcc peers --json`.
type benchPeer struct {
	Node          string `json:"node"`
	Self          bool   `json:"self"`
	Known         bool   `json:"known"`
	WeLack        uint64 `json:"weLack"`
	BytesSent     uint64 `json:"bytesSent"`
	BytesReceived uint64 `json:"bytesReceived"`
}

// peers returns `sbcc peers` of dir; nil when the command fails.
func (s sbccBin) peers(dir string) []benchPeer {
	out, err := s.run(dir, "peers", "--json")
	if err != nil {
		return nil
	}
	var ps []benchPeer
	json.Unmarshal([]byte(out), &ps)
	return ps
}

// holdsAll reports whether the node on b holds every change its peer
// holds, as far as the peer last told it. It asks the node over its control
// socket from this process: `sbcc peers` ten times a second would start
// ten processes a second (~20 ms of CPU each), a tenth of this 2-core
// machine taken from the sync it times.
func (s sbccBin) holdsAll(b string) bool {
	ctl, err := node.Dial(b)
	if err != nil {
		return false
	}
	defer ctl.Close()
	resp, err := ctl.Run(node.Request{Args: []string{"--data", b, "peers", "--json"}})
	if err != nil || resp.Code != 0 {
		return false
	}
	var ps []benchPeer
	if json.Unmarshal(resp.Stdout, &ps) != nil {
		return false
	}
	for _, p := range ps {
		if !p.Self && p.Known && p.WeLack == 0 {
			return true
		}
	}
	return false
}

// sameHash reports whether the folders a and b hold the same records.
func (s sbccBin) sameHash(a, b string) bool {
	v, _ := s.run(b, "hash")
	w, _ := s.run(a, "hash")
	return v != "" && v == w
}

// zstdOfChanges returns how many changes the data folder dir holds and
// their size as one zstd stream (zstd -1 level): what a receiver that
// has nothing lacks.
func zstdOfChanges(dir string) (changes, size int, err error) {
	d, err := app.Open(dir, app.Options{})
	if err != nil {
		return 0, 0, err
	}
	var all []sbsync.Change
	err = d.Store().ChangesSince(sbsync.Vector{}, func(c sbsync.Change) error { all = append(all, c); return nil })
	d.Close()
	if err != nil {
		return 0, 0, err
	}
	raw, _ := json.Marshal(all)
	return len(all), len(wire.Compress(raw)), nil
}

// viaHub measures edits made at one office reaching another that can reach
// only the hub (its direct path blocked), one edit at a time.
func viaHub(ctx context.Context, dir string, edits int) (p50, p99 time.Duration, lost int, err error) {
	sn, err := newSyncNet(ctx, dir, 3, benchCfg())
	defer sn.close()
	if err != nil {
		return 0, 0, 0, err
	}
	hub, o1, o2 := sn.nodes[0], sn.nodes[1], sn.nodes[2]
	o1.tr.Block(o2.node.Addr())
	o2.tr.Block(o1.node.Addr())
	if !waitFor(30*time.Second, func() bool {
		for _, p := range o1.node.Peers() {
			if p.Node == hub.st.Node() && p.Connected {
				return true
			}
		}
		return false
	}) {
		return 0, 0, 0, fmt.Errorf("office 1 has no session with the hub")
	}
	var mu stdsync.Mutex
	made, got := map[uint64]time.Time{}, map[uint64]time.Time{}
	o2.st.Subscribe(func(c store.Commit) {
		now := time.Now()
		mu.Lock()
		defer mu.Unlock()
		for _, ch := range c.Changes {
			if ch.Origin == o1.st.Node() {
				got[ch.Seq] = now
			}
		}
	})
	for i := range edits {
		t0 := time.Now()
		cs, err := o1.st.Commit(actorEdits("01HZVIAHUB", i, i+1)...)
		if err != nil {
			return 0, 0, 0, err
		}
		mu.Lock()
		made[cs[0].Seq] = t0
		mu.Unlock()
		time.Sleep(100 * time.Millisecond)
	}
	waitFor(20*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) >= len(made)
	})
	mu.Lock()
	defer mu.Unlock()
	var ds []time.Duration
	for seq, t0 := range made {
		t1, ok := got[seq]
		if !ok {
			lost++
			continue
		}
		ds = append(ds, t1.Sub(t0))
	}
	slices.Sort(ds)
	return percentile(ds, 50), percentile(ds, 99), lost, nil
}

// freeBenchPorts returns loopback ports free for both TCP and UDP.
func freeBenchPorts(n int) []int {
	var out []int
	for len(out) < n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			continue
		}
		port := l.Addr().(*net.TCPAddr).Port
		u, err := net.ListenPacket("udp", fmt.Sprintf("127.0.0.1:%d", port))
		l.Close()
		if err != nil {
			continue
		}
		u.Close()
		out = append(out, port)
	}
	return out
}

// pollEvery checks cond every period (each check runs sbcc processes,
// which should not crowd the nodes measured) until it holds or timeout.
func pollEvery(period, timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(period)
	}
	return false
}
