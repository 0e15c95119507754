package mutate_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/nginx"
)

// The real nginx on the very file tree meshlint built for a container
// (mesh.NginxConfig: the image's own files and the pod's ConfigMaps over
// them), run as the pod runs it.
//
// The tree is written to a temp dir that is bind-mounted over /etc/nginx
// in a mount namespace of nginx's own (unshare(1), as the MM01 harness in
// mm01_nginx_harness_test.go does), so absolute includes and the image's
// nginx.conf are read byte for byte. nginx is started with the official
// image's prefix (-p /etc/nginx/, its --prefix) and the file meshlint
// starts from (-c). What the official image has and this machine lacks is
// provided in the namespace only: the nginx user and group of its
// `user nginx;` (private /etc/passwd and /etc/group), /var/log/nginx and
// /run (for its error_log, access_log and pid) and nginx's temp dirs, so
// nothing on the machine changes. Host names resolve to a loopback address
// of the test's own through a private /etc/hosts.
//
// For serving, each server's listen directives become a port of its own
// on that address, in the harness's copy only: where nginx accepts
// connections changes nothing it sends upstream.

// treeSite is one container's tree laid out for the real nginx.
type treeSite struct {
	bin, dir, main string
	ip             string
	files          map[string]string // the tree as written, by path
}

// newTreeSite writes nc's files (as given in files: the tree, or the
// harness's copy of it) for the real nginx.
func newTreeSite(t *testing.T, nc *mesh.NginxConfig, files map[string]string, ip string) *treeSite {
	t.Helper()
	dir := mm01TempDir(t)
	s := &treeSite{bin: mm01Nginx(t), dir: dir, main: nc.Main, ip: ip, files: files}
	for p, text := range files {
		if !strings.HasPrefix(p, "/etc/nginx/") {
			t.Fatalf("%s is outside /etc/nginx: the harness mounts only /etc/nginx", p)
		}
		mm01Write(t, filepath.Join(dir, "root", p), text)
	}
	// An include meshlint could not follow names a file whose content is
	// unknown (a ConfigMap the inputs lack): an empty stand-in lets nginx
	// load the rest, which is what meshlint judged.
	for _, p := range nc.Unknown {
		if _, ok := files[p]; !ok && strings.HasPrefix(p, "/etc/nginx/") {
			mm01Write(t, filepath.Join(dir, "root", p), "")
		}
	}
	for _, d := range []string{"log", "run", "lib/body", "lib/proxy", "lib/fastcgi", "lib/uwsgi", "lib/scgi"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o777); err != nil {
			t.Fatal(err)
		}
	}
	var hosts strings.Builder
	hosts.WriteString("127.0.0.1 localhost\n")
	for _, n := range mm01ProxiedNames(files) {
		fmt.Fprintf(&hosts, "%s %s\n", ip, n)
	}
	mm01Write(t, filepath.Join(dir, "hosts"), hosts.String())
	mm01Write(t, filepath.Join(dir, "passwd"), readFile(t, "/etc/passwd")+"nginx:x:101:101:nginx:/nonexistent:/usr/sbin/nologin\n")
	mm01Write(t, filepath.Join(dir, "group"), readFile(t, "/etc/group")+"nginx:x:101:\n")
	return s
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}

// command runs nginx with args in its mount namespace.
func (s *treeSite) command(ctx context.Context, t *testing.T, args ...string) *exec.Cmd {
	u := mm01Unshare(t)
	script := `d="$1"; shift
mount --bind "$d/hosts" /etc/hosts && mount --bind "$d/passwd" /etc/passwd && mount --bind "$d/group" /etc/group &&
mount --bind "$d/root/etc/nginx" /etc/nginx && mount --bind "$d/log" /var/log/nginx &&
mount --bind "$d/lib" /var/lib/nginx && mount -t tmpfs tmpfs /run && mkdir -p /run/lock && exec "$@"`
	full := append(u[1:], "sh", "-c", script, "sh", s.dir, s.bin, "-p", "/etc/nginx/", "-c", s.main, "-e", "stderr")
	return exec.CommandContext(ctx, u[0], append(full, args...)...)
}

// test runs `nginx -t`.
func (s *treeSite) test(t *testing.T) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return s.command(ctx, t, "-t", "-q").CombinedOutput()
}

// serverKey names a server block by file and position.
func serverKey(d *nginx.Directive) string { return fmt.Sprintf("%s:%s", d.Source, d.Pos) }

// treeListenOn is the harness's copy of files with the listen directives
// of every server block on an address of its own (alloc gives it, by
// serverKey; the addresses are returned), and every resolver directive
// on resolver when it is given (treeDNS). Files that do not parse (nginx
// never reads them) are left as they are.
func treeListenOn(files map[string]string, alloc func() string, resolver string) (map[string]string, map[string]string) {
	out, addrs := map[string]string{}, map[string]string{}
	for p, text := range files {
		out[p] = text
		c, err := nginx.Parse(p, []byte(text))
		if err != nil {
			continue
		}
		src := newLineIndex(text)
		type edit struct {
			start, end int
			addr       string
		}
		var es []edit
		c.Walk(func(d *nginx.Directive) bool {
			if d.Name == "server" && d.Block != nil && (d.Parent == nil || d.Parent.Name == "http") {
				addrs[serverKey(d)] = alloc()
			}
			if d.Name == "listen" && d.Parent != nil && addrs[serverKey(d.Parent)] != "" {
				es = append(es, edit{src.off(d.Pos), src.off(d.End) + 1, "listen " + addrs[serverKey(d.Parent)]})
			}
			if d.Name == "resolver" && resolver != "" {
				es = append(es, edit{src.off(d.Pos), src.off(d.End) + 1, "resolver " + resolver + " ipv6=off"})
			}
			return true
		})
		sort.Slice(es, func(i, j int) bool { return es[i].start > es[j].start })
		for _, e := range es {
			text = text[:e.start] + e.addr + ";" + text[e.end:]
		}
		out[p] = text
	}
	return out, addrs
}

// lineIndex maps nginx positions (1-based line, byte column) to offsets.
type lineIndex []int

func newLineIndex(text string) lineIndex {
	idx := lineIndex{0}
	for i := range len(text) {
		if text[i] == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) off(p nginx.Pos) int { return l[p.Line-1] + int(p.Col) - 1 }
