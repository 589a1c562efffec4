package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"sbcc/app"
)

// clockCmd is `sbcc clock`: how this office's edit clock stands against the
// computer's, and `clock reset` for a clock that ran ahead and was fixed.
func clockCmd(env *Env) *cobra.Command {
	c := &cobra.Command{
		Use:   "clock",
		Short: "Show whether this office's edit clock is ahead of the computer's clock",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withDir(env, func(d *app.Directory) error {
				ahead := d.Store().ClockAhead()
				if ahead <= time.Minute {
					fmt.Fprintln(cmd.OutOrStdout(), "the edit clock agrees with this computer's clock")
					return nil
				}
				fmt.Fprintf(cmd.OutOrStdout(), "edits here are stamped %s ahead of this computer's clock; if the computer's clock is right now, run `sbcc clock reset`\n", ahead.Round(time.Second))
				return nil
			})
		},
	}
	c.AddCommand(&cobra.Command{
		Use:   "reset",
		Short: "Set the edit clock back to this computer's clock, after a clock that ran ahead was fixed",
		Long: `reset sets this office's edit clock back to the computer's clock, so that edits work
again after the computer's clock was set ahead and then fixed. Every office still ends with the
same data. Fields last written while the clock was ahead keep those values until an edit made
after the date the clock showed, or until staff pick another value: the command counts the
records that hold such fields, to check by hand.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withDir(env, func(d *app.Directory) error {
				n, err := d.Store().ResetClock()
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "edit clock reset to %s; %d record(s) carry edits stamped later than now: check them\n", time.Now().UTC().Format(time.RFC3339), n)
				return nil
			})
		},
	})
	return c
}
