package node

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"sbcc/app"
	"sbcc/app/offices"
)

// openDir opens a directory in a fresh data folder, closed at the end of
// the test.
func openDir(t *testing.T) *app.Directory {
	t.Helper()
	d, err := app.Open(t.TempDir(), app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// TestStatusFileWhileRunning: a node in a network writes its status file
// for `sbcc peers`, and removes it when it stops; without Commands it
// opens no control socket.
func TestStatusFileWhileRunning(t *testing.T) {
	d := openDir(t)
	network, err := offices.FoundNetwork(d, "LT")
	if err != nil {
		t.Fatal(err)
	}
	o, err := Start(context.Background(), d, Config{Gossip: "127.0.0.1:0"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var st *Status
	for deadline := time.Now().Add(10 * time.Second); ; {
		if st, err = ReadStatus(d.Dir()); err == nil {
			break
		}
		if time.Now().After(deadline) {
			o.Stop()
			t.Fatalf("no status file: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if st.Node != d.Store().Node() || st.Network != network || st.Office != "LT" || st.Addr == "" {
		t.Errorf("status %+v, want node %s of network %s", st, d.Store().Node(), network)
	}
	if _, err := os.Lstat(filepath.Join(d.Dir(), ControlSocket)); !os.IsNotExist(err) {
		t.Errorf("a control socket without Commands: %v", err)
	}
	if err := o.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadStatus(d.Dir()); err == nil {
		t.Error("the status file outlived the node")
	}
}

// TestControlRoundTrip: a command sent with Dial runs through the node's
// Runner on its open directory, and its output and status come back.
func TestControlRoundTrip(t *testing.T) {
	d := openDir(t)
	if _, err := Dial(d.Dir()); !errors.Is(err, ErrNoNode) {
		t.Fatalf("Dial with no node: %v", err)
	}
	run := func(_ context.Context, c Command) int {
		if c.Dir != d || c.Peers() != nil {
			return 2
		}
		c.Stdout.Write([]byte("ran " + c.Args[0]))
		c.Stderr.Write([]byte("on " + c.Dir.Office()))
		return 7
	}
	o, err := Start(context.Background(), d, Config{Commands: run}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctl, err := Dial(d.Dir())
	if err != nil {
		o.Stop()
		t.Fatal(err)
	}
	resp, err := ctl.Run(Request{Args: []string{"put"}})
	ctl.Close()
	o.Stop()
	if err != nil || string(resp.Stdout) != "ran put" || string(resp.Stderr) != "on "+d.Office() || resp.Code != 7 {
		t.Fatalf("answer %q %q %d, %v", resp.Stdout, resp.Stderr, resp.Code, err)
	}
	if _, err := Dial(d.Dir()); !errors.Is(err, ErrNoNode) {
		t.Errorf("Dial after Stop: %v", err)
	}
}

// TestRunEndsWithBeside: an error of the work beside the node ends Run
// with it, and the node stops.
func TestRunEndsWithBeside(t *testing.T) {
	dir := t.TempDir()
	boom := errors.New("boom")
	err := Run(context.Background(), dir, Config{Commands: func(context.Context, Command) int { return 0 }}, nil,
		func(_ context.Context, d *app.Directory, o *Office) error {
			if d.Dir() != dir || o == nil {
				return errors.New("not handed the node's directory")
			}
			return boom
		})
	if !errors.Is(err, boom) {
		t.Fatalf("Run = %v, want the error of beside", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, ControlSocket)); !os.IsNotExist(err) {
		t.Errorf("control socket left behind: %v", err)
	}
}
