package gossip_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	stdsync "sync"
	"syscall"
	"testing"
	"time"
)

// natEnv turns on TestNATTopology; `make test` sets it (it needs root).
const natEnv = "SBCC_NETNS"

// netns is the topology of TestNATTopology, made of network namespaces:
//
//	office1 10.231.11.2 ── router1 (MASQUERADE, no inbound) 10.231.1.2 ──┐
//	                                                                    hub 10.231.1.1 / 10.231.2.1
//	office2 10.231.12.2 ── router2 (MASQUERADE, no inbound) 10.231.2.2 ──┘
//
// The hub does not forward, so the offices cannot reach each other, and
// nothing reaches an office that it did not dial first.
type netns struct {
	t      *testing.T
	prefix string
	spaces []string
}

func (nn *netns) name(role string) string { return nn.prefix + "-" + role }

func (nn *netns) run(args ...string) {
	nn.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, args[0], args[1:]...).CombinedOutput(); err != nil {
		nn.t.Fatalf("network setup: %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// in runs a command inside namespace role.
func (nn *netns) in(role string, args ...string) {
	nn.t.Helper()
	nn.run(append([]string{"ip", "netns", "exec", nn.name(role)}, args...)...)
}

func (nn *netns) add(role string) {
	nn.run("ip", "netns", "add", nn.name(role))
	nn.spaces = append(nn.spaces, nn.name(role))
	nn.run("ip", "-n", nn.name(role), "link", "set", "lo", "up")
}

// link joins two namespaces with a veth pair, with an address on each end.
func (nn *netns) link(a, ifa, addrA, b, ifb, addrB string) {
	nn.run("ip", "link", "add", ifa, "netns", nn.name(a), "type", "veth", "peer", "name", ifb, "netns", nn.name(b))
	nn.run("ip", "-n", nn.name(a), "addr", "add", addrA, "dev", ifa)
	nn.run("ip", "-n", nn.name(b), "addr", "add", addrB, "dev", ifb)
	nn.run("ip", "-n", nn.name(a), "link", "set", ifa, "up")
	nn.run("ip", "-n", nn.name(b), "link", "set", ifb, "up")
}

// router makes namespace r an office router: it masquerades the office
// LAN behind its public address and lets in only replies.
func (nn *netns) router(r, lan string) {
	nn.in(r, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1")
	nn.in(r, "iptables", "-t", "nat", "-A", "POSTROUTING", "-s", lan, "-o", "pub", "-j", "MASQUERADE")
	nn.in(r, "iptables", "-A", "FORWARD", "-i", "lan", "-o", "pub", "-j", "ACCEPT")
	nn.in(r, "iptables", "-A", "FORWARD", "-i", "pub", "-o", "lan", "-m", "state", "--state", "ESTABLISHED,RELATED", "-j", "ACCEPT")
	nn.in(r, "iptables", "-P", "FORWARD", "DROP")
}

func (nn *netns) remove() {
	for _, s := range nn.spaces {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if out, err := exec.CommandContext(ctx, "ip", "netns", "del", s).CombinedOutput(); err != nil {
			nn.t.Errorf("remove namespace %s: %v\n%s", s, err, out)
		}
		cancel()
	}
}

// TestNATTopology runs real `sbcc serve` processes in network namespaces:
// a hub with a public address and two offices, each behind its own NAT
// router that lets nothing in. Both offices catch up on the hub's data; an
// edit at office 1 reaches office 2 through the hub; with the hub away both
// offices edit, and when it returns all three hold equal hashes and list
// the same conflicts. The status the offices show never flaps.
func TestNATTopology(t *testing.T) {
	if os.Getenv(natEnv) == "" {
		t.Skip("\n\n*** TestNATTopology did NOT run: set " + natEnv + "=1 (as root; `make test` does) to run the NAT topology test ***\n\n")
	}
	if os.Geteuid() != 0 {
		t.Skip("\n\n*** TestNATTopology did NOT run: it needs root for network namespaces and iptables ***\n\n")
	}
	for _, tool := range []string{"ip", "iptables"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing (apt-get install iproute2 iptables): %v", tool, err)
		}
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "sbcc")
	if out, err := exec.Command("go", "build", "-o", bin, "sbcc").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}

	nn := &netns{t: t, prefix: fmt.Sprintf("sbnat%d", os.Getpid()%100000)}
	t.Cleanup(nn.remove)
	for _, r := range []string{"hub", "r1", "r2", "o1", "o2"} {
		nn.add(r)
	}
	nn.link("hub", "h1", "10.231.1.1/24", "r1", "pub", "10.231.1.2/24")
	nn.link("hub", "h2", "10.231.2.1/24", "r2", "pub", "10.231.2.2/24")
	nn.link("r1", "lan", "10.231.11.1/24", "o1", "eth0", "10.231.11.2/24")
	nn.link("r2", "lan", "10.231.12.1/24", "o2", "eth0", "10.231.12.2/24")
	nn.in("r1", "ip", "route", "add", "default", "via", "10.231.1.1")
	nn.in("r2", "ip", "route", "add", "default", "via", "10.231.2.1")
	nn.in("o1", "ip", "route", "add", "default", "via", "10.231.11.1")
	nn.in("o2", "ip", "route", "add", "default", "via", "10.231.12.1")
	nn.in("hub", "sysctl", "-q", "-w", "net.ipv4.ip_forward=0")
	nn.router("r1", "10.231.11.0/24")
	nn.router("r2", "10.231.12.0/24")
	// The NAT holds: the hub cannot open a connection to an office, and
	// the offices cannot reach each other.
	for _, c := range [][]string{{"hub", "10.231.11.2"}, {"o1", "10.231.12.2"}, {"o2", "10.231.11.2"}} {
		if exec.Command("ip", "netns", "exec", nn.name(c[0]), "ping", "-c", "1", "-W", "1", c[1]).Run() == nil {
			t.Fatalf("%s reaches %s: the topology is not what the test needs", c[0], c[1])
		}
	}

	sbcc := func(dir, stdin string, args ...string) (string, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, append([]string{"--data", dir}, args...)...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	must := func(dir, stdin string, args ...string) string {
		t.Helper()
		out, err := sbcc(dir, stdin, args...)
		if err != nil {
			t.Fatalf("sbcc %v: %v\n%s", args, err, out)
		}
		return out
	}
	dirs := map[string]string{"hub": filepath.Join(tmp, "hub"), "o1": filepath.Join(tmp, "o1"), "o2": filepath.Join(tmp, "o2")}
	must(dirs["hub"], "", "network", "init", "--office", "HUB")
	code := must(dirs["hub"], "", "network", "invite", "--addr", "10.231.1.1:7946")
	must(dirs["o1"], "", "network", "join", code, "--office", "LT")
	code = must(dirs["hub"], "", "network", "invite", "--addr", "10.231.2.1:7946")
	must(dirs["o2"], "", "network", "join", code, "--office", "PL")
	must(dirs["hub"], "", "demo", "--actors", "200")

	type proc struct {
		cmd  *exec.Cmd
		mu   stdsync.Mutex
		logs bytes.Buffer
	}
	procs := map[string]*proc{}
	var allLogs []string
	start := func(role string) {
		p := &proc{}
		p.cmd = exec.Command("ip", "netns", "exec", nn.name(role), bin, "--data", dirs[role], "serve", "--gossip", "0.0.0.0:7946")
		p.cmd.Stderr = writerFunc(func(b []byte) (int, error) { p.mu.Lock(); defer p.mu.Unlock(); return p.logs.Write(b) })
		if err := p.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs[role] = p
	}
	stop := func(role string) {
		p := procs[role]
		if p == nil || p.cmd.ProcessState != nil {
			return
		}
		p.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			p.cmd.Process.Signal(syscall.SIGQUIT) // its goroutines go to the log
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				p.cmd.Process.Kill()
				<-done
			}
			t.Errorf("%s did not stop within 15 s of SIGTERM", role)
		}
		p.mu.Lock()
		allLogs = append(allLogs, fmt.Sprintf("---- log of %s ----\n%s", role, p.logs.String()))
		p.mu.Unlock()
	}
	t.Cleanup(func() {
		for _, r := range []string{"o1", "o2", "hub"} {
			stop(r)
		}
		if t.Failed() {
			t.Log(strings.Join(allLogs, "\n"))
		}
	})
	start("hub")
	start("o1")
	start("o2")

	hashOf := func(role string) string {
		out, err := sbcc(dirs[role], "", "hash")
		if err != nil {
			return "error: " + out
		}
		return out
	}
	equalHashes := func(roles ...string) func() error {
		return func() error {
			h0 := hashOf(roles[0])
			for _, r := range roles[1:] {
				if h := hashOf(r); h != h0 {
					return fmt.Errorf("%s %s, %s %s", roles[0], h0, r, h)
				}
			}
			return nil
		}
	}
	eventually(t, 90*time.Second, "both offices caught up on the hub's data", equalHashes("hub", "o1", "o2"))

	// An edit at office 1 reaches office 2, through the hub only.
	id := must(dirs["o1"], `{"kind":"organisation","name":"Kultūros namai","country":"LT"}`, "put", "actor")
	eventually(t, 30*time.Second, "office 1's edit at office 2", func() error {
		_, err := sbcc(dirs["o2"], "", "get", id)
		return err
	})
	// The status shows office 2 through the hub (once the hub has told
	// office 1 whom it holds sessions with), then steadily.
	hubID := nodeOf(t, must(dirs["hub"], "", "network", "show"))
	throughHub := func() error {
		var peers []struct {
			Node      string `json:"node"`
			Self      bool   `json:"self"`
			Connected bool   `json:"connected"`
			Via       string `json:"via"`
		}
		if err := json.Unmarshal([]byte(must(dirs["o1"], "", "peers", "--json")), &peers); err != nil {
			t.Fatal(err)
		}
		for _, p := range peers {
			switch {
			case p.Self:
			case p.Node == hubID && !p.Connected:
				return fmt.Errorf("office 1 shows the hub not connected: %+v", peers)
			case p.Node != hubID && p.Via != hubID:
				return fmt.Errorf("office 1 shows office 2 not through the hub: %+v", peers)
			}
		}
		return nil
	}
	eventually(t, 15*time.Second, "office 2 shown through the hub", throughHub)
	for i := 0; i < 5; i++ {
		if err := throughHub(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Second)
	}

	// The hub goes away; both offices edit the same record; it returns.
	stop("hub")
	must(dirs["o1"], `{"id":"`+id+`","kind":"organisation","name":"Kultūros namai","country":"LT","phone":"+370 5 111"}`, "put", "actor")
	must(dirs["o2"], `{"id":"`+id+`","kind":"organisation","name":"Kultūros namai","country":"LT","phone":"+48 22 222"}`, "put", "actor")
	must(dirs["o2"], `{"kind":"organisation","name":"Dom Kultury","country":"PL"}`, "put", "actor")
	time.Sleep(2 * time.Second)
	start("hub")
	eventually(t, 90*time.Second, "equal hashes after the hub returned", equalHashes("hub", "o1", "o2"))
	conflicts := map[string]string{}
	for _, r := range []string{"hub", "o1", "o2"} {
		conflicts[r] = must(dirs[r], "", "conflicts", "--json")
	}
	if !strings.Contains(conflicts["o1"], id) {
		t.Errorf("the concurrent edits left no conflict: %s", conflicts["o1"])
	}
	if conflicts["o1"] != conflicts["hub"] || conflicts["o2"] != conflicts["hub"] {
		t.Errorf("conflicts differ:\nhub %s\no1 %s\no2 %s", conflicts["hub"], conflicts["o1"], conflicts["o2"])
	}

	// No flaps: each office opened a session with the hub once per hub
	// start, and closed one only when the hub went away.
	for _, r := range []string{"o1", "o2"} {
		stop(r)
		log := allLogs[len(allLogs)-1]
		if opened := strings.Count(log, "session open"); opened > 2 {
			t.Errorf("%s opened %d sessions for 2 hub starts:\n%s", r, opened, log)
		}
		if closed := strings.Count(log, "session closed"); closed > 1 {
			t.Errorf("%s saw %d sessions close for 1 hub stop:\n%s", r, closed, log)
		}
		if strings.Count(log, `peer unreachable"`)+strings.Count(log, `peer reachable"`) > 0 {
			t.Errorf("%s logged peers flapping:\n%s", r, log)
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// nodeOf finds the node id in the output of `sbcc network show`.
func nodeOf(t *testing.T, show string) string {
	_, after, ok := strings.Cut(show, "this node ")
	if f := strings.Fields(after); ok && len(f) > 0 {
		return f[0]
	}
	t.Fatalf("no node id in: %s", show)
	return ""
}
