//go:build desktop

package main

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"runtime"
	stdsync "sync"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"sbcc/app/bus"
	"sbcc/cli"
	"sbcc/frontend"
	"sbcc/node"
	"sbcc/web"
)

// desktop opens the window (built with -tags desktop,production,webkit2_41).
var desktop = runDesktop

// appIcon is the window's icon (Linux sets it on the window; Windows and
// macOS take theirs from the package, built from the same file).
//
//go:embed build/appicon.png
var appIcon []byte

// readyEvent is emitted by the frontend once its first screen is painted.
const readyEvent = "frontend:ready"

// runDesktop opens the Wails window over the data folder. Without a
// display it serves the web UI instead and prints the address to open.
func runDesktop(ctx context.Context, env *cli.Env) error {
	d, err := env.Open()
	if err != nil {
		return err
	}
	defer d.Close()
	if runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		d.Close()
		fmt.Fprintln(env.Stderr, "sbcc: no display ($DISPLAY is not set): serving the web interface instead")
		return cli.Serve(ctx, env, web.DefaultAddr)
	}
	office, err := node.Start(ctx, d, node.Config{Commands: cli.RunForwarded}, env.Logger)
	if err != nil {
		return err
	}
	defer office.Stop()
	ui := cli.NewUI(ctx, d, office)
	defer ui.Close()
	var once stdsync.Once
	var stopEvents func()
	win := web.NewWindowOn(env.Logger, ui.Live)
	closeWindow := func() {}
	return wails.Run(&options.App{
		Title: "South Baltic Creative Clusters",
		// It fits a 1366×768 office laptop with its taskbar and title bar.
		Width:            1280,
		Height:           680,
		MinWidth:         960,
		MinHeight:        560,
		Linux:            &linux.Options{Icon: appIcon, ProgramName: "sbcc"},
		BackgroundColour: &options.RGBA{R: 247, G: 248, B: 250, A: 255},
		AssetServer:      &assetserver.Options{Assets: frontend.Dist()},
		Bind:             []any{win},
		ErrorFormatter:   web.WindowError,
		OnStartup: func(rctx context.Context) {
			// The window's context: calls made from the window end with it.
			wctx, cancel := context.WithCancel(rctx)
			closeWindow = cancel
			web.OpenWindow(win, wctx)
			stopEvents = ui.Bus.Subscribe(func(e bus.Notice) { wruntime.EventsEmit(rctx, e.Name, e.Data) })
			wruntime.EventsOn(rctx, readyEvent, func(...any) {
				once.Do(func() { fmt.Fprintln(env.Stderr, "ready") })
			})
			go func() {
				<-ctx.Done() // SIGTERM or interrupt
				wruntime.Quit(rctx)
			}()
		},
		OnShutdown: func(context.Context) {
			closeWindow()
			if stopEvents != nil {
				stopEvents()
			}
		},
	})
}
