package transfer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"sbcc/app"
	"sbcc/app/model"
	"sbcc/app/tabular"
	sbsync "sbcc/sync"
	"sbcc/sync/store"
)

// Duplicate policies for [ImportOptions.OnDuplicate].
const (
	// DuplicateSkip leaves the record already there as it is (the default).
	DuplicateSkip = "skip"
	// DuplicateUpdate writes the row's non-empty cells into it.
	DuplicateUpdate = "update"
	// DuplicateNew creates a new record all the same.
	DuplicateNew = "new"
)

// MaxCell bounds one cell of an imported row, in bytes.
const MaxCell = 100_000

// importBatch is how many rows go into one transaction.
const importBatch = 1000

// Errors of the importer.
var (
	// ErrImportUndone is returned when undoing an import a second time.
	ErrImportUndone = errors.New("this import was already undone")
	// ErrNoImport is returned when no import has the id given.
	ErrNoImport = errors.New("no import with this id")
)

// ImportFile is a file opened for import: parsed and mapped, not yet
// imported. The UI's wizard opens one, shows [ImportFile.Preview], lets the
// user change the mapping with [ImportFile.SetMapping], runs a dry run and
// then the import with [Import].
type ImportFile struct {
	// Name is the file's name, as recorded in the import log.
	Name string
	// Table is the parsed content (nil for a JSON file).
	Table *tabular.Table
	// Mapping gives, per header column, the actor column it fills ("" when
	// ignored). It starts as recognised from the headers.
	Mapping []string
	// Digest is the SHA-256 of the file's bytes.
	Digest string
	json   []byte
	raw    []byte // a workbook's bytes, to read another sheet (see ChooseSheet)
}

// OpenImport reads a file to import. name's extension picks the format:
// .csv, .tsv, .txt, .xlsx, .vcf or .json.
func OpenImport(d *app.Directory, name string, r io.Reader) (*ImportFile, error) {
	return OpenImportSheet(d, name, r, "", 0)
}

// OpenImportSheet is OpenImport reading, from a workbook, the sheet named
// sheet with its header in row headerRow (1-based); either may be left out
// ("" and 0), and is then found: the sheet and row whose cells name the
// most known columns (see [tabular.ReadXLSXFinding]).
func OpenImportSheet(d *app.Directory, name string, r io.Reader, sheet string, headerRow int) (*ImportFile, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	f := &ImportFile{Name: filepath.Base(name), Digest: hex.EncodeToString(sum[:])}
	if strings.EqualFold(filepath.Ext(name), ".json") {
		f.json = data
		return f, nil
	}
	t, err := readTable(name, data, sheet, headerRow)
	if err != nil {
		return nil, err
	}
	if t.Format == tabular.XLSX {
		f.raw = data
	}
	f.Table = t
	f.Mapping = make([]string, len(t.Header))
	for i, h := range t.Header {
		f.Mapping[i] = RecogniseHeader(h)
	}
	return f, nil
}

// SetMapping changes the mapping of the columns named in m (header → actor
// column or a recognised header word; "" or "-" to ignore the column).
// Headers not in m keep their mapping. It fails, changing nothing, on a
// header that is not in the file or a target that is not a column.
func (f *ImportFile) SetMapping(m map[string]string) error {
	if f.Table == nil {
		return errors.New("a JSON file has no columns to map")
	}
	next := slices.Clone(f.Mapping)
	for h, target := range m {
		found := false
		for i, fh := range f.Table.Header {
			if fh != h && headerKey(fh) != headerKey(h) {
				continue
			}
			found = true
			switch target = strings.TrimSpace(target); {
			case target == "" || target == "-":
				next[i] = ""
			case setters[target] != nil:
				next[i] = target
			case RecogniseHeader(target) != "":
				next[i] = RecogniseHeader(target)
			default:
				return fmt.Errorf("mapping %q: %q is not an actor field; use one of %s", h, target, strings.Join(Columns("actor"), ", "))
			}
		}
		if !found {
			return fmt.Errorf("mapping: the file has no column %q (its columns: %s)", h, strings.Join(f.Table.Header, ", "))
		}
	}
	f.Mapping = next
	return nil
}

