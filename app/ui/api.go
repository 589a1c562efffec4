package ui

import (
	"context"
	"encoding/json"
	"fmt"

	"sbcc/app"
	"sbcc/app/backup"
	"sbcc/app/bus"
	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/app/offices"
	"sbcc/app/records"
	"sbcc/app/transfer"
)

// API is the façade the UI calls, one type per screen or service so that
// none grows past a couple of dozen methods: [RecordsAPI] (search, profile,
// conflicts, settings), [OfficesAPI] (the network of offices and sync
// files), [TransferAPI] (import wizard, exports, backup, GDPR),
// [NetworkAPI] (graph, map, links, events, posts, indicators) and
// [ForumAPI] (speed dating, the catalogue). sbcc/web serves the methods of
// [API.Services] named in web.Surface, over HTTP and a WebSocket and to the
// desktop window. Every such method takes the caller's context first,
// checks its input, calls one service and returns (T, error) or error.
// Errors a person can act on are model.Problems (with the fields to fix)
// or wrap one of the Err* variables; [app.DescribeError] turns them into what
// the UI shows.
//
// Helpers that are not for the UI must not be exported methods of these
// types.
type API struct {
	Records  *RecordsAPI
	Offices  *OfficesAPI
	Transfer *TransferAPI
	Network  *NetworkAPI
	Forum    *ForumAPI
}

// RecordsAPI is the façade of the directory screens: status, search,
// profiles, consents, deletion and undo, conflicts, settings, the demo.
type RecordsAPI struct{ *facade }

// OfficesAPI is the façade of the network of offices: peers, founding,
// joining, invites, key rotation, sync files, demo removal.
type OfficesAPI struct{ *facade }

// TransferAPI is the façade of the import wizard, the exports, the backup
// and the GDPR screens.
type TransferAPI struct{ *facade }

// NetworkAPI is the façade of the network features: graph, map, links,
// activity, matchmaking, events, posts and indicators.
type NetworkAPI struct{ *facade }

// ForumAPI is the façade of the forum screens: speed dating and the
// published catalogue.
type ForumAPI struct{ *facade }

// Services returns the façade's types, for sbcc/web to dispatch to.
func (a *API) Services() []any {
	return []any{a.Records, a.Offices, a.Transfer, a.Network, a.Forum}
}

// facade is the state the façade types share.
type facade struct {
	dir     *app.Directory
	search  app.Searcher
	network offices.Network
	bus     *bus.Bus
	version string
	wizard  *transfer.Wizard
	reopen  backup.Reopen
}

// APIOptions configure NewAPI.
type APIOptions struct {
	// Searcher answers Search; the directory's search index when nil.
	Searcher app.Searcher
	// Network is the sync node; nil until sync is wired, in which case Peers
	// returns no peers and the network methods return ErrNotAvailable.
	Network offices.Network
	// Bus receives import progress; may be nil.
	Bus *bus.Bus
	// Version is shown in the status.
	Version string
	// Reopen, when set, closes the directory and everything running on it
	// (search index, sync node, this façade), runs apply on the data
	// folder, and opens it all again, returning apply's error:
	// TransferAPI.RestoreBackup needs it and is not available without.
	Reopen backup.Reopen
}

// NewAPI returns the façade over d.
func NewAPI(d *app.Directory, opts APIOptions) *API {
	if opts.Searcher == nil {
		opts.Searcher = app.NewIndexSearcher(d)
	}
	f := &facade{dir: d, search: opts.Searcher, network: opts.Network, bus: opts.Bus, version: opts.Version, reopen: opts.Reopen}
	f.wizard = transfer.NewWizard(d, f.progress)
	return &API{Records: &RecordsAPI{f}, Offices: &OfficesAPI{f}, Transfer: &TransferAPI{f}, Network: &NetworkAPI{f}, Forum: &ForumAPI{f}}
}

// Status returns counts and identity of this replica.
func (a *RecordsAPI) Status(ctx context.Context) (records.Status, error) {
	return records.ReadStatus(ctx, a.dir, a.version, a.network != nil)
}

// Meta returns the taxonomy, the closed lists and the localities.
func (a *RecordsAPI) Meta(ctx context.Context) (records.Metadata, error) {
	return records.Meta(ctx, a.dir)
}

// Search finds actors.
func (a *RecordsAPI) Search(ctx context.Context, req app.SearchRequest) (app.SearchResult, error) {
	return a.find(ctx, req)
}

// find checks a search of the UI and runs it.
func (a *facade) find(ctx context.Context, req app.SearchRequest) (app.SearchResult, error) {
	if err := req.Check(); err != nil {
		return app.SearchResult{}, err
	}
	return a.search.Search(ctx, req)
}

// Actor returns the actor with id, its change history, its consent records
// and its open conflicts.
func (a *RecordsAPI) Actor(ctx context.Context, id string) (records.ActorView, error) {
	return records.Actor(ctx, a.dir, id)
}

