package topology

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/validate"
)

// The base manifests (manifests/blog-system) are the field report's final
// stack, correct: they lint clean as written and as kustomize builds them,
// and their tables are the report's.

const blogSystem = "../../manifests/blog-system"

// blogConfig is the .meshlint.yaml beside the manifests: it says what they
// cannot, that the ingress controller of class nginx has no sidecar.
func blogConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Load(filepath.Join(blogSystem, config.FileName))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// lintClean fails on any finding, input problem or undecided fact: the base
// manifests are what users copy, so even an info finding would teach them
// to live with one.
func lintClean(t *testing.T, what string, objs []*manifest.Object) *validate.Result {
	t.Helper()
	v, err := validate.New(blogConfig(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := v.Lint(objs)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Errorf("%s: %s %s on %s (%s:%d): %s", what, f.Severity, f.Rule, f.Object, f.File, f.Line, f.Message)
	}
	for _, p := range res.Problems {
		t.Errorf("%s: input problem: %v", what, p)
	}
	for _, n := range res.Model.Undecided() {
		t.Errorf("%s: the model could not decide: %s:%d: %s", what, n.Object.File, n.Line, n.Msg)
	}
	return res
}

func loadDir(t *testing.T, dir string) []*manifest.Object {
	t.Helper()
	loaded := manifest.Load([]string{dir}, manifest.Options{})
	for _, err := range loaded.Errors {
		t.Fatalf("load %s: %v", dir, err)
	}
	return loaded.Objects
}

func TestBlogSystemLintsClean(t *testing.T) {
	lintClean(t, "manifests/blog-system", loadDir(t, blogSystem))
}

// TestBlogSystemBuildsWithKustomize builds the directory as `kubectl apply
// -k` does (with the credentials file a user creates from the example),
// lints the result, and checks that kustomize changed nothing the mesh
// reads: the built stack has the same tables as the files.
func TestBlogSystemBuildsWithKustomize(t *testing.T) {
	built := kustomizeBuild(t)
	objs := manifest.LoadBytes("kustomize-build.yaml", built, manifest.Options{})
	if len(objs.Errors) > 0 {
		t.Fatalf("kustomize output does not load: %v", objs.Errors)
	}
	res := lintClean(t, "kustomize build", objs.Objects)
	fromFiles := lintClean(t, "manifests/blog-system", loadDir(t, blogSystem))
	got, want := Build(res.Model), Build(fromFiles.Model)
	if !reflect.DeepEqual(got.Scale, want.Scale) {
		t.Errorf("scale of the build differs from the files':\n%+v\n%+v", got.Scale, want.Scale)
	}
	if names(got.Hops) != names(want.Hops) {
		t.Errorf("hops of the build differ from the files':\n%s\n%s", names(got.Hops), names(want.Hops))
	}
	checkBuiltObjects(t, objs.Objects)
}

// checkBuiltObjects checks what kustomize had to get right: the mesh-wide
// policy stays in istio-system, and the generated Secret's hashed name is
// what was and mysql read.
func checkBuiltObjects(t *testing.T, objs []*manifest.Object) {
	t.Helper()
	var secret string
	peerAuths := map[string]bool{}
	refs := map[string]bool{}
	for _, o := range objs {
		switch o.Kind {
		case "PeerAuthentication":
			peerAuths[o.Namespace+"/"+o.Name] = true
		case "Secret":
			secret = o.Name
		case "Deployment", "StatefulSet":
			for _, name := range secretRefs(o.Body) {
				refs[o.Name+" -> "+name] = true
			}
		}
	}
	if want := map[string]bool{"istio-system/default": true, "blog-system/default": true}; !reflect.DeepEqual(peerAuths, want) {
		t.Errorf("PeerAuthentications after kustomize: %v, want %v", peerAuths, want)
	}
	if secret == "" || secret == "mysql-credentials" {
		t.Fatalf("want a generated Secret mysql-credentials-<hash>, got %q", secret)
	}
	for _, want := range []string{"was -> " + secret, "mysql -> " + secret} {
		if !refs[want] {
			t.Errorf("no reference %s in the build; references: %v", want, refs)
		}
	}
}

// kustomizeBuild runs kustomize on a copy of the directory that holds
// mysql.env made from mysql.env.example, as README.md tells users to.
func kustomizeBuild(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(blogSystem)); err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(filepath.Join(dir, "mysql.env.example"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "mysql.env"), example, 0o600); err != nil {
		t.Fatal(err)
	}
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	rm, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		t.Fatalf("kustomize build manifests/blog-system: %v", err)
	}
	out, err := rm.AsYaml()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// secretRefs lists the Secrets a workload's containers read through
