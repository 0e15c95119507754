package render

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/srcline"
	"github.com/meshlint/meshlint/internal/validate"
)

const blogSystem = "../../manifests/blog-system"

// blogSystemWithoutSecret returns the blog-system directory as a fresh
// clone has it, without the git-ignored mysql.env: the repository's own
// if it has none, else a copy without it.
func blogSystemWithoutSecret(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(blogSystem, "mysql.env")); os.IsNotExist(err) {
		return blogSystem
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(blogSystem)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "mysql.env")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestKustomizeBlogSystem builds the project's correct stack as CI sees
// it, without the credentials file: it builds with a notice, every object
// loads, it lints clean, and its lines point into the files.
func TestKustomizeBlogSystem(t *testing.T) {
	dir := blogSystemWithoutSecret(t)
	res, err := Kustomize(dir)
	if err != nil {
		t.Fatal(err)
	}
	kust := filepath.Join(dir, "kustomization.yaml")
	wantNotice := kust + ":" + strconv.Itoa(lineOf(t, kust, "- mysql.env")) +
		": mysql.env is missing: the Secret mysql-credentials is built without data for linting"
	if len(res.Notices) != 1 || res.Notices[0] != wantNotice {
		t.Errorf("notices %q, want [%q]", res.Notices, wantNotice)
	}
	objs := loadFiles(t, res.Files)
	if len(objs) != len(res.Files) {
		t.Errorf("%d objects from %d files", len(objs), len(res.Files))
	}
	cfg, err := config.Load(filepath.Join(blogSystem, config.FileName))
	if err != nil {
		t.Fatal(err)
	}
	lr := lint(t, cfg, objs)
	for _, f := range lr.Findings {
		t.Errorf("%s %s on %s (%s:%d): %s", f.Severity, f.Rule, f.Object, f.File, f.Line, f.Message)
	}
	for _, p := range lr.Problems {
		t.Errorf("input problem: %v", p)
	}
	checkSamples(t, res.Files, dir)
}

// checkSamples checks lines of the blog-system build against the lines
// of the files they come from, found by their text.
func checkSamples(t *testing.T, files []File, dir string) {
	web, nginx := filepath.Join(dir, "web.yaml"), filepath.Join(dir, "web-nginx-config.yaml")
	kust, pa := filepath.Join(dir, "kustomization.yaml"), filepath.Join(dir, "peer-authentications.yaml")
	samples := []struct {
		sentence, object, rendered string
		want                       Pos
	}{
		{"the web Deployment's replicas are web.yaml's", "Deployment/blog-system/web", "replicas: 2",
			Pos{web, lineOf(t, web, "replicas: 2")}},
		{"the web container's image is web.yaml's", "Deployment/blog-system/web", "image: nginxinc/nginx-unprivileged",
			Pos{web, lineOf(t, web, "image: nginxinc/nginx-unprivileged")}},
		{"a label the kustomization adds is on the object's labels", "Deployment/blog-system/web", "app.kubernetes.io/part-of: blog",
			Pos{web, nthLineOf(t, web, "  labels:", 1)}},
		{"a line of nginx.conf in the ConfigMap is its line in the file", "ConfigMap/blog-system/web-nginx-config",
			"proxy_set_header Host was-service;", Pos{nginx, lineOf(t, nginx, "proxy_set_header Host was-service;")}},
		{"the second PeerAuthentication default is the second in the file", "PeerAuthentication/blog-system/default",
			"mode: PERMISSIVE", Pos{pa, nthLineOf(t, pa, "mode: PERMISSIVE", -1)}},
		{"the generated Secret's namespace is the generator's", "Secret/blog-system/mysql-credentials-",
			"namespace: blog-system", Pos{kust, lineOf(t, kust, "    namespace: blog-system")}},
	}
	for _, s := range samples {
		f := fileOf(t, files, s.object)
		if got := f.Lines[renderedLine(t, f, s.rendered)-1]; got != s.want {
			t.Errorf("%s: %q maps to %v, want %v", s.sentence, s.rendered, got, s.want)
		}
	}
}

