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
	cmd := exec.CommandContext(ctx, bin, "--data", dir, "serve", "--gossip", "127.0.0.1:0", "--http", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
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
		return nil, fmt.Errorf("sbcc serve printed no address")
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
	start := time.Now()
	if err := search("lodz"); err != nil {
		return nil, err
	}
	first := time.Since(start)
	for _, q := range []string{"s", "st", "stu", "studio", "teatr", "malmo", "design", "zemaitija", "kunst", "rostock"} {
		if err := search(q); err != nil {
			return nil, err
		}
	}
	mem := procMemory(cmd.Process.Pid)
	return []row{
		{fmt.Sprintf("node: first search on a fresh %d-actor folder (index built)", cfg.Actors), fmt.Sprintf("%.1f", first.Seconds()), "s", ""},
		{fmt.Sprintf("node: RSS of sbcc serve with %d actors, after searches", cfg.Actors), mem["VmRSS"], "MB", "≤ 200"},
		{"node: of which anonymous (heap, stacks)", mem["RssAnon"], "MB", ""},
		{"node: of which file pages (the store's and index's memory maps)", mem["RssFile"], "MB", ""},
		{fmt.Sprintf("node: peak RSS of sbcc serve with %d actors (index build included)", cfg.Actors), mem["VmHWM"], "MB", ""},
	}, nil
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
