// Package syncfile carries changes between offices by file, for offices
// without a connection: it writes the changes another office lacks into a
// signed sync file (sbcc/sync/bundle), remembers what each office reported
// holding, and verifies and applies a file received — for `sbcc sync
// export`/`import` and the Sync screen alike.
//
// It is a service over sbcc/app; the directory core must not import it.
package syncfile