// env[].valueFrom.secretKeyRef and envFrom[].secretRef.
func secretRefs(body map[string]any) []string {
	var out []string
	spec, _ := dig(body, "spec", "template", "spec").(map[string]any)
	containers, _ := spec["containers"].([]any)
	for _, c := range containers {
		cm, _ := c.(map[string]any)
		envs, _ := cm["env"].([]any)
		for _, e := range envs {
			if name, ok := dig(e, "valueFrom", "secretKeyRef", "name").(string); ok {
				out = append(out, name)
			}
		}
		froms, _ := cm["envFrom"].([]any)
		for _, e := range froms {
			if name, ok := dig(e, "secretRef", "name").(string); ok {
				out = append(out, name)
			}
		}
	}
	return out
}

func dig(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func names(hops []Hop) string {
	var s string
	for _, h := range hops {
		s += h.Name + " " + h.Label + "; "
	}
	return s
}

// TestBlogSystemIsTheReportsStack: the tables of the base manifests are
// the field report's "After" tables.
func TestBlogSystemIsTheReportsStack(t *testing.T) {
	tp := Build(lintClean(t, "manifests/blog-system", loadDir(t, blogSystem)).Model)
	s := tp.Scale
	scale := []struct {
		item      string
		got, want any
	}{
		{"namespaces", s.Namespaces, Names{Count: 2, Names: []string{"blog-system", "istio-system"}}},
		{"services", s.Services, Names{Count: 3, Names: []string{"web-service", "was-service", "mysql"}}},
		{"mesh coverage", s.Coverage, Coverage{Percent: 66, Meshed: []string{"web-service", "was-service"}, NotMeshed: []string{"mysql"}}},
		{"DestinationRules", s.DestinationRules, 3},
		{"VirtualServices", s.VirtualServices, 1},
		{"AuthorizationPolicies", s.AuthorizationPolicies, 2},
		{"PeerAuthentications", s.PeerAuthentications, 2},
	}
	for _, c := range scale {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: %+v, want %+v", c.item, c.got, c.want)
		}
	}
	want := "NGINX Ingress -> web:80 plain text; web -> was:8080 mTLS; was -> mysql:3306 plain text; "
	if got := names(tp.Hops); got != want {
		t.Errorf("hops:\n%s\nwant the report's:\n%s", got, want)
	}
}

// TestEarlierStatesShowTheirTrap: each state of testdata/field-report/before
// shows, hop by hop, what its header says.
func TestEarlierStatesShowTheirTrap(t *testing.T) {
	cases := []struct {
		sentence, file, want string
	}{
		{"before: /api goes straight to was, every hop is plain text", "initial.yaml",
			"NGINX Ingress -> web:80 plain text; NGINX Ingress -> was:8080 plain text; was -> mysql:3306 plain text; "},
		{"STRICT behind the unmeshed ingress: its hop is rejected (502)", "strict.yaml",
			"NGINX Ingress -> web:80 broken (rejected); web -> was:8080 mTLS; was -> mysql:3306 plain text; "},
		{"Host $host: web -> was leaves the mesh through PassthroughCluster", "host.yaml",
			"NGINX Ingress -> web:80 plain text; web -> was:8080 passthrough; was -> mysql:3306 plain text; "},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			objs := loadDir(t, filepath.Join("../../testdata/field-report/before", c.file))
			tp := Build(mesh.Build(objs, validate.Settings(config.Default())))
			if got := names(tp.Hops); got != c.want {
				t.Errorf("hops:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// TestBlogSystemReadmeShowsTheCurrentOutput keeps the tables and graph in
// manifests/blog-system/README.md what meshlint prints (the golden files).
func TestBlogSystemReadmeShowsTheCurrentOutput(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(blogSystem, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for block, golden := range map[string]string{"report": "blog-system.report.md", "graph": "blog-system.mermaid.md"} {
		want, err := os.ReadFile(filepath.Join("testdata", golden))
		if err != nil {
			t.Fatal(err)
		}
		_, after, ok := strings.Cut(string(readme), "<!-- "+block+" -->\n")
		shown, _, ok2 := strings.Cut(after, "<!-- /"+block+" -->")
		if !ok || !ok2 {
			t.Fatalf("README.md has no %s block", block)
		}
		if shown != string(want) {
			t.Errorf("README.md's %s block is stale; meshlint prints:\n%s", block, want)
		}
	}
}
