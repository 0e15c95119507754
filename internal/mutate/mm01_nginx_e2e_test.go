package mutate_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/validate"
)

// MM01 against the real nginx (harness: mm01_nginx_harness_test.go).

// Every config of the fixtures, as given and as MM01 writes it, is one
// nginx loads: MM01 never writes a config nginx rejects, and the fixtures
// themselves are real configs. nginx reads the container's whole file
// tree (the image's own files and every ConfigMap the pod mounts), from
// the file it starts from (nginx_tree_harness_test.go).
func TestMM01ConfigsPassNginx(t *testing.T) {
	for _, c := range loadMM01Cases(t) {
		t.Run(c.expect.Name, func(t *testing.T) {
			t.Parallel()
			before, after := mm01Trees(t, c)
			for _, v := range []struct {
				what string
				nc   *mesh.NginxConfig
			}{{"input", before}, {"MM01's output", after}} {
				site := newTreeSite(t, v.nc, v.nc.Files, mm01LoopbackIP())
				if out, err := site.test(t); err != nil {
					t.Errorf("nginx -t rejects the %s: %v\n%s", v.what, err, mm01Tail(out))
				}
			}
		})
	}
}

// mm01Trees are the file trees of the first nginx container that loads
// the case's ConfigMap, before and after MM01.
func mm01Trees(t *testing.T, c *mm01Case) (before, after *mesh.NginxConfig) {
	t.Helper()
	return mm01TreeOf(t, c.model, c.cm), mm01TreeOf(t, mesh.Build(c.after, validate.Settings(config.Default())), c.cm)
}

func mm01TreeOf(t *testing.T, m *mesh.Model, cm *manifest.Object) *mesh.NginxConfig {
	t.Helper()
	for _, nc := range m.NginxConfigsOf(cm) {
		if nc.Main != "" {
			return nc
		}
	}
	t.Fatalf("no nginx container whose start file meshlint knows loads %s", cm.Ref())
	return nil
}

// The field report, end to end: the client asks for blog.jiminhome.shop;
// with the report's config was-service gets that external name as its Host
// (which its sidecar sends to PassthroughCluster); with MM01's it gets
// was-service, and the external name in X-Forwarded-Host.
func TestMM01FieldReportEndToEnd(t *testing.T) {
	for _, c := range loadMM01Cases(t) {
		if c.expect.Input != "../../../field-report/host/stack.yaml" {
			continue
		}
		before, after := mm01Run(t, c, []mm01Req{{Method: "GET", Path: "/api", Host: "blog.jiminhome.shop"}})
		if got := before[0].host; got != "blog.jiminhome.shop" {
			t.Errorf("with the field report's config was-service gets Host %q, want the external blog.jiminhome.shop", got)
		}
		if got := after[0].host; got != "was-service" {
			t.Errorf("with MM01's config was-service gets Host %q, want was-service", got)
		}
		if got := after[0].header.Get("X-Forwarded-Host"); got != "blog.jiminhome.shop" {
			t.Errorf("with MM01's config X-Forwarded-Host is %q, want blog.jiminhome.shop", got)
		}
		return
	}
	t.Fatal("no MM01 fixture on testdata/field-report/host/stack.yaml")
}

// Every fixture's requests, end to end: the Service gets the Host the
// fixture expects before and after MM01, and every other header exactly as
// before (X-Forwarded-Host aside, which keeps the client's name).
func TestMM01EndToEnd(t *testing.T) {
	for _, c := range loadMM01Cases(t) {
		if len(c.expect.Requests) == 0 {
			continue
		}
		t.Run(c.expect.Name, func(t *testing.T) {
			t.Parallel()
			before, after := mm01Run(t, c, c.expect.Requests)
			for i, r := range c.expect.Requests {
				mm01Compare(t, r, before[i], after[i])
			}
		})
	}
}

func mm01Compare(t *testing.T, r mm01Req, before, after mm01Got) {
	t.Helper()
	if before.host != r.Before || after.host != r.After {
		t.Errorf("%s %s: the Service got Host %q before and %q after MM01, want %q and %q",
			r.Method, r.Path, before.host, after.host, r.Before, r.After)
	}
	if b, a := mm01OtherHeaders(before.header), mm01OtherHeaders(after.header); b != a {
		t.Errorf("%s %s: headers other than Host changed:\n%s\nbecame:\n%s", r.Method, r.Path, b, a)
	}
	xb, xa := before.header.Get("X-Forwarded-Host"), after.header.Get("X-Forwarded-Host")
	if (r.Before == r.After && xb != xa) || (r.Before != r.After && xa != r.Host) {
		t.Errorf("%s %s: X-Forwarded-Host %q became %q", r.Method, r.Path, xb, xa)
	}
}

