package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"sbcc/app/bus"
	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/sync/trust"
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
// or wrap one of the Err* variables; [DescribeError] turns them into what
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
	dir      *Directory
	search   Searcher
	network  Network
	bus      *bus.Bus
	version  string
	settings string // path of the UI settings file
	transfer transferState
	reopen   func(ctx context.Context, apply func(dir string) error) error
}

// APIOptions configure NewAPI.
type APIOptions struct {
	// Searcher answers Search; the directory's search index when nil.
	Searcher Searcher
	// Network is the sync node; nil until sync is wired, in which case Peers
	// returns no peers and the network methods return ErrNotAvailable.
	Network Network
	// Bus receives import progress; may be nil.
	Bus *bus.Bus
	// Version is shown in the status.
	Version string
	// Reopen, when set, closes the directory and everything running on it
	// (search index, sync node, this façade), runs apply on the data
	// folder, and opens it all again, returning apply's error:
	// TransferAPI.RestoreBackup needs it and is not available without.
	Reopen func(ctx context.Context, apply func(dir string) error) error
}

// Network is what the API needs from the sync node. The sync branch
// implements it and passes it in APIOptions.Network.
type Network interface {
	// Peers returns the status of every known office.
	Peers() ([]Peer, error)
	// Create starts a new network with this node as its first member.
	Create() (NetworkInfo, error)
	// Join joins the network an invite code names.
	Join(invite string) (NetworkInfo, error)
	// Invite returns a code another office can join with.
	Invite() (string, error)
	// Rotate replaces the network key; returns the new invite code.
	Rotate() (string, error)
}

// Peer is one office of the network as shown in the sync panel.
type Peer struct {
	Node   string `json:"node"`
	Office string `json:"office"`
	Online bool   `json:"online"`
	// Connected is true while this node holds a session with the peer;
	// Via names the node through which it is reached otherwise (a hub).
	Connected bool   `json:"connected"`
	Via       string `json:"via,omitempty"`
	// LastContact is RFC 3339, empty if never.
	LastContact string `json:"lastContact,omitempty"`
	// Behind is how many of the peer's changes we lack; Ahead how many of
	// ours it lacks.
	Behind    uint64 `json:"behind"`
	Ahead     uint64 `json:"ahead"`
	Conflicts int    `json:"conflicts"`
	// Progress of a running catch-up, 0…1; 0 when none runs.
	Progress float64 `json:"progress"`
	// BytesSent and BytesReceived count the traffic with the peer.
	BytesSent     uint64 `json:"bytesSent"`
	BytesReceived uint64 `json:"bytesReceived"`
}

// NetworkInfo describes the network this node belongs to.
type NetworkInfo struct {
	Name    string `json:"name"`
	Members int    `json:"members"`
	Invite  string `json:"invite,omitempty"`
}

var (
	// ErrNotAvailable is returned by features that this build does not have yet.
	ErrNotAvailable = errors.New("not available in this version yet")
	// ErrInvalid is returned (wrapped) for input that cannot be used as given.
	ErrInvalid = errors.New("invalid input")
)

// NewAPI returns the façade over d.
func NewAPI(d *Directory, opts APIOptions) *API {
	if opts.Searcher == nil {
		opts.Searcher = NewIndexSearcher(d)
	}
	f := &facade{dir: d, search: opts.Searcher, network: opts.Network, bus: opts.Bus, version: opts.Version, reopen: opts.Reopen,
		settings: filepath.Join(d.Dir(), "ui-settings.json")}
	return &API{Records: &RecordsAPI{f}, Offices: &OfficesAPI{f}, Transfer: &TransferAPI{f}, Network: &NetworkAPI{f}, Forum: &ForumAPI{f}}
}

// Status is what the window shows in its status bar and first-start check.
type Status struct {
	Node      string         `json:"node"`
	Office    string         `json:"office"`
	DataDir   string         `json:"dataDir"`
	Version   string         `json:"version"`
	Counts    map[string]int `json:"counts"`
	Conflicts int            `json:"conflicts"`
	// Empty is true when the directory has no actors: the first start.
	Empty bool `json:"empty"`
	// Network is false until the sync node is wired.
	Network bool `json:"network"`
	// Indexing is the progress of a long search indexing under way, if any.
	Indexing *bus.TaskProgress `json:"indexing,omitempty"`
}

