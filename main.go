// Command sbcc is the South Baltic Creative Clusters directory: with no
// arguments it opens the desktop window, with a subcommand it runs the same
// core headless. This file only wires the parts together.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"sbcc/cli"
)

func main() {
	attachConsole(os.Args[1:]) // Windows GUI build run from a terminal: print there
	// Collect garbage half as often as Go's default: a first sync or an
	// import makes hundreds of megabytes of short-lived JSON; at 200 % the
	// 100k first sync took 17.4–19.5 s against 20.3–29.3 s, for ~15 MB more
	// peak memory (README, "What the network needs"). GOGC in the
	// environment wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := cli.DefaultEnv()
	env.Desktop = desktop
	code := cli.Main(ctx, env, os.Args[1:])
	stop()
	stopProfile()
	os.Exit(code)
}

// stopProfile ends a CPU profile the sbccprof build started (profile.go).
var stopProfile = func() {}
