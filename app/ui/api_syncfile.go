package ui

import (
	"context"
	"sbcc/app/syncfile"
)

// SyncFileOffices lists the other offices this one knows of, by name.
func (a *OfficesAPI) SyncFileOffices(ctx context.Context) ([]syncfile.Office, error) {
	return syncfile.Offices(ctx, a.dir)
}

// SyncFileSave writes the changes the office node lacks (empty: every
// change) into a sync file.
func (a *OfficesAPI) SyncFileSave(ctx context.Context, node string) (syncfile.Download, error) {
	return syncfile.Save(ctx, a.dir, node)
}

// SyncFileLoad verifies and applies a sync file given as its name and its
// content in base64 (a data: URL prefix is accepted; at most
// MaxImportSize bytes, bigger files go through `sbcc sync import`), exactly as `sbcc sync
// import` does. A file refused as a whole comes back with Problem set,
// not as an error.
func (a *OfficesAPI) SyncFileLoad(ctx context.Context, name, content string) (syncfile.Result, error) {
	return syncfile.Load(ctx, a.dir, name, content)
}
