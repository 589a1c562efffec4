package store

import (
	fastjson "github.com/goccy/go-json"

	sbsync "sbcc/sync"
)

// The JSON the store writes for every change it applies — the change for
// the log, the record and its view — is made with goccy/go-json: on a
// first sync it is most of the receiver's work, and goccy makes it about
// twice as fast as encoding/json, byte for byte the same (see
// TestCodecMatchesEncodingJSON). Everything else, and every decode that
// decides what a record holds, stays with encoding/json.

// encodeChange returns the JSON of c as the log keeps it.
func encodeChange(c *sbsync.Change) ([]byte, error) { return fastjson.Marshal(c) }

// encodeRecord returns the JSON of rec and of its view.
func encodeRecord(rec *sbsync.Record) (raw, view []byte, err error) {
	if raw, err = fastjson.Marshal(rec); err != nil {
		return nil, nil, err
	}
	view, err = fastjson.Marshal(MakeView(rec))
	return raw, view, err
}