// Status returns counts and identity of this replica.
func (a *RecordsAPI) Status(ctx context.Context) (Status, error) {
	counts, err := a.dir.Counts()
	if err != nil {
		return Status{}, err
	}
	cs, err := a.dir.Conflicts()
	if err != nil {
		return Status{}, err
	}
	st := Status{Node: string(a.dir.Node()), Office: a.dir.Office(), DataDir: a.dir.Dir(), Version: a.version,
		Counts: counts, Conflicts: len(cs), Empty: counts["actor"] == 0, Network: a.network != nil}
	if p, ok := a.dir.Indexing(); ok {
		st.Indexing = &p
	}
	return st, nil
}

// Metadata is the taxonomy and the closed lists, with labels in every
// language (the UI picks the one chosen).
type Metadata struct {
	Languages  []string         `json:"languages"`
	Sectors    []model.Sector   `json:"sectors"`
	Countries  []model.Country  `json:"countries"`
	ActorKinds []model.Choice   `json:"actorKinds"`
	LegalBases []model.Choice   `json:"legalBases"`
	Localities []model.Locality `json:"localities"`
	Facets     []string         `json:"facets"`
}

// Meta returns the taxonomy, the closed lists and the localities.
func (a *RecordsAPI) Meta(ctx context.Context) (Metadata, error) {
	locs, err := a.dir.List("locality", ListOptions{})
	if err != nil {
		return Metadata{}, err
	}
	m := Metadata{Languages: model.Languages, Sectors: model.Sectors, Countries: model.Countries,
		ActorKinds: model.ActorKinds, LegalBases: model.LegalBases, Facets: FacetNames}
	for _, r := range locs {
		m.Localities = append(m.Localities, *r.(*model.Locality))
	}
	return m, nil
}

// Search finds actors.
func (a *RecordsAPI) Search(ctx context.Context, req SearchRequest) (SearchResult, error) {
	return a.find(ctx, req)
}

// find checks a search of the UI and runs it.
func (a *facade) find(ctx context.Context, req SearchRequest) (SearchResult, error) {
	if err := checkQuery(req.Query); err != nil {
		return SearchResult{}, err
	}
	for f := range req.Filters {
		if !slices.Contains(FacetNames, f) {
			return SearchResult{}, fmt.Errorf("%w: %q is not a filter; use one of %s", ErrInvalid, f, strings.Join(FacetNames, ", "))
		}
	}
	return a.search.Search(ctx, req)
}

// ActorView is an actor with what the profile shows around it.
type ActorView struct {
	Actor     model.Actor     `json:"actor"`
	History   []HistoryEntry  `json:"history"`
	Consents  []model.Consent `json:"consents"`
	Conflicts []Conflict      `json:"conflicts"`
}

// Actor returns the actor with id, its change history, its consent records
// and its open conflicts.
func (a *RecordsAPI) Actor(ctx context.Context, id string) (ActorView, error) {
	if err := checkID(id); err != nil {
		return ActorView{}, err
	}
	act, err := a.dir.Actor(id)
	if err != nil {
		return ActorView{}, err
	}
	v := ActorView{Actor: *act, History: []HistoryEntry{}, Consents: []model.Consent{}, Conflicts: []Conflict{}}
	if v.History, err = a.dir.History(id); err != nil {
		return ActorView{}, err
	}
	cs, err := a.dir.List("consent", ListOptions{})
	if err != nil {
		return ActorView{}, err
	}
	for _, r := range cs {
		if c := r.(*model.Consent); c.Subject == id {
			v.Consents = append(v.Consents, *c)
		}
	}
	if act.Meta.Conflicts > 0 || act.Meta.Deleted {
		all, err := a.dir.Conflicts()
		if err != nil {
			return ActorView{}, err
		}
		for _, c := range all {
			if c.ID == id {
				v.Conflicts = append(v.Conflicts, c)
			}
		}
	}
	return v, nil
}

