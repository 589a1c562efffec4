package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/app/network"
)

func publishCmd(env *Env) *cobra.Command {
	var dir string
	c := &cobra.Command{
		Use:   "publish -o DIR",
		Short: "Write the public catalogue of the network as a static website into DIR",
		Long: `Writes a static website of the actors that chose public visibility and consented to
publication (a consent with purpose "publication"; e-mail and phone only with a consent
"publication-contact"): a page per actor, pages per sector and place, a map and search as you
type, in English, Lithuanian, Polish, German and Swedish. It needs no server: open DIR/index.html
from a folder or a USB stick, or upload DIR to any web host.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dir == "" {
				return errors.New("say where to write the catalogue with -o DIR")
			}
			return withDir(env, func(d *app.Directory) error {
				res, err := network.Publish(d, dir, time.Now())
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "published %d actors in %d files (%.1f MB) to %s\n", res.Actors, res.Files, float64(res.Bytes)/1e6, res.Dir)
				return nil
			})
		},
	}
	c.Flags().StringVarP(&dir, "output", "o", "", "folder to write the website into")
	return c
}
