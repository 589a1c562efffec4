package records

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"sbcc/app"
	"sbcc/app/bus"
	"sbcc/app/model"
)

// Status is what the window shows in its status bar and first-start check.
type Status struct {
	Node    string `json:"node"`
	Office  string `json:"office"`
	DataDir string `json:"dataDir"`
	// Program is the path of the running sbcc program, for commands the
	// UI shows to run in a terminal (where sbcc may not be on the PATH,
	// as on Windows); empty when it cannot be told.
	Program   string         `json:"program"`
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

// ActorView is an actor with what the profile shows around it.
type ActorView struct {
	Actor     model.Actor        `json:"actor"`
	History   []app.HistoryEntry `json:"history"`
	Consents  []model.Consent    `json:"consents"`
	Conflicts []app.Conflict     `json:"conflicts"`
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

// ReadStatus returns counts and identity of this replica; version is the
// program's, network whether the sync node is wired.
func ReadStatus(ctx context.Context, d *app.Directory, version string, network bool) (Status, error) {
	counts, err := d.Counts()
	if err != nil {
		return Status{}, err
	}
	cs, err := d.Conflicts()
	if err != nil {
		return Status{}, err
	}
	st := Status{Node: string(d.Store().Node()), Office: d.Office(), DataDir: d.Dir(), Program: program(), Version: version,
		Counts: counts, Conflicts: len(cs), Empty: counts["actor"] == 0, Network: network}
	if p, ok := d.Search().Indexing(); ok {
		st.Indexing = &p
	}
	return st, nil
}

// Meta returns the taxonomy, the closed lists and the localities.
func Meta(ctx context.Context, d *app.Directory) (Metadata, error) {
	locs, err := d.List("locality", app.ListOptions{})
	if err != nil {
		return Metadata{}, err
	}
	m := Metadata{Languages: model.Languages, Sectors: model.Sectors, Countries: model.Countries,
		ActorKinds: model.ActorKinds, LegalBases: model.LegalBases, Facets: app.FacetNames}
	for _, r := range locs {
		m.Localities = append(m.Localities, *r.(*model.Locality))
	}
	return m, nil
}

// Actor returns the actor with id, its change history, its consent records
// and its open conflicts.
func Actor(ctx context.Context, d *app.Directory, id string) (ActorView, error) {
	if err := app.CheckID(id); err != nil {
		return ActorView{}, err
	}
	act, err := d.Actor(id)
	if err != nil {
		return ActorView{}, err
	}
	v := ActorView{Actor: *act, History: []app.HistoryEntry{}, Consents: []model.Consent{}, Conflicts: []app.Conflict{}}
	if v.History, err = d.History(id); err != nil {
		return ActorView{}, err
	}
	cs, err := d.List("consent", app.ListOptions{})
	if err != nil {
		return ActorView{}, err
	}
	for _, r := range cs {
		if c := r.(*model.Consent); c.Subject == id {
			v.Consents = append(v.Consents, *c)
		}
	}
	if act.Meta.Conflicts > 0 || act.Meta.Deleted {
		all, err := d.Conflicts()
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
func SaveActor(ctx context.Context, d *app.Directory, act model.Actor) (ActorView, error) {
	act.Meta = model.Meta{}
	model.TidyActor(&act)
	if act.ID != "" {
		if err := app.CheckID(act.ID); err != nil {
			return ActorView{}, err
		}
		if _, err := d.Actor(act.ID); err != nil {
			return ActorView{}, err
		}
	}
	id, err := d.Put(&act)
	if err != nil {
		return ActorView{}, err
	}
	return Actor(ctx, d, id)
}

// SaveConsent records a consent (or updates one) and returns it as saved.
func SaveConsent(ctx context.Context, d *app.Directory, c model.Consent) (model.Consent, error) {
	c.Meta = model.Meta{}
	if c.Subject != "" {
		if _, err := d.Actor(c.Subject); err != nil {
			return model.Consent{}, err
		}
	}
	id, err := d.Put(&c)
	if err != nil {
		return model.Consent{}, err
	}
	r, err := d.Get(id)
	if err != nil {
		return model.Consent{}, err
	}
	return *r.(*model.Consent), nil
}

// ReadSettings returns the current settings.
func ReadSettings(ctx context.Context, d *app.Directory) (Settings, error) {
	var u uiSettings
	raw, err := os.ReadFile(settingsFile(d))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return Settings{}, err
	}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &u); err != nil {
			return Settings{}, fmt.Errorf("the settings file %s is damaged: %w", settingsFile(d), err)
		}
	}
	return Settings{Office: d.Office(), Language: u.Language, DataDir: d.Dir()}, nil
}

// SaveSettings saves the office name and UI language and returns the
// settings now in force. The data folder cannot be changed here.
func SaveSettings(ctx context.Context, d *app.Directory, s Settings) (Settings, error) {
	var p model.Problems
	s.Office = strings.TrimSpace(s.Office)
	if len([]rune(s.Office)) > 100 {
		p = append(p, model.NewProblem("office", model.CodeTooLong, "is longer than 100 characters", "n", fmt.Sprint(len([]rune(s.Office))), "max", "100"))
	}
	if s.Language != "" && !model.IsLanguage(s.Language) {
		p = append(p, model.NewProblem("language", model.CodeLanguage, fmt.Sprintf("%q is not one of en, lt, pl, de, sv", s.Language), "value", s.Language))
	}
	if s.DataDir != "" && filepath.Clean(s.DataDir) != filepath.Clean(d.Dir()) {
		p = append(p, model.NewProblem("dataDir", model.CodeDataDir, "the data folder is chosen at start: run sbcc with --data FOLDER or set SBCC_DATA"))
	}
	if len(p) > 0 {
		return Settings{}, p
	}
	if s.Office != "" && s.Office != d.Office() {
		if err := d.SetOffice(s.Office); err != nil {
			return Settings{}, err
		}
	}
	raw, _ := json.Marshal(uiSettings{Language: s.Language})
	tmp := settingsFile(d) + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		return Settings{}, err
	}
	if err := os.Rename(tmp, settingsFile(d)); err != nil {
		return Settings{}, err
	}
	return ReadSettings(ctx, d)
}

// settingsFile is where the UI's own settings (its language) are kept.
func settingsFile(d *app.Directory) string { return filepath.Join(d.Dir(), "ui-settings.json") }

// program returns the absolute path of the running program, or "".
func program() string {
	p, err := os.Executable()
	if err != nil {
		return ""
	}
	if abs, err := filepath.EvalSymlinks(p); err == nil {
		return abs
	}
	return p
}
