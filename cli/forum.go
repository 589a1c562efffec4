package cli

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/app/model"
	"sbcc/app/network"
)

func forumCmd(env *Env) *cobra.Command {
	c := &cobra.Command{
		Use:   "forum",
		Short: "Speed dating at a forum: set up a session, wishes, plan, print, outcomes",
	}
	c.AddCommand(forumSessionCmd(env), forumWishCmd(env), forumPlanCmd(env), forumPrintCmd(env), forumOutcomeCmd(env))
	return c
}

func forumSessionCmd(env *Env) *cobra.Command {
	var s model.Session
	c := &cobra.Command{
		Use:   "session EVENT",
		Short: "Make (or change) the speed-dating session of an event and print its id",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withDir(env, func(d *app.Directory) error {
				s.Event = args[0]
				if old, err := network.SessionOfEvent(d, args[0]); err == nil {
					s.ID = old.ID
				}
				id, err := d.Put(&s)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), id)
				return nil
			})
		},
	}
	c.Flags().IntVar(&s.Rounds, "rounds", 12, "number of rounds")
	c.Flags().IntVar(&s.RoundMinutes, "minutes", 10, "minutes per round")
	c.Flags().IntVar(&s.Tables, "tables", 20, "tables (or video rooms)")
	c.Flags().StringVar(&s.Start, "start", "", "time of day the first round starts, such as 14:00")
	c.Flags().IntSliceVar(&s.Breaks, "breaks", nil, "rounds after which a break comes")
	c.Flags().IntVar(&s.BreakMinutes, "break-minutes", 15, "minutes per break")
	c.Flags().BoolVar(&s.Virtual, "virtual", false, "a virtual session in video rooms")
	c.Flags().StringVar(&s.RoomBase, "rooms", "", "address of the video service the rooms are made under")
	return c
}

func forumWishCmd(env *Env) *cobra.Command {
	var w model.Wish
	c := &cobra.Command{
		Use:   "wish SESSION FROM TO",
		Short: "Record that actor FROM wants to meet actor TO (or, with --avoid, does not)",
		Args:  cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withDir(env, func(d *app.Directory) error {
				w.Session, w.From, w.To = args[0], args[1], args[2]
				id, err := d.Put(&w)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), id)
				return nil
			})
		},
	}
	c.Flags().BoolVar(&w.Avoid, "avoid", false, "FROM does not want to meet TO")
	c.Flags().BoolVar(&w.Interpreter, "interpreter", false, "an interpreter will help, so no shared language is needed")
	return c
}

func forumPlanCmd(env *Env) *cobra.Command {
	var from int
	var asJSON bool
	c := &cobra.Command{
		Use:   "plan SESSION",
		Short: "Plan the session's meetings (again from round --from, keeping earlier rounds)",
		Long: `Plans who meets whom in which round at which table: mutual wishes first, then one-sided ones,
then matchmaking suggestions across borders. Re-planning with --from N keeps rounds before N as
they were and places only the checked-in participants (mark late arrivals as attended first).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withDir(env, func(d *app.Directory) error {
				res, err := network.PlanSession(d, args[0], from)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), res)
				}
				return printPlan(cmd.OutOrStdout(), res)
			})
		},
	}
	c.Flags().IntVar(&from, "from", 1, "first round to plan")
	c.Flags().BoolVar(&asJSON, "json", false, "print the plan as JSON")
	return c
}

func printPlan(w io.Writer, res network.PlanResult) error {
	names := map[string]string{}
	for _, p := range res.View.Participants {
		names[p.Actor] = p.Name
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROUND\tTABLE\tA\tB\tPRIORITY\tSTATUS")
	for _, m := range res.View.Meetings {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\n", m.Round, m.Table, names[m.A], names[m.B], m.Priority, m.Status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	s := res.Stats
	fmt.Fprintf(w, "%d meetings; mutual wishes placed %d of %d possible (%d asked); one-sided %d of %d\n",
		s.Meetings, s.MutualPlaced, s.MutualPossible, s.Mutual, s.OneSidedPlaced, s.OneSided)
	for _, u := range res.Unplaced {
		fmt.Fprintf(w, "not placed: %s – %s (%s): %s\n", names[u.A], names[u.B], u.Priority, u.Reason)
	}
	return nil
}

func forumPrintCmd(env *Env) *cobra.Command {
	var out, lang string
	c := &cobra.Command{
		Use:   "print SESSION",
		Short: "Write the organiser's sheet, table plans and agendas as a printable HTML page",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withDir(env, func(d *app.Directory) error {
				doc, err := network.SessionSheets(d, args[0], lang)
				if err != nil {
					return err
				}
				return writeOut(cmd.OutOrStdout(), out, func(w io.Writer) error { _, err := w.Write(doc); return err })
			})
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "", "file to write (standard output when empty)")
	c.Flags().StringVar(&lang, "lang", "en", "language of the organiser's sheet (en, lt, pl, de, sv)")
	return c
}

func forumOutcomeCmd(env *Env) *cobra.Command {
	var status, outcome, note string
	c := &cobra.Command{
		Use:   "outcome MEETING",
		Short: "Record whether a meeting was held and its outcome (cooperate and continue make a link)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withDir(env, func(d *app.Directory) error {
				m, err := network.RecordMeeting(d, args[0], status, outcome, note)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "meeting %s: %s %s", m.ID, m.Status, m.Outcome)
				if m.Link != "" {
					fmt.Fprintf(cmd.OutOrStdout(), " (link %s)", m.Link)
				}
				fmt.Fprintln(cmd.OutOrStdout())
				return nil
			})
		},
	}
	c.Flags().StringVar(&status, "status", "held", "held or missed")
	c.Flags().StringVar(&outcome, "outcome", "", "cooperate, continue, follow-up or none")
	c.Flags().StringVar(&note, "note", "", "a note on the meeting")
	return c
}
