package mesh_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/nginx/nginxtest"
)

// The ML201 fixtures whose Host comes through `set` or X-Forwarded-Host,
// run in the real nginx: web's config, with only addresses changed (its
// listen port, was-service's address, the resolver), gets the request
// ingress-nginx sends (Host and X-Forwarded-Host both the Ingress host),
// and was must receive the Host the model predicts for the hop.
func TestPredictedHostsMatchRealNginx(t *testing.T) {
	bin := nginxtest.Binary(t)
	for _, f := range []string{"set-host-external-literal", "set-host-server-level", "set-host-location-overrides-server",
		"proxy-pass-variable-host", "xfh-from-ingress-nginx", "xfh-from-ingress-nginx-vs"} {
		t.Run(f, func(t *testing.T) {
			res := manifest.Load([]string{"../../testdata/rules/ML201/" + f + ".yaml"}, manifest.Options{})
			m := mesh.Build(res.Objects, mesh.DefaultSettings())
			want, conf := predicted(t, m)
			seen := make(chan string, 1)
			was := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen <- r.Host }))
			defer was.Close()
			addr := strings.TrimPrefix(was.URL, "http://")
			port := nginxtest.FreePort(t)
			r := strings.NewReplacer("listen 80;", "listen 127.0.0.1:"+port+";",
				"was-service.blog-system.svc.cluster.local:8080", addr, "was-service:8080", addr,
				"resolver kube-dns.kube-system.svc.cluster.local valid=10s;", "resolver 127.0.0.1;")
			nginxtest.Serve(t, bin, r.Replace(conf), port)
			req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+"/api", nil)
			req.Host = "blog.example.com"
			req.Header.Set("X-Forwarded-Host", "blog.example.com")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := <-seen; got != want {
				t.Errorf("nginx sent Host %q, the model predicts %q", got, want)
			}
		})
	}
}

// predicted is the Host of web's hop to was-service and web's config text.
func predicted(t *testing.T, m *mesh.Model) (string, string) {
	t.Helper()
	for _, h := range m.Hops {
		if h.Kind == "nginx" && h.Via.Name == "web-nginx-config" && h.Target.Name == "was-service" {
			data, _ := h.Via.Body["data"].(map[string]any)
			conf, _ := data["default.conf"].(string)
			switch {
			case h.Host.Resolved != "":
				return h.Host.Resolved, conf
			case h.Host.External:
				return "blog.example.com", conf // the client's name: the request's Host
			}
			t.Fatalf("the model does not know the Host (%s)", h.Host.Value)
		}
	}
	t.Fatal("no hop from web-nginx-config to was-service")
	return "", ""
}
