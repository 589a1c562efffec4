//go:build linux

package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"sbcc/app"
	"sbcc/node"
)

// nobody is the user the tests below play "another user" as.
const nobody = 65534

// catcher listens on path like a planted socket and counts the bytes any
// client sends it.
func catcher(t *testing.T, path string) (got func() int) {
	t.Helper()
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	n := make(chan int, 16)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				close(n)
				return
			}
			c.SetReadDeadline(time.Now().Add(2 * time.Second))
			b, _ := io.ReadAll(c)
			c.Close()
			n <- len(b)
		}
	}()
	return func() int {
		ln.Close()
		total := 0
		for x := range n {
			total += x
		}
		return total
	}
}

// startNode starts the node of d (no network: the control socket only)
// with the command line's runner.
func startNode(d *app.Directory) (*node.Office, error) {
	return node.Start(context.Background(), d, node.Config{Commands: RunForwarded}, slog.New(slog.DiscardHandler))
}

// putThrough runs `sbcc put actor` on dir the way a user would, with a
// person's data on standard input.
func putThrough(dir string) (stderr string, code int) {
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(`{"kind":"person","name":"Ona Jonaitė","email":"ona@example.lt"}`), Stdout: &out, Stderr: &errb, Logger: slog.New(slog.DiscardHandler)}
	code = Main(context.Background(), env, []string{"--data", dir, "put", "actor"})
	return errb.String(), code
}

// TestControlRefusesFolderOthersCanWrite: a node does not open its control
// socket in a folder others can write to, and a command does not send to
// a socket in such a folder; both say how to fix it.
func TestControlRefusesFolderOthersCanWrite(t *testing.T) {
	dir := t.TempDir()
	d, err := app.Open(dir, app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	os.Chmod(dir, 0o777)
	if o, err := startNode(d); err == nil {
		o.Stop()
		t.Fatal("the node served a control socket in a folder everyone can write to")
	} else if !strings.Contains(err.Error(), "chmod 700 "+dir) {
		t.Fatalf("message: %v", err)
	}
	got := catcher(t, filepath.Join(dir, node.ControlSocket))
	stderr, code := putThrough(dir)
	if n := got(); n != 0 || code == 0 || !strings.Contains(stderr, "chmod 700") {
		t.Fatalf("sent %d bytes, exit %d, %q", n, code, stderr)
	}
}

// TestControlRefusesSocketOfAnotherUser: a socket another user made in the
// folder gets nothing.
func TestControlRefusesSocketOfAnotherUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("making a file of another user needs root")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, node.ControlSocket)
	got := catcher(t, path)
	if err := os.Lchown(path, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	stderr, code := putThrough(dir)
	if n := got(); n != 0 || code == 0 || !strings.Contains(stderr, "belongs to another user") {
		t.Fatalf("sent %d bytes, exit %d, %q", n, code, stderr)
	}
}

// helperBinary copies the test binary where user nobody can run it.
func helperBinary(t *testing.T) string {
	t.Helper()
	bdir, err := os.MkdirTemp("", "sbcc-helper")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(bdir) })
	os.Chmod(bdir, 0o755)
	exe, _ := os.Executable()
	raw, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(bdir, "cli.test")
	if err := os.WriteFile(bin, raw, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// asNobody starts the test binary's TestControlHelper as user nobody.
func asNobody(t *testing.T, mode, path string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(helperBinary(t), "-test.run=^TestControlHelper$")
	cmd.Env = append(os.Environ(), "SBCC_CONTROL_HELPER="+mode, "SBCC_CONTROL_PATH="+path)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	cmd.Dir = "/"
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, bufio.NewReader(out)
}

// readLine waits for the helper's line starting with prefix.
func readLine(t *testing.T, r *bufio.Reader, prefix string) string {
	t.Helper()
	for {
		line, err := r.ReadString('\n')
		if strings.HasPrefix(line, prefix) {
			return strings.TrimSpace(strings.TrimPrefix(line, prefix))
		}
		if err != nil {
			t.Fatalf("the helper ended before %q: %v", prefix, err)
		}
	}
}

// TestControlRefusesServerOfAnotherUser: a fake node run by another user,
// whose socket even looks like ours, gets nothing: the kernel says who
// listens (SO_PEERCRED).
func TestControlRefusesServerOfAnotherUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("running a process as another user needs root")
	}
	sdir, err := os.MkdirTemp("", "sbcc-fake")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(sdir)
	os.Chown(sdir, nobody, nobody)
	fake := filepath.Join(sdir, node.ControlSocket)
	_, out := asNobody(t, "server", fake)
	readLine(t, out, "ready")
	dir := t.TempDir()
	path := filepath.Join(dir, node.ControlSocket)
	if err := os.Rename(fake, path); err != nil {
		t.Fatal(err)
	}
	os.Lchown(path, 0, 0) // the owner check passes; only the peer check is left
	stderr, code := putThrough(dir)
	if got := readLine(t, out, "got "); got != "0" || code == 0 || !strings.Contains(stderr, "runs as another user") {
		t.Fatalf("the fake node got %s bytes; exit %d, %q", got, code, stderr)
	}
}

// TestControlRefusesClientOfAnotherUser: a node whose socket another user
// could reach (its permissions loosened by mistake) still runs nothing
// for them.
func TestControlRefusesClientOfAnotherUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("running a process as another user needs root")
	}
	dir := t.TempDir()
	d, err := app.Open(dir, app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	o, err := startNode(d)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Stop()
	path := filepath.Join(dir, node.ControlSocket)
	os.Chmod(dir, 0o711)
	os.Chmod(filepath.Dir(dir), 0o711)
	os.Chmod(path, 0o666)
	_, out := asNobody(t, "client", path)
	if got := readLine(t, out, "got "); got != "0" {
		t.Fatalf("another user got an answer of %s bytes", got)
	}
	if rs, _ := d.List("actor", app.ListOptions{}); len(rs) != 0 {
		t.Fatalf("another user's command ran: %d actors", len(rs))
	}
}

// TestControlHelper is the other user's process of the tests above; it
// does nothing unless they start it.
func TestControlHelper(t *testing.T) {
	path := os.Getenv("SBCC_CONTROL_PATH")
	switch os.Getenv("SBCC_CONTROL_HELPER") {
	case "server":
		ln, err := net.Listen("unix", path)
		if err != nil {
			t.Fatal(err)
		}
		os.Chmod(path, 0o777)
		fmt.Println("ready")
		c, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		b, _ := io.ReadAll(c)
		fmt.Printf("got %d\n", len(b))
	case "client":
		c, err := net.Dial("unix", path)
		if err != nil {
			fmt.Printf("got 0\n")
			return
		}
		json.NewEncoder(c).Encode(node.Request{Args: []string{"put", "actor"}, Stdin: []byte(`{"kind":"person","name":"Mallory"}`)})
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		b, _ := io.ReadAll(c)
		fmt.Printf("got %d\n", len(b))
	}
}
