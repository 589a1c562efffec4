package gossip_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestProcesses builds sbcc, runs three `sbcc serve` on loopback, SIGKILLs
// one in the middle of its catch-up, edits its folder while it is down,
// restarts it and waits for the three hashes to meet.
func TestProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs processes")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "sbcc")
	build := exec.Command("go", "build", "-o", bin, "sbcc")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	run := func(dir string, stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--data", dir}, args...)...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("sbcc %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	dirs := []string{filepath.Join(tmp, "lt"), filepath.Join(tmp, "pl"), filepath.Join(tmp, "de")}
	ports := freePorts(t, 3)
	addr := func(i int) string { return fmt.Sprintf("127.0.0.1:%d", ports[i]) }
	run(dirs[0], "", "network", "init", "--office", "LT")
	// One code per office: a code makes one member.
	run(dirs[1], "", "network", "join", run(dirs[0], "", "network", "invite", "--addr", addr(0)), "--office", "PL")
	run(dirs[2], "", "network", "join", run(dirs[0], "", "network", "invite", "--addr", addr(0)), "--office", "DE")
	run(dirs[0], "", "demo", "--actors", "1500")

	procs := make([]*exec.Cmd, 3)
	start := func(i int) {
		cmd := exec.Command(bin, "--data", dirs[i], "serve", "--gossip", addr(i))
		var logb bytes.Buffer
		cmd.Stderr = &logb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs[i] = cmd
		t.Cleanup(func() {
			if cmd.ProcessState == nil {
				cmd.Process.Kill()
				cmd.Wait()
			}
			if t.Failed() {
				t.Logf("log of %s:\n%s", dirs[i], logb.String())
			}
		})
	}
	start(0)
	start(1)
	start(2)
	// Kill DE as soon as it has part of the data.
	eventually(t, 60*time.Second, "DE started catching up", func() error {
		st, err := status(dirs[2])
		if err != nil {
			return err
		}
		if len(st.Vector) == 0 {
			return errNotYet
		}
		return nil
	})
	procs[2].Process.Signal(syscall.SIGKILL)
	procs[2].Wait()
	os.Remove(filepath.Join(dirs[2], "status.json"))
	run(dirs[2], `{"kind":"organisation","name":"Kunsthalle Rostock","country":"DE"}`, "put", "actor")
	start(2)
	eventually(t, 60*time.Second, "hashes meet", func() error {
		var hashes []string
		for _, d := range dirs {
			st, err := status(d)
			if err != nil {
				return err
			}
			hashes = append(hashes, st.Hash)
		}
		if hashes[0] == "" || hashes[0] != hashes[1] || hashes[0] != hashes[2] {
			return fmt.Errorf("hashes %v", hashes)
		}
		return nil
	})
	for _, p := range procs {
		p.Process.Signal(syscall.SIGTERM)
	}
	for i, p := range procs {
		done := make(chan error, 1)
		go func() { done <- p.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s did not stop cleanly: %v", dirs[i], err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("%s did not stop within 10 s of SIGTERM", dirs[i])
		}
	}
}

type nodeStatus struct {
	Hash   string            `json:"hash"`
	Vector map[string]uint64 `json:"vector"`
}

func status(dir string) (*nodeStatus, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "status.json"))
	if err != nil {
		return nil, err
	}
	var st nodeStatus
	return &st, json.Unmarshal(raw, &st)
}

// freePorts returns ports free for both TCP and UDP on loopback.
func freePorts(t *testing.T, n int) []int {
	var out []int
	for len(out) < n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		u, err := net.ListenPacket("udp", fmt.Sprintf("127.0.0.1:%d", port))
		l.Close()
		if err != nil {
			continue
		}
		u.Close()
		out = append(out, port)
	}
	return out
}
