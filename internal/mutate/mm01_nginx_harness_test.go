package mutate_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/nginx"
)

// The real nginx, run as the pod runs it, on this machine.
//
// The ConfigMap's keys are written to a directory that is bind-mounted at
// the ConfigMap's mm01MountPath (e.g. /etc/nginx/conf.d), so includes by
// absolute path find them. Service names do not resolve here, and nginx
// resolves every proxy_pass and upstream server name when it loads the
// config ("host not found in upstream"): a private /etc/hosts maps them to
// a loopback address of the test's own. Both mounts live in a mount
// namespace of nginx's own (unshare(1), util-linux), so the machine is not
// touched, and the config nginx reads is byte for byte what MM01 wrote:
// proxy_pass, upstream blocks and every header directive as in the
// ConfigMap, $proxy_host included. A conf.d-style key is loaded the way
// the official nginx image loads it: `include /etc/nginx/conf.d/*.conf;`
// inside http{}; a whole nginx.conf mounted over /etc/nginx is the main
// file itself.
//
// For serving (the end-to-end test) one more thing is changed, in the
// harness's copy only: every `listen` becomes the test's loopback address
// and a free port, since port 80 on all addresses may be taken. Where
// nginx accepts connections changes nothing it sends upstream.

// mm01Nginx finds nginx; the test fails, never skips, without it.
func mm01Nginx(t *testing.T) string {
	t.Helper()
	p, err := nginx.Binary()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// mm01Unshare starts a command in a mount namespace of its own: as root
// directly, else inside a user namespace where the caller is root.
func mm01Unshare(t *testing.T) []string {
	t.Helper()
	bin, err := exec.LookPath("unshare")
	if err != nil {
		t.Fatal("unshare (util-linux) is missing; this test needs it: apt-get install util-linux")
	}
	if os.Geteuid() == 0 {
		return []string{bin, "--mount", "--propagation", "private"}
	}
	return []string{bin, "--user", "--map-root-user", "--mount", "--propagation", "private"}
}

// mm01Site is one ConfigMap laid out for nginx.
type mm01Site struct {
	bin, prefix, cmDir, mount, main, hosts string
	ip                                     string // the loopback address names resolve to
}

// mm01NewSite writes data (a ConfigMap's keys) for the real nginx, as mounted
// at mount, with every host name the config proxies to resolving to ip.
func mm01NewSite(t *testing.T, data map[string]string, mount, ip string) *mm01Site {
	t.Helper()
	if fi, err := os.Stat(mount); err != nil || !fi.IsDir() {
		t.Fatalf("the ConfigMap's mm01MountPath %s must exist on this machine to mount it there (Debian's nginx creates /etc/nginx/conf.d)", mount)
	}
	prefix := mm01TempDir(t)
	s := &mm01Site{bin: mm01Nginx(t), prefix: prefix, cmDir: filepath.Join(prefix, "configmap"),
		mount: mount, hosts: filepath.Join(prefix, "hosts"), ip: ip}
	mm01Write(t, filepath.Join(prefix, "logs", ".keep"), "")
	for k, v := range data {
		mm01Write(t, filepath.Join(s.cmDir, k), v)
	}
	var hosts strings.Builder
	hosts.WriteString("127.0.0.1 localhost\n")
	for _, n := range mm01ProxiedNames(data) {
		fmt.Fprintf(&hosts, "%s %s\n", ip, n)
	}
	mm01Write(t, s.hosts, hosts.String())
	s.main = filepath.Join(mount, "nginx.conf")
	if _, whole := data["nginx.conf"]; !whole || mount != "/etc/nginx" {
		s.main = filepath.Join(prefix, "nginx.conf")
		mm01Write(t, s.main, "events {}\nhttp {\n    include "+mount+"/*.conf;\n}\n")
	}
	return s
}

// command runs nginx with args in its mount namespace.
func (s *mm01Site) command(ctx context.Context, t *testing.T, args ...string) *exec.Cmd {
	u := mm01Unshare(t)
	script := `mount --bind "$1" /etc/hosts && mount --bind "$2" "$3" && shift 3 && exec "$@"`
	full := append(u[1:], "sh", "-c", script, "sh", s.hosts, s.cmDir, s.mount, s.bin,
		"-p", s.prefix+"/", "-c", s.main, "-e", "stderr")
	return exec.CommandContext(ctx, u[0], append(full, args...)...)
}

// test runs `nginx -t`.
func (s *mm01Site) test(t *testing.T) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return s.command(ctx, t, "-t", "-q", "-g", "pid "+s.prefix+"/nginx.pid;").CombinedOutput()
}