// ImportPreview is what the wizard shows before importing.
type ImportPreview struct {
	File      string `json:"file"`
	Format    string `json:"format"`
	Encoding  string `json:"encoding,omitempty"`
	Delimiter string `json:"delimiter,omitempty"`
	Sheet     string `json:"sheet,omitempty"`
	// HeaderRow is the workbook row the header was found in.
	HeaderRow int `json:"headerRow,omitempty"`
	// Sheets are a workbook's sheets, to choose another.
	Sheets []string `json:"sheets,omitempty"`
	// Columns are the file's headers with the actor column each fills.
	Columns []MappedColumn `json:"columns"`
	// Rows are the first rows, as parsed.
	Rows []tabular.Row `json:"rows"`
	// Total is the number of data rows; Unreadable those that could not be
	// parsed at all.
	Total      int `json:"total"`
	Unreadable int `json:"unreadable"`
	// Targets are the actor columns a header can be mapped to.
	Targets []string `json:"targets"`
}

// MappedColumn is one header of a file and the actor column it fills.
type MappedColumn struct {
	Header string `json:"header"`
	Field  string `json:"field"`
}

// Preview returns the file's format, detected encoding and delimiter, the
// mapping and its first n rows.
func (f *ImportFile) Preview(n int) ImportPreview {
	p := ImportPreview{File: f.Name, Format: "json", Targets: Columns("actor")}
	if f.Table == nil {
		return p
	}
	t := f.Table
	p.Format, p.Encoding, p.Delimiter, p.Sheet, p.HeaderRow, p.Sheets = t.Format, t.Encoding, t.Delimiter, t.Sheet, t.HeaderRow, t.Sheets
	for i, h := range t.Header {
		p.Columns = append(p.Columns, MappedColumn{Header: h, Field: f.Mapping[i]})
	}
	p.Rows = t.Rows[:min(n, len(t.Rows))]
	p.Total, p.Unreadable = len(t.Rows), len(t.Problems)
	return p
}

// ImportOptions configure [Import].
type ImportOptions struct {
	// OnDuplicate is DuplicateSkip (default), DuplicateUpdate or DuplicateNew.
	OnDuplicate string
	// DryRun reports what would happen and writes nothing.
	DryRun bool
	// Progress, when set, is called with rows done and the total, after
	// every transaction.
	Progress func(done, total int)
}

// RowError is a row left out of an import, with why.
type RowError struct {
	// Row is the row's number in the file (the card's for vCard).
	Row int `json:"row"`
	// Column is the header of the column at fault, if one is.
	Column string `json:"column,omitempty"`
	Field  string `json:"field,omitempty"`
	// Code and Params say what is wrong for the UI to translate (see
	// model.Problem).
	Code    model.Code        `json:"code,omitzero"`
	Params  map[string]string `json:"params,omitempty"`
	Message string            `json:"message"`
}

// Duplicate is a row that matched a record already in the directory or an
// earlier row of the file.
type Duplicate struct {
	Row int `json:"row"`
	// Match says what matched: id, email, website or name (in the same town).
	Match string `json:"match"`
	Value string `json:"value"`
	// Existing is the id and name of the record matched.
	Existing     string `json:"existing"`
	ExistingName string `json:"existingName"`
	// SameFileRow is the earlier row of the file matched, if the match is
	// within the file.
	SameFileRow int `json:"sameFileRow,omitempty"`
	// Action is skipped, updated, unchanged or created.
	Action string `json:"action"`
}

