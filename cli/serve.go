package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/node"
	sbsync "sbcc/sync"
	"sbcc/sync/store"
)

func serveCmd(env *Env) *cobra.Command {
	var gossipAddr, advertise, httpAddr string
	var join []string
	c := &cobra.Command{
		Use:   "serve [--gossip ADDR] [--join ADDR,...]",
		Short: "Run this node headless: sync with the other offices until interrupted",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
			return serve(cmd.Context(), env.DataDir, gossipAddr, advertise, httpAddr, join, log, cmd.OutOrStdout())
		},
	}
	c.Flags().StringVar(&gossipAddr, "gossip", node.DefaultGossipAddr, "address to listen for other offices on (UDP and TCP)")
	c.Flags().StringVar(&advertise, "advertise", "", "address other offices should dial, when not the listen address (NAT)")
	c.Flags().StringSliceVar(&join, "join", nil, "addresses of other offices to join (remembered)")
	c.Flags().StringVar(&httpAddr, "http", "", "also serve the web UI on this address (as `sbcc web --http`); off when empty")
	return c
}

// Serve runs this data folder headless: the sync node (once in a network)
// and the web UI on httpAddr, until ctx ends. The desktop app falls back to
// it where there is no display.
func Serve(ctx context.Context, env *Env, httpAddr string) error {
	log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return serve(ctx, env.DataDir, node.DefaultGossipAddr, "", httpAddr, nil, log, env.Stdout)
}

func serve(ctx context.Context, dir, gossipAddr, advertise, httpAddr string, join []string, log *slog.Logger, out io.Writer) error {
	cfg := node.Config{Gossip: gossipAddr, Advertise: advertise, Join: join, Commands: RunForwarded}
	var ui node.Beside
	if httpAddr != "" {
		ui = func(ctx context.Context, d *app.Directory, o *node.Office) error {
			if err := ServeWeb(ctx, d, o, httpAddr, out, log); err != nil {
				return fmt.Errorf("web UI: %w", err)
			}
			return nil
		}
	}
	return node.Run(ctx, dir, cfg, log, ui)
}

// withDirOrStatus calls fn with this node's vector, from the store or,
// while a node runs on the folder, from its status file.
func withDirOrStatus(env *Env, fn func(sbsync.Vector)) error {
	err := withDir(env, func(d *app.Directory) error {
		v, err := d.Store().Vector()
		if err == nil {
			fn(v)
		}
		return err
	})
	if errors.Is(err, store.ErrLocked) {
		st, err := node.ReadStatus(env.DataDir)
		if err != nil {
			return err
		}
		fn(st.Vector)
		return nil
	}
	return err
}
