package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"
)

// depRule forbids packages to depend on others, in the style of
// Tailscale's tstest/deptest. A pattern is an import path, or a path ending
// in "/..." for it and everything under it.
type depRule struct {
	// Pkgs are the packages the rule is about.
	Pkgs string
	// BadDeps maps a package they must not depend on to why.
	BadDeps map[string]string
	// Allow lists what a rule lets through all the same: "pkg => dep"
	// mapped to why. Each entry must still be needed (see TestDepRules).
	Allow map[string]string
}

// depRules are the design's import direction (README, Architecture): main →
// cli → {node, web} → app/ui (the façade) → services (app/transfer,
// app/syncfile, app/network, app/offices, app/records) → app (the core) →
// {index, sync}, node → sync/gossip, a pure domain model and replication core.
// They are checked over transitive dependencies, test imports included, in
// the default build and in the desktop build.
var depRules = []depRule{
	{Pkgs: "sbcc/sync", BadDeps: map[string]string{
		"net":                             "the replication core (clocks, vectors, merge rules) is pure and tested without sockets; the network lives in sync/gossip",
		"github.com/hashicorp/memberlist": "only sync/gossip speaks to memberlist",
	}},
	{Pkgs: "sbcc/sync/...", BadDeps: map[string]string{
		"sbcc/app/...":               "sync serves the directory, never the other way round: app imports sync",
		"sbcc/index/...":             "replication knows nothing of search",
		"sbcc/cli":                   "cli wires the node; sync must not reach back up",
		"sbcc/node":                  "the node runtime runs sync; sync must not reach back up",
		"sbcc/web":                   "sync must not reach back up to the web server",
		"github.com/blevesearch/...": "replication knows nothing of search",
		"go.etcd.io/bbolt/...":       "only the replica store (sync/store) keeps a file; the rest of sync declares what it needs of it (gossip.Replica, bundle.Source)",
		"github.com/wailsapp/...":    "the desktop shell is only the desktop entry's",
	}, Allow: map[string]string{
		"sbcc/sync/store => go.etcd.io/bbolt/...":  "the replica store is the one sync package that keeps a file: bbolt is its job",
		"sbcc/sync/gossip => go.etcd.io/bbolt/...": "the gossip tests replicate between real stores (sync/store on real bbolt files)",
		"sbcc/sync/bundle => go.etcd.io/bbolt/...": "the sync-file tests write and read files of real stores (sync/store, as for gossip)",
		"sbcc/sync/store => sbcc/app/model":        "tests only: the store's tests run the directory's real schema (personal fields, value types) against it",
		"sbcc/sync/gossip => sbcc/app/model":       "tests only: replication tests use the directory's real schema for their stores",
		"sbcc/sync/bundle => sbcc/app/model":       "tests only: sync-file tests use the directory's real schema for their stores",
	}},
	{Pkgs: "sbcc/sync/trust", BadDeps: map[string]string{
		"github.com/hashicorp/memberlist": "keys and invites are checked without a network; only sync/gossip speaks to memberlist",
	}},
	{Pkgs: "sbcc/sync/wire", BadDeps: map[string]string{
		"github.com/hashicorp/memberlist": "the wire format is bytes in, bytes out; only sync/gossip speaks to memberlist",
		"net":                             "the wire format is bytes in, bytes out",
	}},
	{Pkgs: "sbcc/index/...", BadDeps: map[string]string{
		"sbcc/app/...":                    "the search engine knows documents, not the directory: app feeds it",
		"sbcc/sync/...":                   "the search engine follows a feed it is handed, not the replication",
		"sbcc/cli":                        "index must not reach back up",
		"sbcc/node":                       "index must not reach back up",
		"sbcc/web":                        "index must not reach back up",
		"github.com/hashicorp/memberlist": "search never talks to peers",
		"github.com/wailsapp/...":         "the desktop shell is only the desktop entry's",
	}},
	{Pkgs: "sbcc/app/model", BadDeps: map[string]string{
		"sbcc/index/...":                  "the domain model is pure: no search engine",
		"sbcc/sync/...":                   "the domain model is pure: no replication",
		"go.etcd.io/bbolt/...":            "the domain model is pure: no storage",
		"github.com/blevesearch/...":      "the domain model is pure: no search engine",
		"github.com/hashicorp/memberlist": "the domain model is pure: no network",
		"github.com/wailsapp/...":         "the domain model is pure: no UI",
		"net/http":                        "the domain model is pure: no HTTP",
	}},
	{Pkgs: "sbcc/app/report", BadDeps: map[string]string{
		"sbcc/sync/store":            "reports are computed from records handed in, so that the CLI and the UI compute the same",
		"go.etcd.io/bbolt/...":       "reports read no storage",
		"github.com/blevesearch/...": "reports use no search engine",
	}},
	{Pkgs: "sbcc/app/graph", BadDeps: map[string]string{
		"sbcc/app/...":         "the graph algorithms work on plain nodes and edges",
		"go.etcd.io/bbolt/...": "the graph algorithms read no storage",
	}},
	{Pkgs: "sbcc/app/tabular", BadDeps: map[string]string{
		"sbcc/app/...":         "the file readers know tables, not the directory: the importer maps them",
		"go.etcd.io/bbolt/...": "the file readers write nothing",
	}, Allow: map[string]string{
		"sbcc/app/tabular => sbcc/app/tabular/tabulartest": "the readers' own tests make hostile files with it; it knows tables only",
	}},
	{Pkgs: "sbcc/app/demo", BadDeps: map[string]string{
		"sbcc/sync/...":        "the demo writes through the directory's Put and PutMany, so its records pass every rule real ones do",
		"go.etcd.io/bbolt/...": "the demo writes through the directory, never to storage",
		"sbcc/index/...":       "the demo makes records; indexing them is the directory's",
	}},
	{Pkgs: "sbcc/app/bus", BadDeps: map[string]string{
		"sbcc/app/model": "notices carry what the UI needs to refresh, not records",
		"sbcc/sync/...":  "the bus knows no storage: app.ForwardCommits turns commits into notices",
		"sbcc/index/...": "the bus knows no search",
	}},
	{Pkgs: "sbcc/app", BadDeps: map[string]string{
		"sbcc/app/ui":       "the directory core sits below the services and the façade over them: it must not reach up",
		"sbcc/app/transfer": "import, export and backup are a service over the core (they write through Put, PutMany and the store); the core must not depend on them",
		"sbcc/app/syncfile": "sync by file is a service over the core",
		"sbcc/app/network":  "the network features read the core's Snapshot; the core must not depend on them",
		"sbcc/app/offices":  "network membership is a service over the core",
		"sbcc/app/records":  "the directory screens' views are a service over the core",
		"sbcc/app/gdpr":     "subject access and consent expiry are a service over the core",
		"sbcc/app/backup":   "backing up and restoring the whole folder is a service over the core",
	}, Allow: map[string]string{
		"sbcc/app => sbcc/app/gdpr":     "tests only: TestEraseOnDiskTwoReplicas looks for the erased person in her subject-access export",
		"sbcc/app => sbcc/app/transfer": "tests only: the core's tests carry an archive between two replicas (TestExportImportRoundTrip) and sort the importer's errors (DescribeError)",
		"sbcc/app => sbcc/app/offices":  "tests only: the archive round trip joins the two replicas into one network, and DescribeError sorts a bad invite code",
	}},
	{Pkgs: "sbcc/app/backup", BadDeps: map[string]string{
		"sbcc/app/ui":      "the façade calls the services, never the other way round; it hands the backup service the Reopen that restarts the running app",
		"sbcc/app/network": "a backup copies the whole store; it needs none of the network features",
		"sbcc/app/offices": "a restore reads the network file to refuse another network's backup; founding and joining are not its job",
		"sbcc/app/records": "one service does not call another: the façade picks the one a screen needs",
	}},
	{Pkgs: "sbcc/app/transfer", BadDeps: map[string]string{
		"sbcc/app/ui":       "the façade calls the services, never the other way round (tests included: they call transfer.Wizard, not the façade)",
		"sbcc/app/backup":   "backup builds on transfer (its downloads and upload limits), not the other way round",
		"sbcc/app/network":  "moving records in and out needs none of the network features",
		"sbcc/app/offices":  "moving records in and out needs no network membership",
		"sbcc/app/syncfile": "sync by file builds on transfer (its downloads), not the other way round",
		"sbcc/app/records":  "the importer saves through the core's PutMany, not through the screens' service",
	}},
	{Pkgs: "sbcc/app/network", BadDeps: map[string]string{
		"sbcc/app/ui":       "the façade calls the services, never the other way round",
		"sbcc/app/transfer": "the network features read the core's snapshot; they import and export nothing",
		"sbcc/app/offices":  "the network features (actors' links, events, posts) are not the network of offices",
		"sbcc/app/syncfile": "the network features know no sync files",
		"sbcc/app/records":  "one service does not call another: the façade picks the one a screen needs",
	}},
	{Pkgs: "sbcc/app/records", BadDeps: map[string]string{
		"sbcc/app/ui":       "the façade calls the services, never the other way round",
		"sbcc/app/transfer": "one service does not call another: the façade picks the one a screen needs",
		"sbcc/app/network":  "one service does not call another: the façade picks the one a screen needs",
		"sbcc/app/offices":  "one service does not call another: the façade picks the one a screen needs",
		"sbcc/app/syncfile": "one service does not call another: the façade picks the one a screen needs",
	}},
	{Pkgs: "sbcc/app/offices", BadDeps: map[string]string{
		"sbcc/app/ui":       "the façade calls the services and hands them the node (offices.Network); never the other way round",
		"sbcc/app/records":  "one service does not call another: the façade picks the one a screen needs",
		"sbcc/app/syncfile": "founding and joining a network needs no sync files",
	}},
	{Pkgs: "sbcc/app/syncfile", BadDeps: map[string]string{
		"sbcc/app/ui":      "the façade calls the services, never the other way round (tests included: they call syncfile.Save and Load)",
		"sbcc/app/network": "sync files carry changes, not the network features",
		"sbcc/app/records": "one service does not call another: the façade picks the one a screen needs",
	}},
	{Pkgs: "sbcc/app/apptest", BadDeps: map[string]string{
		"sbcc/app/ui":       "the tests' shared helpers sit on the core only, so every service's tests can use them",
		"sbcc/app/transfer": "the tests' shared helpers sit on the core only: transfer's own tests import them",
		"sbcc/app/network":  "the tests' shared helpers sit on the core only: network's own tests import them",
	}},
	{Pkgs: "sbcc/app/...", BadDeps: map[string]string{
		"sbcc/cli":                        "cli is a layer on top of app; app must not reach back up",
		"sbcc/web":                        "web serves app; app must not reach back up",
		"sbcc/node":                       "the node runtime runs the directory and is offices.Network to the façade; app declares that interface and must not reach up to it",
		"sbcc/sync/gossip":                "the node (memberlist, sockets) runs in sbcc/node; app holds the directory",
		"github.com/hashicorp/memberlist": "the node runs in sbcc/node; app holds the directory",
		"github.com/wailsapp/...":         "the desktop shell is only the desktop entry's (desktop.go): app runs the same under the CLI and the web server",
	}},
	{Pkgs: "sbcc/web", BadDeps: map[string]string{
		"sbcc/cli":                        "web serves app; cli starts web, not the other way round",
		"sbcc/node":                       "web serves the directory and reaches the node only as the offices.Network it is handed; the node runs beside it (node.Run)",
		"sbcc/sync/gossip":                "web serves the directory; the node runs in sbcc/node",
		"github.com/hashicorp/memberlist": "web serves the directory; the node runs in sbcc/node",
		"github.com/wailsapp/...":         "the web server runs without the desktop shell",
	}},
	{Pkgs: "sbcc/node", BadDeps: map[string]string{
		"sbcc/app/ui":             "the node is the offices.Network the façade is handed (cli wires them); it never calls the façade",
		"sbcc/cli":                "the node runtime sits below the command line: forwarded commands run through the node.Runner cli hands in",
		"sbcc/web":                "the web UI runs beside the node (node.Beside, wired by cli); the runtime does not serve it",
		"github.com/wailsapp/...": "the node runs the same under the window, serve and web; only desktop.go opens a window",
	}},
	{Pkgs: "sbcc/cli", BadDeps: map[string]string{
		"github.com/wailsapp/...": "the CLI builds without cgo and the desktop shell; only desktop.go opens a window",
	}},
}

