package backup

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"time"

	"sbcc/app"
	"sbcc/app/model"
	"sbcc/app/transfer"
	sbsync "sbcc/sync"
	"sbcc/sync/store"
	"sbcc/sync/trust"
)

// TaskRestore is the progress task of RestoreRunning: Done counts its steps
// of Total — the backup checked, a copy of the current directory kept, the
// directory replaced and opened again.
const TaskRestore = "restore"

const restoreSteps = 3

// BackupRestored says what RestoreRunning did.
type BackupRestored struct {
	// Manifest describes the backup restored: its office, date and counts.
	Manifest BackupManifest `json:"manifest"`
	// Kept is the file, in the data folder, that holds the directory as it
	// was before the restore: restoring it undoes the restore. Empty when
	// that directory was Damaged.
	Kept string `json:"kept"`
	// Damaged is true when the directory replaced could not be read: its
	// file was moved aside in the data folder instead of being copied.
	Damaged bool `json:"damaged"`
	// Reerased counts the records erased (personal data) after the backup
	// was made, erased again in the restored directory.
	Reerased int `json:"reerased"`
	// LeftNetwork is true when the data folder belonged to a network: the
	// restored directory has a new node id, so it joins again with an
	// invite from a member office.
	LeftNetwork bool `json:"leftNetwork"`
	// Warnings say in English what the restore could not do.
	Warnings []string `json:"warnings,omitempty"`
}

// Reopen closes the directory and everything running on it (search index,
// sync node, the UI's façade), runs apply on the data folder, and opens it
// all again, returning apply's error.
type Reopen func(ctx context.Context, apply func(dir string) error) error

// RestoreRunning replaces the running directory d with a backup file (what
// Backup writes), given as its name and its content in base64: the backup
// is checked in full first (a file that is not a backup, is damaged, was
// made by a newer sbcc or by an office outside this office's network is
// refused as a problem of the field "file", and nothing changes), a backup
// of the current directory is kept in the data folder
// (BackupRestored.Kept), then reopen closes what runs on d, RestoreBackup
// replaces the store (new node id, later erasures applied again) and all
// is opened again. progress may be nil.
func RestoreRunning(ctx context.Context, d *app.Directory, reopen Reopen, name, content string, progress func(done, total int)) (BackupRestored, error) {
	if reopen == nil {
		return BackupRestored{}, fmt.Errorf("%w: restore the backup with `sbcc restore FILE` while sbcc is closed", app.ErrNotAvailable)
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	if n := base64.StdEncoding.DecodedLen(len(content)); n > transfer.MaxImportSize+3 {
		return BackupRestored{}, model.One("file", model.CodeBackupTooLarge,
			fmt.Sprintf("the backup has %d MiB; at most %d MiB can be restored here: use `sbcc restore FILE` with sbcc closed", n>>20, transfer.MaxImportSize>>20),
			"size", strconv.Itoa(n>>20), "max", strconv.Itoa(transfer.MaxImportSize>>20))
	}
	data, err := transfer.DecodeUpload(name, content)
	if err != nil {
		return BackupRestored{}, err
	}
	progress(0, restoreSteps)
	m, inNetwork, err := checkBackup(d, name, data)
	if err != nil {
		return BackupRestored{}, err
	}
	out := BackupRestored{Manifest: m, LeftNetwork: inNetwork}
	progress(1, restoreSteps)
	out.Kept, err = keepCopy(d)
	if errors.Is(err, store.ErrDamaged) {
		out.Damaged, err = true, nil
	}
	if err != nil {
		return BackupRestored{}, fmt.Errorf("keep a copy of the directory before restoring: %w", err)
	}
	progress(2, restoreSteps)
	var res RestoreResult
	err = reopen(ctx, func(dir string) (err error) {
		res, err = RestoreBackup(bytes.NewReader(data), dir, RestoreOptions{Force: true})
		return err
	})
	if err != nil {
		return BackupRestored{}, fmt.Errorf("restore %s: %w", name, err)
	}
	out.Reerased, out.Warnings = len(res.Reerased), res.Warnings
	progress(restoreSteps, restoreSteps)
	return out, nil
}

// checkBackup reads the manifest of the backup data and restores it into
// a scratch folder, so that a backup that cannot be restored is refused
// before the directory is closed. It says whether the data folder belongs
// to a network, whose member the backup's office must be.
func checkBackup(d *app.Directory, name string, data []byte) (m BackupManifest, inNetwork bool, err error) {
	m, err = ReadBackupManifest(bufio.NewReader(bytes.NewReader(data)))
	if errors.Is(err, ErrNotBackup) {
		return m, false, model.One("file", model.CodeNotBackup, fmt.Sprintf("%s is not an sbcc backup (the file Backup downloads, NAME.sbcc-backup)", name))
	}
	if err != nil {
		return m, false, model.One("file", model.CodeBackupNewer, err.Error())
	}
	dir := d.Dir()
	f, err := trust.Load(dir)
	switch {
	case errors.Is(err, trust.ErrNoNetwork):
	case err != nil:
		return m, false, err
	default:
		inNetwork = true
		reg, _ := f.Registry()
		node := sbsync.NodeID(m.Node)
		if _, member := reg.Member(node); !member && node != d.Store().Node() {
			return m, true, model.One("file", model.CodeBackupNetwork,
				fmt.Sprintf("the backup is of %q, an office outside the network %s: restoring it would send its records to every office of this network", m.Office, f.Network),
				"office", m.Office, "network", f.Network)
		}
	}
	scratch, err := os.MkdirTemp(dir, ".restore-check-")
	if err != nil {
		return m, inNetwork, err
	}
	defer os.RemoveAll(scratch)
	if _, err := RestoreBackup(bytes.NewReader(data), scratch, RestoreOptions{}); err != nil {
		if _, ok := errors.AsType[*fs.PathError](err); ok || store.IsDiskFull(err) {
			return m, inNetwork, err
		}
		return m, inNetwork, model.One("file", model.CodeBackupDamaged, fmt.Sprintf("%s is damaged or cut short: %v", name, err))
	}
	return m, inNetwork, nil
}

// keepCopy writes a backup of d into its data folder, as
// before-restore-TIME-N.sbcc-backup, and returns its path.
func keepCopy(d *app.Directory) (string, error) {
	f, err := os.CreateTemp(d.Dir(), fmt.Sprintf("before-restore-%s-*.sbcc-backup", time.Now().UTC().Format("20060102T150405Z")))
	if err != nil {
		return "", err
	}
	path := f.Name()
	_, err = Backup(d, f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return "", err
	}
	return path, nil
}

// BackupDownload is a backup file with its manifest.
type BackupDownload struct {
	transfer.Download
	Manifest BackupManifest `json:"manifest"`
}

// BackupFile takes a consistent copy of the whole directory while it is in
// use (see [Backup]), as a file for the UI to save. Restoring needs the app closed: `sbcc
// restore FILE`.
func BackupFile(d *app.Directory) (BackupDownload, error) {
	var buf bytes.Buffer
	m, err := Backup(d, &buf)
	if err != nil {
		return BackupDownload{}, err
	}
	name := fmt.Sprintf("%s-%s.sbcc-backup", transfer.FileWord(d.Office()), time.Now().Format(time.DateOnly))
	return BackupDownload{Download: transfer.Download{Name: name, MimeType: "application/octet-stream",
		Content: base64.StdEncoding.EncodeToString(buf.Bytes()), Size: buf.Len(), Count: m.Records["actor"]}, Manifest: m}, nil
}
