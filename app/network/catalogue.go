package network

import (
	"fmt"
	"time"

	"sbcc/app"
	"sbcc/app/model"
	"sbcc/app/publish"
)

// Catalogue gathers what the published catalogue shows at now: the actors
// with public visibility and a live publication consent (see
// sbcc/app/publish.Select) and the localities.
func Catalogue(d *app.Directory, now time.Time) (publish.Site, error) {
	actors, err := listOf[*model.Actor](d, "actor")
	if err != nil {
		return publish.Site{}, fmt.Errorf("reading the actors: %w", err)
	}
	consents, err := listOf[*model.Consent](d, "consent")
	if err != nil {
		return publish.Site{}, fmt.Errorf("reading the consents: %w", err)
	}
	locs, err := listOf[*model.Locality](d, "locality")
	if err != nil {
		return publish.Site{}, fmt.Errorf("reading the localities: %w", err)
	}
	site := publish.Site{Actors: publish.Select(actors, consents, now), Published: now.UTC().Format(time.DateOnly)}
	for _, l := range locs {
		site.Localities = append(site.Localities, *l)
	}
	return site, nil
}

// Publish writes the catalogue into dir and returns how many actors it
// shows and how many files it wrote.
func Publish(d *app.Directory, dir string, now time.Time) (PublishResult, error) {
	site, err := Catalogue(d, now)
	if err != nil {
		return PublishResult{}, err
	}
	files, err := publish.Build(site)
	if err != nil {
		return PublishResult{}, err
	}
	if err := publish.WriteDir(dir, files); err != nil {
		return PublishResult{}, err
	}
	res := PublishResult{Dir: dir, Actors: len(site.Actors), Files: len(files)}
	for _, f := range files {
		res.Bytes += int64(len(f.Data))
	}
	return res, nil
}

// PublishResult counts what Publish wrote.
type PublishResult struct {
	Dir    string `json:"dir"`
	Actors int    `json:"actors"`
	Files  int    `json:"files"`
	Bytes  int64  `json:"bytes"`
}
