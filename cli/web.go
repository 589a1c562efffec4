package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/app/bus"
	"sbcc/app/offices"
	"sbcc/app/ui"
	"sbcc/frontend"
	"sbcc/node"
	"sbcc/web"
)

// UI is what the window and the web server share: the façade over a
// directory, the event bus it feeds, and a close func.
type UI struct {
	API   *ui.API
	Bus   *bus.Bus
	Close func()
}

// NewUI wires the façade and the event bus to d and the office's sync
// node (nil: no network features), and keeps d's search index up to date
// in the background.
func NewUI(ctx context.Context, d *app.Directory, network offices.Network) *UI {
	b := bus.New()
	if o, ok := network.(*node.Office); ok && o != nil {
		o.PublishTo(b)
	}
	stopEvents := app.ForwardCommits(d, b)
	stopIndex := app.FollowIndex(ctx, d, b)
	api := ui.NewAPI(d, ui.APIOptions{Searcher: app.NewIndexSearcher(d), Network: network, Bus: b, Version: Version})
	return &UI{API: api, Bus: b, Close: func() { stopIndex(); stopEvents() }}
}

// ServeWeb serves the web UI of d on addr until ctx ends, printing the
// address to open on out (and off loopback the certificate's fingerprint),
// logging refused logins to log. `sbcc serve --http ADDR` calls it too.
func ServeWeb(ctx context.Context, d *app.Directory, network offices.Network, addr string, out io.Writer, log *slog.Logger) error {
	ui := NewUI(ctx, d, network)
	defer ui.Close()
	return web.Serve(ctx, addr, web.Options{API: ui.API, Bus: ui.Bus, Assets: frontend.Dist(), DataDir: d.Dir(), Logger: log,
		Ready: func(url, fingerprint string) {
			fmt.Fprintf(out, "sbcc web UI: open %s\n", url)
			if fingerprint != "" {
				fmt.Fprintf(out, "certificate fingerprint (SHA-256), check that the browser shows the same: %s\n", fingerprint)
			}
		}})
}

// webCmd serves the UI in a browser: `sbcc serve` with the web UI on by
// default, and the place to set the password it needs off loopback.
func webCmd(env *Env) *cobra.Command {
	var addr, gossipAddr string
	var setPassword bool
	c := &cobra.Command{
		Use:   "web",
		Short: "Serve the user interface to a browser (loopback only unless a password is set)",
		Long: `Serves the same interface as the desktop window at http://` + web.DefaultAddr + `/,
and syncs with the other offices when this data folder belongs to a network
(the same as sbcc serve --http ADDR). On an address other than 127.0.0.1/localhost
a password is required: set it first with --set-password, which reads it from
standard input.`,
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
			log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
			return serve(cmd.Context(), env.DataDir, gossipAddr, "", addr, nil, log, cmd.OutOrStdout())
		},
	}
	c.Flags().StringVar(&addr, "http", web.DefaultAddr, "address to listen on (host:port; port 0 picks a free one)")
	c.Flags().StringVar(&gossipAddr, "gossip", node.DefaultGossipAddr, "address to listen for other offices on, once in a network")
	c.Flags().BoolVar(&setPassword, "set-password", false, "read a password from standard input and store its hash")
	return c
}
