package app

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	stdsync "sync"
	"time"

	"sbcc/app/bus"
	"sbcc/app/model"
	sbsync "sbcc/sync"
	"sbcc/sync/store"
	"sbcc/sync/trust"
)

// The API of the import wizard, exports, backup and the GDPR tools.
//
// Files travel as base64 (an .xlsx is binary): ImportOpen receives the
// file once, parses it and keeps it in memory under a token for the next
// steps of the wizard (mapping, dry run, import), so that it is not sent
// again at every step. Exports and backups come back as a [Download].

// MaxImportSize bounds a file given to ImportOpen, in bytes (50 MiB).
// The HTTP mirror accepts requests large enough for such a file in base64.
const MaxImportSize = 50 << 20

const (
	// importTTL is how long an opened file is kept without being used.
	importTTL = 30 * time.Minute
	// maxImportFiles bounds the files kept open at once; opening one more
	// forgets the one used longest ago.
	maxImportFiles = 4
	// previewRows is how many rows the wizard's preview shows.
	previewRows = 20
)

// Progress tasks of the import wizard on the event bus ([bus.Import]).
const (
	TaskImport      = "import"
	TaskImportCheck = "import-check"
)

// transferState holds the files open in import wizards; its zero value is
// ready to use.
type transferState struct {
	mu    stdsync.Mutex
	files map[string]*openImport
}

type openImport struct {
	file    *ImportFile
	used    time.Time
	running bool
}

// ImportOpened is an opened file: the token to pass to the next steps and
// what the file holds.
type ImportOpened struct {
	Token   string        `json:"token"`
	Preview ImportPreview `json:"preview"`
}

// ImportOpen parses a file to import, given as its name (the extension
// picks the format: .csv, .tsv, .txt, .xlsx, .vcf, .json) and its content
// in base64 (a data: URL prefix is accepted). It returns a token for
// ImportSetMapping and ImportRun, and the preview: format, encoding and
// delimiter detected, the columns with the fields they fill, the first rows.
func (a *TransferAPI) ImportOpen(ctx context.Context, name, content string) (ImportOpened, error) {
	name = filepath.Base(strings.TrimSpace(name))
	if name == "" || name == "." || name == string(filepath.Separator) {
		return ImportOpened{}, model.One("name", model.CodeFileName, "give the file's name: its extension says how to read it")
	}
	data, err := decodeUpload(name, content)
	if err != nil {
		return ImportOpened{}, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return ImportOpened{}, fmt.Errorf("%w: %s is empty", ErrInvalid, name)
	}
	f, err := a.dir.OpenImport(name, bytes.NewReader(data))
	if err != nil {
		return ImportOpened{}, fmt.Errorf("%w: %s cannot be read: %w", ErrInvalid, name, err)
	}
	tok := a.transfer.add(f)
	return ImportOpened{Token: tok, Preview: f.Preview(previewRows)}, nil
}

// decodeUpload decodes a file the UI sent as base64 (a data: URL prefix is
// accepted), refusing more than MaxImportSize bytes.
func decodeUpload(name, content string) ([]byte, error) {
	if _, b64, ok := strings.Cut(content, ";base64,"); ok && strings.HasPrefix(content, "data:") {
		content = b64
	}
	if base64.StdEncoding.DecodedLen(len(content)) > MaxImportSize+3 {
		return nil, tooLarge(name, base64.StdEncoding.DecodedLen(len(content)))
	}
	data, err := base64.StdEncoding.DecodeString(content)
	if err != nil {
		return nil, fmt.Errorf("%w: %s did not arrive whole (its content is not valid base64)", ErrInvalid, name)
	}
	if len(data) > MaxImportSize {
		return nil, tooLarge(name, len(data))
	}
	return data, nil
}

func tooLarge(name string, n int) error {
	return fmt.Errorf("%w: %s has %.1f MiB; at most %d MiB can be imported at once: split the file, or use `sbcc import` on the command line",
		ErrInvalid, name, float64(n)/(1<<20), MaxImportSize>>20)
}

// ImportSetMapping changes which field each column fills (header → field,
// "-" or "" to leave the column out; headers not named keep theirs) and
// returns the new preview.
func (a *TransferAPI) ImportSetMapping(ctx context.Context, token string, mapping map[string]string) (ImportPreview, error) {
	var p ImportPreview
	err := a.transfer.with(token, false, func(f *ImportFile) error {
		if err := f.SetMapping(mapping); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		p = f.Preview(previewRows)
		return nil
	})
	return p, err
}

