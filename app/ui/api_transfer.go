package ui

import (
	"context"
	"fmt"
	"slices"
	"time"

	"sbcc/app"
	"sbcc/app/backup"
	"sbcc/app/bus"
	"sbcc/app/gdpr"
	"sbcc/app/model"
	"sbcc/app/transfer"
)

// The façade of the import wizard, exports, backup and the GDPR tools.
//
// Files travel as base64 (an .xlsx is binary): ImportOpen receives the
// file once, parses it and keeps it in memory under a token for the next
// steps of the wizard (mapping, dry run, import), so that it is not sent
// again at every step (transfer.Wizard). Exports and backups come back as
// a transfer.Download.

// ImportOpen parses a file to import, given as its name (the extension
// picks the format: .csv, .tsv, .txt, .xlsx, .vcf, .json) and its content
// in base64 (a data: URL prefix is accepted). It returns a token for
// ImportSetMapping and ImportRun, and the preview: format, encoding and
// delimiter detected, the columns with the fields they fill, the first rows.
func (a *TransferAPI) ImportOpen(ctx context.Context, name, content string) (transfer.ImportOpened, error) {
	return a.wizard.Open(ctx, name, content)
}

// ImportSetMapping changes which field each column fills (header → field,
// "-" or "" to leave the column out; headers not named keep theirs) and
// returns the new preview.
func (a *TransferAPI) ImportSetMapping(ctx context.Context, token string, mapping map[string]string) (transfer.ImportPreview, error) {
	return a.wizard.SetMapping(ctx, token, mapping)
}

// ImportChooseSheet reads the workbook opened under token from another
// sheet (or "" to find it) with its header in row headerRow (0 to find it),
// and returns the new preview; the mapping starts again from its headers.
func (a *TransferAPI) ImportChooseSheet(ctx context.Context, token, sheet string, headerRow int) (transfer.ImportPreview, error) {
	return a.wizard.ChooseSheet(ctx, token, sheet, headerRow)
}

// ImportRun checks (dryRun) or imports the file opened under token; see
// transfer.Wizard.Run.
func (a *TransferAPI) ImportRun(ctx context.Context, token string, dryRun bool, onDuplicate string) (transfer.ImportReport, error) {
	return a.wizard.Run(ctx, token, dryRun, onDuplicate)
}

// ImportClose forgets the file opened under token (the wizard was left).
func (a *TransferAPI) ImportClose(ctx context.Context, token string) error {
	return a.wizard.Close(ctx, token)
}

// ImportUndo undoes the import id: the actors it created are deleted and
// the fields it changed set back, unless changed since (listed in Kept).
func (a *TransferAPI) ImportUndo(ctx context.Context, id string) (transfer.UndoReport, error) {
	return transfer.Undo(ctx, a.dir, id)
}

// Imports lists the imports made on this computer, newest first.
func (a *TransferAPI) Imports(ctx context.Context) ([]transfer.ImportLog, error) {
	return transfer.ImportList(a.dir)
}

// Export writes the directory (search nil) or the actors a search finds
// (its query and filters; paging ignored) as json, csv, xlsx or vcf.
func (a *TransferAPI) Export(ctx context.Context, format string, search *app.SearchRequest) (transfer.Download, error) {
	return transfer.ExportFile(ctx, a.dir, format, search, transfer.ExportOptions{})
}

// ExportExcelCSV is Export in CSV with cells separated by semicolons: the
// CSV that Excel opens in columns where the decimal mark is a comma, as in
// Poland, Lithuania, Germany and Sweden (a comma-separated file opens there
// as one column). search, when not nil, limits it to a search's actors.
func (a *TransferAPI) ExportExcelCSV(ctx context.Context, search *app.SearchRequest) (transfer.Download, error) {
	return transfer.ExportFile(ctx, a.dir, transfer.FormatCSV, search, transfer.ExportOptions{Semicolons: true})
}

// Backup takes a consistent copy of the whole directory while it is in
// use. Restoring needs the app closed: `sbcc restore FILE`.
func (a *TransferAPI) Backup(ctx context.Context) (backup.BackupDownload, error) {
	return backup.BackupFile(a.dir)
}

// RestoreBackup replaces the directory with a backup file (what Backup
// writes), given as its name and its content in base64, while the app
// runs; see backup.RestoreRunning. Calls arriving meanwhile wait.
// Progress goes to the event bus with task backup.TaskRestore; at the
// end every open window is told that all records changed.
func (a *TransferAPI) RestoreBackup(ctx context.Context, name, content string) (backup.BackupRestored, error) {
	out, err := backup.RestoreRunning(ctx, a.dir, a.reopen, name, content, a.progress(backup.TaskRestore))
	if err == nil && a.bus != nil {
		a.bus.Publish(bus.Notice{Name: bus.Records, Data: bus.RecordsChanged{Kinds: slices.Clone(model.KindNames), IDs: []string{}, Local: true}})
	}
	return out, err
}

// Subject returns everything stored about the actor id (GDPR article 15):
// the record, its consents, participations, links, posts and history.
func (a *TransferAPI) Subject(ctx context.Context, id string) (*gdpr.SubjectExport, error) {
	if err := app.CheckID(id); err != nil {
		return nil, err
	}
	return gdpr.Subject(a.dir, id)
}

// ExpiringConsents lists the consents that end within days (0…3650) and
// those already ended, soonest first.
func (a *TransferAPI) ExpiringConsents(ctx context.Context, days int) ([]gdpr.ExpiringConsent, error) {
	if days < 0 || days > 3650 {
		return nil, fmt.Errorf("%w: the number of days must be between 0 and 3650, not %d", app.ErrInvalid, days)
	}
	out, err := gdpr.ExpiringConsents(a.dir, time.Now(), days)
	if out == nil {
		out = []gdpr.ExpiringConsent{}
	}
	return out, err
}
