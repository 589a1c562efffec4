package gossip

import (
	"bytes"
	"context"
	"io"
	"log"
	"log/slog"
)

var discardLog = log.New(io.Discard, "", 0)

// logBridge turns memberlist's "[LEVEL] memberlist: ..." lines into slog
// records: errors and warnings at Warn, the rest at Debug.
type logBridge struct{ log *slog.Logger }

func (b logBridge) Write(p []byte) (int, error) {
	line := string(bytes.TrimSpace(p))
	level := slog.LevelDebug
	switch {
	case bytes.Contains(p, []byte("[ERR]")), bytes.Contains(p, []byte("[WARN]")):
		level = slog.LevelWarn
	}
	b.log.Log(context.Background(), level, line, "component", "memberlist")
	return len(p), nil
}

func newStdLogger(l *slog.Logger) *log.Logger { return log.New(logBridge{l}, "", 0) }
