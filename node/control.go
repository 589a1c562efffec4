package node

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

// ErrUntrusted is wrapped by the errors of the control socket's checks: the
// data folder others can change, a socket another user made, a process of
// another user at its other end.
var ErrUntrusted = errors.New("the control socket cannot be trusted")

// ErrNoNode is returned by Dial when no node answers on the data folder's
// control socket: the command runs in its own process.
var ErrNoNode = errors.New("no node runs on this data folder")

// Request is one command sent over the control socket: its arguments as
// typed and, for commands that read it, its standard input.
type Request struct {
	Args  []string `json:"args"`
	Stdin []byte   `json:"stdin,omitempty"`
}

// Response is the node's answer to a Request: what the command printed and
// its exit status.
type Response struct {
	Stdout []byte `json:"stdout"`
	Stderr []byte `json:"stderr"`
	Code   int    `json:"code"`
}

// Command is one forwarded command as the node runs it.
type Command struct {
	// Args are the command's arguments, as typed.
	Args []string
	// Stdin, Stdout and Stderr are the command's streams.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Dir is the node's open directory, for the command to use instead of
	// opening the folder (which the node holds).
	Dir *app.Directory
	// Peers returns the running node's live peer status; it returns nil
	// while the folder belongs to no network.
	Peers func() []gossip.PeerStatus
	// Logger is the node's logger.
	Logger *slog.Logger
}

// Runner runs a forwarded command and returns its exit status: the command
// line's entry (cli.RunForwarded), handed in so that the node does not
// import the command line.
type Runner func(ctx context.Context, c Command) int

// serveControl answers commands on the control socket of d's data folder
// with run until stop is called or ctx ends; live gives commands the node's
// live peer status.
func serveControl(ctx context.Context, d *app.Directory, run Runner, live func() []gossip.PeerStatus, log *slog.Logger) (stop func(), err error) {
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
			wg.Go(func() { answer(ctx, conn, Command{Dir: d, Peers: live, Logger: log}, run) })
		}
	})
	return func() {
		cancel()
		wg.Wait()
		os.Remove(path)
	}, nil
}

// answer runs one forwarded command in this process, on the open directory
// and with the peer status of c.
func answer(ctx context.Context, conn net.Conn, c Command, run Runner) {
	defer conn.Close()
	var req Request
	if err := json.NewDecoder(io.LimitReader(conn, 64<<20)).Decode(&req); err != nil {
		c.Logger.Warn("bad control request", "err", err)
		return
	}
	var out, errb bytes.Buffer
	c.Args, c.Stdin, c.Stdout, c.Stderr = req.Args, bytes.NewReader(req.Stdin), &out, &errb
	code := run(ctx, c)
	json.NewEncoder(conn).Encode(Response{Stdout: out.Bytes(), Stderr: errb.Bytes(), Code: code})
}

// Control is a connection to the node that runs on a data folder.
type Control struct {
	conn net.Conn
}

// Dial connects to the node that runs on the data folder dir. It returns
// ErrNoNode when the folder has no control socket or none answers on it,
// and an error wrapping ErrUntrusted, without sending anything, when the
// folder others can change, the socket is another user's or, on Linux, the
// process at its other end runs as another user.
func Dial(dir string) (*Control, error) {
	path := filepath.Join(dir, ControlSocket)
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, ErrNoNode
	}
	if err := checkPrivateDir(dir); err != nil {
		return nil, err
	}
	if err := checkSocketOwner(path, fi); err != nil {
		return nil, err
	}
	conn, err := net.DialTimeout("unix", path, time.Second)
	if err != nil {
		return nil, ErrNoNode
	}
	if err := checkPeer(conn); err != nil {
		conn.Close()
		return nil, err
	}
	return &Control{conn: conn}, nil
}

// Run sends req to the node and returns its answer.
func (c *Control) Run(req Request) (Response, error) {
	if err := json.NewEncoder(c.conn).Encode(req); err != nil {
		return Response{}, fmt.Errorf("the running node did not take the command: %w", err)
	}
	var resp Response
	if err := json.NewDecoder(c.conn).Decode(&resp); err != nil {
		return Response{}, fmt.Errorf("no answer from the running node: %w", err)
	}
	return resp, nil
}

// Close closes the connection.
func (c *Control) Close() error { return c.conn.Close() }
