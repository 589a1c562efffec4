package web

import (
	"context"
	"encoding/json"
	"slices"
	stdsync "sync"
)

// exclusiveMethods replace the façade itself (a restore from backup
// reopens the data folder): they run without holding it, and put the new
// façade in place through [Live.Replace], which waits for every other call.
var exclusiveMethods = []string{"RestoreBackup"}

// Live is the façade a server and a window dispatch to, replaceable while
// they run: a restore from backup closes the directory and opens it again,
// and the façade over the new directory takes the old one's place.
type Live struct {
	// mu is held for reading by every call but the exclusive ones, and for
	// writing while the façade is replaced.
	mu stdsync.RWMutex
	// one lets one exclusive call run at a time.
	one     stdsync.Mutex
	all     map[string]method
	limited map[string]method // without the admin methods
}

// NewLive returns a Live dispatching to the façade services (see
// [Options.API]).
func NewLive(services ...any) *Live {
	l := &Live{}
	l.set(services)
	return l
}

func (l *Live) set(services []any) {
	l.all = methods(services...)
	l.limited = withoutAdmin(l.all)
}

// Replace runs open once no call is running (calls under way finish
// first, calls arriving meanwhile wait) and dispatches from then on to the
// services it returns; when it returns an error and no services, the old
// ones stay.
func (l *Live) Replace(open func() ([]any, error)) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	services, err := open()
	if services != nil {
		l.set(services)
	}
	return err
}

// invoke calls the method name as the package-level invoke does, on the
// façade in place now (without the admin methods unless admin).
func (l *Live) invoke(ctx context.Context, admin bool, name string, raw []json.RawMessage) outcome {
	exclusive := slices.Contains(exclusiveMethods, name)
	if exclusive {
		l.one.Lock()
		defer l.one.Unlock()
	}
	l.mu.RLock()
	ms := l.limited
	if admin {
		ms = l.all
	}
	if exclusive {
		l.mu.RUnlock()
	} else {
		defer l.mu.RUnlock()
	}
	return invoke(ctx, ms, name, raw)
}