// ImportReport says what an import did (or, dry, would do).
type ImportReport struct {
	// ID identifies the import for undo; empty for a dry run and for
	// JSON archives.
	ID        string `json:"id,omitempty"`
	File      string `json:"file"`
	Format    string `json:"format"`
	Encoding  string `json:"encoding,omitempty"`
	Delimiter string `json:"delimiter,omitempty"`
	// Sheet and HeaderRow are the workbook sheet and the row of its header
	// that were read.
	Sheet     string `json:"sheet,omitempty"`
	HeaderRow int    `json:"headerRow,omitempty"`
	DryRun    bool   `json:"dryRun,omitempty"`
	Rows      int    `json:"rows"`
	// Created and Updated count records saved: after an error (a full
	// disk), the rows of the batch that failed are in Unsaved instead.
	Created int `json:"created"`
	Updated int `json:"updated"`
	Unsaved int `json:"unsaved,omitempty"`
	// Skipped counts duplicates left alone, rows already imported before
	// (Unchanged of them) and blank rows.
	Skipped   int `json:"skipped"`
	Unchanged int `json:"unchanged"`
	Failed    int `json:"failed"`
	// Applied counts changes merged from a JSON archive.
	Applied    int         `json:"applied,omitempty"`
	Errors     []RowError  `json:"errors,omitempty"`
	Duplicates []Duplicate `json:"duplicates,omitempty"`
	// Warnings are values taken otherwise than asked (an unknown sector
	// kept as a tag) or not taken from a row that was imported.
	Warnings []RowError `json:"warnings,omitempty"`
}

// ImportLog is the record an import leaves on this node, for undo.
type ImportLog struct {
	ID       string `json:"id"`
	File     string `json:"file"`
	Digest   string `json:"digest"`
	Started  string `json:"started"`
	Finished string `json:"finished,omitempty"`
	Created  int    `json:"created"`
	Updated  int    `json:"updated"`
	Undone   string `json:"undone,omitempty"`
}

// importEntry is what an import did to one record.
type importEntry struct {
	Op     string                     `json:"op"` // created or updated
	Before map[string]json.RawMessage `json:"before,omitempty"`
	After  map[string]json.RawMessage `json:"after,omitempty"` // updated only

	Fingerprint string `json:"fp,omitempty"`
}

// Note keys of the import log, in the store's node-local notes.
const (
	noteImport      = "import/"      // import/<id> → ImportLog
	noteImportEntry = "importrec/"   // importrec/<id>/<record id> → importEntry
	noteFingerprint = "fingerprint/" // fingerprint/<row digest> → record id
)

// rowActor builds an actor from a row, with the columns each field came
// from, and the problems of cells that could not be used.
func (f *ImportFile) rowActor(row tabular.Row) (*model.Actor, map[string]string, []RowError) {
	a := &model.Actor{}
	from := map[string]string{}
	var errs []RowError
	t := f.Table
	if n, h := len(row.Cells), len(t.Header); n != h && t.Format != tabular.XLSX && !(n > h && tabular.IsBlank(row.Cells[h:])) {
		return nil, nil, []RowError{{Row: row.Line, Code: model.CodeRowCells, Params: map[string]string{"n": fmt.Sprint(n), "columns": fmt.Sprint(h)},
			Message: fmt.Sprintf("the row has %d cells but the header has %d columns", n, h)}}
	}
	for i, cell := range row.Cells {
		if i >= len(f.Mapping) || f.Mapping[i] == "" || strings.TrimSpace(cell) == "" {
			continue
		}
		col := f.Mapping[i]
		if len(cell) > MaxCell {
			errs = append(errs, longCellRowError(row.Line, t.Header[i], col, len(cell)))
			continue
		}
		if msg := setters[col](a, cell); msg != "" {
			errs = append(errs, cellRowError(row.Line, t.Header[i], col, cell, msg))
			continue
		}
		if _, ok := from[fieldOf(col)]; !ok {
			from[fieldOf(col)] = t.Header[i]
		}
		from[col] = t.Header[i]
	}
	if a.Kind == "" {
		a.Kind = "organisation"
	}
	return a, from, errs
}

// fingerprint is a digest of what a row says, for recognising it when the
// same file is imported again.
func fingerprint(a *model.Actor) string {
	c := *a
	c.ID = ""
	raw, _ := json.Marshal(&c)
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:16])
}

// importRun is the state of one import.
type importRun struct {
	d      *app.Directory
	f      *ImportFile
	opts   ImportOptions
	rep    *ImportReport
	log    ImportLog
	keys   map[string]string // duplicate key → record id
	names  map[string]string // record id → name, for reports
	rowOf  map[string]int    // record id → row that created it in this file
	cur    map[string]*model.Actor
	live   map[string]bool // ids of live actors in the store
	dead   map[string]bool // ids of deleted or erased actors
	entry  map[string]*importEntry
	edits  []store.Edit
	notes  []store.Note
	dirty  []string // records whose entries changed in this batch
	seenFP map[string]bool
	// saved is the report's created and updated counts at the last batch
	// committed: what a failed batch puts the report back to.
	saved [2]int
}