// SaveActor creates the actor (when its id is empty) or updates it, and
// returns it as saved. Invalid actors return model.Problems.
func (a *RecordsAPI) SaveActor(ctx context.Context, act model.Actor) (ActorView, error) {
	act.Meta = model.Meta{}
	act.Name = strings.TrimSpace(act.Name)
	act.Email = strings.TrimSpace(act.Email)
	act.Website = normaliseWebsite(act.Website)
	act.Locality = matchLocality(act.Locality)
	fillCountry(&act)
	if act.ID != "" {
		if err := checkID(act.ID); err != nil {
			return ActorView{}, err
		}
		if _, err := a.dir.Actor(act.ID); err != nil {
			return ActorView{}, err
		}
	}
	id, err := a.dir.Put(&act)
	if err != nil {
		return ActorView{}, err
	}
	return a.Actor(ctx, id)
}

// SaveConsent records a consent (or updates one) and returns it as saved.
func (a *RecordsAPI) SaveConsent(ctx context.Context, c model.Consent) (model.Consent, error) {
	c.Meta = model.Meta{}
	if c.Subject != "" {
		if _, err := a.dir.Actor(c.Subject); err != nil {
			return model.Consent{}, err
		}
	}
	id, err := a.dir.Put(&c)
	if err != nil {
		return model.Consent{}, err
	}
	r, err := a.dir.Get(id)
	if err != nil {
		return model.Consent{}, err
	}
	return *r.(*model.Consent), nil
}

// Delete deletes the record with id; Restore brings it back.
func (a *RecordsAPI) Delete(ctx context.Context, id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	return a.dir.Delete(id)
}

// Restore undoes the deletion of the record with id.
func (a *RecordsAPI) Restore(ctx context.Context, id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	return a.dir.Restore(id)
}

// Erase erases the record with id for good (GDPR). confirm must be the
// record's id again, so that a stray call cannot erase anything.
func (a *RecordsAPI) Erase(ctx context.Context, id, confirm string) error {
	if err := checkID(id); err != nil {
		return err
	}
	if confirm != id {
		return fmt.Errorf("%w: confirm the erasure by passing the record's id a second time", ErrInvalid)
	}
	return a.dir.Erase(id)
}

// Conflicts returns every open conflict.
func (a *RecordsAPI) Conflicts(ctx context.Context) ([]Conflict, error) { return a.dir.Conflicts() }

// Resolve settles the conflict on field of record id with value (any JSON
// value: one of the two sides, or one merged by hand).
func (a *RecordsAPI) Resolve(ctx context.Context, id, field string, value json.RawMessage) error {
	if err := checkID(id); err != nil {
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

// Settings are the user's choices.
type Settings struct {
	// Office is this node's office name (replicated to peers).
	Office string `json:"office"`
	// Language is the UI language (en, lt, pl, de, sv); "" follows the OS.
	Language string `json:"language"`
	// DataDir is the data folder, read-only here: start sbcc with --data
	// or $SBCC_DATA to use another one.
	DataDir string `json:"dataDir"`
}

type uiSettings struct {
	Language string `json:"language"`
}

// Settings returns the current settings.
func (a *RecordsAPI) Settings(ctx context.Context) (Settings, error) {
	var u uiSettings
	raw, err := os.ReadFile(a.settings)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return Settings{}, err
	}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &u); err != nil {
			return Settings{}, fmt.Errorf("the settings file %s is damaged: %w", a.settings, err)
		}
	}
	return Settings{Office: a.dir.Office(), Language: u.Language, DataDir: a.dir.Dir()}, nil
}