// ImportChooseSheet reads the workbook opened under token from another
// sheet (or "" to find it) with its header in row headerRow (0 to find it),
// and returns the new preview; the mapping starts again from its headers.
func (a *TransferAPI) ImportChooseSheet(ctx context.Context, token, sheet string, headerRow int) (ImportPreview, error) {
	var p ImportPreview
	err := a.transfer.with(token, false, func(f *ImportFile) error {
		if err := f.ChooseSheet(sheet, headerRow); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalid, err)
		}
		p = f.Preview(previewRows)
		return nil
	})
	return p, err
}

// ImportRun checks (dryRun) or imports the file opened under token.
// onDuplicate is skip (default), update or new. The report lists the rows
// left out (with row number, column and reason) and the duplicates found;
// after a real import its ID undoes it (ImportUndo) and the file is
// forgotten. Progress goes to the event bus as [bus.Import] with task
// [TaskImportCheck] or [TaskImport]. A JSON archive has no dry run: it is
// merged as a whole, and the dry run only says so.
func (a *TransferAPI) ImportRun(ctx context.Context, token string, dryRun bool, onDuplicate string) (ImportReport, error) {
	switch onDuplicate {
	case "", DuplicateSkip, DuplicateUpdate, DuplicateNew:
	default:
		return ImportReport{}, fmt.Errorf("%w: what to do with duplicates is %q; choose skip, update or new", ErrInvalid, onDuplicate)
	}
	var rep *ImportReport
	err := a.transfer.with(token, true, func(f *ImportFile) error {
		if f.Table == nil {
			if dryRun {
				rep = &ImportReport{File: f.Name, Format: "json", DryRun: true}
				return nil
			}
		} else if !slices.Contains(f.Mapping, "name") {
			return fmt.Errorf("%w: no column is mapped to the name; choose the column that holds the name", ErrInvalid)
		}
		task := TaskImport
		if dryRun {
			task = TaskImportCheck
		}
		progress := a.progress(task)
		total := 0
		if f.Table != nil {
			total = len(f.Table.Rows)
		}
		progress(0, total)
		var err error
		rep, err = a.dir.Import(ctx, f, ImportOptions{DryRun: dryRun, OnDuplicate: onDuplicate, Progress: progress})
		return err
	})
	if err != nil {
		return ImportReport{}, err
	}
	if !dryRun {
		a.transfer.remove(token)
	}
	return *rep, nil
}

// ImportClose forgets the file opened under token (the wizard was left).
func (a *TransferAPI) ImportClose(ctx context.Context, token string) error {
	a.transfer.remove(token)
	return nil
}

