package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// Version, Commit and Date describe the build; the Makefile sets them with
// -ldflags "-X sbcc/cli.Version=...".
var (
	Version = "dev"
	Commit  = "unknown"
	Date    = "unknown"
)

func versionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build date",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "sbcc %s (commit %s, built %s)\n", Version, Commit, Date)
			return nil
		},
	}
}
