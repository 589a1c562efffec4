package ui

import (
	"context"
	"sbcc/app/transfer"
)

// SyncFileOffices lists the other offices this one knows of, by name.
func (a *OfficesAPI) SyncFileOffices(ctx context.Context) ([]transfer.SyncFileOffice, error) {
	return transfer.SyncFileOffices(ctx, a.dir)
}

// SyncFileSave writes the changes the office node lacks (empty: every
// change) into a sync file.
func (a *OfficesAPI) SyncFileSave(ctx context.Context, node string) (transfer.SyncFileDownload, error) {
	return transfer.SyncFileSave(ctx, a.dir, node)
}

// SyncFileLoad verifies and applies a sync file given as its name and its
// content in base64 (a data: URL prefix is accepted; at most
// MaxImportSize bytes, bigger files go through `sbcc sync import`), exactly as `sbcc sync
// import` does. A file refused as a whole comes back with Problem set,
// not as an error.
func (a *OfficesAPI) SyncFileLoad(ctx context.Context, name, content string) (transfer.SyncFileResult, error) {
	return transfer.SyncFileLoad(ctx, a.dir, name, content)
}