// Import imports an opened file: every row validated, good rows saved
// (each all or nothing, in transactions of 1,000 rows), bad rows and
// duplicates reported by row. Unless DryRun, what it did is logged under the
// report's ID for [UndoImport]. Importing the same rows again
// creates nothing: rows already imported are recognised by a digest of their
// content, and others by duplicate detection. On cancellation it returns
// the report so far with ctx's error; rows committed until then stay.
func Import(ctx context.Context, d *app.Directory, f *ImportFile, opts ImportOptions) (*ImportReport, error) {
	rep := &ImportReport{File: f.Name, DryRun: opts.DryRun}
	switch opts.OnDuplicate {
	case "":
		opts.OnDuplicate = DuplicateSkip
	case DuplicateSkip, DuplicateUpdate, DuplicateNew:
	default:
		return nil, fmt.Errorf("on duplicate %q: use skip, update or new", opts.OnDuplicate)
	}
	if f.Table == nil {
		return importArchive(d, f, rep)
	}
	t := f.Table
	rep.Format, rep.Encoding, rep.Delimiter, rep.Sheet, rep.HeaderRow = t.Format, t.Encoding, t.Delimiter, t.Sheet, t.HeaderRow
	for _, s := range t.Skipped {
		rep.Warnings = append(rep.Warnings, readerRowError(s))
	}
	rep.Rows = len(t.Rows) + len(t.Problems)
	mapped := false
	for _, m := range f.Mapping {
		if m == "name" {
			mapped = true
		}
	}
	if !mapped {
		return nil, fmt.Errorf("no column is mapped to the actor's name (columns: %s); map one with a mapping file or in the import window", strings.Join(t.Header, ", "))
	}
	run := &importRun{d: d, f: f, opts: opts, rep: rep, keys: map[string]string{}, names: map[string]string{},
		rowOf: map[string]int{}, cur: map[string]*model.Actor{}, live: map[string]bool{}, dead: map[string]bool{},
		entry: map[string]*importEntry{}, seenFP: map[string]bool{}}
	if !opts.DryRun {
		rep.ID = model.NewID()
		run.log = ImportLog{ID: rep.ID, File: f.Name, Digest: f.Digest, Started: time.Now().UTC().Format(time.RFC3339)}
	}
	for _, p := range t.Problems {
		rep.Errors = append(rep.Errors, readerRowError(p))
		rep.Failed++
	}
	if err := run.index(); err != nil {
		return nil, err
	}
	total := len(t.Rows)
	for i, row := range t.Rows {
		if i%importBatch == 0 && i > 0 {
			if err := run.flush(ctx); err != nil {
				return rep, err
			}
			if opts.Progress != nil {
				opts.Progress(i, total)
			}
		}
		if err := run.row(row); err != nil {
			return rep, err
		}
	}
	if err := run.flush(ctx); err != nil {
		return rep, err
	}
	if opts.Progress != nil {
		opts.Progress(total, total)
	}
	slices.SortStableFunc(rep.Errors, func(a, b RowError) int { return a.Row - b.Row })
	return rep, nil
}

func importArchive(d *app.Directory, f *ImportFile, rep *ImportReport) (*ImportReport, error) {
	rep.Format = "json"
	res, err := ImportJSON(d, bytes.NewReader(f.json))
	if err != nil {
		return nil, err
	}
	rep.Created, rep.Applied, rep.Skipped, rep.Failed = res.Created, res.Applied, res.Duplicates, res.Refused
	return rep, nil
}

// index loads the duplicate keys of the actors in the store.
func (r *importRun) index() error {
	return forEachActorKeys(r.d, func(id string, a *model.Actor, deleted bool) error {
		if deleted {
			r.dead[id] = true
			return nil
		}
		r.live[id] = true
		r.names[id] = a.Name
		for _, k := range duplicateKeys(a) {
			if _, ok := r.keys[k]; !ok {
				r.keys[k] = id
			}
		}
		return nil
	})
}

