package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"sbcc/app"
	sbsync "sbcc/sync"
	"sbcc/sync/gossip"
	"sbcc/sync/store"
	"sbcc/sync/trust"
)

// StatusFile is the file in the data folder where a running node writes
// its status every few seconds, for `sbcc peers` beside it.
const StatusFile = "status.json"

// NodeStatus is what a running node writes to StatusFile.
type NodeStatus struct {
	Time    time.Time           `json:"time"`
	Node    sbsync.NodeID       `json:"node"`
	Office  string              `json:"office"`
	Addr    string              `json:"addr"`
	Vector  sbsync.Vector       `json:"vector"`
	Hash    string              `json:"hash"`
	Peers   []gossip.PeerStatus `json:"peers"`
	Held    []gossip.Held       `json:"held,omitempty"`
	Stats   gossip.Stats        `json:"stats"`
	Network string              `json:"network"`
}

func serveCmd(env *Env) *cobra.Command {
	var gossipAddr, advertise, httpAddr string
	var join []string
	c := &cobra.Command{
		Use:   "serve [--gossip ADDR] [--join ADDR,...]",
		Short: "Run this node headless: sync with the other offices until interrupted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
			return serve(cmd.Context(), env.DataDir, gossipAddr, advertise, httpAddr, join, log, cmd.OutOrStdout())
		},
	}
	c.Flags().StringVar(&gossipAddr, "gossip", DefaultGossipAddr, "address to listen for other offices on (UDP and TCP)")
	c.Flags().StringVar(&advertise, "advertise", "", "address other offices should dial, when not the listen address (NAT)")
	c.Flags().StringSliceVar(&join, "join", nil, "addresses of other offices to join (remembered)")
	c.Flags().StringVar(&httpAddr, "http", "", "also serve the web UI on this address (as `sbcc web --http`); off when empty")
	return c
}

func splitHostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(p)
	return host, port, err
}

// Serve runs this data folder headless: the sync node (once in a network)
// and the web UI on httpAddr, until ctx ends. The desktop app falls back to
// it where there is no display.
func Serve(ctx context.Context, env *Env, httpAddr string) error {
	log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return serve(ctx, env.DataDir, DefaultGossipAddr, "", httpAddr, nil, log, env.Stdout)
}

func serve(ctx context.Context, dir, gossipAddr, advertise, httpAddr string, join []string, log *slog.Logger, out io.Writer) error {
	if len(join) > 0 {
		if err := rememberAddrs(dir, join); err != nil && !errors.Is(err, trust.ErrNoNetwork) {
			return err
		}
	}
	d, err := app.Open(dir, app.Options{Logger: log})
	if err != nil {
		return err
	}
	defer d.Close()
	office, err := StartOffice(ctx, d, NodeConfig{Gossip: gossipAddr, Advertise: advertise}, log)
	if err != nil {
		return err
	}
	defer office.Stop()

	// The web UI, beside the node on the same directory; it stops before
	// the node does.
	webCtx, stopWeb := context.WithCancel(ctx)
	defer stopWeb()
	webDone := make(chan error, 1)
	if httpAddr != "" {
		go func() { webDone <- ServeWeb(webCtx, d, office, httpAddr, out, log) }()
	} else {
		webDone <- nil
	}

	select {
	case <-ctx.Done():
	case err := <-webDone:
		if err != nil {
			return fmt.Errorf("web UI: %w", err)
		}
		webDone = nil
		<-ctx.Done()
	}
	log.Info("shutting down")
	stopWeb()
	if webDone != nil {
		<-webDone
	}
	return office.Stop()
}

type statusWriter struct {
	dir     string
	d       *app.Directory
	node    *gossip.Node
	network string
	log     *slog.Logger
	lastVec sbsync.Vector // the vector s.hash was computed at
	prevVec sbsync.Vector // the vector at the previous write
	hash    string
	fileMod time.Time
}

func (s *statusWriter) write() {
	vec, err := s.d.Store().Vector()
	if err != nil {
		return
	}
	// The hash reads every record: during a catch-up (the vector moves at
	// every write) it waits until the vector has settled for one period.
	differs := func(a, b sbsync.Vector) bool { return a.Count(b)+b.Count(a) > 0 }
	if s.lastVec == nil || differs(vec, s.lastVec) && s.prevVec != nil && !differs(vec, s.prevVec) {
		if h, err := s.d.Hash(); err == nil {
			s.hash, s.lastVec = h, vec
		}
	}
	s.prevVec = vec
	ns := NodeStatus{Time: time.Now(), Node: s.node.ID(), Office: s.d.Office(), Addr: s.node.Addr(), Vector: vec,
		Hash: s.hash, Peers: s.node.Peers(), Held: s.node.Held(), Stats: s.node.Stats(), Network: s.network}
	raw, _ := json.MarshalIndent(ns, "", "  ")
	tmp := filepath.Join(s.dir, "."+StatusFile)
	if err := os.WriteFile(tmp, raw, 0o600); err == nil {
		os.Rename(tmp, filepath.Join(s.dir, StatusFile))
	}
}

// pickUpNotices publishes notices that a command (revoke, rotate) added
// to the network file while the node runs.
func (s *statusWriter) pickUpNotices(reg *trust.Registry) {
	fi, err := os.Stat(filepath.Join(s.dir, trust.FileName))
	if err != nil || !fi.ModTime().After(s.fileMod) {
		return
	}
	s.fileMod = fi.ModTime()
	f, err := trust.Load(s.dir)
	if err != nil {
		return
	}
	if added, _ := reg.Merge(f.Notices); added > 0 {
		if err := s.node.Publish(f.Notices); err != nil {
			s.log.Warn("cannot publish network notices", "err", err)
		}
	}
}

// rememberAddrs adds addresses to join at every start.
func rememberAddrs(dir string, addrs []string) error {
	return trust.Update(dir, func(f *trust.File) error {
		for _, a := range addrs {
			if a != "" && !slices.Contains(f.Addrs, a) {
				f.Addrs = append(f.Addrs, a)
			}
		}
		return nil
	})
}

// readStatus reads a running node's status file.
func readStatus(dir string) (*NodeStatus, error) {
	raw, err := os.ReadFile(filepath.Join(dir, StatusFile))
	if err != nil {
		return nil, fmt.Errorf("the data folder is in use but the node wrote no status yet: %w", err)
	}
	var st NodeStatus
	return &st, json.Unmarshal(raw, &st)
}

// withDirOrStatus calls fn with this node's vector, from the store or,
// while a node runs on the folder, from its status file.
func withDirOrStatus(env *Env, fn func(sbsync.Vector)) error {
	err := withDir(env, func(d *app.Directory) error {
		v, err := d.Store().Vector()
		if err == nil {
			fn(v)
		}
		return err
	})
	if errors.Is(err, store.ErrLocked) {
		st, err := readStatus(env.DataDir)
		if err != nil {
			return err
		}
		fn(st.Vector)
		return nil
	}
	return err
}
