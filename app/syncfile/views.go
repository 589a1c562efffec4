package syncfile

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"sbcc/app"
	"sbcc/app/transfer"
	sbsync "sbcc/sync"
	"sbcc/sync/bundle"
)

// The API of sync by file: "Save changes to a file" and "Load changes from
// a file" on the Sync screen. Files travel as base64, as in the import
// wizard and the exports (see api_go).

// Office is an office a sync file can be written for.
type Office struct {
	Node   string `json:"node"`
	Office string `json:"office"`
	// Known is true when the office reported what it holds (in a file it
	// sent here): its file then holds only what it lacks.
	Known bool `json:"known"`
}

// Offices lists the other offices this one knows of, by name.
func Offices(ctx context.Context, d *app.Directory) ([]Office, error) {
	out := []Office{}
	for node, office := range d.Offices() {
		if node == d.Store().Node() {
			continue
		}
		v, err := PeerVector(d, node)
		if err != nil {
			return nil, err
		}
		out = append(out, Office{Node: string(node), Office: office, Known: v != nil})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Office != out[j].Office {
			return out[i].Office < out[j].Office
		}
		return out[i].Node < out[j].Node
	})
	return out, nil
}

// Download is a sync file for the UI to save, with what it holds.
type Download struct {
	transfer.Download
	// Known is false when the file was asked for one office but nothing
	// is known of what it holds, so that it holds every change.
	Known bool `json:"known"`
}

// Save writes the changes the office node lacks (empty: every
// change) into a sync file.
func Save(ctx context.Context, d *app.Directory, node string) (Download, error) {
	if node != "" && !sbsync.NodeID(node).Valid() {
		return Download{}, fmt.Errorf("%w: %q is not a node id", app.ErrInvalid, node)
	}
	var buf bytes.Buffer
	ex, err := Export(ctx, d, &buf, node, nil)
	if errors.Is(err, ErrNoNetwork) {
		return Download{}, fmt.Errorf("%w: %w", app.ErrInvalid, err)
	}
	if err != nil {
		return Download{}, err
	}
	to := "all"
	if ex.For != "" {
		to = string(ex.For)
		if o := d.Offices()[ex.For]; o != "" {
			to = o
		}
	}
	name := fmt.Sprintf("%s-to-%s-%s.sbcc-sync", transfer.FileWord(d.Office()), transfer.FileWord(to), time.Now().Format(time.DateOnly))
	return Download{Download: transfer.Download{Name: name, MimeType: "application/octet-stream",
		Content: base64.StdEncoding.EncodeToString(buf.Bytes()), Size: buf.Len(), Count: int(ex.Header.Changes)},
		Known: ex.For == "" || ex.Known}, nil
}

// Result is what loading a sync file did.
type Result struct {
	// Problem, when not empty, says why the whole file was refused and
	// nothing applied: not-sync-file, truncated, damaged, too-large,
	// newer, other-network, no-network. Message says it in English.
	Problem string `json:"problem,omitempty"`
	Message string `json:"message,omitempty"`
	// Office and Node wrote the file, at Created (RFC 3339).
	Office  string `json:"office,omitempty"`
	Node    string `json:"node,omitempty"`
	Created string `json:"created,omitempty"`
	// Changes in the file, and what became of them (see bundle.Report).
	Changes uint64           `json:"changes"`
	Added   uint64           `json:"added"`
	Already uint64           `json:"already"`
	Refused uint64           `json:"refused"`
	Future  uint64           `json:"future"`
	Waiting uint64           `json:"waiting"`
	Reasons []bundle.Refusal `json:"reasons"`
}

var fileProblems = []struct {
	err  error
	code string
}{
	{bundle.ErrNotSyncFile, "not-sync-file"},
	{bundle.ErrTruncated, "truncated"},
	{bundle.ErrTooLarge, "too-large"},
	{bundle.ErrNewerFormat, "newer"},
	{bundle.ErrDamaged, "damaged"},
	{bundle.ErrOtherNetwork, "other-network"},
	{ErrNoNetwork, "no-network"},
}

// Load verifies and applies a sync file given as its name and its
// content in base64 (a data: URL prefix is accepted; at most
// MaxImportSize bytes, bigger files go through `sbcc sync import`), exactly as `sbcc sync
// import` does. A file refused as a whole comes back with Problem set,
// not as an error.
func Load(ctx context.Context, d *app.Directory, name, content string) (Result, error) {
	data, err := transfer.DecodeUpload(strings.TrimSpace(name), content)
	if err != nil {
		return Result{}, err
	}
	rep, err := Import(ctx, d, bytes.NewReader(data), nil)
	for _, p := range fileProblems {
		if errors.Is(err, p.err) {
			return Result{Problem: p.code, Message: err.Error(), Reasons: []bundle.Refusal{}}, nil
		}
	}
	if err != nil {
		return Result{}, err
	}
	h := rep.Header
	res := Result{Office: h.Office, Node: string(h.Writer), Created: h.Created.UTC().Format(time.RFC3339),
		Changes: rep.Changes, Added: rep.Added, Already: rep.Already, Refused: rep.Refused, Future: rep.Future,
		Waiting: rep.Waiting, Reasons: rep.Reasons}
	if res.Reasons == nil {
		res.Reasons = []bundle.Refusal{}
	}
	return res, nil
}
