package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/frontend"
	"sbcc/web"
)

// UI is what the window and the web server share: the façade over a
// directory, the event bus it feeds, and a close func.
type UI struct {
	API   *app.API
	Bus   *app.Bus
	Close func()
}

// NewUI wires the façade and the event bus to d. The sync and search
// branches add their parts here (APIOptions.Network, APIOptions.Searcher).
func NewUI(d *app.Directory) *UI {
	bus := app.NewBus()
	search := app.NewFallbackSearcher(d)
	stop := app.ForwardCommits(d, bus)
	api := app.NewAPI(d, app.APIOptions{Searcher: search, Bus: bus, Version: Version})
	return &UI{API: api, Bus: bus, Close: func() { stop(); search.Close() }}
}

// ServeWeb serves the web UI of d on addr until ctx ends, printing the
// address to open on out. `sbcc serve --http ADDR` calls it too.
func ServeWeb(ctx context.Context, d *app.Directory, addr string, out io.Writer) error {
	ui := NewUI(d)
	defer ui.Close()
	return web.Serve(ctx, addr, web.Options{API: ui.API, Bus: ui.Bus, Assets: frontend.Dist(), DataDir: d.Dir(),
		Ready: func(url string) { fmt.Fprintf(out, "sbcc web UI: open %s\n", url) }})
}

// webCmd serves the UI in a browser. It stands in until `sbcc serve`
// (the sync node) lands, which will serve the same UI with --http.
func webCmd(env *Env) *cobra.Command {
	var addr string
	var setPassword bool
	c := &cobra.Command{
		Use:   "web",
		Short: "Serve the user interface to a browser (loopback only unless a password is set)",
		Long: `Serves the same interface as the desktop window at http://` + web.DefaultAddr + `/.
On an address other than 127.0.0.1/localhost a password is required: set it first
with --set-password, which reads it from standard input.`,
		Example: `  sbcc web
  echo 'a long shared secret' | sbcc web --set-password
  sbcc web --http 0.0.0.0:8765`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if setPassword {
				raw, err := io.ReadAll(io.LimitReader(cmd.InOrStdin(), 1024))
				if err != nil {
					return err
				}
				if err := web.SetPassword(env.DataDir, strings.TrimRight(string(raw), "\r\n")); err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), "password set")
				return nil
			}
			return withDir(env, func(d *app.Directory) error {
				return ServeWeb(cmd.Context(), d, addr, cmd.OutOrStdout())
			})
		},
	}
	c.Flags().StringVar(&addr, "http", web.DefaultAddr, "address to listen on (host:port; port 0 picks a free one)")
	c.Flags().BoolVar(&setPassword, "set-password", false, "read a password from standard input and store its hash")
	return c
}
