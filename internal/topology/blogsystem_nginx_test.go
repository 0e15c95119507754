package topology

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/nginx"
)

// TestBlogSystemNginxSendsTheMeshName runs web's nginx configuration
// (web-nginx-config.yaml) in the real nginx, in front of a Go server
// standing in for was, and checks what reaches was: the Host the sidecar
// routes by must be was-service, and the external name must survive in
// X-Forwarded-Host. Only addresses change for the test (nginx's listen
// port, and was's address in proxy_pass, which cluster DNS would resolve):
// the Host header is set explicitly, so it does not depend on them.
func TestBlogSystemNginxSendsTheMeshName(t *testing.T) {
	bin := nginxBinary(t)
	seen := make(chan *http.Request, 1)
	was := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen <- r
		io.WriteString(w, "from was")
	}))
	defer was.Close()

	port := freePort(t)
	conf := webNginxConfig(t)
	conf = mustReplace(t, conf, "listen 8080;", "listen 127.0.0.1:"+port+";")
	conf = mustReplace(t, conf, "was-service.blog-system.svc.cluster.local:8080", strings.TrimPrefix(was.URL, "http://"))
	runNginx(t, bin, conf, port)

	req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+"/api/posts?page=2", nil)
	req.Host = "blog.example.com"
	req.Header.Set("X-Forwarded-Proto", "https") // as the ingress controller sets it
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "from was" {
		t.Fatalf("GET /api/posts: %d %q", resp.StatusCode, body)
	}
	r := <-seen
	checks := []struct{ what, got, want string }{
		{"Host (what the sidecar routes by)", r.Host, "was-service"},
		{"X-Forwarded-Host", r.Header.Get("X-Forwarded-Host"), "blog.example.com"},
		{"X-Forwarded-Proto", r.Header.Get("X-Forwarded-Proto"), "https"},
		{"path", r.URL.RequestURI(), "/api/posts?page=2"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s reaching was: %q, want %q", c.what, c.got, c.want)
		}
	}
	checkHealthz(t, port)
}

// checkHealthz: the probes' endpoint answers without touching was.
func checkHealthz(t *testing.T, port string) {
	t.Helper()
	resp, err := http.Get("http://127.0.0.1:" + port + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok\n" {
		t.Errorf("GET /healthz: %d %q", resp.StatusCode, body)
	}
}

func webNginxConfig(t *testing.T) string {
	t.Helper()
	res := manifest.Load([]string{filepath.Join(blogSystem, "web-nginx-config.yaml")}, manifest.Options{})
	if len(res.Errors) > 0 || len(res.Objects) != 1 {
		t.Fatalf("load web-nginx-config.yaml: %v", res.Errors)
	}
	conf, _ := dig(res.Objects[0].Body, "data", "default.conf").(string)
	if conf == "" {
		t.Fatal("web-nginx-config has no default.conf")
	}
	return conf
}

func mustReplace(t *testing.T, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("the nginx config no longer holds %q", old)
	}
	return strings.Replace(s, old, new, 1)
}

// runNginx starts nginx in the foreground as one process (so it needs no
// user switch and no write access outside its temp directory), with conf
// as the server the image mounts under conf.d, and waits for its port.
func runNginx(t *testing.T, bin, conf, port string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "meshlint-nginx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	main := "error_log stderr;\nevents {}\nhttp {\n    access_log off;\n"
	for _, p := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		main += "    " + p + "_temp_path " + filepath.Join(dir, p) + ";\n"
	}
	main += "    include " + filepath.Join(dir, "default.conf") + ";\n}\n"
	for name, text := range map[string]string{"nginx.conf": main, "default.conf": conf} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-p", dir+"/", "-c", filepath.Join(dir, "nginx.conf"),
		"-g", "daemon off; master_process off; pid "+filepath.Join(dir, "nginx.pid")+";")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cancel(); <-exited })
	deadline := time.After(10 * time.Second)
	for {
		if c, err := net.Dial("tcp", "127.0.0.1:"+port); err == nil {
			c.Close()
			return
		}
		select {
		case err := <-exited:
			exited <- err // for the cleanup
			t.Fatalf("nginx exited: %v\n%s", err, stderr.String())
		case <-deadline:
			t.Fatalf("nginx did not listen on %s:\n%s", port, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// nginxBinary finds nginx; the test fails, never skips, without it.
func nginxBinary(t *testing.T) string {
	t.Helper()
	p, err := nginx.Binary()
	if err != nil {
		t.Fatal(err)
	}
	return p
}
