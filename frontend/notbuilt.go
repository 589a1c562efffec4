package frontend

import (
	"io/fs"
	"testing/fstest"
)

// notBuilt is the UI of a binary built before `make frontend`.
type notBuilt struct{}

var notBuiltFS = fstest.MapFS{"index.html": {Data: []byte(`<!doctype html><meta charset="utf-8"><title>sbcc</title>
<p style="font:16px sans-serif;margin:2em">The sbcc user interface was not built into this binary. Run <code>make frontend build</code> (or <code>make desktop</code>) and start it again.</p>`)}}

func (notBuilt) Open(name string) (fs.File, error) { return notBuiltFS.Open(name) }