// actor returns the current state of the actor id: as this import left it,
// or as stored.
func (r *importRun) actor(id string) (*model.Actor, error) {
	if a, ok := r.cur[id]; ok {
		return a, nil
	}
	a, err := r.d.Actor(id)
	if err != nil {
		return nil, err
	}
	a.Meta = model.Meta{}
	return a, nil
}

func (r *importRun) fail(errs ...RowError) {
	r.rep.Failed++
	r.rep.Errors = append(r.rep.Errors, errs...)
}

func (r *importRun) row(row tabular.Row) error {
	if tabular.IsBlank(row.Cells) {
		return nil
	}
	a, from, errs := r.f.rowActor(row)
	if len(errs) > 0 {
		r.fail(errs...)
		return nil
	}
	r.rep.Warnings = append(r.rep.Warnings, unknownSectorsToTags(a, row.Line, from["sectors"])...)
	model.FillCountry(a)
	if err := a.Validate(); err != nil {
		var probs model.Problems
		if !errors.As(err, &probs) {
			r.fail(RowError{Row: row.Line, Message: err.Error()})
			return nil
		}
		for _, p := range probs {
			col := from[p.Field]
			if col == "" {
				col = from[fieldOf(p.Field)]
			}
			errs = append(errs, RowError{Row: row.Line, Column: col, Field: p.Field, Code: p.Code, Params: p.Params, Message: p.Message})
		}
		r.fail(errs...)
		return nil
	}
	fp := fingerprint(a)
	if r.seenFP[fp] {
		r.rep.Skipped++
		r.rep.Unchanged++
		return nil
	}
	r.seenFP[fp] = true
	if id, err := r.d.Store().NoteGet([]byte(noteFingerprint + fp)); err != nil {
		return err
	} else if id != nil && (r.live[string(id)] || r.cur[string(id)] != nil) {
		r.rep.Skipped++
		r.rep.Unchanged++
		return nil
	}
	dup, match, value := r.match(a)
	if dup == "" || r.opts.OnDuplicate == DuplicateNew {
		if dup != "" {
			r.duplicate(row, dup, match, value, "created")
		}
		if a.ID == "" || r.live[a.ID] || r.dead[a.ID] || r.cur[a.ID] != nil {
			a.ID = model.NewID()
		}
		return r.create(row, a, fp)
	}
	if r.opts.OnDuplicate == DuplicateSkip {
		r.duplicate(row, dup, match, value, "skipped")
		r.rep.Skipped++
		return nil
	}
	old, err := r.actor(dup)
	if err != nil {
		return err
	}
	merged := mergeActor(old, a, from)
	if err := merged.Validate(); err != nil {
		r.fail(RowError{Row: row.Line, Message: "updating " + dup + ": " + err.Error()})
		return nil
	}
	changed, err := r.update(dup, old, merged, fp)
	if err != nil {
		return err
	}
	if changed {
		r.duplicate(row, dup, match, value, "updated")
		r.rep.Updated++
	} else {
		r.duplicate(row, dup, match, value, "unchanged")
		r.rep.Skipped++
		r.rep.Unchanged++
	}
	return nil
}

// match finds the record a row duplicates: by id when the row has one,
// else by the duplicate keys in order.
func (r *importRun) match(a *model.Actor) (id, match, value string) {
	if a.ID != "" {
		// A row with an sbcc id (an export) is the record with that id,
		// whatever else it has in common with others.
		if r.live[a.ID] || r.cur[a.ID] != nil {
			return a.ID, "id", a.ID
		}
		return "", "", ""
	}
	for _, k := range duplicateKeys(a) {
		if id := r.keys[k]; id != "" {
			what, val, _ := strings.Cut(k, "\x00")
			return id, what, strings.ReplaceAll(val, "\x00", " in ")
		}
	}
	return "", "", ""
}

func (r *importRun) duplicate(row tabular.Row, id, match, value, action string) {
	r.rep.Duplicates = append(r.rep.Duplicates, Duplicate{Row: row.Line, Match: match, Value: value, Existing: id,
		ExistingName: r.names[id], SameFileRow: r.rowOf[id], Action: action})
}

