package cli

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/app/model"
	"sbcc/sync/store"
)

func checkCmd(env *Env) *cobra.Command {
	var repair bool
	c := &cobra.Command{
		Use:   "check",
		Short: "Check the data folder's store for damage, and repair it",
		Long: `Reads the whole store: its pages (without trusting them), bbolt's consistency check, and
every record, shown copy and logged change, and says in plain words what is wrong.

With --repair (the desktop app and "sbcc serve" must be closed): rebuilds the store from what
can still be read. The node's settings and notes are copied, every readable change of the
log is replayed into a new file, and the search index is rebuilt. The damaged file is kept
beside it as sbcc.db.damaged-TIME. Changes that cannot be read are counted: restore a
backup instead if they matter, or let the partner offices send theirs again.`,
		Example: `  sbcc check
  sbcc check --repair`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			if repair {
				if env.shared != nil {
					return errors.New("close the desktop app or sbcc serve before repairing: the store must not be in use")
				}
				start := time.Now()
				res, err := store.Repair(env.DataDir, model.Schema{})
				if err != nil {
					return err
				}
				fmt.Fprintf(out, "repaired in %s: %d records rebuilt from %d changes; %d changes could not be read\n",
					time.Since(start).Round(time.Millisecond), res.Records, res.Kept, res.Dropped)
				fmt.Fprintf(out, "the damaged file is kept as %s\n", res.Damaged)
			}
			err := withDir(env, func(d *app.Directory) error {
				return printCheck(out, d.Store().Verify(nil))
			})
			if errors.Is(err, store.ErrDamaged) && !repair {
				return fmt.Errorf("%w\nOr rebuild it from what can still be read: sbcc check --repair --data %s", err, env.DataDir)
			}
			return err
		},
	}
	c.Flags().BoolVar(&repair, "repair", false, "rebuild the store from what can still be read (the damaged file is kept)")
	return c
}

// errProblems makes check exit with an error when it found problems.
var errProblems = errors.New("the store is damaged: run \"sbcc check --repair\" to rebuild it from what can still be read, or restore a backup")

// printCheck prints what Verify found.
func printCheck(w io.Writer, rep store.Report) error {
	fmt.Fprintf(w, "read %d records, %d shown copies and %d changes\n", rep.Records, rep.Views, rep.Changes)
	if rep.OK() {
		fmt.Fprintln(w, "no problems found")
		return nil
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "problem: %s\n", p)
	}
	if rep.More > 0 {
		fmt.Fprintf(w, "and %d more problems\n", rep.More)
	}
	return errProblems
}
