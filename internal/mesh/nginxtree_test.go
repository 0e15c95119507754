package mesh

import (
	"os"
	"strings"
	"testing"
)

func buildFile(t *testing.T, name string) *Model {
	t.Helper()
	b, err := os.ReadFile("../../testdata/rules/ML201/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return build(t, string(b))
}

// What the container loads, and what reading it tells --explain.
func TestNginxTreeLoadsWhatNginxReads(t *testing.T) {
	cases := []struct {
		file   string
		loaded []string // the files of the first nginx container, in read order
		note   string   // a note that must be there ("" none)
	}{
		{"tree-bak-key-not-loaded.yaml", []string{"/etc/nginx/nginx.conf", "/etc/nginx/mime.types", "/etc/nginx/conf.d/default.conf"}, ""},
		{"tree-c-custom-path.yaml", []string{"/etc/nginx/custom/main.conf", "/etc/nginx/custom/sites/app.conf"}, ""},
		{"tree-include-unknown.yaml", []string{"/etc/nginx/nginx.conf", "/etc/nginx/mime.types", "/etc/nginx/conf.d/default.conf"},
			"nginx include of /etc/nginx/snippets/proxy.conf"},
		{"tree-two-configmaps-http-headers.yaml", []string{"/etc/nginx/nginx.conf", "/etc/nginx/mime.types", "/etc/nginx/conf.d/app.conf"}, ""},
		{"tree-subpath-conf-d-file.yaml", []string{"/etc/nginx/nginx.conf", "/etc/nginx/mime.types", "/etc/nginx/conf.d/app.conf", "/etc/nginx/conf.d/default.conf"}, ""},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			m := buildFile(t, c.file)
			if len(m.Problems) > 0 {
				t.Errorf("problems: %v", m.Problems)
			}
			if len(m.nginxCfgs.all) == 0 {
				t.Fatal("no nginx container")
			}
			if got := strings.Join(m.nginxCfgs.all[0].Loaded, " "); got != strings.Join(c.loaded, " ") {
				t.Errorf("loaded %s, want %s", got, strings.Join(c.loaded, " "))
			}
			found := c.note == ""
			for _, n := range m.Notes {
				found = found || strings.Contains(n.Msg, c.note)
			}
			if !found {
				t.Errorf("no note %q among %v", c.note, m.Notes)
			}
		})
	}
}

// Containers that run no nginx, and volumes a container does not mount,
// give no nginx configuration.
func TestNotNginx(t *testing.T) {
	for _, f := range []string{"tree-not-an-nginx-container.yaml"} {
		if m := buildFile(t, f); len(m.nginxCfgs.all) != 0 {
			t.Errorf("%s: %d nginx configurations, want none", f, len(m.nginxCfgs.all))
		}
	}
	m := buildFile(t, "tree-volume-not-mounted.yaml")
	if len(m.nginxCfgs.all) != 1 || len(m.nginxCfgs.all[0].Proxies) != 0 {
		t.Errorf("an unmounted volume gave proxies")
	}
}

// A directive of a ConfigMap's file is placed at its YAML line in that
// ConfigMap; one of the image's own files on the workload.
func TestNginxDirectiveOrigin(t *testing.T) {
	m := buildFile(t, "tree-subpath-conf-d-file.yaml")
	nc := m.nginxCfgs.all[0]
	var fromImage, fromCM bool
	for _, p := range nc.Proxies {
		o, line := nc.Line(p.Directive)
		fromCM = fromCM || (o.Kind == "ConfigMap" && o.Name == "web-nginx-config" && line == 24)
	}
	cfg, err := treeLayout{nc.Tree, nc.ConfPrefix, nil}.Parse("/etc/nginx/conf.d/default.conf", []byte(nc.Files["/etc/nginx/conf.d/default.conf"]))
	if err != nil {
		t.Fatal(err)
	}
	if o, _ := nc.Line(cfg.Directives[0]); o == nc.Workload.Obj {
		fromImage = true
	}
	if !fromCM || !fromImage {
		t.Errorf("proxy_pass placed in the ConfigMap: %v; image directive on the workload: %v", fromCM, fromImage)
	}
}
