package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

func init() { sections = append(sections, section{name: "node", run: benchNode}) }

// benchNode measures a real headless node: `sbcc serve` on a folder of
// cfg.Actors demo actors, its time to answer the first search (opening and
// building the index) and its memory while serving searches.
func benchNode(ctx context.Context, cfg config) ([]row, error) {
	bin := filepath.Join(cfg.Dir, "sbcc-node")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build sbcc: %v\n%s", err, out)
	}
	dir := filepath.Join(cfg.Dir, "node")
	if out, err := exec.CommandContext(ctx, bin, "--data", dir, "demo", "--actors", fmt.Sprint(cfg.Actors)).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("demo: %v\n%s", err, out)
	}
	// First start: the index is built from the store at the first search.
	first, mem, err := serveAndSearch(ctx, bin, dir)
	if err != nil {
		return nil, err
	}
	// Second start: the index is there; this is a node's ordinary day.
	again, mem2, err := serveAndSearch(ctx, bin, dir)
	if err != nil {
		return nil, err
	}
	return []row{
		{fmt.Sprintf("node: first search on a fresh %d-actor folder (index built)", cfg.Actors), fmt.Sprintf("%.1f", first.Seconds()), "s", ""},
		{fmt.Sprintf("node: RSS of that first run after searches (heap %s MB + mapped file pages %s MB)", mem["RssAnon"], mem["RssFile"]), mem["VmRSS"], "MB", ""},
		{"node: restarted, start to first search result (index present)", fmt.Sprintf("%.2f", again.Seconds()), "s", "≤ 0.5"},
		{fmt.Sprintf("node: restarted, RSS serving %d actors after searches", cfg.Actors), mem2["VmRSS"], "MB", "≤ 200"},
		{"node: restarted, of which heap and stacks", mem2["RssAnon"], "MB", ""},
		{"node: restarted, of which mapped file pages (store and index)", mem2["RssFile"], "MB", ""},
	}, nil
}

// serveAndSearch starts `sbcc serve` on dir, times the first search from
// the start of the process, runs a few more, and returns the process's
// memory before stopping it.
func serveAndSearch(ctx context.Context, bin, dir string) (time.Duration, map[string]string, error) {
	start := time.Now()
	cmd := exec.CommandContext(ctx, bin, "--data", dir, "serve", "--gossip", "127.0.0.1:0", "--http", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, nil, err
	}
	if err := cmd.Start(); err != nil {
		return 0, nil, err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	addr := ""
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if m := regexp.MustCompile(`open (http://\S+)`).FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	if addr == "" {
		return 0, nil, fmt.Errorf("sbcc serve printed no address")
	}
	search := func(q string) error {
		body := fmt.Sprintf(`[{"query":%q,"limit":25}]`, q)
		resp, err := http.Post(addr+"api/Search", "application/json", bytes.NewReader([]byte(body)))
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("search %q: %s", q, resp.Status)
		}
		return nil
	}
	if err := search("lodz"); err != nil {
		return 0, nil, err
	}
	first := time.Since(start)
	for _, q := range []string{"s", "st", "stu", "studio", "teatr", "malmo", "design", "zemaitija", "kunst", "rostock"} {
		if err := search(q); err != nil {
			return 0, nil, err
		}
	}
	return first, procMemory(cmd.Process.Pid), nil
}

// procMemory returns memory figures of a process from /proc in MB:
// VmRSS, VmHWM, RssAnon and RssFile ("n/a" where not readable).
func procMemory(pid int) map[string]string {
	out := map[string]string{"VmRSS": "n/a", "VmHWM": "n/a", "RssAnon": "n/a", "RssFile": "n/a"}
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(raw), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if _, want := out[k]; !ok || !want {
			continue
		}
		var kb int
		fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
		out[k] = fmt.Sprint(kb / 1024)
	}
	return out
}