// mergeActor returns old with the fields the row set replaced.
func mergeActor(old, row *model.Actor, from map[string]string) *model.Actor {
	m := *old
	m.Description = model.Text{}
	for l, s := range old.Description {
		m.Description[l] = s
	}
	mv, rv := reflect.ValueOf(&m).Elem(), reflect.ValueOf(row).Elem()
	for _, c := range kindColumns("actor") {
		if _, ok := from[c.Name]; !ok || c.field == "id" {
			continue
		}
		if c.lang != "" {
			m.Description[c.lang] = row.Description[c.lang]
			continue
		}
		mv.Field(c.index).Set(rv.Field(c.index))
	}
	if len(m.Description) == 0 {
		m.Description = nil
	}
	return &m
}

func (r *importRun) remember(id string, a *model.Actor, row tabular.Row) {
	r.cur[id] = a
	r.names[id] = a.Name
	if _, ok := r.rowOf[id]; !ok && !r.live[id] {
		r.rowOf[id] = row.Line
	}
	for _, k := range duplicateKeys(a) {
		if _, ok := r.keys[k]; !ok {
			r.keys[k] = id
		}
	}
}

func (r *importRun) create(row tabular.Row, a *model.Actor, fp string) error {
	fields, err := model.ToFields(a)
	if err != nil {
		return err
	}
	r.remember(a.ID, a, row)
	r.rep.Created++
	r.log.Created++
	r.edits = append(r.edits, store.Edit{Kind: "actor", ID: a.ID, Op: sbsync.OpSet, Fields: fields})
	// Undo deletes what an import created: its values need no keeping.
	r.entry[a.ID] = &importEntry{Op: "created", Fingerprint: fp}
	r.dirty = append(r.dirty, a.ID)
	r.notes = append(r.notes, store.Note{Key: []byte(noteFingerprint + fp), Value: []byte(a.ID)})
	return nil
}

// update saves the fields of merged that differ from old, and reports
// whether there were any.
func (r *importRun) update(id string, old, merged *model.Actor, fp string) (bool, error) {
	before, err := model.ToFields(old)
	if err != nil {
		return false, err
	}
	after, err := model.ToFields(merged)
	if err != nil {
		return false, err
	}
	changed := map[string]json.RawMessage{}
	for k, v := range after {
		if !bytes.Equal(v, before[k]) {
			changed[k] = v
		}
	}
	if len(changed) == 0 {
		return false, nil
	}
	merged.ID = id
	r.remember(id, merged, tabular.Row{})
	r.edits = append(r.edits, store.Edit{Kind: "actor", ID: id, Op: sbsync.OpSet, Fields: changed})
	e := r.entry[id]
	if e == nil {
		if err := r.loadEntry(id); err != nil {
			return false, err
		}
		e = r.entry[id]
	}
	if e == nil {
		e = &importEntry{Op: "updated", Before: map[string]json.RawMessage{}, After: map[string]json.RawMessage{}}
		r.entry[id] = e
		r.log.Updated++
	}
	if e.Op == "created" {
		e.Fingerprint = fp
		r.dirty = append(r.dirty, id)
		r.notes = append(r.notes, store.Note{Key: []byte(noteFingerprint + fp), Value: []byte(id)})
		return true, nil
	}
	for k, v := range changed {
		if _, ok := e.Before[k]; !ok {
			e.Before[k] = before[k]
		}
		e.After[k] = v
	}
	e.Fingerprint = fp
	r.dirty = append(r.dirty, id)
	r.notes = append(r.notes, store.Note{Key: []byte(noteFingerprint + fp), Value: []byte(id)})
	return true, nil
}

// loadEntry reads this import's log entry for id from an earlier batch.
func (r *importRun) loadEntry(id string) error {
	if r.rep.ID == "" {
		return nil
	}
	raw, err := r.d.Store().NoteGet([]byte(noteImportEntry + r.rep.ID + "/" + id))
	if err != nil || raw == nil {
		return err
	}
	var e importEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		return err
	}
	r.entry[id] = &e
	return nil
}

