package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	stdsync "sync"
	"sync/atomic"
	"time"

	"sbcc/app"
	"sbcc/app/bus"
	"sbcc/app/offices"
	"sbcc/sync/gossip"
	"sbcc/sync/store"
	"sbcc/sync/trust"
)

// Config is where this office's node listens and what it runs for
// commands beside it.
type Config struct {
	// Gossip is the listen address (host:port) for other offices;
	// DefaultGossipAddr when empty.
	Gossip string
	// Advertise is the address others should dial, when not Gossip (NAT).
	Advertise string
	// Join are addresses of other offices, added to the network file's
	// remembered addresses (joined at every start) before the node starts.
	Join []string
	// Commands runs the commands other sbcc processes forward over the
	// control socket; without it the node opens no control socket.
	Commands Runner
}

// DefaultGossipAddr is where a node listens for other offices by default.
const DefaultGossipAddr = "0.0.0.0:7946"

// Office runs the data folder's sync node once the folder belongs to a
// network, writes its status file for `sbcc peers`, and is the offices.Network
// the UI calls to found, join, invite and rotate: the desktop window and
// `sbcc serve` share this one wiring.
type Office struct {
	ctx context.Context
	d   *app.Directory
	cfg Config
	log *slog.Logger

	mu     stdsync.Mutex
	node   *gossip.Node
	reg    *trust.Registry
	unsub  func()
	status *statusWriter
	done   chan struct{}
	// stopControl closes the control socket, if one is open.
	stopControl func()
	// reopened is true once Reopen opened d: Stop closes it then.
	reopened bool
	// bus receives the sync progress events, once a UI is wired.
	bus          atomic.Pointer[bus.Bus]
	lastProgress atomic.Int64 // unix nanoseconds of the last event
}

// progressEvery bounds how often a running catch-up is published.
const progressEvery = 250 * time.Millisecond

// PublishTo makes the office publish sync progress (bus.Sync, data a
// gossip.SessionProgress) on b: at most every 250 ms while a catch-up runs,
// and always at its end.
func (o *Office) PublishTo(b *bus.Bus) { o.bus.Store(b) }

func (o *Office) progress(p gossip.SessionProgress) {
	b := o.bus.Load()
	if b == nil {
		return
	}
	now := time.Now().UnixNano()
	if !p.Done && now-o.lastProgress.Load() < int64(progressEvery) {
		return
	}
	o.lastProgress.Store(now)
	b.Publish(bus.Notice{Name: bus.Sync, Data: p})
}

var _ offices.Network = (*Office)(nil)

