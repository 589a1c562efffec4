// Package mlog turns memberlist's log lines into slog records, with
// repeating warnings limited per source and minute.
package mlog

import (
	"bytes"
	"context"
	"io"
	"log"
	"log/slog"
	"regexp"
	stdsync "sync"
	"time"
)

// Discard is a logger that writes nothing.
var Discard = log.New(io.Discard, "", 0)

// logBridge turns memberlist's "[LEVEL] memberlist: ..." lines into slog
// records: errors and warnings at Warn, the rest at Debug. A warning that
// repeats (every packet of a stranger without the network key, every
// probe of a node behind NAT) is written once per source and minute, with
// the count of the lines left out since.
type logBridge struct {
	log   *slog.Logger
	limit *Limiter
	now   func() time.Time
}

var (
	sourceRe = regexp.MustCompile(`(?:from[= ]|: )\[?([0-9a-fA-F.:]+?)\]?:\d+`)
	numberRe = regexp.MustCompile(`[0-9]+`)
)

func (b logBridge) Write(p []byte) (int, error) {
	line := string(bytes.TrimSpace(p))
	level := slog.LevelDebug
	if bytes.Contains(p, []byte("[ERR]")) || bytes.Contains(p, []byte("[WARN]")) {
		level = slog.LevelWarn
	}
	attrs := []any{"component", "memberlist"}
	if level == slog.LevelWarn {
		source := ""
		if m := sourceRe.FindStringSubmatch(line); m != nil {
			source = m[1]
		}
		ok, left := b.limit.Allow(source+" "+numberRe.ReplaceAllString(line, "#"), b.now())
		if !ok {
			return len(p), nil
		}
		if left > 0 {
			attrs = append(attrs, "repeated", left)
		}
	}
	b.log.Log(context.Background(), level, line, attrs...)
	return len(p), nil
}

// NewStdLogger returns a standard logger for memberlist that writes to l.
func NewStdLogger(l *slog.Logger, now func() time.Time) *log.Logger {
	return log.New(logBridge{log: l, limit: NewLimiter(time.Minute), now: now}, "", 0)
}

// Limiter lets one event per key and period through and counts the rest.
type Limiter struct {
	period time.Duration
	mu     stdsync.Mutex
	keys   map[string]*limited
}

type limited struct {
	at   time.Time
	left int
}

// maxLimited bounds the keys a limiter remembers (a flood of sources).
const maxLimited = 4096

// NewLimiter returns a limiter of one event per key and period.
func NewLimiter(period time.Duration) *Limiter {
	return &Limiter{period: period, keys: map[string]*limited{}}
}

// Allow reports whether the event of key may be logged now, and how many
// of its events were left out since it last was.
func (l *Limiter) Allow(key string, now time.Time) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.keys[key]
	if e == nil {
		if len(l.keys) >= maxLimited {
			for k, v := range l.keys {
				if now.Sub(v.at) >= l.period {
					delete(l.keys, k)
				}
			}
			if len(l.keys) >= maxLimited {
				return false, 0
			}
		}
		l.keys[key] = &limited{at: now}
		return true, 0
	}
	if now.Sub(e.at) < l.period {
		e.left++
		return false, 0
	}
	left := e.left
	e.at, e.left = now, 0
	return true, left
}
