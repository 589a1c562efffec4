// Package app is the directory core: it opens a replica (sbcc/sync/store),
// turns domain records (sbcc/app/model) into replicated edits and back
// (Put, PutMany, Get, List, Delete, Restore, Erase), keeps each record's
// history and open conflicts, feeds the search index (Directory.Search)
// and keeps a live-record snapshot for what reads all records at once
// (Directory.Snapshot).
//
// Rules between records (references, registrations, list bounds) are
// checked once, in Directory.PutMany, so the CLI, the importers and the UI
// refuse the same things. DescribeError sorts every error of the services
// into kinds the callers answer in their own terms.
//
// The services over it are packages of their own and import it, never the
// other way round: sbcc/app/transfer (import, export, backup, archive),
// sbcc/app/gdpr (subject access, consent expiry), sbcc/app/syncfile (sync
// by file), sbcc/app/network (graph, map, events, posts, indicators, forum
// and catalogue glue), sbcc/app/offices (network membership) and
// sbcc/app/records (the directory screens); sbcc/app/ui is the UI's façade
// over all of them.
// Sub-packages with a seam of their own: app/model (the pure domain),
// app/bus (notices to the UI), app/demo (the demo network), app/tabular
// (file readers), app/graph, app/report, app/match, app/forum, app/publish
// and app/tlscert; app/apptest holds what their tests share.
//
// Imports point one way: main → cli → web → app/ui → services → app →
// {index, sync}. Nothing under sbcc/index or sbcc/sync may import this
// package.
package app
