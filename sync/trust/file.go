package trust

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// FileName is the name of the network file in a data folder.
const FileName = "network.json"

// ErrNoNetwork is returned by Load when the data folder has no network yet.
var ErrNoNetwork = errors.New("this data folder belongs to no network yet; run `sbcc network init --office NAME` or `sbcc network join CODE`")

// File is a node's persisted network state: kept in the data folder,
// readable by the owner only, because it holds the secret keys.
type File struct {
	Network string `json:"network"`
	// Keys are the memberlist encryption keys, the primary first.
	Keys    [][]byte `json:"keys"`
	Self    Identity `json:"self"`
	Notices Notices  `json:"notices"`
	// Addrs are addresses to join at every start (from the invite code or
	// `sbcc serve --join`), besides the peers the node remembers itself.
	Addrs []string `json:"addrs,omitempty"`
}

// Load reads the network file of dir.
func Load(dir string) (*File, error) {
	raw, err := os.ReadFile(filepath.Join(dir, FileName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoNetwork
	}
	if err != nil {
		return nil, fmt.Errorf("read network file: %w", err)
	}
	var f File
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("damaged network file %s: %w", filepath.Join(dir, FileName), err)
	}
	return &f, nil
}

// Save writes f to dir atomically, mode 0600.
func (f *File) Save(dir string) error {
	raw, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".network-*.json")
	if err != nil {
		return fmt.Errorf("save network file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("save network file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, FileName))
}

// Registry returns a registry holding the file's notices.
func (f *File) Registry() (*Registry, error) {
	r := NewRegistry(f.Network)
	if f.Self.Valid() {
		r.SetIdentity(f.Self)
	}
	_, err := r.Merge(f.Notices)
	return r, err
}

// Update loads the network file of dir, lets fn change it and saves it, so
// that a running node and a command adding a notice do not overwrite each
// other's notices (merge, not replace).
func Update(dir string, fn func(*File) error) error {
	f, err := Load(dir)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		return err
	}
	return f.Save(dir)
}

// MergeNotices adds ns to the file's notices, keeping only valid ones.
func (f *File) MergeNotices(ns Notices) error {
	r, _ := f.Registry()
	if _, err := r.Merge(ns); err != nil {
		return err
	}
	f.Notices = r.Notices()
	return nil
}