// flush commits the batch with its log entries in one transaction.
func (r *importRun) flush(ctx context.Context) error {
	defer func() {
		r.edits, r.notes, r.dirty = r.edits[:0], r.notes[:0], r.dirty[:0]
		clear(r.entry)
		if !r.opts.DryRun { // a dry run keeps its state: nothing is in the store
			clear(r.cur)
		}
	}()
	if r.opts.DryRun {
		for id := range r.cur {
			r.live[id] = true
		}
		return ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		r.unsaved()
		return err
	}
	done := map[string]bool{}
	for _, id := range r.dirty {
		if done[id] {
			continue
		}
		done[id] = true
		raw, err := json.Marshal(r.entry[id])
		if err != nil {
			return err
		}
		r.notes = append(r.notes, store.Note{Key: []byte(noteImportEntry + r.rep.ID + "/" + id), Value: raw})
	}
	r.log.Finished = time.Now().UTC().Format(time.RFC3339)
	head, err := json.Marshal(r.log)
	if err != nil {
		return err
	}
	r.notes = append(r.notes, store.Note{Key: []byte(noteImport + r.rep.ID), Value: head})
	if _, err := r.d.Store().CommitNoted(r.notes, r.edits...); err != nil {
		r.unsaved()
		return fmt.Errorf("save imported rows: %w", err)
	}
	r.saved = [2]int{r.rep.Created, r.rep.Updated}
	for id := range r.cur {
		r.live[id] = true
	}
	return nil
}

// unsaved puts the report's counts back to what the committed batches
// saved, and counts the rows of the batch that was not saved.
func (r *importRun) unsaved() {
	r.rep.Unsaved += r.rep.Created - r.saved[0] + r.rep.Updated - r.saved[1]
	r.rep.Created, r.rep.Updated = r.saved[0], r.saved[1]
}

// Imports lists the imports made on this node, newest first.
func Imports(d *app.Directory) ([]ImportLog, error) {
	var out []ImportLog
	err := d.Store().Notes([]byte(noteImport), func(_, v []byte) error {
		var l ImportLog
		if err := json.Unmarshal(v, &l); err != nil {
			return err
		}
		out = append(out, l)
		return nil
	})
	slices.Reverse(out)
	return out, err
}

// UndoReport says what undoing an import did.
type UndoReport struct {
	ID string `json:"id"`
	// Deleted counts records the import had created, now deleted.
	Deleted int `json:"deleted"`
	// Restored counts records whose fields were set back.
	Restored int `json:"restored"`
	// Kept lists "record field" pairs changed by someone else since the
	// import, which undo left as they are.
	Kept []string `json:"kept,omitempty"`
}

// UndoImport undoes the import id as ordinary edits, which sync like any
// other: records it created are deleted (they can be restored one by one),
// and fields it changed get their previous values back, unless someone
// changed them since (those are listed in Kept and left alone). When no
// other edits happened in between, every live record then holds exactly
// what it held before the import ([ContentHash] is equal).
func UndoImport(ctx context.Context, d *app.Directory, id string) (*UndoReport, error) {
	log, err := importLog(d, id)
	if err != nil {
		return nil, err
	}
	items, err := importItems(d, id)
	if err != nil {
		return nil, err
	}
	rep := &UndoReport{ID: id}
	b := &undoBatch{d: d}
	for i, it := range items {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if err := b.undo(it, rep); err != nil {
			return rep, err
		}
		if (i+1)%importBatch == 0 {
			if err := b.commit(); err != nil {
				return rep, err
			}
		}
	}
	log.Undone = time.Now().UTC().Format(time.RFC3339)
	head, err := json.Marshal(log)
	if err != nil {
		return rep, err
	}
	b.notes = append(b.notes, store.Note{Key: []byte(noteImport + id), Value: head})
	return rep, b.commit()
}