// Start starts the sync node of d's data folder, when it belongs to a
// network, listening on cfg.Gossip (DefaultGossipAddr when empty), the
// control socket when cfg.Commands is set, and a ticker that keeps the
// node's status file current until Stop. A folder in no network gives a
// running Office without a node, ready to Create or Join.
func Start(ctx context.Context, d *app.Directory, cfg Config, log *slog.Logger) (*Office, error) {
	if cfg.Gossip == "" {
		cfg.Gossip = DefaultGossipAddr
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if len(cfg.Join) > 0 {
		if err := rememberAddrs(d.Dir(), cfg.Join); err != nil && !errors.Is(err, trust.ErrNoNetwork) {
			return nil, err
		}
	}
	o := &Office{ctx: ctx, d: d, cfg: cfg, log: log, done: make(chan struct{}), stopControl: func() {}}
	if cfg.Commands != nil {
		stop, err := serveControl(ctx, d, cfg.Commands, o.livePeers, log)
		if err != nil {
			return nil, err
		}
		o.stopControl = stop
	}
	o.mu.Lock()
	err := o.startLocked()
	o.mu.Unlock()
	if errors.Is(err, trust.ErrNoNetwork) {
		log.Info("this data folder belongs to no network yet: not syncing until one is founded or joined")
	} else if err != nil {
		o.stopControl()
		return nil, err
	}
	go func() {
		tick := time.NewTicker(2 * time.Second)
		defer tick.Stop()
		for {
			o.tick()
			select {
			case <-ctx.Done():
				return
			case <-o.done:
				return
			case <-tick.C:
			}
		}
	}()
	return o, nil
}

// startLocked starts the sync node, unless it runs, when the folder
// belongs to a network (trust.ErrNoNetwork otherwise).
func (o *Office) startLocked() error {
	if o.node != nil {
		return nil
	}
	dir := o.d.Dir()
	f, err := trust.Load(dir)
	if err != nil {
		return err
	}
	reg, err := f.Registry()
	if err != nil {
		o.log.Warn("network file has invalid notices", "err", err)
	}
	cfg := gossip.DefaultConfig()
	if cfg.BindAddr, cfg.BindPort, err = splitHostPort(o.cfg.Gossip); err != nil {
		return err
	}
	if o.cfg.Advertise != "" {
		if cfg.AdvertiseAddr, cfg.AdvertisePort, err = splitHostPort(o.cfg.Advertise); err != nil {
			return err
		}
	}
	cfg.Office, cfg.Keys, cfg.Trust, cfg.Join, cfg.Logger = f.Self.Office, f.Keys, reg, f.Addrs, o.log
	cfg.Identity = f.Self
	cfg.OnProgress = o.progress
	cfg.PeerFile = gossip.PeerFile(dir)
	cfg.OnNotices = func(ns trust.Notices) {
		if err := trust.Update(dir, func(f *trust.File) error { return f.MergeNotices(ns) }); err != nil {
			o.log.Warn("cannot save network notices", "err", err)
		}
		o.admit(reg)
	}
	o.admit(reg)
	cfg.OnKeys = func(keys [][]byte) {
		if err := trust.Update(dir, func(f *trust.File) error { f.Keys = keys; return nil }); err != nil {
			o.log.Warn("cannot save network keys", "err", err)
		}
	}
	node, err := gossip.New(cfg, o.d.Store())
	if err != nil {
		return err
	}
	unsub := o.d.Store().Subscribe(func(c store.Commit) {
		if c.Local {
			node.Notify(c.Changes)
		}
	})
	if err := node.Start(o.ctx); err != nil {
		unsub()
		return fmt.Errorf("start the sync node on %s: %w", o.cfg.Gossip, err)
	}
	o.node, o.reg, o.unsub = node, reg, unsub
	o.status = &statusWriter{dir: dir, d: o.d, node: node, network: f.Network, log: o.log}
	return nil
}

// admit spends the invite codes of this node whose certificates arrived:
// an admin admits the first certificate of each of its tickets it sees.
func (o *Office) admit(reg *trust.Registry) {
	if n, err := offices.AdmitNew(o.d.Dir(), reg); err != nil {
		o.log.Warn("cannot admit new members", "err", err)
	} else if n > 0 {
		o.log.Info("new members admitted", "count", n)
	}
}

// tick writes the status file and publishes notices that commands added to
// the network file while the node runs. Call it every few seconds.
func (o *Office) tick() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.status == nil {
		return
	}
	o.status.pickUpNotices(o.reg)
	o.status.write()
}

// Stop stops the ticker and the node, if it runs, and closes the
// directory Reopen opened, if it did.
func (o *Office) Stop() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	select {
	case <-o.done:
	default:
		close(o.done)
		o.stopControl()
	}
	err := o.stopNodeLocked()
	if o.reopened {
		err = errors.Join(err, o.d.Close())
		o.reopened = false
	}
	return err
}

// stopNodeLocked stops the sync node, if it runs.
func (o *Office) stopNodeLocked() error {
	if o.node == nil {
		return nil
	}
	o.unsub()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := o.node.Stop(ctx)
	os.Remove(filepath.Join(o.d.Dir(), StatusFile))
	o.node, o.status = nil, nil
	return err
}

// ErrStopped is returned by Reopen once the office has stopped.
var ErrStopped = errors.New("sbcc is shutting down")

