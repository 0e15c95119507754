package mutate_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/nginx"
	"github.com/meshlint/meshlint/internal/nginx/nginxtest"
	"github.com/meshlint/meshlint/internal/parts"
)

// Pieces of the real-nginx harness shared by the MM01 tests and the file
// tree tests (nginx_tree_harness_test.go lays a container's files out for
// nginx): finding nginx and unshare(1), the names and ports a config makes
// nginx resolve and dial, loopback addresses and temp dirs.

// mm01Nginx finds nginx; the test fails without it (skips in -short mode).
func mm01Nginx(t *testing.T) string {
	t.Helper()
	return nginxtest.Binary(t)
}

// mm01Unshare starts a command in a mount namespace of its own: as root
// directly, else inside a user namespace where the caller is root.
func mm01Unshare(t *testing.T) []string {
	t.Helper()
	bin := parts.Command(t, "unshare", "apt-get install util-linux")
	if os.Geteuid() == 0 {
		return []string{bin, "--mount", "--propagation", "private"}
	}
	return []string{bin, "--user", "--map-root-user", "--mount", "--propagation", "private"}
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

// mm01LoopbackIP picks an address of 127.0.0.0/8 (all routed to lo on Linux)
// that no other test uses, so fixed ports such as 8080 are free on it.
func mm01LoopbackIP() string {
	return fmt.Sprintf("127.%d.%d.%d", 1+rand.IntN(250), rand.IntN(256), 1+rand.IntN(250))
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
