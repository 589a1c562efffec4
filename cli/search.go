package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/index"
)

func searchCmd(env *Env) *cobra.Command {
	var req index.Request
	var asJSON, facets bool
	c := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Find actors, events and posts",
		Long: `Finds records by words in any of the five languages, with or without diacritics,
and with typos. The last word matches as a prefix. Also:
  "exact phrase"         words in this order
  sector:design          filter (sector, country, town, lang, kind, offers, needs, tag)
  -word, -country:DE     leave out
  near:Rietavas:30km     within 30 km of a locality (or near:55.72,21.93:30km)
  sort:name, sort:updated`,
		Example: `  sbcc search lodz
  sbcc search 'teatr country:PL'
  sbcc search --facets --json 'near:Rietavas:30km'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Query, req.Facets = strings.Join(args, " "), facets || asJSON
			return withDir(env, func(d *app.Directory) error {
				p := newProgress(cmd.ErrOrStderr(), "changes indexed")
				if _, err := d.Search().Index(cmd.Context(), p.Update); err != nil {
					return err
				}
				p.Done()
				res, err := d.Search().Find(cmd.Context(), req)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), searchJSON(res))
				}
				out := cmd.OutOrStdout()
				tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
				for _, h := range res.Hits {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%.2f\n", h.ID, h.Kind, h.Name, h.Score)
				}
				tw.Flush()
				fmt.Fprintf(out, "%d found in %s\n", res.Total, res.Took.Round(10*time.Microsecond))
				if facets {
					for _, name := range index.FacetNames {
						var parts []string
						for _, f := range res.Facets[name] {
							parts = append(parts, fmt.Sprintf("%s (%d)", f.Value, f.Count))
						}
						if len(parts) > 0 {
							fmt.Fprintf(out, "%s: %s\n", name, strings.Join(parts, ", "))
						}
					}
				}
				return nil
			})
		},
	}
	c.Flags().IntVar(&req.Limit, "limit", 20, "hits to show")
	c.Flags().StringVar(&req.Sort, "sort", "", "relevance, name or updated")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON: hits (id, kind, name, score, highlights), total, facets, took")
	c.Flags().BoolVar(&facets, "facets", false, "count facets")
	return c
}

// searchJSON is the JSON shape of a search result on the command line.
func searchJSON(r index.Result) any {
	type hit struct {
		ID         string              `json:"id"`
		Kind       string              `json:"kind"`
		Name       string              `json:"name"`
		Score      float64             `json:"score"`
		Highlights map[string][]string `json:"highlights,omitempty"`
	}
	type count struct {
		Value string `json:"value"`
		Count int    `json:"count"`
	}
	out := struct {
		Hits   []hit              `json:"hits"`
		Total  uint64             `json:"total"`
		Facets map[string][]count `json:"facets"`
		TookMs float64            `json:"tookMs"`
	}{Hits: []hit{}, Total: r.Total, Facets: map[string][]count{}, TookMs: float64(r.Took.Microseconds()) / 1000}
	for _, h := range r.Hits {
		out.Hits = append(out.Hits, hit{h.ID, h.Kind, h.Name, h.Score, h.Highlights})
	}
	for name, fs := range r.Facets {
		for _, f := range fs {
			out.Facets[name] = append(out.Facets[name], count{f.Value, f.Count})
		}
	}
	return out
}

func reindexCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the store",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withDir(env, func(d *app.Directory) error {
				start := time.Now()
				p := newProgress(cmd.ErrOrStderr(), "records indexed")
				err := d.Search().Reindex(cmd.Context(), p.Update)
				p.Done()
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "search index rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
				return nil
			})
		},
	}
}
