package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/app/model"
)

func putCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "put KIND",
		Short: "Create or update one record read as JSON from standard input; prints its id",
		Long: "Reads one JSON record of KIND (" + strings.Join(model.KindNames, ", ") + `) on standard input.
Without an "id" it creates a record; with one it updates the fields given.`,
		Example: `  echo '{"kind":"organisation","name":"Studija Rūta","country":"LT"}' | sbcc put actor`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			raw, err := io.ReadAll(cmd.InOrStdin())
			if err != nil {
				return err
			}
			return withDir(env, func(d *app.Directory) error {
				id, err := d.PutJSON(args[0], raw)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), id)
				return nil
			})
		},
	}
}

func getCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "get ID",
		Short: "Print one record as JSON",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withDir(env, func(d *app.Directory) error {
				r, err := d.Get(args[0])
				if err != nil {
					return err
				}
				return printJSON(cmd.OutOrStdout(), r)
			})
		},
	}
}

func listCmd(env *Env) *cobra.Command {
	var asJSON, deleted bool
	c := &cobra.Command{
		Use:   "list KIND",
		Short: "List the records of a kind (" + strings.Join(model.KindNames, ", ") + ")",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withDir(env, func(d *app.Directory) error {
				rs, err := d.List(args[0], app.ListOptions{Deleted: deleted})
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), rs)
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
				for _, r := range rs {
					fmt.Fprintln(tw, summary(r))
				}
				return tw.Flush()
			})
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	c.Flags().BoolVar(&deleted, "deleted", false, "include deleted and erased records")
	return c
}

// summary is one tab-separated line describing r.
func summary(r model.Record) string {
	mark := func(m model.Meta) string {
		switch {
		case m.Erased:
			return "\t(erased)"
		case m.Deleted:
			return "\t(deleted)"
		}
		return ""
	}
	switch v := r.(type) {
	case *model.Actor:
		return fmt.Sprintf("%s\t%s\t%s\t%s\t%s%s", v.ID, v.Name, v.Kind, v.Country, strings.Join(v.Sectors, ","), mark(v.Meta))
	case *model.Link:
		return fmt.Sprintf("%s\t%s\t%s\t%s%s", v.ID, v.From, v.Type, v.To, mark(v.Meta))
	case *model.Event:
		return fmt.Sprintf("%s\t%s\t%s\t%s%s", v.ID, v.Start, v.Kind, v.Title, mark(v.Meta))
	case *model.Participation:
		return fmt.Sprintf("%s\t%s\t%s%s\t%s%s", v.ID, v.Event, v.Actor, v.Person, v.Status, mark(v.Meta))
	case *model.Post:
		return fmt.Sprintf("%s\t%s\t%s%s", v.ID, v.Type, v.Title, mark(v.Meta))
	case *model.Consent:
		return fmt.Sprintf("%s\t%s\t%s\t%s–%s%s", v.ID, v.Subject, v.Purpose, v.Given, v.Expires, mark(v.Meta))
	case *model.Locality:
		return fmt.Sprintf("%s\t%s\t%s", v.ID, v.Name.In("en"), v.Country)
	}
	return model.IDOf(r)
}

func lifecycleCmd(env *Env, use, short string, op func(*app.Directory, string) error, done string) *cobra.Command {
	return &cobra.Command{
		Use:   use + " ID",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withDir(env, func(d *app.Directory) error {
				if err := op(d, args[0]); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s %s\n", done, args[0])
				return nil
			})
		},
	}
}

func deleteCmd(env *Env) *cobra.Command {
	return lifecycleCmd(env, "delete", "Delete a record (it can be restored)", (*app.Directory).Delete, "deleted")
}

func restoreCmd(env *Env) *cobra.Command {
	return lifecycleCmd(env, "restore", "Restore a deleted record", (*app.Directory).Restore, "restored")
}

func eraseCmd(env *Env) *cobra.Command {
	return lifecycleCmd(env, "erase", "Erase a record's personal data for good, on every office (GDPR)", (*app.Directory).Erase, "erased")
}

func conflictsCmd(env *Env) *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "conflicts",
		Short: "List fields that offices changed at the same time",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withDir(env, func(d *app.Directory) error {
				cs, err := d.Conflicts()
				if err != nil || asJSON {
					return errorOr(err, func() error { return printJSON(cmd.OutOrStdout(), cs) })
				}
				if len(cs) == 0 {
					fmt.Fprintln(cmd.OutOrStdout(), "no conflicts")
					return nil
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "RECORD\tNAME\tFIELD\tKEPT\tALSO WRITTEN")
				for _, c := range cs {
					others := make([]string, len(c.Losers))
					for i, l := range c.Losers {
						others[i] = fmt.Sprintf("%s (%s)", l.Value, l.Office)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s (%s)\t%s\n", c.ID, c.Name, c.Field, c.Winner.Value, c.Winner.Office, strings.Join(others, ", "))
				}
				return tw.Flush()
			})
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func historyCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "history ID",
		Short: "Show which office changed what in a record, and when",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withDir(env, func(d *app.Directory) error {
				h, err := d.History(args[0])
				if err != nil {
					return err
				}
				return printJSON(cmd.OutOrStdout(), h)
			})
		},
	}
}

func hashCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "hash",
		Short: "Print a digest of the replicated state (equal on replicas holding the same records)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withDir(env, func(d *app.Directory) error {
				h, err := d.Hash()
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), h)
				return nil
			})
		},
	}
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func errorOr(err error, fn func() error) error {
	if err != nil {
		return err
	}
	return fn()
}
