package web

import (
	"context"
	"errors"
	"io"
	"time"
)

// largeBody is the size above which a request body (or socket message)
// counts as large: a file to import, never a search or a record.
const largeBody = 1 << 20

// maxLarge is how many large bodies are read and handled at once. Each
// costs some four times its size in memory while it is decoded and
// imported, so eight parallel 72 MiB uploads took 2 GB before this cap.
const maxLarge = 2

// largeWait is how long a large body waits for its turn before the
// client is told to come back (503 with Retry-After); tests shorten it.
var largeWait = 60 * time.Second

// errBusy is returned by readBody when no turn came within largeWait.
var errBusy = errors.New("the server is busy with other large files; try again in a minute")

// largeSlots lets at most maxLarge large bodies be read at once.
type largeSlots chan struct{}

func newLargeSlots() largeSlots { return make(largeSlots, maxLarge) }

// readBody reads r whole. Past largeBody bytes it waits for a slot before
// reading more; release gives the slot back and must be called once the
// body's call is done (it does nothing for a small body).
func (s largeSlots) readBody(ctx context.Context, r io.Reader) (data []byte, release func(), err error) {
	release = func() {}
	data, err = io.ReadAll(io.LimitReader(r, largeBody+1))
	if err != nil || len(data) <= largeBody {
		return data, release, err
	}
	timer := time.NewTimer(largeWait)
	defer timer.Stop()
	select {
	case s <- struct{}{}:
	case <-timer.C:
		return nil, release, errBusy
	case <-ctx.Done():
		return nil, release, ctx.Err()
	}
	release = func() { <-s }
	rest, err := io.ReadAll(r)
	if err != nil {
		release()
		return nil, func() {}, err
	}
	return append(data, rest...), release, nil
}
