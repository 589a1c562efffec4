package backup

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/klauspost/compress/zstd"

	"sbcc/app"
	"sbcc/app/model"
	sbsync "sbcc/sync"
	"sbcc/sync/store"
	"sbcc/sync/trust"
)

// BackupFormat names sbcc's backup file format. A backup file is the line
// "sbcc-backup", one line of JSON ([BackupManifest]), then the store file
// compressed with zstd (with its content checksum).
const BackupFormat = "sbcc-backup"

// BackupVersion is the version of the backup format this build writes.
const BackupVersion = 1

// BackupManifest describes a backup; it is readable without decompressing.
type BackupManifest struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// Node and Office are the node id and office of the directory copied.
	Node   string `json:"node"`
	Office string `json:"office,omitempty"`
	// Created is when the copy was taken (RFC 3339, UTC).
	Created string `json:"created"`
	// Schema is the store's file layout version.
	Schema int `json:"schema"`
	// Records counts live records per kind at the time of the copy.
	Records map[string]int `json:"records,omitempty"`
}

// Errors of backup and restore.
var (
	// ErrNotBackup is returned when a file is not an sbcc backup.
	ErrNotBackup = errors.New("the file is not an sbcc backup")
	// ErrFolderNotEmpty is returned by Restore when the data folder holds
	// records and Force is not set.
	ErrFolderNotEmpty = errors.New("the data folder already holds a directory; restoring would replace it (use --force to replace it)")
)

