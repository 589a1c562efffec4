// Package app is the directory itself: it opens a replica (sbcc/sync/store),
// turns domain records (sbcc/app/model) into replicated edits and back, and
// offers the services that the CLI, the HTTP server and the desktop window
// call. It wires the search index and the sync node to the store.
//
// Imports point one way: main → cli → app → {index, sync}. Nothing under
// sbcc/index or sbcc/sync may import this package.
package app
