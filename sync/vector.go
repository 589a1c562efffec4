package sync

import "sort"

// Vector is a version vector: per origin node, the highest sequence number
// applied without gaps. It says exactly which changes a replica holds.
type Vector map[NodeID]uint64

// Covers reports whether v includes change seq of origin.
func (v Vector) Covers(origin NodeID, seq uint64) bool { return v[origin] >= seq }

// Clone returns an independent copy of v.
func (v Vector) Clone() Vector {
	out := make(Vector, len(v))
	for k, n := range v {
		out[k] = n
	}
	return out
}

// Merge raises every entry of v to at least the one in o.
func (v Vector) Merge(o Vector) {
	for k, n := range o {
		if n > v[k] {
			v[k] = n
		}
	}
}

// Range is a run of sequence numbers of one origin, From and To included.
type Range struct {
	Origin NodeID `json:"origin"`
	From   uint64 `json:"from"`
	To     uint64 `json:"to"`
}

// Len returns the number of changes in r.
func (r Range) Len() uint64 {
	if r.To < r.From {
		return 0
	}
	return r.To - r.From + 1
}

// Lacks returns the ranges of changes that v holds and other does not,
// ordered by origin: exactly what to send a peer whose vector is other.
func (v Vector) Lacks(other Vector) []Range {
	var out []Range
	for origin, n := range v {
		if have := other[origin]; have < n {
			out = append(out, Range{Origin: origin, From: have + 1, To: n})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Origin < out[j].Origin })
	return out
}

// Count returns how many changes v holds and other does not.
func (v Vector) Count(other Vector) uint64 {
	var n uint64
	for _, r := range v.Lacks(other) {
		n += r.Len()
	}
	return n
}

// Origins returns the origins of v in order.
func (v Vector) Origins() []NodeID {
	out := make([]NodeID, 0, len(v))
	for k := range v {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// ApplyResult tells what a replica did with a batch of remote changes.
type ApplyResult struct {
	// Applied counts changes merged now; Duplicates those already held.
	Applied, Duplicates int
	// Gaps lists, per origin, the first change missing before a change that
	// was therefore held back: what to ask the peer for.
	Gaps []Range
	// Refused lists changes that failed validation.
	Refused []error
}
