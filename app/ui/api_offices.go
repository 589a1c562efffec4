package ui

import (
	"context"

	"sbcc/app"
	"sbcc/app/model"
	"sbcc/app/offices"
	"sbcc/app/records"
	"sbcc/app/transfer"
)

// NetworkState returns what the network settings should offer.
func (a *OfficesAPI) NetworkState(ctx context.Context) (offices.NetworkState, error) {
	return offices.State(a.dir)
}

// InviteInfo reads an invite code, for the settings to show when it expires.
func (a *OfficesAPI) InviteInfo(ctx context.Context, code string) (offices.InviteInfo, error) {
	return offices.ReadInvite(code)
}

// RemoveDemo deletes every demo record (see NetworkState.Demo) and returns
// how many. Real records are left alone.
func (a *OfficesAPI) RemoveDemo(ctx context.Context) (int, error) {
	return offices.RemoveDemo(a.dir)
}

// SimilarActors returns the live actors that act may duplicate, matched as
// the importer matches rows (see transfer.SimilarActors). The New actor
// form asks before it saves.
func (a *RecordsAPI) SimilarActors(ctx context.Context, act model.Actor) ([]transfer.Similar, error) {
	return transfer.SimilarActors(a.dir, act)
}

// UndoChange undoes the change number index (0 is the oldest, as History
// lists them) of the record id; see app.Directory.UndoChange.
func (a *RecordsAPI) UndoChange(ctx context.Context, id string, index int) (app.UndoResult, error) {
	if err := app.CheckID(id); err != nil {
		return app.UndoResult{}, err
	}
	return a.dir.UndoChange(id, index)
}

// DeletedRecords lists the deleted actors, links, events and posts, newest
// first (at most 500), for restoring them. Erased records are gone for
// good and are not listed.
func (a *RecordsAPI) DeletedRecords(ctx context.Context) ([]records.DeletedRecord, error) {
	return records.DeletedRecords(a.dir)
}