// Backup writes a consistent copy of the whole directory to w: a manifest
// and the store file, zstd-compressed. The copy is one read transaction, so
// it can be taken while the directory is being used and edited; it holds
// every edit committed before it started and none after. It returns the
// manifest written.
func Backup(d *app.Directory, w io.Writer) (BackupManifest, error) {
	counts, err := d.Counts()
	if err != nil {
		return BackupManifest{}, err
	}
	m := BackupManifest{Format: BackupFormat, Version: BackupVersion, Node: string(d.Store().Node()), Office: d.Office(),
		Created: time.Now().UTC().Format(time.RFC3339), Schema: store.SchemaVersion, Records: counts}
	head, err := json.Marshal(m)
	if err != nil {
		return m, err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := fmt.Fprintf(bw, "%s\n%s\n", BackupFormat, head); err != nil {
		return m, err
	}
	zw, err := zstd.NewWriter(bw, zstd.WithEncoderLevel(zstd.SpeedDefault))
	if err != nil {
		return m, err
	}
	if _, err := d.Store().Backup(zw); err != nil {
		zw.Close()
		return m, fmt.Errorf("copy the store: %w", err)
	}
	if err := zw.Close(); err != nil {
		return m, err
	}
	return m, bw.Flush()
}

// ReadBackupManifest reads the manifest at the start of a backup and
// leaves br at the compressed store.
func ReadBackupManifest(br *bufio.Reader) (BackupManifest, error) {
	var m BackupManifest
	magic, err := br.ReadString('\n')
	if err != nil || strings.TrimSpace(magic) != BackupFormat {
		return m, ErrNotBackup
	}
	line, err := br.ReadBytes('\n')
	if err != nil {
		return m, fmt.Errorf("%w: %v", ErrNotBackup, err)
	}
	if err := json.Unmarshal(line, &m); err != nil || m.Format != BackupFormat {
		return m, fmt.Errorf("%w: its manifest cannot be read", ErrNotBackup)
	}
	if m.Version > BackupVersion || m.Schema > store.SchemaVersion {
		return m, fmt.Errorf("the backup was made by a newer sbcc (format %d, schema %d); install that version to restore it", m.Version, m.Schema)
	}
	return m, nil
}

// RestoreOptions configure [RestoreBackup].
type RestoreOptions struct {
	// Force replaces a data folder that already holds records.
	Force bool
	// KeepNodeID keeps the node id of the backup. Only for replacing a
	// machine that is gone for good: two running nodes with one id would
	// overwrite each other's changes. By default the restored directory
	// takes a new node id.
	KeepNodeID bool
}

// RestoreResult says what RestoreBackup did.
type RestoreResult struct {
	Manifest BackupManifest `json:"manifest"`
	// Node is the node id of the restored directory: new unless KeepNodeID.
	Node string `json:"node"`
	// Reerased lists the records that were erased in the directory replaced
	// but not in the backup: the restore erased them again.
	Reerased []store.Ref `json:"reerased,omitempty"`
	// Warnings says what the restore could not do, in plain words.
	Warnings []string `json:"warnings,omitempty"`
}

// RestoreBackup replaces the directory in the data folder dir with the backup
// read from r. It fails with [store.ErrLocked] while another process has
// the folder open, and with [ErrFolderNotEmpty] when the folder holds
// records, unless Force. The backup is decompressed beside the store,
// checked (bbolt's consistency check), given a new node id unless
// KeepNodeID, has every erasure of the replaced directory applied again
// (an erase is for good: a backup older than it must not bring the person
// back), and only then moved into place, so a broken backup leaves the
// folder as it was. A damaged store in the folder is moved aside when
// Force is set. The search index, if any, rebuilds from the restored
// store.
func RestoreBackup(r io.Reader, dir string, opts RestoreOptions) (RestoreResult, error) {
	var res RestoreResult
	br := bufio.NewReaderSize(r, 1<<16)
	m, err := ReadBackupManifest(br)
	if err != nil {
		return res, err
	}
	res.Manifest = m
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return res, err
	}
	held, err := holdFolder(dir, opts, &res)
	if err != nil {
		return res, err
	}
	defer func() {
		if held != nil {
			held.Close()
		}
	}()
	erased, err := held.Erased()
	if err != nil {
		return res, fmt.Errorf("read the erasures of the directory being replaced: %w", err)
	}
	tmpDir, err := os.MkdirTemp(dir, ".restore-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(tmpDir)
	tmp, err := unpackBackup(br, tmpDir, opts, &res)
	if err != nil {
		return res, err
	}
	if res.Reerased, err = reErase(dir, tmpDir, erased); err != nil {
		return res, err
	}
	target := held.Path()
	held.Close()
	held = nil
	if err := os.Rename(tmp, target); err != nil {
		return res, fmt.Errorf("move the restored store into place: %w", err)
	}
	// The search index followed the old store's feed: rebuild it from the
	// restored one at the next search.
	if err := os.RemoveAll(filepath.Join(filepath.Dir(target), app.IndexDirName)); err != nil {
		return res, fmt.Errorf("remove the old search index: %w", err)
	}
	return res, nil
}

// holdFolder opens the store of dir to hold its lock while the restore
// checks and replaces it, refusing a folder that holds a directory unless
// opts.Force. A damaged store is moved aside (kept, not deleted) so that
// the backup can replace it; its erasures cannot be read then, which
// res.Warnings says.
func holdFolder(dir string, opts RestoreOptions, res *RestoreResult) (*store.Store, error) {
	held, err := store.Open(dir, store.Options{Schema: model.Schema{}, Replacing: true})
	if errors.Is(err, store.ErrDamaged) && opts.Force {
		aside := filepath.Join(dir, fmt.Sprintf("%s.damaged-%s", store.FileName, time.Now().UTC().Format("20060102T150405")))
		if rerr := os.Rename(filepath.Join(dir, store.FileName), aside); rerr != nil {
			return nil, fmt.Errorf("move the damaged store aside: %w", rerr)
		}
		res.Warnings = append(res.Warnings, fmt.Sprintf("the damaged store was moved to %s; erasures made after the backup could not be read from it, so people erased since then come back until a peer sends the erase again", aside))
		held, err = store.Open(dir, store.Options{Schema: model.Schema{}, Replacing: true})
	}
	if err != nil {
		return nil, err
	}
	empty, err := held.Empty()
	if err == nil && !empty && !opts.Force {
		err = ErrFolderNotEmpty
	}
	if err != nil {
		held.Close()
		return nil, err
	}
	return held, nil
}

// unpackBackup writes the store of the backup br into tmpDir, checks it and
// gives it a new node id unless opts.KeepNodeID; it returns the file's path
// and sets res.Node.
func unpackBackup(br io.Reader, tmpDir string, opts RestoreOptions, res *RestoreResult) (string, error) {
	tmp := filepath.Join(tmpDir, store.FileName)
	if err := decompressTo(br, tmp); err != nil {
		return "", err
	}
	st, err := store.Open(tmpDir, store.Options{Schema: model.Schema{}})
	if err != nil {
		return "", fmt.Errorf("the backup's store cannot be opened: %w", err)
	}
	res.Node = string(st.Node())
	err = st.Check()
	st.Close()
	if err != nil {
		return "", fmt.Errorf("the backup's store is damaged: %w", err)
	}
	if !opts.KeepNodeID {
		id, err := store.ResetNodeID(tmp)
		if err != nil {
			return "", err
		}
		res.Node = string(id)
	}
	return tmp, nil
}

func decompressTo(r io.Reader, path string) error {
	zr, err := zstd.NewReader(r)
	if err != nil {
		return err
	}
	defer zr.Close()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, zr); err != nil {
		f.Close()
		return fmt.Errorf("the backup is damaged or cut short: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// reErase erases, in the restored store in tmpDir, every record of erased
// that it holds unerased, as changes of the restored node (signed with the
// data folder's network key when it has one), and returns them.
func reErase(dir, tmpDir string, erased []store.Ref) ([]store.Ref, error) {
	if len(erased) == 0 {
		return nil, nil
	}
	opts := store.Options{Schema: model.Schema{}}
	if f, err := trust.Load(dir); err == nil {
		opts.Sign = f.Self.Sign
	} else if !errors.Is(err, trust.ErrNoNetwork) {
		return nil, err
	}
	st, err := store.Open(tmpDir, opts)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var edits []store.Edit
	var out []store.Ref
	for _, r := range erased {
		rec, err := st.Get(r.Kind, r.ID)
		if errors.Is(err, store.ErrNotFound) || err == nil && rec.Erased != nil {
			continue
		}
		if err != nil {
			return nil, err
		}
		edits = append(edits, store.Edit{Kind: r.Kind, ID: r.ID, Op: sbsync.OpErase})
		out = append(out, r)
	}
	if len(edits) == 0 {
		return nil, nil
	}
	if _, err := st.Commit(edits...); err != nil {
		return nil, fmt.Errorf("erase again, in the restored copy, what was erased since the backup: %w", err)
	}
	return out, nil
}
