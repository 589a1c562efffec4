package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	stdsync "sync"

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
// directory (Live, which a restore from backup replaces), the event bus
// it feeds, and a close func.
type UI struct {
	Live  *web.Live
	Bus   *bus.Bus
	Close func()

	mu   stdsync.Mutex
	api  *ui.API
	stop func()
}

// NewUI wires the façade and the event bus to d and the office's sync
// node (nil: no network features), and keeps d's search index up to date
// in the background. With an office the façade can restore a backup: the
// office reopens the data folder and the UI wires itself to the new
// directory, on the same bus.
func NewUI(ctx context.Context, d *app.Directory, network offices.Network) *UI {
	u := &UI{Bus: bus.New()}
	office, _ := network.(*node.Office)
	if office != nil {
		office.PublishTo(u.Bus)
	}
	opts := ui.APIOptions{Network: network, Bus: u.Bus, Version: Version}
	if office != nil {
		opts.Reopen = func(_ context.Context, apply func(dir string) error) error {
			var applyErr error
			err := u.Live.Replace(func() ([]any, error) {
				u.mu.Lock()
				defer u.mu.Unlock()
				u.stop()
				nd, err := office.Reopen(apply)
				if nd == nil {
					return nil, err
				}
				applyErr = err
				u.wire(ctx, nd, opts)
				return u.api.Services(), nil
			})
			return errors.Join(applyErr, err)
		}
	}
	u.wire(ctx, d, opts)
	u.Live = web.NewLive(u.api.Services()...)
	u.Close = func() {
		u.mu.Lock()
		defer u.mu.Unlock()
		u.stop()
		u.stop = func() {}
	}
	return u
}

// wire puts a façade over d in u.api, forwarding its commits to the bus
// and keeping its search index up to date until u.stop.
func (u *UI) wire(ctx context.Context, d *app.Directory, opts ui.APIOptions) {
	stopEvents := app.ForwardCommits(d, u.Bus)
	stopIndex := app.FollowIndex(ctx, d, u.Bus)
	opts.Searcher = app.NewIndexSearcher(d)
	u.api = ui.NewAPI(d, opts)
	u.stop = func() { stopIndex(); stopEvents() }
}

// ServeWeb serves the web UI of d on addr until ctx ends, printing the
// address to open on out (and off loopback the certificate's fingerprint),
// logging refused logins to log. `sbcc serve --http ADDR` calls it too.
func ServeWeb(ctx context.Context, d *app.Directory, network offices.Network, addr string, out io.Writer, log *slog.Logger) error {
	ui := NewUI(ctx, d, network)
	defer ui.Close()
	return web.Serve(ctx, addr, web.Options{Live: ui.Live, Bus: ui.Bus, Assets: frontend.Dist(), DataDir: d.Dir(), Logger: log,
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
