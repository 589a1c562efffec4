package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	sbsync "sbcc/sync"
	"sbcc/sync/bundle"
	"sbcc/sync/trust"
	"sbcc/sync/wire"
)

func init() { sections = append(sections, section{name: "syncfile", run: benchSyncFile}) }

// benchSyncFile measures sync by file: 10k signed changes exported by one
// office and imported by another, both real stores of one network.
func benchSyncFile(ctx context.Context, cfg config) ([]row, error) {
	const n = 10_000
	dir, err := os.MkdirTemp(cfg.Dir, "syncfile-*")
	if err != nil {
		return nil, err
	}
	sn := &syncNet{}
	defer sn.close()
	for i := range 2 {
		node, err := sn.open(filepath.Join(dir, fmt.Sprint(i)))
		if err != nil {
			return nil, err
		}
		sn.nodes = append(sn.nodes, node)
	}
	a, b := sn.nodes[0], sn.nodes[1]
	for i := 0; i < n; i += 1000 {
		if _, err := a.st.Commit(actorEdits("01HZFILE", i, min(i+1000, n))...); err != nil {
			return nil, err
		}
	}
	var all []sbsync.Change
	a.st.ChangesSince(nil, func(c sbsync.Change) error { all = append(all, c); return nil })
	raw, _ := json.Marshal(all)
	zsize := len(wire.Compress(raw))

	var file bytes.Buffer
	start := time.Now()
	h := bundle.Header{Network: sn.network, Office: a.id.Office, Notices: trust.Notices{Members: sn.members}}
	if _, err := bundle.Export(ctx, &file, a.st, nil, h, a.id, nil); err != nil {
		return nil, err
	}
	exportTook := time.Since(start)
	reg := trust.NewRegistry(sn.network)
	reg.Merge(trust.Notices{Members: sn.members})
	cpu0 := cpuTime()
	start = time.Now()
	rep, err := bundle.Import(ctx, bytes.NewReader(file.Bytes()), b.st, bundle.Guard{Trust: reg}, nil)
	if err != nil {
		return nil, err
	}
	importTook, importCPU := time.Since(start), cpuTime()-cpu0
	if rep.Added != n {
		return nil, fmt.Errorf("sync file import added %d of %d changes", rep.Added, n)
	}
	return []row{
		{"sync file 10k changes: size", fmt.Sprintf("%.2f", float64(file.Len())/(1<<20)), "MiB", ""},
		{"sync file 10k changes: size / zstd size of the changes", fmt.Sprintf("%.3f", float64(file.Len())/float64(zsize)), "ratio", "≤ 1.1"},
		{"sync file 10k changes: export", fmt.Sprintf("%.2f", exportTook.Seconds()), "s", ""},
		{"sync file 10k changes: import (check, verify, apply)", fmt.Sprintf("%.2f", importTook.Seconds()), "s", "≤ 2"},
		{"sync file 10k changes: import, CPU time of the process", fmt.Sprintf("%.2f", importCPU.Seconds()), "s", ""},
	}, nil
}

// cpuTime returns the CPU time (user and system) the process used so far:
// on a busy machine it tells work apart from waiting for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
