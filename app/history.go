package app

import (
	"bytes"
	"encoding/json"
	"fmt"

	"sbcc/app/model"
	sbsync "sbcc/sync"
	"sbcc/sync/store"
)

// beforeOf returns, for each field a change sets, the value values holds
// for it (null when none), then records the change's values in values: the
// history replayed in its order, so each entry knows what it replaced.
func beforeOf(values, fields map[string]json.RawMessage) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(fields))
	for f, v := range fields {
		out[f] = json.RawMessage("null")
		if old, ok := values[f]; ok {
			out[f] = old
		}
		values[f] = v
	}
	return out
}

// UndoResult says what UndoChange put back.
type UndoResult struct {
	// Restored are the fields set back to their earlier value.
	Restored []string `json:"restored"`
	// Kept are the fields changed again since, left as they are.
	Kept []string `json:"kept,omitempty"`
}

// UndoChange undoes the change number index (0 is the oldest, as History
// lists them) of the record id: each field it set that still holds the
// value it set goes back to the value it had before; a field changed again
// since is kept, and listed. The undo is an ordinary edit that syncs.
func (d *Directory) UndoChange(id string, index int) (UndoResult, error) {
	var res UndoResult
	hist, err := d.History(id)
	if err != nil {
		return res, err
	}
	if index < 0 || index >= len(hist) || hist[index].Op != sbsync.OpSet.String() || len(hist[index].Fields) == 0 {
		return res, model.One("index", model.CodeNotAChoice, fmt.Sprintf("change %d of %s cannot be undone", index, id), "value", fmt.Sprint(index))
	}
	var fields, before map[string]json.RawMessage
	if err := json.Unmarshal(hist[index].Fields, &fields); err != nil {
		return res, err
	}
	if err := json.Unmarshal(hist[index].Before, &before); err != nil {
		return res, err
	}
	rec, err := d.store.Find(id)
	if err != nil {
		return res, err
	}
	now := rec.Values()
	back := map[string]json.RawMessage{}
	for f, v := range fields {
		if bytes.Equal(compact(now[f]), compact(v)) {
			back[f] = before[f]
			res.Restored = append(res.Restored, f)
		} else {
			res.Kept = append(res.Kept, f)
		}
	}
	if len(back) == 0 {
		return res, nil
	}
	_, err = d.store.Commit(store.Edit{Kind: rec.Kind, ID: id, Op: sbsync.OpSet, Fields: back})
	return res, err
}

// compact returns JSON without insignificant space, so equal values compare equal.
func compact(raw json.RawMessage) []byte {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}
