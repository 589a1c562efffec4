package transfer

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	stdsync "sync"
	"time"

	"sbcc/app"
	"sbcc/app/model"
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

// Wizard holds the files open in the UI's import wizards, each under a
// token, between the wizard's steps: Open, SetMapping or ChooseSheet, Run
// (a dry run, then the import), Close.
type Wizard struct {
	dir      *app.Directory
	progress func(task string) func(done, total int)
	open     openFiles
}

// NewWizard returns the wizard of d; progress, when not nil, gives the
// progress function of a task (TaskImport, TaskImportCheck).
func NewWizard(d *app.Directory, progress func(task string) func(done, total int)) *Wizard {
	if progress == nil {
		progress = func(string) func(done, total int) { return func(done, total int) {} }
	}
	return &Wizard{dir: d, progress: progress}
}

// openFiles holds the files open in import wizards; its zero value is
// ready to use.
type openFiles struct {
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

// Open parses a file to import, given as its name (the extension
// picks the format: .csv, .tsv, .txt, .xlsx, .vcf, .json) and its content
// in base64 (a data: URL prefix is accepted). It returns a token for
// SetMapping and ImportRun, and the preview: format, encoding and
// delimiter detected, the columns with the fields they fill, the first rows.
func (w *Wizard) Open(ctx context.Context, name, content string) (ImportOpened, error) {
	name = filepath.Base(strings.TrimSpace(name))
	if name == "" || name == "." || name == string(filepath.Separator) {
		return ImportOpened{}, model.One("name", model.CodeFileName, "give the file's name: its extension says how to read it")
	}
	data, err := DecodeUpload(name, content)
	if err != nil {
		return ImportOpened{}, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return ImportOpened{}, fileProblem(model.CodeFileEmpty, fmt.Sprintf("%s is empty", name))
	}
	f, err := OpenImport(w.dir, name, bytes.NewReader(data))
	if err != nil {
		return ImportOpened{}, fileProblem(model.CodeFileUnreadable, fmt.Sprintf("%s cannot be read: %v", name, err))
	}
	tok := w.open.add(f)
	return ImportOpened{Token: tok, Preview: f.Preview(previewRows)}, nil
}

// DecodeUpload decodes a file the UI sent as base64 (a data: URL prefix is
// accepted), refusing more than MaxImportSize bytes.
func DecodeUpload(name, content string) ([]byte, error) {
	if _, b64, ok := strings.Cut(content, ";base64,"); ok && strings.HasPrefix(content, "data:") {
		content = b64
	}
	if base64.StdEncoding.DecodedLen(len(content)) > MaxImportSize+3 {
		return nil, tooLarge(name, base64.StdEncoding.DecodedLen(len(content)))
	}
	data, err := base64.StdEncoding.DecodeString(content)
	if err != nil {
		return nil, fileProblem(model.CodeFileBroken, fmt.Sprintf("%s did not arrive whole (its content is not valid base64)", name))
	}
	if len(data) > MaxImportSize {
		return nil, tooLarge(name, len(data))
	}
	return data, nil
}

func tooLarge(name string, n int) error {
	return fileProblem(model.CodeFileTooLarge,
		fmt.Sprintf("%s has %.1f MiB; at most %d MiB can be imported at once: split the file, or use `sbcc import` on the command line", name, float64(n)/(1<<20), MaxImportSize>>20),
		"size", strconv.Itoa((n+(1<<20)-1)>>20), "max", strconv.Itoa(MaxImportSize>>20))
}

// fileProblem is invalid input about the file the person gave, as a
// problem of the field "file" with its code.
func fileProblem(c model.Code, message string, params ...string) error {
	return fmt.Errorf("%w: %w", app.ErrInvalid, model.One("file", c, message, params...))
}

// ImportSetMapping changes which field each column fills (header → field,
// "-" or "" to leave the column out; headers not named keep theirs) and
// returns the new preview.
func (w *Wizard) SetMapping(ctx context.Context, token string, mapping map[string]string) (ImportPreview, error) {
	var p ImportPreview
	err := w.open.with(token, false, func(f *ImportFile) error {
		if err := f.SetMapping(mapping); err != nil {
			return fmt.Errorf("%w: %w", app.ErrInvalid, err)
		}
		p = f.Preview(previewRows)
		return nil
	})
	return p, err
}

// ChooseSheet reads the workbook opened under token from another
// sheet (or "" to find it) with its header in row headerRow (0 to find it),
// and returns the new preview; the mapping starts again from its headers.
func (w *Wizard) ChooseSheet(ctx context.Context, token, sheet string, headerRow int) (ImportPreview, error) {
	var p ImportPreview
	err := w.open.with(token, false, func(f *ImportFile) error {
		if err := f.ChooseSheet(sheet, headerRow); err != nil {
			return fmt.Errorf("%w: %w", app.ErrInvalid, err)
		}
		p = f.Preview(previewRows)
		return nil
	})
	return p, err
}

// Run checks (dryRun) or imports the file opened under token.
// onDuplicate is skip (default), update or new. The report lists the rows
// left out (with row number, column and reason) and the duplicates found;
// after a real import its ID undoes it (ImportUndo) and the file is
// forgotten. Progress goes to the event bus as [bus.Import] with task
// [TaskImportCheck] or [TaskImport]. A JSON archive has no dry run: it is
// merged as a whole, and the dry run only says so.
func (w *Wizard) Run(ctx context.Context, token string, dryRun bool, onDuplicate string) (ImportReport, error) {
	switch onDuplicate {
	case "", DuplicateSkip, DuplicateUpdate, DuplicateNew:
	default:
		return ImportReport{}, fmt.Errorf("%w: what to do with duplicates is %q; choose skip, update or new", app.ErrInvalid, onDuplicate)
	}
	var rep *ImportReport
	err := w.open.with(token, true, func(f *ImportFile) error {
		if f.Table == nil {
			if dryRun {
				rep = &ImportReport{File: f.Name, Format: "json", DryRun: true}
				return nil
			}
		} else if !slices.Contains(f.Mapping, "name") {
			return fmt.Errorf("%w: %w", app.ErrInvalid, model.One("mapping", model.CodeNoNameColumn, "no column is mapped to the name; choose the column that holds the name"))
		}
		task := TaskImport
		if dryRun {
			task = TaskImportCheck
		}
		progress := w.progress(task)
		total := 0
		if f.Table != nil {
			total = len(f.Table.Rows)
		}
		progress(0, total)
		var err error
		rep, err = Import(ctx, w.dir, f, ImportOptions{DryRun: dryRun, OnDuplicate: onDuplicate, Progress: progress})
		return err
	})
	if err != nil {
		return ImportReport{}, err
	}
	if !dryRun {
		w.open.remove(token)
	}
	return *rep, nil
}

// Close forgets the file opened under token (the wizard was left).
func (w *Wizard) Close(ctx context.Context, token string) error {
	w.open.remove(token)
	return nil
}

// Undo is UndoImport for the UI: the id checked, the errors sorted (an
// unknown import is app.ErrNotFound, one undone already app.ErrInvalid).
// It undoes the import id: the actors it created are deleted and
// the fields it changed set back, unless changed since (listed in Kept).
func Undo(ctx context.Context, d *app.Directory, id string) (UndoReport, error) {
	if err := app.CheckID(id); err != nil {
		return UndoReport{}, err
	}
	rep, err := UndoImport(ctx, d, id)
	if errors.Is(err, ErrNoImport) {
		return UndoReport{}, fmt.Errorf("%w: %w", app.ErrNotFound, err)
	}
	if errors.Is(err, ErrImportUndone) {
		return UndoReport{}, fmt.Errorf("%w: %w", app.ErrInvalid, err)
	}
	if err != nil {
		return UndoReport{}, err
	}
	return *rep, nil
}

// ImportList is Imports, never nil: the imports made on this computer,
// newest first.
func ImportList(d *app.Directory) ([]ImportLog, error) {
	logs, err := Imports(d)
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

// ExportFile exports the directory (search nil) or the actors a search
// finds (its query and filters; paging ignored) as json, csv, xlsx or vcf,
// as a file for the UI to save.
func ExportFile(ctx context.Context, d *app.Directory, format string, search *app.SearchRequest, opts ExportOptions) (Download, error) {
	mime, ok := mimeTypes[format]
	if !ok {
		return Download{}, fmt.Errorf("%w: format %q is not supported; use %s", app.ErrInvalid, format, strings.Join(ExportFormats, ", "))
	}
	what := "directory"
	count := 0
	if search != nil {
		if err := search.Check(); err != nil {
			return Download{}, err
		}
		ids, err := d.Search().FindIDs(ctx, search.IndexQuery())
		if err != nil {
			return Download{}, err
		}
		opts.IDs = append([]string{}, ids...) // never nil: nil would export everything
		what, count = "search", len(ids)
	} else {
		counts, err := d.Counts()
		if err != nil {
			return Download{}, err
		}
		count = counts["actor"]
	}
	var buf bytes.Buffer
	if err := Export(d, &buf, format, opts); err != nil {
		return Download{}, err
	}
	name := fmt.Sprintf("sbcc-%s-%s-%s.%s", FileWord(d.Office()), what, time.Now().Format(time.DateOnly), format)
	return Download{Name: name, MimeType: mime, Content: base64.StdEncoding.EncodeToString(buf.Bytes()), Size: buf.Len(), Count: count}, nil
}

var nonWord = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// FileWord turns an office name into a part of a file name.
func FileWord(s string) string {
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
func (t *openFiles) add(f *ImportFile) string {
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

func (t *openFiles) sweep() {
	now := time.Now()
	for k, o := range t.files {
		if !o.running && now.Sub(o.used) > importTTL {
			delete(t.files, k)
		}
	}
}

func (t *openFiles) remove(tok string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.files, tok)
}

// with runs fn on the file under tok. A long fn (a run) marks the file as
// running, so that it is neither changed nor run twice meanwhile.
func (t *openFiles) with(tok string, long bool, fn func(*ImportFile) error) error {
	t.mu.Lock()
	t.sweep()
	o := t.files[tok]
	if o == nil {
		t.mu.Unlock()
		return fmt.Errorf("%w: the file is no longer open (files are forgotten after %d minutes without use, after their import, or when more than %d are open); choose it again",
			app.ErrInvalid, int(importTTL/time.Minute), maxImportFiles)
	}
	if o.running {
		t.mu.Unlock()
		return fmt.Errorf("%w: this file is being imported or checked right now; wait until that is finished", app.ErrInvalid)
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
