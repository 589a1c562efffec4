package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/app/syncfile"
	"sbcc/sync/bundle"
)

// syncCmd is `sbcc sync`: sync by file for offices with no connection.
func syncCmd(env *Env) *cobra.Command {
	c := &cobra.Command{
		Use:   "sync",
		Short: "Sync by file with an office that has no connection: export, import",
		Long: `An office without any connection to the others still syncs: write the changes it lacks
into a file (sbcc sync export), carry the file on a USB stick or send it as an e-mail
attachment, and load it there (sbcc sync import). Its answer travels back the same way.

Every change in the file is checked on arrival exactly as changes from the network are: the
signature of the office that made it, that that office is a member of the network, and that
it is not dated ahead of this computer's clock. Importing a file twice, or files in any
order, is safe.`,
	}
	c.AddCommand(syncExportCmd(env), syncImportCmd(env))
	return c
}

func syncExportCmd(env *Env) *cobra.Command {
	var out, peer string
	var all bool
	c := &cobra.Command{
		Use:   "export [--since-peer OFFICE | --all] -o FILE",
		Short: "Write the changes another office lacks into a file",
		Long: `Writes the signed changes the office named by --since-peer (its node id or office name)
lacks, from what it last reported (in the last sync file it sent here); every change when
nothing is known of it, or with --all.`,
		Example: `  sbcc sync export --since-peer Rietavas -o rietavas.sbcc-sync
  sbcc sync export --all -o everything.sbcc-sync`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return errors.New("name the file to write with -o FILE")
			}
			if all && peer != "" {
				return errors.New("use either --since-peer or --all, not both")
			}
			return withDir(env, func(d *app.Directory) error {
				var ex syncfile.Exported
				bar := newProgress(cmd.ErrOrStderr(), "changes")
				err := writeOut(cmd.OutOrStdout(), out, func(w io.Writer) error {
					var err error
					ex, err = syncfile.Export(cmd.Context(), d, w, peer, func(done, total uint64) { bar.Update(int(done), int(total)) })
					return err
				})
				bar.Done()
				if err != nil {
					return err
				}
				w := cmd.OutOrStdout()
				if peer != "" && !ex.Known {
					fmt.Fprintf(w, "nothing is known yet of what %s holds: the file holds every change\n", peer)
				}
				fi, _ := os.Stat(out)
				size := int64(0)
				if fi != nil {
					size = fi.Size()
				}
				fmt.Fprintf(w, "wrote %d changes to %s (%s)\n", ex.Header.Changes, out, humanBytes(size))
				return nil
			})
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "file to write")
	c.Flags().StringVar(&peer, "since-peer", "", "write only what this office (node id or office name) lacks")
	c.Flags().BoolVar(&all, "all", false, "write every change (the default without --since-peer)")
	return c
}

func syncImportCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Check and apply the changes of a sync file",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			return withDir(env, func(d *app.Directory) error {
				bar := newProgress(cmd.ErrOrStderr(), "changes")
				rep, err := syncfile.Import(cmd.Context(), d, f, func(done, total uint64) { bar.Update(int(done), int(total)) })
				bar.Done()
				if err != nil {
					if errors.Is(err, bundle.ErrBadFile) {
						return fmt.Errorf("%s: %w; nothing was applied", args[0], err)
					}
					return err
				}
				printImportReport(cmd.OutOrStdout(), args[0], rep)
				return nil
			})
		},
	}
}

// printImportReport says in plain words what an import did.
func printImportReport(w io.Writer, name string, rep bundle.Report) {
	h := rep.Header
	from := string(h.Writer)
	if h.Office != "" {
		from = h.Office + " (" + from + ")"
	}
	fmt.Fprintf(w, "%s: %d changes from %s, written %s\n", name, rep.Changes, from, h.Created.Local().Format("2006-01-02 15:04"))
	fmt.Fprintf(w, "  added:            %d\n  already here:     %d\n", rep.Added, rep.Already)
	if rep.Refused > 0 {
		fmt.Fprintf(w, "  refused:          %d\n", rep.Refused)
	}
	if rep.Future > 0 {
		fmt.Fprintf(w, "  dated in future:  %d (not applied)\n", rep.Future)
	}
	if rep.Waiting > 0 {
		fmt.Fprintf(w, "  waiting:          %d (an earlier change of the same office is missing: import the older file first, then this one again)\n", rep.Waiting)
	}
	for _, r := range rep.Reasons {
		if r.Origin != "" {
			fmt.Fprintf(w, "  change %d of %s not applied: %s\n", r.Seq, r.Origin, r.Reason)
		} else {
			fmt.Fprintf(w, "  change not applied: %s\n", r.Reason)
		}
	}
	if !rep.Signed {
		fmt.Fprintln(w, "  the file's header is not signed by the key of the office it names: its changes were checked one by one, but what it says of its writer is not remembered")
	}
	if rep.NewNotices {
		fmt.Fprintln(w, "  the file also brought news of the network's members, now saved")
	}
}

// humanBytes formats n bytes for people.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