// mm01ProxiedNames are the host names the config makes nginx resolve:
// those of every proxy_pass not naming an upstream block, and of every
// upstream server (IP addresses left out).
func mm01ProxiedNames(data map[string]string) []string {
	seen := map[string]bool{}
	for _, t := range mm01Dialled(data) {
		if net.ParseIP(strings.Trim(t.Host, "[]")) == nil {
			seen[t.Host] = true
		}
	}
	// nginx resolves the names of resolver directives when it loads the
	// config too ("host not found in resolver").
	for _, n := range mm01ResolverNames(data) {
		seen[n] = true
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// mm01ProxiedPorts are the ports nginx connects to.
func mm01ProxiedPorts(data map[string]string) []int {
	seen := map[int]bool{}
	var out []int
	for _, t := range mm01Dialled(data) {
		if !seen[t.Port] {
			seen[t.Port] = true
			out = append(out, t.Port)
		}
	}
	sort.Ints(out)
	return out
}

// mm01Dialled are the addresses nginx connects to: proxy_pass targets that
// name no upstream block, and upstream servers.
func mm01Dialled(data map[string]string) []nginx.Target {
	var out []nginx.Target
	for k, v := range data {
		c, err := nginx.Parse(k, []byte(v))
		if err != nil {
			continue
		}
		ups := map[string]bool{}
		for _, u := range c.Find("upstream") {
			ups[strings.ToLower(u.Arg(0))] = true
		}
		c.Walk(func(d *nginx.Directive) bool {
			// A proxy_pass naming an upstream block dials its servers; an
			// upstream server is dialled whatever its name.
			named := d.Name == "proxy_pass" && ups[strings.ToLower(t0(d).Host)]
			if t, ok := mm01TargetOf(d); ok && t.HostKnown && t.Host != "" && t.Port > 0 && !named {
				out = append(out, t)
			}
			return true
		})
	}
	return out
}

func t0(d *nginx.Directive) nginx.Target {
	t, _ := mm01TargetOf(d)
	return t
}

func mm01TargetOf(d *nginx.Directive) (nginx.Target, bool) {
	switch {
	case d.Name == "proxy_pass" && len(d.Args) == 1:
		t, err := nginx.ParseProxyPass(d.Args[0])
		return t, err == nil
	case d.Name == "server" && d.Parent != nil && d.Parent.Name == "upstream" && len(d.Args) > 0:
		t, err := nginx.ParseAddress(d.Args[0], 80)
		return t, err == nil
	}
	return nginx.Target{}, false
}

// mm01MountPath is where the workload that mounts cm has it (the first such
// volume mount among objs).
func mm01MountPath(t *testing.T, objs []*manifest.Object, cm *manifest.Object) string {
	t.Helper()
	for _, o := range objs {
		spec := mm01Map(o.Body, "spec", "template", "spec")
		for _, v := range mm01List(spec, "volumes") {
			vm, _ := v.(map[string]any)
			if mm01Map(vm, "configMap")["name"] != cm.Name {
				continue
			}
			for _, c := range mm01List(spec, "containers") {
				cont, _ := c.(map[string]any)
				for _, m := range mm01List(cont, "volumeMounts") {
					mm, _ := m.(map[string]any)
					if mm["name"] == vm["name"] && mm["subPath"] == nil {
						return mm["mountPath"].(string)
					}
				}
			}
		}
	}
	t.Fatalf("no workload mounts %s as a directory", cm.Ref())
	return ""
}

func mm01Map(m map[string]any, path ...string) map[string]any {
	for _, k := range path {
		m, _ = m[k].(map[string]any)
	}
	return m
}

func mm01List(m map[string]any, key string) []any {
	l, _ := m[key].([]any)
	return l
}

// mm01LoopbackIP picks an address of 127.0.0.0/8 (all routed to lo on Linux)
// that no other test uses, so fixed ports such as 8080 are free on it.
func mm01LoopbackIP() string {
	return fmt.Sprintf("127.%d.%d.%d", 1+rand.IntN(250), rand.IntN(256), 1+rand.IntN(250))
}

func mm01StringData(t *testing.T, data map[string]any) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, v := range data {
		s, ok := v.(string)
		if !ok {
			t.Fatalf("data.%s is not a string", k)
		}
		out[k] = s
	}
	return out
}

func mm01Write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mm01TempDir is a temp dir whose name nginx can read in a config: t.TempDir
// names it after the test, with characters nginx takes as syntax.
func mm01TempDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "mm01-nginx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// tail shortens nginx's output for a failure message.
func mm01Tail(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// mm01ResolverNames are the host names given to resolver directives.
func mm01ResolverNames(data map[string]string) []string {
	var out []string
	for k, v := range data {
		c, err := nginx.Parse(k, []byte(v))
		if err != nil {
			continue
		}
		for _, d := range c.Find("resolver") {
			for _, a := range d.Args {
				h, _, err := net.SplitHostPort(a)
				if err != nil {
					h = a
				}
				if !strings.Contains(a, "=") && net.ParseIP(strings.Trim(h, "[]")) == nil {
					out = append(out, h)
				}
			}
		}
	}
	return out
}