// Reopen stops the sync node and the control socket, closes the directory,
// runs apply on the data folder (a restore from backup replaces the store
// there), opens the directory again and starts the control socket and, if
// the folder still belongs to a network, the node on it. It returns the
// directory open now, which Stop closes, and apply's error: a failed
// apply that left the folder as it was gives the old directory again. The
// caller must keep everything else off the old directory meanwhile (the
// UI's calls, index and event feeds); Reopen returns a nil directory only
// when the folder cannot be opened again.
func (o *Office) Reopen(apply func(dir string) error) (*app.Directory, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	select {
	case <-o.done:
		return nil, ErrStopped
	default:
	}
	o.stopControl()
	o.stopControl = func() {}
	if err := o.stopNodeLocked(); err != nil {
		o.log.Warn("the sync node did not stop cleanly before reopening the data folder", "err", err)
	}
	dir := o.d.Dir()
	if err := o.d.Close(); err != nil {
		o.log.Warn("closing the directory before reopening it", "err", err)
	}
	applyErr := apply(dir)
	d, err := app.Open(dir, app.Options{Logger: o.log})
	if err != nil {
		return nil, errors.Join(applyErr, fmt.Errorf("open the data folder again (restart sbcc): %w", err))
	}
	o.d, o.reopened = d, true
	if o.cfg.Commands != nil {
		if stop, err := serveControl(o.ctx, d, o.cfg.Commands, o.livePeers, o.log); err != nil {
			o.log.Warn("the control socket did not open again: commands on this folder need sbcc restarted", "err", err)
		} else {
			o.stopControl = stop
		}
	}
	if err := o.startLocked(); errors.Is(err, trust.ErrNoNetwork) {
		o.log.Info("the data folder belongs to no network after reopening: not syncing until one is founded or joined")
	} else if err != nil {
		o.log.Warn("the sync node did not start again: restart sbcc to sync", "err", err)
	}
	return d, applyErr
}

// livePeers returns the running node's status of every peer, or nil
// while the folder has no node.
func (o *Office) livePeers() []gossip.PeerStatus {
	o.mu.Lock()
	node := o.node
	o.mu.Unlock()
	if node == nil {
		return nil
	}
	return node.Peers()
}

// Peers reports every known office for the sync screen.
func (o *Office) Peers() ([]offices.Peer, error) {
	o.mu.Lock()
	node := o.node
	o.mu.Unlock()
	if node == nil {
		return []offices.Peer{}, nil
	}
	var out []offices.Peer
	for _, p := range node.Peers() {
		if p.Self {
			continue
		}
		out = append(out, appPeer(p))
	}
	return out, nil
}

// appPeer turns a node's peer status into what the sync screen shows.
func appPeer(p gossip.PeerStatus) offices.Peer {
	peer := offices.Peer{Node: string(p.Node), Office: p.Office, Online: p.Reachable, Connected: p.Connected,
		Via: string(p.Via), Behind: p.WeLack, Ahead: p.TheyLack, Conflicts: p.Conflicts,
		BytesSent: p.BytesSent, BytesReceived: p.BytesReceived}
	if !p.LastContact.IsZero() {
		peer.LastContact = p.LastContact.UTC().Format(time.RFC3339)
	}
	if pr := p.Progress; pr != nil && pr.ChangesTotal > 0 {
		peer.Progress = float64(pr.Changes) / float64(pr.ChangesTotal)
	}
	return peer
}

// Create founds a network with this office as its first member and starts
// syncing.
func (o *Office) Create() (offices.NetworkInfo, error) {
	network, err := offices.FoundNetwork(o.d, o.d.Office())
	if err != nil {
		return offices.NetworkInfo{}, err
	}
	return o.info(network)
}

// Join joins the network of an invite code and starts syncing.
func (o *Office) Join(code string) (offices.NetworkInfo, error) {
	f, err := offices.JoinNetwork(o.d, code, o.d.Office())
	if err != nil {
		return offices.NetworkInfo{}, err
	}
	return o.info(f.Network)
}

func (o *Office) info(network string) (offices.NetworkInfo, error) {
	o.mu.Lock()
	err := o.startLocked()
	o.mu.Unlock()
	if err != nil {
		return offices.NetworkInfo{}, err
	}
	f, err := trust.Load(o.d.Dir())
	if err != nil {
		return offices.NetworkInfo{}, err
	}
	reg, _ := f.Registry()
	return offices.NetworkInfo{Name: network, Members: len(reg.Notices().Members)}, nil
}

// Invite returns a code with which another office joins through this node.
func (o *Office) Invite() (string, error) {
	o.mu.Lock()
	node := o.node
	o.mu.Unlock()
	if node == nil {
		return "", errors.New("this office is not in a network yet")
	}
	return offices.Invite(o.d.Dir(), []string{node.Addr()}, 7*24*time.Hour)
}

// Rotate installs a new network key (the old one works for three more days)
// and returns a fresh invite code, for offices that miss the rotation.
func (o *Office) Rotate() (string, error) {
	if _, err := offices.RotateKey(o.d.Dir(), 72*time.Hour); err != nil {
		return "", err
	}
	o.tick()
	return o.Invite()
}

// splitHostPort splits a listen or advertised address into its host and
// port number.
func splitHostPort(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(p)
	return host, port, err
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
