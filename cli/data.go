package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/app/demo"
)

func demoCmd(env *Env) *cobra.Command {
	var opts demo.Options
	c := &cobra.Command{
		Use:   "demo",
		Short: "Fill an empty directory with a generated demo network",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withDir(env, func(d *app.Directory) error {
				p := newProgress(cmd.ErrOrStderr(), "actors")
				opts.Progress = p.Update
				res, err := demo.Fill(cmd.Context(), d, opts)
				p.Done()
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "made %d actors, %d links, %d events, %d participations, %d posts, %d consents\n",
					res.Actors, res.Links, res.Events, res.Participations, res.Posts, res.Consents)
				return nil
			})
		},
	}
	c.Flags().IntVar(&opts.Actors, "actors", 300, "number of actors")
	c.Flags().Uint64Var(&opts.Seed, "seed", 1, "random seed (the same seed makes the same network)")
	return c
}

// writeOut writes through fn to path, atomically, or to stdout when path is "".
func writeOut(stdout io.Writer, path string, fn func(io.Writer) error) error {
	if path == "" {
		return fn(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".sbcc-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fn(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
