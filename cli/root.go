package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/sync/gossip"
	"sbcc/sync/store"
)

// Env is what every command needs: where the data is and where to write.
type Env struct {
	// DataDir is the data folder (--data, $SBCC_DATA, or the OS default).
	DataDir string
	// Stdin, Stdout and Stderr are the command's streams.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Logger is the process logger.
	Logger *slog.Logger
	// Desktop opens the window; nil in builds without one.
	Desktop func(ctx context.Context, env *Env) error
	// shared is the directory a running node opened, for commands it runs
	// from its control socket; nil in a command-line process.
	shared *app.Directory
	// live is the running node's peer status, for `sbcc peers` run from
	// its control socket; nil elsewhere or while the folder has no node.
	live func() []gossip.PeerStatus
}

// Open opens the directory in the data folder.
func (e *Env) Open() (*app.Directory, error) {
	return app.Open(e.DataDir, app.Options{Logger: e.Logger, Upgrade: e.upgradeProgress})
}

// upgradeProgress tells on stderr how the upgrade of a data folder written
// by an older sbcc goes.
func (e *Env) upgradeProgress(p store.UpgradeStep) {
	switch {
	case p.What == "backup":
		fmt.Fprintf(e.Stderr, "sbcc: this data folder was written by an older sbcc (schema %d); upgrading it to schema %d\n", p.From, p.To)
		fmt.Fprintf(e.Stderr, "sbcc: copy of the folder's store kept as %s\n", p.Backup)
	case p.Finished:
		if p.Total > 0 {
			fmt.Fprintln(e.Stderr) // end the line of counts
		}
		fmt.Fprintf(e.Stderr, "sbcc: schema %d → %d done (%s)\n", p.From, p.To, p.What)
	case p.Total > 0:
		fmt.Fprintf(e.Stderr, "\rsbcc: schema %d → %d: %s %d/%d", p.From, p.To, p.What, p.Done, p.Total)
	}
}

// commands lists the constructors of every subcommand, in help order. It is
// a function, not a variable, because commands run commands (the control
// socket), which a package-level variable cannot refer to.
func commands() []func(*Env) *cobra.Command {
	return []func(*Env) *cobra.Command{
		demoCmd, putCmd, getCmd, listCmd, deleteCmd, restoreCmd, eraseCmd,
		searchCmd, reindexCmd, conflictsCmd, historyCmd, exportCmd, importCmd, backupCmd, subjectCmd, consentsCmd,
		hashCmd, checkCmd, reportCmd, graphCmd, matchCmd, serveCmd, webCmd, syncNetworkCmd, syncCmd, peersCmd, clockCmd, versionCmd,
		forumCmd, publishCmd,
	}
}

// NewRoot returns the sbcc command with every subcommand.
func NewRoot(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "sbcc",
		Short: "South Baltic Creative Clusters directory",
		Long: `sbcc keeps the directory of the South Baltic creative network: actors, links,
events and posts, searchable offline and synchronised between partner offices.

Run without a command to open the desktop window.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if env.Desktop == nil {
				return errors.New("this build of sbcc has no window; run `sbcc serve` for the web interface or `sbcc --help` for commands")
			}
			return env.Desktop(cmd.Context(), env)
		},
	}
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.PersistentFlags().StringVar(&env.DataDir, "data", app.DefaultDataDir(), "data folder (also $"+app.DataDirEnv+")")
	for _, c := range commands() {
		root.AddCommand(c(env))
	}
	return root
}

// Main runs the command line with args and returns the exit status.
//
// When another process (the desktop app or `sbcc serve`) holds the data
// folder, the command runs inside it through its control socket.
func Main(ctx context.Context, env *Env, args []string) int {
	if env.shared == nil {
		if code, ran := forward(env, args); ran {
			return code
		}
	}
	root := NewRoot(env)
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(env.Stderr, "sbcc:", app.PlainMessage(err))
		return 1
	}
	return 0
}

// withDir opens the directory, runs fn and closes it; inside a running
// node it uses the node's open directory.
func withDir(env *Env, fn func(d *app.Directory) error) error {
	if env.shared != nil {
		return fn(env.shared)
	}
	d, err := env.Open()
	if err != nil {
		return err
	}
	defer d.Close()
	return fn(d)
}

// DefaultEnv returns the environment of a real process.
func DefaultEnv() *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
}
