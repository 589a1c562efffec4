// Package frontend embeds the built web UI (Svelte + TypeScript + Vite,
// built into dist/ by `make frontend`). dist/.keep is committed so that the
// package compiles before the first build; such a binary serves a page that
// says the UI was not built.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built UI with index.html at its root.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // cannot happen: dist is embedded
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return notBuilt{}
	}
	return sub
}

// Built reports whether the UI was built into the binary.
func Built() bool {
	_, err := fs.Stat(dist, "dist/index.html")
	return err == nil
}
