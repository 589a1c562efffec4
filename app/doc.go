// Package app is the directory itself: it opens a replica (sbcc/sync/store),
// turns domain records (sbcc/app/model) into replicated edits and back, and
// offers the services that the CLI, the HTTP server and the desktop window
// call. It wires the search index and the sync node to the store.
//
// The UI's façade is here too, one type per screen (RecordsAPI,
// OfficesAPI, TransferAPI, NetworkAPI, ForumAPI; see API): each method
// takes the caller's context first and is served by sbcc/web by name.
// Rules between records are checked once, in Directory.PutMany, so the CLI
// and the UI refuse the same things. Sub-packages hold what has a seam of
// its own: app/model (the pure domain), app/bus (notices to the UI),
// app/demo (the demo network), app/tabular (file readers), app/graph,
// app/report, app/match, app/forum, app/publish and app/tlscert.
//
// Imports point one way: main → cli → web → app → {index, sync}. Nothing
// under sbcc/index or sbcc/sync may import this package.
package app