func mm01OtherHeaders(h http.Header) string {
	var lines []string
	for k, vs := range h {
		if k != "X-Forwarded-Host" {
			lines = append(lines, k+": "+strings.Join(vs, ", "))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// mm01Got is what the Service received for one request.
type mm01Got struct {
	host   string
	header http.Header
}

// mm01Run sends the requests through nginx serving the container's tree
// with the case's input, then with MM01's output, and returns what the
// Service received. Every server listens on one address, as in the pod,
// so nginx picks the server by the request's Host as it would there.
func mm01Run(t *testing.T, c *mm01Case, reqs []mm01Req) (before, after []mm01Got) {
	t.Helper()
	ip := mm01LoopbackIP()
	ncB, ncA := mm01Trees(t, c)
	rec := mm01Recorder(t, ip, append(mm01ProxiedPorts(ncB.Files), mm01ProxiedPorts(ncA.Files)...))
	return mm01Serve(t, ncB, ip, rec, reqs), mm01Serve(t, ncA, ip, rec, reqs)
}

// mm01Serve runs nginx on the tree of nc and sends reqs through it.
func mm01Serve(t *testing.T, nc *mesh.NginxConfig, ip string, rec chan mm01Got, reqs []mm01Req) []mm01Got {
	t.Helper()
	addr := net.JoinHostPort(ip, fmt.Sprint(mm01FreePort(t, ip)))
	files, _ := treeListenOn(nc.Files, func() string { return addr })
	site := newTreeSite(t, nc, files, ip)
	stop := mm01ServeCmd(t, func(ctx context.Context) *exec.Cmd {
		return site.command(ctx, t, "-g", "daemon off; master_process off; error_log stderr;")
	}, addr)
	defer stop()
	var out []mm01Got
	for _, r := range reqs {
		out = append(out, mm01Send(t, addr, r, rec))
	}
	return out
}

func mm01Send(t *testing.T, addr string, r mm01Req, rec chan mm01Got) mm01Got {
	t.Helper()
	req, err := http.NewRequest(r.Method, "http://"+addr+r.Path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = r.Host
	for k, v := range r.Headers {
		req.Header.Set(k, v)
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s through nginx: %v", r.Method, r.Path, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	select {
	case got := <-rec:
		return got
	case <-time.After(5 * time.Second):
		t.Fatalf("%s %s: nginx answered %s but the Service got no request", r.Method, r.Path, resp.Status)
	}
	return mm01Got{}
}

// mm01Recorder serves on ip at every port the config proxies to, standing
// for the Services, and reports the Host and headers of each request.
func mm01Recorder(t *testing.T, ip string, ports []int) chan mm01Got {
	t.Helper()
	got := make(chan mm01Got, 16)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- mm01Got{host: r.Host, header: r.Header.Clone()}
		fmt.Fprintln(w, "ok")
	})
	seen := map[int]bool{}
	for _, p := range ports {
		if seen[p] {
			continue
		}
		seen[p] = true
		ln, err := net.Listen("tcp", net.JoinHostPort(ip, fmt.Sprint(p)))
		if err != nil {
			t.Fatalf("the stand-in Service cannot listen on %s:%d: %v", ip, p, err)
		}
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = srv.Serve(ln) }()
		t.Cleanup(func() { srv.Close() })
	}
	return got
}

// mm01ServeCmd starts the nginx command that start makes, in the
// foreground, and waits until addr accepts connections; stop ends it.
func mm01ServeCmd(t *testing.T, start func(ctx context.Context) *exec.Cmd, addr string) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	cmd := start(ctx)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start nginx: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop = func() {
		cancel()
		<-exited
	}
	if err := mm01WaitListening(addr, exited); err != nil {
		stop()
		t.Fatalf("nginx did not serve on %s: %v\n%s", addr, err, mm01Tail(stderr.Bytes()))
	}
	return stop
}

func mm01WaitListening(addr string, exited chan error) error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			exited <- err
			return fmt.Errorf("nginx exited: %v", err)
		default:
		}
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("timed out")
}

func mm01FreePort(t *testing.T, ip string) int {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
