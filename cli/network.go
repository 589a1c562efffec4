package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/app/network"
	"sbcc/app/report"
)

func reportCmd(env *Env) *cobra.Command {
	var p report.Period
	var asJSON, asCSV bool
	c := &cobra.Command{
		Use:   "report",
		Short: "Programme indicators for a period (RCO87, RCO81, RCO115, RCR84)",
		Example: `  sbcc report --from 2026-01-01 --to 2026-12-31
  sbcc report --from 2026-01-01 --to 2026-12-31 --csv > indicators.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withDir(env, func(d *app.Directory) error {
				r, err := network.Report(d, p)
				if err != nil {
					return err
				}
				out := cmd.OutOrStdout()
				switch {
				case asJSON:
					return printJSON(out, r)
				case asCSV:
					return network.WriteIndicatorsCSV(cmd.Context(), out, d, p.From, p.To)
				}
				tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
				fmt.Fprintf(tw, "period\t%s … %s\n", or(p.From, "start"), or(p.To, "today"))
				for _, f := range r.Figures {
					fmt.Fprintf(tw, "%s\t%d\t%s\n", f.Code, f.Value, f.Label)
				}
				return tw.Flush()
			})
		},
	}
	c.Flags().StringVar(&p.From, "from", "", "first day, YYYY-MM-DD")
	c.Flags().StringVar(&p.To, "to", "", "last day, YYYY-MM-DD")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON with the records each figure counts")
	c.Flags().BoolVar(&asCSV, "csv", false, "print CSV")
	return c
}

func graphCmd(env *Env) *cobra.Command {
	var f network.GraphFilter
	var asJSON bool
	c := &cobra.Command{
		Use:   "graph",
		Short: "Network measures: degree and betweenness per actor, cross-border figures",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withDir(env, func(d *app.Directory) error {
				g, err := network.MeasureGraph(d, f)
				if err != nil || asJSON {
					return errorOr(err, func() error { return printJSON(cmd.OutOrStdout(), g) })
				}
				s := g.Summary
				fmt.Fprintf(cmd.OutOrStdout(), "%d actors, %d links; %d actors have cross-border links; %.0f%% of links cross a border\n",
					s.Actors, s.Links, s.CrossBorderActors, 100*s.CrossBorderShare)
				return nil
			})
		},
	}
	c.Flags().StringVar(&f.Sector, "sector", "", "only actors of this sector")
	c.Flags().StringVar(&f.Country, "country", "", "only actors of this country")
	c.Flags().StringVar(&f.Locality, "town", "", "only actors of this locality")
	c.Flags().StringVar(&f.LinkType, "type", "", "only links of this type")
	c.Flags().IntVar(&f.Year, "year", 0, "only links active in this year")
	c.Flags().StringVar(&f.Around, "around", "", "only this actor and its neighbours")
	c.Flags().BoolVar(&asJSON, "json", false, "print nodes and edges as JSON")
	return c
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func matchCmd(env *Env) *cobra.Command {
	var limit int
	var asJSON bool
	c := &cobra.Command{
		Use:   "match ID",
		Short: "Suggest actors abroad whose offers meet this actor's needs, or the other way round",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withDir(env, func(d *app.Directory) error {
				ss, err := network.Suggest(d, args[0], limit)
				if err != nil || asJSON {
					return errorOr(err, func() error { return printJSON(cmd.OutOrStdout(), ss) })
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
				for _, s := range ss {
					why := make([]string, len(s.Reasons))
					for i, r := range s.Reasons {
						why[i] = fmt.Sprintf("%s: %q ↔ %q", r.Kind, r.Mine, r.Theirs)
					}
					fmt.Fprintf(tw, "%.2f\t%s\t%s\t%s\t%s\n", s.Score, s.ID, s.Name, s.Country, strings.Join(why, "; "))
				}
				return tw.Flush()
			})
		},
	}
	c.Flags().IntVar(&limit, "limit", 10, "at most this many suggestions")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