// goPackage is what the rules read of `go list -deps -test -json`.
type goPackage struct {
	ImportPath string
	Module     *struct{ Path string }
	Deps       []string
}

// basePath maps test variants to their package: "p [p.test]", "p_test
// [p.test]" and "p.test" are all p.
func basePath(p string) string {
	p, _, _ = strings.Cut(p, " [")
	p = strings.TrimSuffix(p, ".test")
	return strings.TrimSuffix(p, "_test")
}

// matchPattern reports whether path is pattern, or under it when pattern
// ends in "/...".
func matchPattern(pattern, path string) bool {
	if pre, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == pre || strings.HasPrefix(path, pre+"/")
	}
	return path == pattern
}

// listDeps returns, per package of this module, its transitive
// dependencies with those of its tests, and every package path seen.
func listDeps(t *testing.T, tags string) (deps map[string]map[string]bool, all map[string]bool) {
	t.Helper()
	args := []string{"list", "-deps", "-test", "-json"}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	out, err := exec.Command("go", append(args, "./...")...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	deps, all = map[string]map[string]bool{}, map[string]bool{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p goPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		base := basePath(p.ImportPath)
		all[base] = true
		if p.Module == nil || p.Module.Path != "sbcc" {
			continue
		}
		if deps[base] == nil {
			deps[base] = map[string]bool{}
		}
		for _, d := range p.Deps {
			if d := basePath(d); d != base {
				deps[base][d] = true
			}
		}
	}
	return deps, all
}

// checkRules returns the rule breaks in deps and the Allow entries used.
func checkRules(rules []depRule, deps map[string]map[string]bool) (breaks []string, allowed map[string]bool) {
	allowed = map[string]bool{}
	for _, r := range rules {
		for pkg, ds := range deps {
			if !matchPattern(r.Pkgs, pkg) {
				continue
			}
			for bad, why := range r.BadDeps {
				for d := range ds {
					if !matchPattern(bad, d) {
						continue
					}
					key := pkg + " => " + bad
					if _, ok := r.Allow[key]; ok {
						allowed[key] = true
						continue
					}
					if exact := pkg + " => " + d; r.Allow[exact] != "" {
						allowed[exact] = true
						continue
					}
					breaks = append(breaks, fmt.Sprintf("%s depends on %s (with its tests): %s", pkg, d, why))
				}
			}
		}
	}
	sort.Strings(breaks)
	return breaks, allowed
}

// TestDepRules fails when a package of sbcc depends, directly or through
// others, in its code or its tests, on a package its rule forbids; and when
// a rule names a package that no longer exists or allows what is no longer
// there, so that a rule cannot go stale unnoticed.
func TestDepRules(t *testing.T) {
	deps, all := listDeps(t, "")
	dDeps, dAll := listDeps(t, "desktop,production,webkit2_41")
	for p := range dAll {
		all[p] = true
	}
	used := map[string]bool{}
	for _, build := range []struct {
		name string
		deps map[string]map[string]bool
	}{{"default build", deps}, {"desktop build", dDeps}} {
		breaks, allowed := checkRules(depRules, build.deps)
		for _, b := range breaks {
			t.Errorf("%s: %s", build.name, b)
		}
		for k := range allowed {
			used[k] = true
		}
	}
	exists := func(pattern string) bool {
		for p := range all {
			if matchPattern(pattern, p) {
				return true
			}
		}
		return false
	}
	for _, r := range depRules {
		if !exists(r.Pkgs) {
			t.Errorf("rule for %s: no such package any more", r.Pkgs)
		}
		for bad := range r.BadDeps {
			if !exists(bad) {
				t.Errorf("rule for %s names %s, which no package of the module or its dependencies is any more", r.Pkgs, bad)
			}
		}
		for key := range r.Allow {
			if !used[key] {
				t.Errorf("rule for %s allows %q, which no longer happens: remove it", r.Pkgs, key)
			}
		}
	}
}

// TestDepRulesCatch holds the checker itself to a tree made up for it: a
// forbidden dependency through a test import is found, an allowed one is
// not, and a pattern matches only what is under it.
func TestDepRulesCatch(t *testing.T) {
	rules := []depRule{{Pkgs: "sbcc/sync/...", BadDeps: map[string]string{"sbcc/app/...": "why", "net": "why"},
		Allow: map[string]string{"sbcc/sync/gossip => sbcc/app/...": "why"}}}
	deps := map[string]map[string]bool{
		"sbcc/sync":        {"sbcc/app/store": true, "net/url": true},
		"sbcc/sync/gossip": {"sbcc/app/model": true},
		"sbcc/syncer":      {"sbcc/app": true},
		"sbcc/sync/wire":   {"net": true, "sbcc/apple": true},
	}
	breaks, allowed := checkRules(rules, deps)
	want := []string{
		"sbcc/sync depends on sbcc/app/store (with its tests): why",
		"sbcc/sync/wire depends on net (with its tests): why",
	}
	if !slices.Equal(breaks, want) {
		t.Errorf("breaks\n%q\nwant\n%q", breaks, want)
	}
	if !allowed["sbcc/sync/gossip => sbcc/app/..."] || len(allowed) != 1 {
		t.Errorf("allowed %v", allowed)
	}
	if basePath("sbcc/app_test [sbcc/app.test]") != "sbcc/app" || basePath("sbcc/app.test") != "sbcc/app" {
		t.Error("test variants are not mapped to their package")
	}
}
