package store

import (
	"bytes"
	"encoding/binary"

	sbsync "sbcc/sync"
)

func logKey(origin sbsync.NodeID, seq uint64) []byte {
	k := make([]byte, 0, len(origin)+9)
	k = append(k, origin...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, seq)
}

func splitLogKey(k []byte) (sbsync.NodeID, uint64, bool) {
	i := bytes.IndexByte(k, 0)
	if i < 0 || len(k)-i-1 != 8 {
		return "", 0, false
	}
	return sbsync.NodeID(k[:i]), binary.BigEndian.Uint64(k[i+1:]), true
}

func byRecordKey(key string, origin sbsync.NodeID, seq uint64) []byte {
	k := make([]byte, 0, len(key)+len(origin)+10)
	k = append(k, key...)
	k = append(k, 0)
	return append(k, logKey(origin, seq)...)
}

// splitByRecordKey splits the part of a byrecord key after its record prefix.
func splitByRecordKey(rest []byte) (sbsync.NodeID, uint64, bool) { return splitLogKey(rest) }

func hasPrefix(k, p []byte) bool { return bytes.HasPrefix(k, p) }
