package store

import (
	"strconv"

	sbsync "sbcc/sync"
	"sbcc/sync/store/internal/jsonenc"
)

// encodeChange returns the JSON of c as the log keeps it (see package jsonenc).
func encodeChange(c *sbsync.Change) ([]byte, error) {
	return jsonenc.AppendChange(make([]byte, 0, jsonenc.ChangeSize(c)), c)
}

// encodeRecord returns the JSON of rec and of its view, in one buffer.
func encodeRecord(rec *sbsync.Record) (raw, view []byte, err error) {
	meta := func(b []byte) []byte { return appendViewMeta(b, makeViewMeta(rec)) }
	b, n, err := jsonenc.AppendRecordAndView(make([]byte, 0, jsonenc.RecordSize(rec)), rec, meta)
	if err != nil {
		return nil, nil, err
	}
	return b[:n:n], b[n:], nil
}

// appendViewMeta appends the JSON of m.
func appendViewMeta(b []byte, m ViewMeta) []byte {
	b = append(b, `{"created":`...)
	b = jsonenc.AppendString(b, m.Created)
	b = append(b, `,"updated":`...)
	b = jsonenc.AppendString(b, m.Updated)
	b = append(b, `,"origin":`...)
	b = jsonenc.AppendString(b, m.Origin)
	if m.Deleted {
		b = append(b, `,"deleted":true`...)
	}
	if m.Erased {
		b = append(b, `,"erased":true`...)
	}
	if m.Conflicts != 0 {
		b = append(b, `,"conflicts":`...)
		b = strconv.AppendInt(b, int64(m.Conflicts), 10)
	}
	return append(b, '}')
}