// ImportUndo undoes the import id: the actors it created are deleted and
// the fields it changed set back, unless changed since (listed in Kept).
func (a *TransferAPI) ImportUndo(ctx context.Context, id string) (UndoReport, error) {
	if err := checkID(id); err != nil {
		return UndoReport{}, err
	}
	rep, err := a.dir.UndoImport(ctx, id)
	if errors.Is(err, ErrNoImport) {
		return UndoReport{}, fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	if errors.Is(err, ErrImportUndone) {
		return UndoReport{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if err != nil {
		return UndoReport{}, err
	}
	return *rep, nil
}

// Imports lists the imports made on this computer, newest first.
func (a *TransferAPI) Imports(ctx context.Context) ([]ImportLog, error) {
	logs, err := a.dir.Imports()
	if logs == nil {
		logs = []ImportLog{}
	}
	return logs, err
}

// Download is a file for the UI to save: its suggested name, type and
// content in base64.
type Download struct {
	Name     string `json:"name"`
	MimeType string `json:"mimeType"`
	Content  string `json:"content"`
	Size     int    `json:"size"`
	// Count is the number of actors in an export.
	Count int `json:"count"`
}

var mimeTypes = map[string]string{
	FormatJSON:  "application/json",
	FormatCSV:   "text/csv; charset=utf-8",
	FormatXLSX:  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	FormatVCard: "text/vcard; charset=utf-8",
}

// Export writes the directory (search nil) or the actors a search finds
// (its query and filters; paging ignored) as json, csv, xlsx or vcf.
func (a *TransferAPI) Export(ctx context.Context, format string, search *SearchRequest) (Download, error) {
	return a.export(ctx, format, search, ExportOptions{})
}

func (a *facade) export(ctx context.Context, format string, search *SearchRequest, opts ExportOptions) (Download, error) {
	mime, ok := mimeTypes[format]
	if !ok {
		return Download{}, fmt.Errorf("%w: format %q is not supported; use %s", ErrInvalid, format, strings.Join(ExportFormats, ", "))
	}
	what := "directory"
	count := 0
	if search != nil {
		if err := checkQuery(search.Query); err != nil {
			return Download{}, err
		}
		ids, err := a.dir.FindIDs(ctx, indexQuery(*search))
		if err != nil {
			return Download{}, err
		}
		opts.IDs = append([]string{}, ids...) // never nil: nil would export everything
		what, count = "search", len(ids)
	} else {
		counts, err := a.dir.Counts()
		if err != nil {
			return Download{}, err
		}
		count = counts["actor"]
	}
	var buf bytes.Buffer
	if err := a.dir.Export(&buf, format, opts); err != nil {
		return Download{}, err
	}
	name := fmt.Sprintf("sbcc-%s-%s-%s.%s", fileWord(a.dir.Office()), what, time.Now().Format(time.DateOnly), format)
	return Download{Name: name, MimeType: mime, Content: base64.StdEncoding.EncodeToString(buf.Bytes()), Size: buf.Len(), Count: count}, nil
}

// BackupDownload is a backup file with its manifest.
type BackupDownload struct {
	Download
	Manifest BackupManifest `json:"manifest"`
}

// Backup takes a consistent copy of the whole directory while it is in
// use (see [Directory.Backup]); RestoreBackup restores it.
func (a *TransferAPI) Backup(ctx context.Context) (BackupDownload, error) {
	var buf bytes.Buffer
	m, err := a.dir.Backup(&buf)
	if err != nil {
		return BackupDownload{}, err
	}
	name := fmt.Sprintf("%s-%s.sbcc-backup", fileWord(a.dir.Office()), time.Now().Format(time.DateOnly))
	return BackupDownload{Download: Download{Name: name, MimeType: "application/octet-stream",
		Content: base64.StdEncoding.EncodeToString(buf.Bytes()), Size: buf.Len(), Count: m.Records["actor"]}, Manifest: m}, nil
}

// TaskRestore is the progress task of RestoreBackup on the event bus
// ([bus.Import]): Done counts its steps of Total — the backup checked, a
// copy of the current directory kept, the directory replaced and opened
// again.
const TaskRestore = "restore"

const restoreSteps = 3

// BackupRestored says what RestoreBackup did.
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

// RestoreBackup replaces the directory with a backup file (what Backup
// writes), given as its name and its content in base64, while the app
// runs: the backup is checked in full first (a file that is not a backup,
// is damaged, was made by a newer sbcc or by an office outside this
// office's network is refused as a problem of the field "file", and
// nothing changes), a backup of the current directory is kept in the data
// folder (BackupRestored.Kept), then the directory, its search index and
// the sync node are closed, [RestoreBackup] replaces the store (new node
// id, later erasures applied again) and all are opened again. Calls
// arriving meanwhile wait. Progress goes to the event bus as [bus.Import]
// with task [TaskRestore].
func (a *TransferAPI) RestoreBackup(ctx context.Context, name, content string) (BackupRestored, error) {
	if a.reopen == nil {
		return BackupRestored{}, fmt.Errorf("%w: restore the backup with `sbcc restore FILE` while sbcc is closed", ErrNotAvailable)
	}
	if n := base64.StdEncoding.DecodedLen(len(content)); n > MaxImportSize+3 {
		return BackupRestored{}, model.One("file", model.CodeBackupTooLarge,
			fmt.Sprintf("the backup has %d MiB; at most %d MiB can be restored here: use `sbcc restore FILE` with sbcc closed", n>>20, MaxImportSize>>20),
			"size", strconv.Itoa(n>>20), "max", strconv.Itoa(MaxImportSize>>20))
	}
	data, err := decodeUpload(name, content)
	if err != nil {
		return BackupRestored{}, err
	}
	progress := a.progress(TaskRestore)
	progress(0, restoreSteps)
	m, inNetwork, err := a.checkBackup(name, data)
	if err != nil {
		return BackupRestored{}, err
	}
	out := BackupRestored{Manifest: m, LeftNetwork: inNetwork}
	progress(1, restoreSteps)
	out.Kept, err = a.keepCopy()
	if errors.Is(err, store.ErrDamaged) {
		out.Damaged, err = true, nil
	}
	if err != nil {
		return BackupRestored{}, fmt.Errorf("keep a copy of the directory before restoring: %w", err)
	}
	progress(2, restoreSteps)
	var res RestoreResult
	err = a.reopen(ctx, func(dir string) (err error) {
		res, err = RestoreBackup(bytes.NewReader(data), dir, RestoreOptions{Force: true})
		return err
	})
	if err != nil {
		return BackupRestored{}, fmt.Errorf("restore %s: %w", name, err)
	}
	out.Reerased, out.Warnings = len(res.Reerased), res.Warnings
	progress(restoreSteps, restoreSteps)
	if a.bus != nil {
		a.bus.Publish(bus.Notice{Name: bus.Records, Data: bus.RecordsChanged{Kinds: slices.Clone(model.KindNames), IDs: []string{}, Local: true}})
	}
	return out, nil
}

// checkBackup reads the manifest of the backup data and restores it into
// a scratch folder, so that a backup that cannot be restored is refused
// before the directory is closed. It says whether the data folder belongs
// to a network, whose member the backup's office must be.
func (a *TransferAPI) checkBackup(name string, data []byte) (m BackupManifest, inNetwork bool, err error) {
	m, err = ReadBackupManifest(bufio.NewReader(bytes.NewReader(data)))
	if errors.Is(err, ErrNotBackup) {
		return m, false, model.One("file", model.CodeNotBackup, fmt.Sprintf("%s is not an sbcc backup (the file Backup downloads, NAME.sbcc-backup)", name))
	}
	if err != nil {
		return m, false, model.One("file", model.CodeBackupNewer, err.Error())
	}
	dir := a.dir.Dir()
	f, err := trust.Load(dir)
	switch {
	case errors.Is(err, trust.ErrNoNetwork):
	case err != nil:
		return m, false, err
	default:
		inNetwork = true
		reg, _ := f.Registry()
		node := sbsync.NodeID(m.Node)
		if _, member := reg.Member(node); !member && node != a.dir.Node() {
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

// keepCopy writes a backup of the directory into its data folder, as
// before-restore-TIME-N.sbcc-backup, and returns its path.
func (a *TransferAPI) keepCopy() (string, error) {
	f, err := os.CreateTemp(a.dir.Dir(), fmt.Sprintf("before-restore-%s-*.sbcc-backup", time.Now().UTC().Format("20060102T150405Z")))
	if err != nil {
		return "", err
	}
	path := f.Name()
	_, err = a.dir.Backup(f)
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

// Subject returns everything stored about the actor id (GDPR article 15):
// the record, its consents, participations, links, posts and history.
func (a *TransferAPI) Subject(ctx context.Context, id string) (*SubjectExport, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	return a.dir.Subject(id)
}

// ExpiringConsents lists the consents that end within days (0…3650) and
// those already ended, soonest first.
func (a *TransferAPI) ExpiringConsents(ctx context.Context, days int) ([]ExpiringConsent, error) {
	if days < 0 || days > 3650 {
		return nil, fmt.Errorf("%w: the number of days must be between 0 and 3650, not %d", ErrInvalid, days)
	}
	out, err := a.dir.ExpiringConsents(time.Now(), days)
	if out == nil {
		out = []ExpiringConsent{}
	}
	return out, err
}

var nonWord = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// fileWord turns an office name into a part of a file name.
func fileWord(s string) string {
	s = strings.Trim(nonWord.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if s == "" {
		return "sbcc"
	}
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40])
	}
	return s
}

// add keeps f under a new token, forgetting expired files and, beyond
// maxImportFiles, the one used longest ago.
func (t *transferState) add(f *ImportFile) string {
	b := make([]byte, 16)
	rand.Read(b)
	tok := hex.EncodeToString(b)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.files == nil {
		t.files = map[string]*openImport{}
	}
	t.sweep()
	for len(t.files) >= maxImportFiles {
		oldest := ""
		for k, o := range t.files {
			if !o.running && (oldest == "" || o.used.Before(t.files[oldest].used)) {
				oldest = k
			}
		}
		if oldest == "" {
			break
		}
		delete(t.files, oldest)
	}
	t.files[tok] = &openImport{file: f, used: time.Now()}
	return tok
}

func (t *transferState) sweep() {
	now := time.Now()
	for k, o := range t.files {
		if !o.running && now.Sub(o.used) > importTTL {
			delete(t.files, k)
		}
	}
}

func (t *transferState) remove(tok string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.files, tok)
}

// with runs fn on the file under tok. A long fn (a run) marks the file as
// running, so that it is neither changed nor run twice meanwhile.
func (t *transferState) with(tok string, long bool, fn func(*ImportFile) error) error {
	t.mu.Lock()
	t.sweep()
	o := t.files[tok]
	if o == nil {
		t.mu.Unlock()
		return fmt.Errorf("%w: the file is no longer open (files are forgotten after %d minutes without use, after their import, or when more than %d are open); choose it again",
			ErrInvalid, int(importTTL/time.Minute), maxImportFiles)
	}
	if o.running {
		t.mu.Unlock()
		return fmt.Errorf("%w: this file is being imported or checked right now; wait until that is finished", ErrInvalid)
	}
	o.used = time.Now()
	if !long {
		defer t.mu.Unlock()
		return fn(o.file)
	}
	o.running = true
	t.mu.Unlock()
	defer func() {
		t.mu.Lock()
		o.running, o.used = false, time.Now()
		t.mu.Unlock()
	}()
	return fn(o.file)
}