// TestKustomizeFieldReport builds the field report's broken stack kept
// as a base and an overlay, lints it, and finds both traps where the user
// edits them: ML201 on nginx.conf's Host line, ML101 on the patch that
// made mTLS STRICT.
func TestKustomizeFieldReport(t *testing.T) {
	dir := "testdata/kustomize/fieldreport"
	res, err := Kustomize(filepath.Join(dir, "overlay"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(dir, config.FileName))
	if err != nil {
		t.Fatal(err)
	}
	lr := lint(t, cfg, loadFiles(t, res.Files))
	m := Map{}
	m.Add(res.Files)
	got := map[string]Pos{}
	for _, f := range lr.Findings {
		pos, ok := m.Resolve(f.File, f.Line)
		if !ok || pos.Line == 0 {
			t.Errorf("%s on %s (%s:%d) maps to %v", f.Rule, f.Object, f.File, f.Line, pos)
		}
		got[f.Rule+" "+f.Object.String()] = pos
	}
	conf, patch := filepath.Join(dir, "base/nginx.conf"), filepath.Join(dir, "overlay/strict-mtls.yaml")
	want := map[string]Pos{
		"ML201 ConfigMap/blog-system/web-nginx-config-": {conf, lineOf(t, conf, "proxy_set_header Host $host;")},
		"ML101 PeerAuthentication/blog-system/default":  {patch, lineOf(t, patch, "mode: STRICT")},
	}
	for k, w := range want {
		found := false
		for g, pos := range got {
			if strings.HasPrefix(g, k) {
				found = true
				if pos != w {
					t.Errorf("%s maps to %v, want %v", g, pos, w)
				}
			}
		}
		if !found {
			t.Errorf("no %s; findings: %v", k, got)
		}
	}
}

// TestKustomizeMapping follows lines through what overlays do: rename,
// move, patch three ways, generate from env files, literals and a missing
// secret file.
func TestKustomizeMapping(t *testing.T) {
	dir := "testdata/kustomize/mapping"
	res, err := Kustomize(filepath.Join(dir, "overlay"))
	if err != nil {
		t.Fatal(err)
	}
	path := func(p string) string { return filepath.Join(dir, p) }
	bk, ok := path("base/kustomization.yaml"), path("overlay/kustomization.yaml")
	deploys, svcs := path("base/deployments.yaml"), path("base/services.yaml")
	webPatch, apiPatch, env := path("overlay/web-patch.yaml"), path("overlay/api-image.yaml"), path("base/app.env")
	wantNotice := bk + ":" + strconv.Itoa(lineOf(t, bk, "- tls.key")) +
		": tls.key is missing: the Secret api-tls is built without data for linting"
	if len(res.Notices) != 1 || res.Notices[0] != wantNotice {
		t.Errorf("notices %q, want [%q]", res.Notices, wantNotice)
	}
	cases := []struct {
		sentence, object, rendered string
		want                       Pos
	}{
		{"a renamed and moved object finds its source among two of its kind", "Deployment/shop/prod-api-v2",
			"mountPath: /tls", Pos{deploys, lineOf(t, deploys, "mountPath: /tls")}},
		{"the namespace the overlay sets is on the source's metadata", "Deployment/shop/prod-web-v2",
			"namespace: shop", Pos{deploys, nthLineOf(t, deploys, "metadata:", 1)}},
		{"a field a strategic-merge patch sets is the patch's", "Deployment/shop/prod-web-v2",
			"replicas: 3", Pos{webPatch, lineOf(t, webPatch, "replicas: 3")}},
		{"a container a patch adds is the patch's, its name included", "Deployment/shop/prod-web-v2",
			"name: debug", Pos{webPatch, lineOf(t, webPatch, "name: debug")}},
		{"a field next to a patched one stays the base's", "Deployment/shop/prod-web-v2",
			"image: example/web:1", Pos{deploys, lineOf(t, deploys, "image: example/web:1")}},
		{"a JSON 6902 operation's value is the operation's", "Deployment/shop/prod-api-v2",
			"image: example/api:2", Pos{apiPatch, lineOf(t, apiPatch, "value: example/api:2")}},
		{"an inline patch maps into the kustomization that holds it", "Service/shop/prod-api-v2",
			"targetPort: 8443", Pos{ok, lineOf(t, ok, "targetPort: 8443")}},
		{"the list item a patch merges into keeps its key's line", "Service/shop/prod-api-v2",
			"port: 8080", Pos{svcs, lineOf(t, svcs, "port: 8080")}},
		{"an env file's key is its line", "ConfigMap/shop/prod-app-settings-v2-",
			"LOG_LEVEL: debug", Pos{env, lineOf(t, env, "LOG_LEVEL=")}},
		{"a literal is its item in the kustomization", "ConfigMap/shop/prod-app-settings-v2-",
			"MODE: base", Pos{bk, lineOf(t, bk, "- MODE=base")}},
		{"the rest of a generated object is the generator entry", "ConfigMap/shop/prod-app-settings-v2-",
			"kind: ConfigMap", Pos{bk, lineOf(t, bk, "- name: app-settings")}},
		{"a key from a missing secret file is that file", "Secret/shop/prod-api-tls-v2-",
			"tls.key:", Pos{File: path("base/tls.key")}},
	}
	for _, c := range cases {
		f := fileOf(t, res.Files, c.object)
		if got := f.Lines[renderedLine(t, f, c.rendered)-1]; got != c.want {
			t.Errorf("%s: %q maps to %v, want %v", c.sentence, c.rendered, got, c.want)
		}
	}
	if want := deploys + "#Deployment/shop/prod-web-v2"; fileOf(t, res.Files, "Deployment/shop/prod-web-v2").Name != want {
		t.Errorf("file name %q, want %q", fileOf(t, res.Files, "Deployment/shop/prod-web-v2").Name, want)
	}
}

// TestKustomizeOriginsWhateverTheKustomizationSays: origins are asked for
// without losing what the user's kustomization already says, in YAML or
// JSON.
func TestKustomizeOriginsWhateverTheKustomizationSays(t *testing.T) {
	resource := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
	cases := []struct{ sentence, kustomization string }{
		{"no buildMetadata", "resources:\n  - settings.yaml\n"},
		{"no final newline", "resources:\n  - settings.yaml"},
		{"buildMetadata in a block list", "resources:\n  - settings.yaml\nbuildMetadata:\n  - managedByLabel\n"},
		{"buildMetadata that asks for origins", "buildMetadata: [originAnnotations]\nresources: [settings.yaml]\n"},
		{"a document marker at the end", "resources:\n  - settings.yaml\n---\n"},
		{"JSON", `{"resources": ["settings.yaml"], "buildMetadata": ["managedByLabel"]}`},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			dir := writeDir(t, map[string]string{"kustomization.yaml": c.kustomization, "settings.yaml": resource})
			res, err := Kustomize(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Files) != 1 {
				t.Fatalf("%d files, want 1", len(res.Files))
			}
			f := res.Files[0]
			if want := (Pos{filepath.Join(dir, "settings.yaml"), 1}); f.Lines[0] != want {
				t.Errorf("first line maps to %v, want %v", f.Lines[0], want)
			}
			if strings.Contains(string(f.Data), "config.kubernetes.io/origin") || strings.Contains(string(f.Data), "annotations") {
				t.Errorf("the origin annotation is left:\n%s", f.Data)
			}
			if managed := strings.Contains(string(f.Data), "app.kubernetes.io/managed-by"); managed != strings.Contains(c.kustomization, "managedByLabel") {
				t.Errorf("managed-by label %v, the kustomization asks for it: %v", managed, !managed)
			}
		})
	}
}