// SaveActor creates the actor (when its id is empty) or updates it, and
// returns it as saved. Invalid actors return model.Problems.
func (a *RecordsAPI) SaveActor(ctx context.Context, act model.Actor) (records.ActorView, error) {
	return records.SaveActor(ctx, a.dir, act)
}

// SaveConsent records a consent (or updates one) and returns it as saved.
func (a *RecordsAPI) SaveConsent(ctx context.Context, c model.Consent) (model.Consent, error) {
	return records.SaveConsent(ctx, a.dir, c)
}

// Delete deletes the record with id; Restore brings it back.
func (a *RecordsAPI) Delete(ctx context.Context, id string) error {
	if err := app.CheckID(id); err != nil {
		return err
	}
	return a.dir.Delete(id)
}

// Restore undoes the deletion of the record with id.
func (a *RecordsAPI) Restore(ctx context.Context, id string) error {
	if err := app.CheckID(id); err != nil {
		return err
	}
	return a.dir.Restore(id)
}

// Erase erases the record with id for good (GDPR). confirm must be the
// record's id again, so that a stray call cannot erase anything.
func (a *RecordsAPI) Erase(ctx context.Context, id, confirm string) error {
	if err := app.CheckID(id); err != nil {
		return err
	}
	if confirm != id {
		return fmt.Errorf("%w: confirm the erasure by passing the record's id a second time", app.ErrInvalid)
	}
	return a.dir.Erase(id)
}

// Conflicts returns every open conflict.
func (a *RecordsAPI) Conflicts(ctx context.Context) ([]app.Conflict, error) { return a.dir.Conflicts() }

// Resolve settles the conflict on field of record id with value (any JSON
// value: one of the two sides, or one merged by hand).
func (a *RecordsAPI) Resolve(ctx context.Context, id, field string, value json.RawMessage) error {
	if err := app.CheckID(id); err != nil {
		return err
	}
	if field == "" {
		return model.One("field", model.CodeRequired, "name the field to settle")
	}
	if len(value) == 0 {
		return model.One("value", model.CodeRequired, "give the value to keep")
	}
	return a.dir.Resolve(id, field, value)
}

// Settings returns the current settings.
func (a *RecordsAPI) Settings(ctx context.Context) (records.Settings, error) {
	return records.ReadSettings(ctx, a.dir)
}

// SaveSettings saves the office name and UI language and returns the
// settings now in force. The data folder cannot be changed here.
func (a *RecordsAPI) SaveSettings(ctx context.Context, s records.Settings) (records.Settings, error) {
	return records.SaveSettings(ctx, a.dir, s)
}

// LoadDemo fills an empty directory with the demo network (first start)
// and returns the new status.
func (a *RecordsAPI) LoadDemo(ctx context.Context) (records.Status, error) {
	_, err := demo.Fill(ctx, a.dir, demo.Options{Seed: 1, Progress: a.progress("demo")})
	if err != nil {
		return records.Status{}, err
	}
	return a.Status(ctx)
}

func (a *facade) progress(task string) func(done, total int) {
	return func(done, total int) {
		if a.bus != nil {
			a.bus.Publish(bus.Notice{Name: bus.Import, Data: bus.TaskProgress{Task: task, Done: done, Total: total}})
		}
	}
}

// Peers returns the status of every known office; none until the sync
// node is wired (APIOptions.Network).
func (a *OfficesAPI) Peers(ctx context.Context) ([]offices.Peer, error) {
	if a.network == nil {
		return []offices.Peer{}, nil
	}
	return a.network.Peers()
}

// NetworkCreate starts a new network with this office as first member,
// naming the office first when office is given.
func (a *OfficesAPI) NetworkCreate(ctx context.Context, office string) (offices.NetworkInfo, error) {
	return offices.Found(a.dir, a.network, office)
}

// NetworkJoin joins the network of an invite code, naming the office first
// when office is given.
func (a *OfficesAPI) NetworkJoin(ctx context.Context, invite, office string) (offices.NetworkInfo, error) {
	return offices.Join(a.dir, a.network, invite, office)
}

// NetworkInvite returns an invite code for another office.
func (a *OfficesAPI) NetworkInvite(ctx context.Context) (string, error) {
	if a.network == nil {
		return "", app.ErrNotAvailable
	}
	return a.network.Invite()
}

// NetworkRotate replaces the network key and returns the new invite code.
func (a *OfficesAPI) NetworkRotate(ctx context.Context) (string, error) {
	if a.network == nil {
		return "", app.ErrNotAvailable
	}
	return a.network.Rotate()
}

// Places returns the gazetteer of the South Baltic's towns, for the place
// suggestions of the forms and the names of places in lists. It is apart
// from Meta, which every start loads first, as it is some 40 kB.
func (a *RecordsAPI) Places(ctx context.Context) ([]model.Place, error) { return model.Places, nil }
