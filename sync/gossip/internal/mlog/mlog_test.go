package mlog

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestLogBridgeLimitsRepeats: a stranger's packets produce one warning per
// source and minute, and the next one says how many were left out.
func TestLogBridgeLimitsRepeats(t *testing.T) {
	var out bytes.Buffer
	now := time.Unix(1_700_000_000, 0)
	b := logBridge{log: slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug})), limit: NewLimiter(time.Minute), now: func() time.Time { return now }}
	line := func(from string, _ int) string {
		return "[ERR] memberlist: failed to receive and remove the stream label header: " +
			"no installed keys could decrypt the message " + from
	}
	for k := range 100 {
		b.Write([]byte(line("from=203.0.113.7:40"+string(rune('0'+k%10)), k)))
		b.Write([]byte(line("from=198.51.100.9:7946", k)))
		now = now.Add(100 * time.Millisecond)
	}
	if got := strings.Count(out.String(), "\n"); got != 2 {
		t.Fatalf("%d lines for 200 packets of 2 sources within 10 s:\n%s", got, out.String())
	}
	out.Reset()
	now = now.Add(time.Minute)
	b.Write([]byte(line("from=198.51.100.9:7946", 0)))
	if !strings.Contains(out.String(), "repeated=") {
		t.Fatalf("the next line a minute later does not count the repeats: %s", out.String())
	}
	out.Reset()
	b.Write([]byte("[DEBUG] memberlist: Stream connection from=127.0.0.1:1"))
	b.Write([]byte("[DEBUG] memberlist: Stream connection from=127.0.0.1:1"))
	if strings.Count(out.String(), "\n") != 2 {
		t.Fatalf("debug lines are not limited: %s", out.String())
	}
}
