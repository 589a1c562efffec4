package cli

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runIn runs one sbcc command on the data folder dir.
func runIn(dir string, stdin string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Logger: slog.New(slog.DiscardHandler)}
	code := Main(context.Background(), env, append([]string{"--data", dir}, args...))
	return out.String(), errb.String(), code
}

// TestSyncByFile carries changes by file between two offices, one of them
// held by a running node (the commands go through its control socket).
func TestSyncByFile(t *testing.T) {
	a, b, files := t.TempDir(), t.TempDir(), t.TempDir()
	must := func(dir, stdin string, args ...string) string {
		t.Helper()
		out, errs, code := runIn(dir, stdin, args...)
		if code != 0 {
			t.Fatalf("sbcc %v: %s %s", args, out, errs)
		}
		return out
	}
	must(a, "", "network", "init", "--office", "Rietavas")
	code := strings.TrimSpace(must(a, "", "network", "invite", "--addr", "127.0.0.1:9"))
	must(b, "", "network", "join", code, "--office", "Gdansk")
	must(a, `{"kind":"organisation","name":"Studija Rūta","country":"LT"}`, "put", "actor")

	defer serveForTest(t, a)()

	toB := filepath.Join(files, "to-gdansk.sbcc-sync")
	if out := must(a, "", "sync", "export", "--all", "-o", toB); !strings.Contains(out, "wrote") {
		t.Fatalf("export: %q", out)
	}
	if out := must(b, "", "sync", "import", toB); !strings.Contains(out, "from Rietavas") || strings.Contains(out, "added:            0") {
		t.Fatalf("import at b: %q", out)
	}
	if out := must(b, "", "search", "ruta"); !strings.Contains(out, "Studija Rūta") {
		t.Fatalf("search at b: %q", out)
	}
	must(b, `{"kind":"organisation","name":"Pracownia Ola","country":"PL"}`, "put", "actor")
	toA := filepath.Join(files, "to-rietavas.sbcc-sync")
	if out := must(b, "", "sync", "export", "--since-peer", "Rietavas", "-o", toA); strings.Contains(out, "nothing is known") {
		t.Fatalf("b should know what Rietavas holds: %q", out)
	}
	if out := must(a, "", "sync", "import", toA); !strings.Contains(out, "added:            1") || !strings.Contains(out, "news of the network's members") {
		t.Fatalf("import at a: %q", out)
	}
	if out := must(a, "", "sync", "import", toA); !strings.Contains(out, "added:            0") || !strings.Contains(out, "already here:     1") {
		t.Fatalf("second import at a: %q", out)
	}
	if out := must(a, "", "search", "ola"); !strings.Contains(out, "Pracownia Ola") {
		t.Fatalf("search at a: %q", out)
	}
	raw, _ := os.ReadFile(toA)
	cut := filepath.Join(files, "cut.sbcc-sync")
	os.WriteFile(cut, raw[:len(raw)-20], 0o600)
	if _, errs, code := runIn(a, "", "sync", "import", cut); code == 0 || !strings.Contains(errs, "incomplete") || !strings.Contains(errs, "nothing was applied") {
		t.Fatalf("truncated file: %q %d", errs, code)
	}
	ha := must(a, "", "hash")
	hb := must(b, "", "hash")
	if ha != hb {
		t.Fatalf("hashes differ: %s / %s", ha, hb)
	}
}