// TestKustomizeErrors: what kustomize cannot build comes back as an error
// that names the kustomization file and, when known, the line.
func TestKustomizeErrors(t *testing.T) {
	res := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
	cases := []struct {
		sentence string
		files    map[string]string
		build    string // the directory to build, in the tree
		file, at string // the file and the text whose line the error names; at "" for no line
	}{
		{"a directory without a kustomization", map[string]string{"a.yaml": res}, ".", ".", ""},
		{"a resource file that does not exist", map[string]string{"kustomization.yaml": "resources:\n  - a.yaml\n  - missing.yaml\n", "a.yaml": res},
			".", "kustomization.yaml", "- missing.yaml"},
		{"a resource file that is not YAML", map[string]string{"kustomization.yaml": "resources:\n  - a.yaml\n", "a.yaml": "a: [\n"},
			".", "kustomization.yaml", "- a.yaml"},
		{"bad YAML in the kustomization", map[string]string{"kustomization.yaml": "resources:\n  - a.yaml\nnamePrefix: [x\n", "a.yaml": res},
			".", "kustomization.yaml", "namePrefix"},
		{"bad YAML in a base's kustomization", map[string]string{"overlay/kustomization.yaml": "resources:\n  - ../base\n",
			"base/kustomization.yaml": "resources:\n  - a.yaml\n namePrefix: x\n", "base/a.yaml": res},
			"overlay", "base/kustomization.yaml", "namePrefix"},
		{"a configMapGenerator file that does not exist", map[string]string{"kustomization.yaml": "configMapGenerator:\n  - name: web\n    files:\n      - nginx.conf\n"},
			".", "kustomization.yaml", "- nginx.conf"},
		{"a field kustomize does not know", map[string]string{"kustomization.yaml": "resourcez:\n  - a.yaml\n"}, ".", "kustomization.yaml", "resourcez:"},
		{"helmCharts, which need the helm binary", map[string]string{"kustomization.yaml": "helmCharts:\n  - name: web\n    repo: https://charts.example.com\n"},
			".", "kustomization.yaml", "helmCharts:"},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			dir := writeDir(t, c.files)
			_, err := Kustomize(filepath.Join(dir, c.build))
			if err == nil {
				t.Fatal("no error")
			}
			want := filepath.Join(dir, c.file)
			if c.at != "" {
				want += ":" + strconv.Itoa(lineOf(t, want, c.at)) + ":"
			}
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q, want it to start with %q", err, want)
			}
		})
	}
}