// importLog returns the log of import id, ErrNoImport when there is none
// and ErrImportUndone when it was undone already.
func importLog(d *app.Directory, id string) (ImportLog, error) {
	var log ImportLog
	raw, err := d.Store().NoteGet([]byte(noteImport + id))
	if err != nil {
		return log, err
	}
	if raw == nil {
		return log, fmt.Errorf("%w: %s", ErrNoImport, id)
	}
	if err := json.Unmarshal(raw, &log); err != nil {
		return log, err
	}
	if log.Undone != "" {
		return log, fmt.Errorf("%w (%s)", ErrImportUndone, log.Undone)
	}
	return log, nil
}

// undoItem is what import id did to one actor.
type undoItem struct {
	id string
	e  importEntry
}

// importItems returns what import id did to each actor, in actor id order.
func importItems(d *app.Directory, id string) ([]undoItem, error) {
	var items []undoItem
	prefix := noteImportEntry + id + "/"
	err := d.Store().Notes([]byte(prefix), func(k, v []byte) error {
		var e importEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return err
		}
		items = append(items, undoItem{strings.TrimPrefix(string(k), prefix), e})
		return nil
	})
	return items, err
}

// undoBatch gathers the edits and notes of an undo, committed a batch at a
// time.
type undoBatch struct {
	d     *app.Directory
	edits []store.Edit
	notes []store.Note
}

// commit commits what was gathered, if anything.
func (b *undoBatch) commit() error {
	if len(b.edits) == 0 && len(b.notes) == 0 {
		return nil
	}
	_, err := b.d.Store().CommitNoted(b.notes, b.edits...)
	b.edits, b.notes = b.edits[:0], b.notes[:0]
	return err
}

// undo gathers the undoing of it: the actor it created deleted, the fields
// it changed set back unless changed since (listed in rep.Kept), and its
// fingerprint forgotten. An actor gone or deleted since is left alone.
func (b *undoBatch) undo(it undoItem, rep *UndoReport) error {
	rec, err := b.d.Store().Get("actor", it.id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if it.e.Fingerprint != "" {
		b.notes = append(b.notes, store.Note{Key: []byte(noteFingerprint + it.e.Fingerprint)})
	}
	if rec.Deleted() {
		return nil
	}
	if it.e.Op == "created" {
		b.edits = append(b.edits, store.Edit{Kind: "actor", ID: it.id, Op: sbsync.OpDelete})
		rep.Deleted++
		return nil
	}
	if back := fieldsBack(it, rec.Values(), rep); len(back) > 0 {
		b.edits = append(b.edits, store.Edit{Kind: "actor", ID: it.id, Op: sbsync.OpSet, Fields: back})
		rep.Restored++
	}
	return nil
}

// fieldsBack returns the values it's fields had before the import, for
// those that still hold what the import set (vals); the others are listed
// in rep.Kept.
func fieldsBack(it undoItem, vals map[string]json.RawMessage, rep *UndoReport) map[string]json.RawMessage {
	back := map[string]json.RawMessage{}
	for f, after := range it.e.After {
		now, ok := vals[f]
		if !ok {
			now = json.RawMessage("null")
		}
		if !bytes.Equal(now, after) {
			rep.Kept = append(rep.Kept, it.id+" "+f)
			continue
		}
		back[f] = it.e.Before[f]
		if back[f] == nil {
			back[f] = json.RawMessage("null")
		}
	}
	return back
}

// ContentHash returns a hex SHA-256 digest of the live content of the
// directory: for every record neither deleted nor erased, its kind, id and
// the winning value of each field that has one. Unlike [app.Directory.Hash] it
// ignores tombstones, history, conflicts and who wrote what, so it is equal
// before an import and after undoing it when nothing else changed.
func ContentHash(d *app.Directory) (string, error) {
	h := sha256.New()
	for _, kind := range model.KindNames {
		err := d.Store().ForEach(kind, func(rec *sbsync.Record) error {
			if rec.Deleted() {
				return nil
			}
			vals := rec.Values()
			keys := make([]string, 0, len(vals))
			for k, v := range vals {
				if string(v) != "null" {
					keys = append(keys, k)
				}
			}
			slices.Sort(keys)
			fmt.Fprintf(h, "%s\x00%s\x00", kind, rec.ID)
			for _, k := range keys {
				fmt.Fprintf(h, "%s\x00%s\x00", k, vals[k])
			}
			h.Write([]byte{'\n'})
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