// SaveSettings saves the office name and UI language and returns the
// settings now in force. The data folder cannot be changed here.
func (a *RecordsAPI) SaveSettings(ctx context.Context, s Settings) (Settings, error) {
	var p model.Problems
	s.Office = strings.TrimSpace(s.Office)
	if len([]rune(s.Office)) > 100 {
		p = append(p, model.NewProblem("office", model.CodeTooLong, "is longer than 100 characters", "n", fmt.Sprint(len([]rune(s.Office))), "max", "100"))
	}
	if s.Language != "" && !model.IsLanguage(s.Language) {
		p = append(p, model.NewProblem("language", model.CodeLanguage, fmt.Sprintf("%q is not one of en, lt, pl, de, sv", s.Language), "value", s.Language))
	}
	if s.DataDir != "" && filepath.Clean(s.DataDir) != filepath.Clean(a.dir.Dir()) {
		p = append(p, model.NewProblem("dataDir", model.CodeDataDir, "the data folder is chosen at start: run sbcc with --data FOLDER or set SBCC_DATA"))
	}
	if len(p) > 0 {
		return Settings{}, p
	}
	if s.Office != "" && s.Office != a.dir.Office() {
		if err := a.dir.SetOffice(s.Office); err != nil {
			return Settings{}, err
		}
	}
	raw, _ := json.Marshal(uiSettings{Language: s.Language})
	tmp := a.settings + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		return Settings{}, err
	}
	if err := os.Rename(tmp, a.settings); err != nil {
		return Settings{}, err
	}
	return a.Settings(ctx)
}

// LoadDemo fills an empty directory with the demo network (first start)
// and returns the new status.
func (a *RecordsAPI) LoadDemo(ctx context.Context) (Status, error) {
	_, err := demo.Fill(ctx, a.dir, demo.Options{Seed: 1, Progress: a.progress("demo")})
	if err != nil {
		return Status{}, err
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
func (a *OfficesAPI) Peers(ctx context.Context) ([]Peer, error) {
	if a.network == nil {
		return []Peer{}, nil
	}
	return a.network.Peers()
}

// NetworkCreate starts a new network with this office as first member,
// naming the office first when office is given.
func (a *OfficesAPI) NetworkCreate(ctx context.Context, office string) (NetworkInfo, error) {
	if err := a.dir.refuseDemo(); err != nil {
		return NetworkInfo{}, err
	}
	if a.network == nil {
		return NetworkInfo{}, ErrNotAvailable
	}
	if err := a.nameOffice(office); err != nil {
		return NetworkInfo{}, err
	}
	return a.network.Create()
}

// NetworkJoin joins the network of an invite code, naming the office first
// when office is given.
func (a *OfficesAPI) NetworkJoin(ctx context.Context, invite, office string) (NetworkInfo, error) {
	invite = strings.TrimSpace(invite)
	if invite == "" {
		return NetworkInfo{}, model.One("invite", model.CodeRequired, "paste the invite code another office gave you")
	}
	if _, err := trust.ParseInvite(invite); err != nil {
		return NetworkInfo{}, inviteProblem(err)
	}
	if err := a.dir.refuseDemo(); err != nil {
		return NetworkInfo{}, err
	}
	if a.network == nil {
		return NetworkInfo{}, ErrNotAvailable
	}
	prev := a.dir.Office()
	if err := a.nameOffice(office); err != nil {
		return NetworkInfo{}, err
	}
	info, err := a.network.Join(invite)
	if err != nil {
		// A join that failed leaves the office as it was.
		if rerr := a.dir.store.SetOffice(a.dir.store.Node(), prev); rerr != nil {
			return NetworkInfo{}, errors.Join(inviteProblem(err), rerr)
		}
		return NetworkInfo{}, inviteProblem(err)
	}
	return info, nil
}

// nameOffice sets the office name when given; one is needed to be a member.
func (a *facade) nameOffice(office string) error {
	if office = strings.TrimSpace(office); office != "" {
		return a.dir.SetOffice(office)
	}
	if a.dir.Office() == "" {
		return model.One("office", model.CodeOfficeFirst, "name this office first (for example Rietavas)")
	}
	return nil
}

// NetworkInvite returns an invite code for another office.
func (a *OfficesAPI) NetworkInvite(ctx context.Context) (string, error) {
	if a.network == nil {
		return "", ErrNotAvailable
	}
	return a.network.Invite()
}

// NetworkRotate replaces the network key and returns the new invite code.
func (a *OfficesAPI) NetworkRotate(ctx context.Context) (string, error) {
	if a.network == nil {
		return "", ErrNotAvailable
	}
	return a.network.Rotate()
}

func checkID(id string) error {
	if id == "" {
		return model.One("id", model.CodeRequired, "an id is required")
	}
	if len(id) > 64 || strings.ContainsAny(id, "/\x00") {
		return fmt.Errorf("%w: %q is not a record id", ErrInvalid, id)
	}
	return nil
}
