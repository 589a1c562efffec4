package cli

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/app/offices"
	sbsync "sbcc/sync"
	"sbcc/sync/trust"
)

// syncNetworkCmd is `sbcc network`: found, invite, join, revoke, rotate.
func syncNetworkCmd(env *Env) *cobra.Command {
	c := &cobra.Command{
		Use:   "network",
		Short: "Set up the network of offices: init, invite, join, revoke, admin, rotate, show",
	}
	c.AddCommand(netInitCmd(env), netInviteCmd(env), netJoinCmd(env), netRevokeCmd(env), netAdminCmd(env), netRotateCmd(env), netShowCmd(env))
	return c
}

func netInitCmd(env *Env) *cobra.Command {
	var office string
	c := &cobra.Command{
		Use:   "init --office NAME",
		Short: "Found a new network: make its encryption key and this node's signing key",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if office == "" {
				return fmt.Errorf("name this office with --office")
			}
			return withDir(env, func(d *app.Directory) error {
				network, err := offices.FoundNetwork(d, office)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "network %s founded by node %s (%s)\nnext: sbcc network invite --addr HOST:PORT, then sbcc serve\n", network, d.Store().Node(), office)
				return nil
			})
		},
	}
	c.Flags().StringVar(&office, "office", "", "this office's name (e.g. Rietavas)")
	return c
}

func netInviteCmd(env *Env) *cobra.Command {
	var addrs []string
	var valid time.Duration
	c := &cobra.Command{
		Use:   "invite --addr HOST:PORT[,...]",
		Short: "Print an invite code for a new office (a secret: send it privately)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			code, err := offices.Invite(env.DataDir, addrs, valid)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), code)
			return nil
		},
	}
	c.Flags().StringSliceVar(&addrs, "addr", nil, "addresses (host:port) the new office can reach")
	c.Flags().DurationVar(&valid, "valid", 7*24*time.Hour, "how long the code can be used")
	return c
}

func netJoinCmd(env *Env) *cobra.Command {
	var office string
	c := &cobra.Command{
		Use:   "join CODE|FILE",
		Short: "Join a network with an invite code, given as text or as a file holding it (also re-admits an office that missed a key rotation)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			code := args[0]
			if raw, err := os.ReadFile(code); err == nil && len(raw) < 8<<20 {
				code = string(raw)
			}
			return withDir(env, func(d *app.Directory) error {
				f, err := offices.JoinNetwork(d, code, office)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "node %s (%s) joined network %s; run sbcc serve to sync (will contact %s)\n",
					f.Self.Node, f.Self.Office, f.Network, strings.Join(f.Addrs, ", "))
				return nil
			})
		},
	}
	c.Flags().StringVar(&office, "office", "", "this office's name")
	return c
}

func netRevokeCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "revoke NODE",
		Short: "Refuse every further change of a node (admins only); then run `network rotate` so it loses the key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			node := sbsync.NodeID(args[0])
			var upTo uint64
			if err := withDirOrStatus(env, func(v sbsync.Vector) { upTo = v[node] }); err != nil {
				return err
			}
			if err := offices.Revoke(env.DataDir, node, upTo); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "node %s revoked: its changes after #%d are refused everywhere once this spreads; now run `sbcc network rotate`\n", node, upTo)
			return nil
		},
	}
}

func netAdminCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "admin NODE",
		Short: "Make a member an admin: it may then invite, rotate and revoke members below it (admins only)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := offices.MakeAdmin(env.DataDir, sbsync.NodeID(args[0])); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "node %s is an admin once this spreads\n", args[0])
			return nil
		},
	}
}

func netRotateCmd(env *Env) *cobra.Command {
	var grace time.Duration
	c := &cobra.Command{
		Use:   "rotate",
		Short: "Install a new network key; both keys work during the grace period",
		Long: `rotate makes a new encryption key and spreads it sealed to each current member's own
key (a revoked node cannot open it, whoever it asks). Only admins rotate. Every node installs it at once, uses it from the next minute on and drops the old
key when the grace period ends. An office that stays offline through the whole grace period
cannot reach the network any more: it keeps its data and its edits, and rejoins with a fresh
invite code (sbcc network join CODE keeps its identity and only takes the new key); its edits
then sync as usual.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			drop, err := offices.RotateKey(env.DataDir, grace)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "new network key made; old key dropped at %s\n", drop.Format(time.RFC3339))
			return nil
		},
	}
	c.Flags().DurationVar(&grace, "grace", 72*time.Hour, "how long the old key keeps working")
	return c
}

func netShowCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Show this node's network, members and revocations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := trust.Load(env.DataDir)
			if err != nil {
				return err
			}
			reg, _ := f.Registry()
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "network %s, this node %s (%s), %d key(s)\n", f.Network, f.Self.Node, f.Self.Office, len(f.Keys))
			for _, m := range reg.Notices().Members {
				cur, ok := reg.Member(m.Node)
				if !ok || cur.Ticket == nil || string(cur.Ticket) != string(m.Ticket) {
					continue
				}
				state := "member"
				if rank, admin := reg.Admin(m.Node); admin {
					state = fmt.Sprintf("admin (rank %d)", rank)
				}
				if reg.Revoked(m.Node) {
					state = "revoked"
				} else if !m.Admitted() && !m.Root() {
					state += fmt.Sprintf(", not yet admitted (invite valid until %s)", time.Unix(m.Expires, 0).UTC().Format(time.DateOnly))
				}
				fmt.Fprintf(w, "  %s  %-12s %s (invited by %s)\n", m.Node, m.Office, state, m.Inviter)
			}
			return nil
		},
	}
}
