// Command sbcc is the South Baltic Creative Clusters directory: with no
// arguments it opens the desktop window, with a subcommand it runs the same
// core headless. This file only wires the parts together.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"sbcc/cli"
)

func main() {
	attachConsole(os.Args[1:]) // Windows GUI build run from a terminal: print there
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := cli.DefaultEnv()
	env.Desktop = desktop
	code := cli.Main(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}
