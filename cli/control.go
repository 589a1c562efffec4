package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	stdsync "sync"
	"time"

	"sbcc/app"
	"sbcc/sync/gossip"
)

// ControlSocket is the Unix socket in the data folder on which a running
// node (the desktop app or `sbcc serve`) runs CLI commands for the folder's
// owner, so that nothing needs the node stopped. The socket is made 0600
// inside the data folder, which must not be writable by group or others
// (the node refuses to start otherwise). Before sending anything a command
// checks the folder, that the socket is its own user's and, on Linux, that
// the process answering runs as that user (SO_PEERCRED); the node checks
// the same of every command that connects.
const ControlSocket = "sbcc.sock"

// errUntrusted is wrapped by the errors of the control socket's checks.
var errUntrusted = errors.New("the control socket cannot be trusted")

// notForwarded are the commands that never run inside a node.
var notForwarded = []string{"serve", "web", "help", "completion", "version"}

type controlRequest struct {
	Args  []string `json:"args"`
	Stdin []byte   `json:"stdin,omitempty"`
}

type controlResponse struct {
	Stdout []byte `json:"stdout"`
	Stderr []byte `json:"stderr"`
	Code   int    `json:"code"`
}

// serveControl answers commands on the control socket of d's data folder
// until stop is called or ctx ends; live, when set, gives `sbcc peers` the
// node's live status.
func serveControl(ctx context.Context, d *app.Directory, live func() []gossip.PeerStatus, log *slog.Logger) (stop func(), err error) {
	if err := checkPrivateDir(d.Dir()); err != nil {
		return nil, err
	}
	path := filepath.Join(d.Dir(), ControlSocket)
	os.Remove(path) // a socket left by a killed node; the store lock says we own the folder
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("open the control socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg stdsync.WaitGroup
	wg.Go(func() {
		<-ctx.Done()
		ln.Close()
	})
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			if err := checkPeer(conn); err != nil {
				log.Warn("control socket: a connection was refused", "err", err)
				conn.Close()
				continue
			}
			wg.Go(func() { answer(ctx, conn, d, live, log) })
		}
	})
	return func() {
		cancel()
		wg.Wait()
		os.Remove(path)
	}, nil
}

// answer runs one forwarded command in this process, on the open directory.
func answer(ctx context.Context, conn net.Conn, d *app.Directory, live func() []gossip.PeerStatus, log *slog.Logger) {
	defer conn.Close()
	var req controlRequest
	if err := json.NewDecoder(io.LimitReader(conn, 64<<20)).Decode(&req); err != nil {
		log.Warn("bad control request", "err", err)
		return
	}
	var out, errb bytes.Buffer
	env := &Env{DataDir: d.Dir(), Stdin: bytes.NewReader(req.Stdin), Stdout: &out, Stderr: &errb, Logger: log, shared: d, live: live}
	code := Main(ctx, env, req.Args)
	json.NewEncoder(conn).Encode(controlResponse{Stdout: out.Bytes(), Stderr: errb.Bytes(), Code: code})
}

// forward runs args on the node that holds env's data folder, if one
// runs; ran is false when none answers on the control socket.
func forward(env *Env, args []string) (code int, ran bool) {
	dir, cmd := preparse(args)
	if dir == "" {
		dir = app.DefaultDataDir()
	}
	if cmd == "" || slices.Contains(notForwarded, cmd) || slices.Contains(args, "--help") || slices.Contains(args, "-h") {
		return 0, false
	}
	path := filepath.Join(dir, ControlSocket)
	fi, err := os.Lstat(path)
	if err != nil {
		return 0, false
	}
	refuse := func(err error) (int, bool) {
		fmt.Fprintln(env.Stderr, "sbcc:", err)
		return 1, true
	}
	if err := checkPrivateDir(dir); err != nil {
		return refuse(err)
	}
	if err := checkSocketOwner(path, fi); err != nil {
		return refuse(err)
	}
	conn, err := net.DialTimeout("unix", path, time.Second)
	if err != nil {
		return 0, false
	}
	defer conn.Close()
	if err := checkPeer(conn); err != nil {
		return refuse(err)
	}
	req := controlRequest{Args: absArgs(cmd, args)}
	if cmd == "put" {
		if req.Stdin, err = io.ReadAll(env.Stdin); err != nil {
			fmt.Fprintln(env.Stderr, "sbcc:", err)
			return 1, true
		}
	}
	if err := json.NewEncoder(conn).Encode(req); err != nil {
		fmt.Fprintln(env.Stderr, "sbcc: the running node did not take the command:", err)
		return 1, true
	}
	var resp controlResponse
	if err := json.NewDecoder(conn).Decode(&resp); err != nil {
		fmt.Fprintln(env.Stderr, "sbcc: no answer from the running node:", err)
		return 1, true
	}
	env.Stdout.Write(resp.Stdout)
	env.Stderr.Write(resp.Stderr)
	return resp.Code, true
}

// preparse finds the data folder and the command name in args without
// parsing every command's flags.
func preparse(args []string) (dir, cmd string) {
	dir = os.Getenv(app.DataDirEnv)
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--data" && i+1 < len(args):
			dir = args[i+1]
			i++
		case strings.HasPrefix(a, "--data="):
			dir = strings.TrimPrefix(a, "--data=")
		case !strings.HasPrefix(a, "-") && cmd == "":
			cmd = a
		}
	}
	return dir, cmd
}

// absArgs makes the file names in args absolute, since the node runs the
// command in another working directory: values of -o, --output and --map,
// existing files, and the file a backup writes.
func absArgs(cmd string, args []string) []string {
	out := slices.Clone(args)
	abs := func(p string) string {
		if p == "" || p == "-" || filepath.IsAbs(p) {
			return p
		}
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return p
	}
	positional := 0
	for i := 0; i < len(out); i++ {
		a := out[i]
		switch {
		case (a == "-o" || a == "--output" || a == "--map" || a == "--data") && i+1 < len(out):
			out[i+1] = abs(out[i+1])
			i++
		case strings.HasPrefix(a, "--output=") || strings.HasPrefix(a, "--map=") || strings.HasPrefix(a, "--data="):
			k, v, _ := strings.Cut(a, "=")
			out[i] = k + "=" + abs(v)
		case strings.HasPrefix(a, "-"):
		default:
			positional++
			if _, err := os.Stat(a); err == nil && positional > 1 || cmd == "backup" && positional == 2 {
				out[i] = abs(a)
			}
		}
	}
	return out
}
