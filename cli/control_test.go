package cli

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sbcc/node"
)

// TestCommandsBesideRunningNode runs CLI commands on a data folder that a
// running node holds: they go through its control socket.
func TestCommandsBesideRunningNode(t *testing.T) {
	dir := t.TempDir()
	stop := serveForTest(t, dir)
	defer func() {
		stop()
		if _, err := os.Stat(filepath.Join(dir, node.ControlSocket)); !os.IsNotExist(err) {
			t.Errorf("control socket left behind: %v", err)
		}
	}()
	run := func(stdin string, args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Logger: slog.New(slog.DiscardHandler)}
		code := Main(context.Background(), env, append([]string{"--data", dir}, args...))
		return out.String(), errb.String(), code
	}
	if out, errs, code := run(`{"kind":"organisation","name":"Studija Rūta","country":"LT"}`, "put", "actor"); code != 0 || len(strings.TrimSpace(out)) != 26 {
		t.Fatalf("put: %q %q %d", out, errs, code)
	}
	if out, _, code := run("", "search", "ruta"); code != 0 || !strings.Contains(out, "Studija Rūta") {
		t.Fatalf("search: %q %d", out, code)
	}
	exported := filepath.Join(t.TempDir(), "out.json")
	if _, errs, code := run("", "export", "-o", exported); code != 0 {
		t.Fatalf("export: %q", errs)
	}
	if raw, err := os.ReadFile(exported); err != nil || !bytes.Contains(raw, []byte("Studija Rūta")) {
		t.Fatalf("exported file: %v", err)
	}
	if _, errs, code := run("", "get", "nope"); code == 0 || !strings.Contains(errs, "no such record") {
		t.Fatalf("errors come back: %q %d", errs, code)
	}
}

func TestAbsArgs(t *testing.T) {
	wd, _ := os.Getwd()
	got := absArgs("backup", []string{"--data", "d", "backup", "b.sbcc"})
	want := []string{"--data", filepath.Join(wd, "d"), "backup", filepath.Join(wd, "b.sbcc")}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("absArgs = %v, want %v", got, want)
	}
	got = absArgs("search", []string{"search", "lodz", "-o", "x.csv"})
	if got[1] != "lodz" || got[3] != filepath.Join(wd, "x.csv") {
		t.Fatalf("absArgs = %v", got)
	}
}

// serveForTest runs `sbcc serve` on dir until the returned stop is called,
// and returns once its control socket answers.
func serveForTest(t *testing.T, dir string) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, dir, "127.0.0.1:0", "", "", nil, slog.New(slog.DiscardHandler), io.Discard)
	}()
	stop = func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if c, err := net.Dial("unix", filepath.Join(dir, node.ControlSocket)); err == nil {
			c.Close()
			return stop
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatal("the node opened no control socket")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPeersBesideRunningNode: `sbcc peers` beside a running node shows its
// live status, not the remembered peers of a stopped one.
func TestPeersBesideRunningNode(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Logger: slog.New(slog.DiscardHandler)}
		code := Main(context.Background(), env, append([]string{"--data", dir}, args...))
		return out.String(), errb.String(), code
	}
	if _, errs, code := run("network", "init", "--office", "LT"); code != 0 {
		t.Fatalf("network init: %s", errs)
	}
	defer serveForTest(t, dir)()
	out, errs, code := run("peers")
	if code != 0 || strings.Contains(out, "no node is running") || !strings.Contains(out, "(this node)") {
		t.Fatalf("peers beside a running node: %q %q %d", out, errs, code)
	}
	out, _, _ = run("peers", "--json")
	if !strings.Contains(out, `"connected": true`) {
		t.Fatalf("peers --json shows no live status: %s", out)
	}
}
