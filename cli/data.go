package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"sbcc/app"
)

func demoCmd(env *Env) *cobra.Command {
	var opts app.DemoOptions
	c := &cobra.Command{
		Use:   "demo",
		Short: "Fill an empty directory with a generated demo network",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withDir(env, func(d *app.Directory) error {
				p := newProgress(cmd.ErrOrStderr(), "actors")
				opts.Progress = p.Update
				res, err := d.Demo(cmd.Context(), opts)
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

func exportCmd(env *Env) *cobra.Command {
	var format, out string
	c := &cobra.Command{
		Use:   "export",
		Short: "Export the whole directory",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "json" {
				return fmt.Errorf("format %q is not supported; use json", format)
			}
			return withDir(env, func(d *app.Directory) error {
				return writeOut(cmd.OutOrStdout(), out, d.ExportJSON)
			})
		},
	}
	c.Flags().StringVar(&format, "format", "json", "file format: json")
	c.Flags().StringVarP(&out, "output", "o", "", "file to write (standard output when empty)")
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

func importCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Import a JSON archive or list of records",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			return withDir(env, func(d *app.Directory) error {
				res, err := d.ImportJSON(f)
				if err != nil {
					return fmt.Errorf("import %s: %w", args[0], err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "applied %d changes (%d already here, %d refused), created %d records\n",
					res.Applied, res.Duplicates, res.Refused, res.Created)
				return nil
			})
		},
	}
}
