package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// TestImportDirection fails when a package imports against the design's
// direction: main → cli → app → {index, sync}, with a pure domain core.
func TestImportDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps=false", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	rules := []struct {
		pkg       string // package path prefix the rule is about
		forbidden []string
	}{
		{"sbcc/sync", []string{"sbcc/app", "sbcc/index", "sbcc/cli", "github.com/wailsapp", "go.etcd.io/bbolt", "github.com/blevesearch"}},
		{"sbcc/index", []string{"sbcc/app", "sbcc/sync", "sbcc/cli", "github.com/wailsapp", "github.com/hashicorp/memberlist"}},
		{"sbcc/app", []string{"sbcc/cli", "github.com/wailsapp"}},
		{"sbcc/app/model", []string{"sbcc/app/store", "sbcc/index", "sbcc/sync", "go.etcd.io/bbolt", "github.com/blevesearch", "github.com/hashicorp/memberlist", "github.com/wailsapp"}},
	}
	// The pure replication core: only its gossip sub-packages may use the network.
	pure := map[string][]string{"sbcc/sync": {"github.com/hashicorp/memberlist", "net"}}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		for _, r := range rules {
			if p.ImportPath != r.pkg && !strings.HasPrefix(p.ImportPath, r.pkg+"/") {
				continue
			}
			for _, imp := range p.Imports {
				for _, bad := range r.forbidden {
					if imp == bad || strings.HasPrefix(imp, bad+"/") {
						t.Errorf("%s imports %s, against the design's import direction", p.ImportPath, imp)
					}
				}
			}
		}
		for _, imp := range p.Imports {
			for _, bad := range pure[p.ImportPath] {
				if imp == bad || strings.HasPrefix(imp, bad+"/") {
					t.Errorf("%s must stay pure but imports %s", p.ImportPath, imp)
				}
			}
		}
	}
}
