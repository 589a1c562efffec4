package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"sbcc/app"
	"sbcc/app/backup"
)

func backupCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a compressed backup of the whole directory",
		Long: `Writes a consistent copy of the data folder's store, zstd-compressed, with a small manifest
(format, version, node id, office, date, record counts). Restore it with "sbcc restore FILE".

While the desktop app or "sbcc serve" runs on the data folder, the backup is taken by it
(through its control socket), without stopping it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withDir(env, func(d *app.Directory) error {
				return writeBackup(cmd, d, args[0])
			})
		},
	}
}

// writeBackup writes d's backup to path and reports it.
func writeBackup(cmd *cobra.Command, d *app.Directory, path string) error {
	var m backup.BackupManifest
	err := writeOut(nil, path, func(w io.Writer) (err error) {
		m, err = backup.Backup(d, w)
		return err
	})
	if err != nil {
		return err
	}
	size := int64(0)
	if st, err := os.Stat(path); err == nil {
		size = st.Size()
	}
	fmt.Fprintf(cmd.OutOrStdout(), "backed up %d actors of node %s to %s (%d bytes)\n", m.Records["actor"], m.Node, path, size)
	return nil
}

// withBackupRestore makes the restore command also restore a backup file:
// when its argument names a file, the whole directory is replaced from it.
func withBackupRestore(env *Env, c *cobra.Command) {
	var force, keep bool
	c.Use = "restore ID | restore FILE"
	c.Long = `With a record id: restores a deleted record (an ordinary change that syncs).

With a backup file made by "sbcc backup": replaces the directory in the data folder by the
backup. It refuses a data folder that already holds records unless --force, and fails while
the desktop app or "sbcc serve" has the folder open. The restored directory takes a NEW node
id, so it never writes changes under the id of the node the backup came from, which may still
be running; its changes made before the backup stay in it and sync as that node's. Only when
the backup replaces a machine that is gone for good, use --keep-node-id.`
	c.Example = `  sbcc restore 01jz3k6x0v9c2m1q8r5t7w4y6b
  sbcc restore rietavas-2026-05-31.sbcc-backup --data /path/to/new/folder`
	record := c.RunE
	c.RunE = func(cmd *cobra.Command, args []string) error {
		st, err := os.Stat(args[0])
		if err != nil || !st.Mode().IsRegular() {
			return record(cmd, args)
		}
		f, err := os.Open(args[0])
		if err != nil {
			return err
		}
		defer f.Close()
		res, err := backup.RestoreBackup(f, env.DataDir, backup.RestoreOptions{Force: force, KeepNodeID: keep})
		if err != nil {
			return fmt.Errorf("restore %s: %w", filepath.Base(args[0]), err)
		}
		m := res.Manifest
		fmt.Fprintf(cmd.OutOrStdout(), "restored the backup of %s (node %s, office %q) into %s; this node is %s\n",
			m.Created, m.Node, m.Office, env.DataDir, res.Node)
		for _, r := range res.Reerased {
			fmt.Fprintf(cmd.OutOrStdout(), "erased again: %s %s (erased after the backup was made)\n", r.Kind, r.ID)
		}
		for _, w := range res.Warnings {
			fmt.Fprintf(cmd.OutOrStdout(), "warning: %s\n", w)
		}
		return nil
	}
	c.Flags().BoolVar(&force, "force", false, "replace a data folder that already holds records (backup restore)")
	c.Flags().BoolVar(&keep, "keep-node-id", false, "keep the backup's node id: only to replace a machine that is gone for good")
}
