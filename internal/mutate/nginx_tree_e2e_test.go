package mutate_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/nginx"
)

// The file trees meshlint builds, checked against the real nginx
// (harness: nginx_tree_harness_test.go).

// treeCase is one nginx container of a rule fixture whose start file
// meshlint knows (an image whose own nginx.conf it knows, or a -c file
// the pod holds).
type treeCase struct {
	name string
	nc   *mesh.NginxConfig
}

// treeFixtureDirs hold the nginx layout fixtures.
var treeFixtureDirs = []string{"../../testdata/rules/ML201", "../../testdata/rules/ML202"}

func loadTreeCases(t *testing.T) []treeCase {
	t.Helper()
	var out []treeCase
	for _, dir := range treeFixtureDirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if filepath.Base(f) == "suite.yaml" {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			_, m := load(t, f, data)
			for _, nc := range m.NginxConfigs() {
				if nc.Main != "" {
					out = append(out, treeCase{filepath.Base(dir) + "/" + filepath.Base(f) + "/" + nc.Workload.Ref.Name + "/" + nc.Container.Name, nc})
				}
			}
		}
	}
	if len(out) < 40 {
		t.Fatalf("only %d nginx trees among the fixtures: the loader lost some", len(out))
	}
	return out
}

// nginx -t accepts every tree meshlint built: the files it reads from the
// file it starts from are a configuration nginx loads.
func TestNginxTreesPassNginx(t *testing.T) {
	for _, c := range loadTreeCases(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			site := newTreeSite(t, c.nc, c.nc.Files, mm01LoopbackIP())
			if out, err := site.test(t); err != nil {
				t.Errorf("nginx -t -c %s rejects the tree meshlint built: %v\n%s", c.nc.Main, err, mm01Tail(out))
			}
		})
	}
}

// For every proxy_pass meshlint derived a hop from with a Host it knows,
// the real nginx, serving the tree, sends that Host to the Service.
func TestNginxTreesSendThePredictedHost(t *testing.T) {
	checked := 0
	for _, c := range loadTreeCases(t) {
		preds := treePredictions(c.nc)
		if len(preds) == 0 {
			continue
		}
		checked += len(preds)
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ip := mm01LoopbackIP()
			alloc := func() string { return net.JoinHostPort(ip, itoa(mm01FreePort(t, ip))) }
			files, addrs := treeListenOn(c.nc.Files, alloc, treeDNS(t, ip))
			rec := mm01Recorder(t, ip, append(mm01ProxiedPorts(files), treeHopPorts(c.nc)...))
			site := newTreeSite(t, c.nc, files, ip)
			stop := mm01ServeCmd(t, func(ctx context.Context) *exec.Cmd {
				return site.command(ctx, t, "-g", "daemon off; master_process off; error_log stderr;")
			}, addrs[preds[0].server])
			defer stop()
			for _, p := range preds {
				got := mm01Send(t, addrs[p.server], mm01Req{Method: "GET", Path: p.path, Host: p.host}, rec)
				if !strings.EqualFold(got.host, p.want) {
					t.Errorf("%s (Host %s): the Service got Host %q, meshlint predicted %q", p.path, p.host, got.host, p.want)
				}
			}
		})
	}
	if checked < 30 {
		t.Errorf("only %d predicted Hosts checked: the fixtures lost their hops", checked)
	}
}

// treePred is a request to a location and the Host meshlint predicts the
// Service gets.
type treePred struct {
	server, path, host, want string
}

// treePredictions are the requests whose upstream Host meshlint knows:
// a proxy_pass right in a location with a plain path, whose first hop
// carries nginx's default Host ($proxy_host, resolved), a static Host,
// or the client's own ($host, $http_host).
func treePredictions(nc *mesh.NginxConfig) []treePred {
	var out []treePred
	for _, p := range nc.Proxies {
		hops := nc.HopsOf(p.Directive)
		path := locationPath(p.Location)
		if len(hops) == 0 || path == "" || p.Directive.Parent != p.Location || p.Server == nil {
			continue
		}
		host := serverName(p.Server)
		want := predictedHost(hops[0].Host, host)
		if want == "" {
			continue
		}
		out = append(out, treePred{server: serverKey(p.Server), path: path, host: host, want: want})
	}
	return out
}

// treeHopPorts are the Service ports of every hop: a proxy_pass whose
// host and port come from a variable dials one the text does not show
// (mm01Recorder listens once per port).
func treeHopPorts(nc *mesh.NginxConfig) []int {
	var out []int
	for _, p := range nc.Proxies {
		for _, h := range nc.HopsOf(p.Directive) {
			out = append(out, h.Port.Port)
		}
	}
	return out
}

func predictedHost(h mesh.Host, client string) string {
	switch {
	case h.Origin != "nginx-default" && h.Origin != "nginx-directive":
		return ""
	case h.External && (h.Value == "$host" || h.Value == "$http_host"):
		return client
	case h.External:
		return ""
	}
	return h.Resolved
}

// locationPath is a request path the location matches: its prefix, or
// its exact path; "" for regex and named locations.
func locationPath(loc *nginx.Directive) string {
	if loc == nil {
		return ""
	}
	a := loc.Args
	switch {
	case len(a) == 1 && strings.HasPrefix(a[0], "/"):
		return a[0]
	case len(a) == 2 && (a[0] == "=" || a[0] == "^~") && strings.HasPrefix(a[1], "/"):
		return a[1]
	}
	return ""
}

// serverName is a Host that selects the server: its first plain name,
// else a name of the test's own (the server then answers as the only one
// on its address).
func serverName(srv *nginx.Directive) string {
	for _, d := range srv.Children("server_name") {
		for _, n := range d.Args {
			if n != "_" && n != "" && !strings.ContainsAny(n, "*~$") {
				return n
			}
		}
	}
	return "client.meshlint.test"
}

func itoa(n int) string { return strconv.Itoa(n) }
