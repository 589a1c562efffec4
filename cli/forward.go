package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"sbcc/app"
	"sbcc/node"
)

// notForwarded are the commands that never run inside a node.
var notForwarded = []string{"serve", "web", "help", "completion", "version"}

// RunForwarded runs a command that another sbcc process forwarded to this
// node over its control socket, on the node's open directory: the Runner
// the node is started with (node.Config.Commands).
func RunForwarded(ctx context.Context, c node.Command) int {
	env := &Env{DataDir: c.Dir.Dir(), Stdin: c.Stdin, Stdout: c.Stdout, Stderr: c.Stderr, Logger: c.Logger, shared: c.Dir, live: c.Peers}
	return Main(ctx, env, c.Args)
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
	ctl, err := node.Dial(dir)
	if errors.Is(err, node.ErrNoNode) {
		return 0, false
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "sbcc:", err)
		return 1, true
	}
	defer ctl.Close()
	req := node.Request{Args: absArgs(cmd, args)}
	if cmd == "put" {
		if req.Stdin, err = io.ReadAll(env.Stdin); err != nil {
			fmt.Fprintln(env.Stderr, "sbcc:", err)
			return 1, true
		}
	}
	resp, err := ctl.Run(req)
	if err != nil {
		fmt.Fprintln(env.Stderr, "sbcc:", err)
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
