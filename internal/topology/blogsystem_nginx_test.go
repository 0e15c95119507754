package topology

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/nginx/nginxtest"
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

	port := nginxtest.FreePort(t)
	conf := webNginxConfig(t)
	conf = mustReplace(t, conf, "listen 8080;", "listen 127.0.0.1:"+port+";")
	conf = mustReplace(t, conf, "was-service.blog-system.svc.cluster.local:8080", strings.TrimPrefix(was.URL, "http://"))
	nginxtest.Serve(t, bin, conf, port)

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

// nginxBinary finds nginx; the test fails without it (skips in -short
// mode).
func nginxBinary(t *testing.T) string {
	t.Helper()
	return nginxtest.Binary(t)
}