// writeDir writes files (relative path -> text) into a new directory.
func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadFiles loads rendered files as the CLI does, one object list in
// input order.
func loadFiles(t *testing.T, files []File) []*manifest.Object {
	t.Helper()
	r := Load(files, manifest.Options{})
	for _, err := range r.Errors {
		t.Errorf("load: %v", err)
	}
	return r.Objects
}

func lint(t *testing.T, cfg *config.Config, objs []*manifest.Object) *validate.Result {
	t.Helper()
	v, err := validate.New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := v.Lint(objs)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// fileOf returns the rendered file of the object whose reference starts
// with ref (generated names end in a hash).
func fileOf(t *testing.T, files []File, ref string) File {
	t.Helper()
	for _, f := range files {
		if _, r, _ := strings.Cut(f.Name, "#"); strings.HasPrefix(r, ref) {
			return f
		}
	}
	t.Fatalf("no rendered object %s", ref)
	return File{}
}

// renderedLine returns the line of f that holds text, which must be one.
func renderedLine(t *testing.T, f File, text string) int {
	t.Helper()
	return srcline.In(t, f.Name, string(f.Data), text, 0)
}

// lineOf returns the line of the file that holds text, which must be one.
func lineOf(t *testing.T, file, text string) int {
	t.Helper()
	return nthLineOf(t, file, text, 0)
}

// nthLineOf returns the nth line of the file that holds text (1 is the
// first, -1 the last; 0: the only one).
func nthLineOf(t *testing.T, file, text string, nth int) int {
	t.Helper()
	return srcline.Of(t, file, text, nth)
}
