package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/node"
	"sbcc/sync/gossip"
	"sbcc/sync/store"
)

func peersCmd(env *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "peers [--json]",
		Short: "Show the offices and nodes of the network: reachable, last contact, what each side lacks",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			peers, running, err := loadPeers(env)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(peers)
			}
			if !running {
				fmt.Fprintln(w, "no node is running on this data folder (sbcc serve or the desktop app): showing what was last known")
			}
			printPeers(w, peers)
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

// loadPeers returns the peer status from the running node's status file,
// or from the remembered peers when no node runs.
func loadPeers(env *Env) ([]gossip.PeerStatus, bool, error) {
	if env.live != nil {
		if peers := env.live(); peers != nil {
			return peers, true, nil
		}
	}
	var out []gossip.PeerStatus
	err := withDir(env, func(d *app.Directory) error {
		vec, err := d.Store().Vector()
		if err != nil {
			return err
		}
		conflicts, _ := d.Store().Conflicts()
		out = append(out, gossip.PeerStatus{Node: d.Store().Node(), Office: d.Office(), Self: true, Known: true, Conflicts: len(conflicts)})
		known, err := gossip.KnownPeers(gossip.PeerFile(env.DataDir))
		if err != nil {
			return err
		}
		for id, e := range known {
			out = append(out, gossip.PeerStatus{Node: id, Office: e.Office, Addr: e.Addr, LastContact: e.LastSeen})
		}
		_ = vec
		return nil
	})
	if errors.Is(err, store.ErrLocked) {
		st, err := node.ReadStatus(env.DataDir)
		if err != nil {
			return nil, true, err
		}
		return st.Peers, true, nil
	}
	return out, false, err
}

func printPeers(w io.Writer, peers []gossip.PeerStatus) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tOFFICE\tADDRESS\tCONNECTED\tLAST CONTACT\tWE LACK\tTHEY LACK\tCATCH-UP\tCONFLICTS\tSENT\tRECEIVED")
	for _, p := range peers {
		name := string(p.Node)
		if p.Self {
			name += " (this node)"
		}
		if p.Revoked {
			name += " (revoked)"
		}
		reach := "no"
		switch {
		case p.Self || p.Connected:
			reach = "yes"
		case p.Via != "":
			reach = "via " + string(p.Via)
		}
		catchUp := "-"
		if pr := p.Progress; pr != nil {
			catchUp = fmt.Sprintf("%d/%d", pr.Changes, pr.ChangesTotal)
		}
		last := "-"
		if !p.LastContact.IsZero() {
			last = time.Since(p.LastContact).Round(time.Second).String() + " ago"
		}
		weLack, theyLack := "?", "?"
		if p.Known {
			weLack, theyLack = fmt.Sprint(p.WeLack), fmt.Sprint(p.TheyLack)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\n", name, p.Office, p.Addr, reach, last, weLack, theyLack,
			catchUp, p.Conflicts, p.BytesSent, p.BytesReceived)
	}
	tw.Flush()
}
