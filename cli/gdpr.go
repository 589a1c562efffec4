package cli

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/app/gdpr"
)

func subjectCmd(env *Env) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "subject ID",
		Short: "Export everything stored about an actor or person (GDPR access request) as JSON",
		Long: `Writes, as JSON, everything the directory stores about the actor ID: the record and which of
its fields are personal data, its consents, participations in events, links, posts, and the
history of every change to it and to its consents (which office, when).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withDir(env, func(d *app.Directory) error {
				s, err := gdpr.Subject(d, args[0])
				if err != nil {
					return err
				}
				return writeOut(cmd.OutOrStdout(), out, func(w io.Writer) error { return printJSON(w, s) })
			})
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "file to write (standard output when empty)")
	return c
}

func consentsCmd(env *Env) *cobra.Command {
	var days int
	var asJSON bool
	c := &cobra.Command{
		Use:   "consents",
		Short: "List consents that expire within N days (and those already expired)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withDir(env, func(d *app.Directory) error {
				list, err := gdpr.ExpiringConsents(d, time.Now(), days)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), list)
				}
				if len(list) == 0 {
					fmt.Fprintf(cmd.OutOrStdout(), "no consent expires within %d days\n", days)
					return nil
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "EXPIRES\tDAYS LEFT\tSUBJECT\tNAME\tPURPOSE\tBASIS\tCONSENT")
				for _, e := range list {
					c := e.Consent
					fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\n", c.Expires, e.DaysLeft, c.Subject, e.SubjectName, c.Purpose, c.Basis, c.ID)
				}
				return tw.Flush()
			})
		},
	}
	c.Flags().IntVar(&days, "expiring", 30, "days ahead to look")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
