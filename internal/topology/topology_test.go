package topology

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/validate"
)

// topo builds the topology of YAML text with the given config (defaults
// when nil).
func topo(t *testing.T, yaml string, cfg *config.Config) *Topology {
	t.Helper()
	if cfg == nil {
		cfg = config.Default()
	}
	res := manifest.LoadBytes("test.yaml", []byte(yaml), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	return Build(mesh.Build(res.Objects, validate.Settings(cfg)))
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "fixtures", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// hopLabels maps each row's name to its outcome words.
func hopLabels(tp *Topology) map[string]string {
	out := map[string]string{}
	for _, h := range tp.Hops {
		out[h.Name] = h.Label
	}
	return out
}

func TestNamesAreShortUnlessTwoNamespacesShareThem(t *testing.T) {
	tp := topo(t, fixture(t, "two-namespaces.yaml"), nil)
	wantHops := map[string]string{
		"shop/web -> shop/was:8080": "mTLS",
		"blog/web -> blog/was:8080": "mTLS",
		"blog/was -> mysql:3306":    "plain text",
	}
	if got := hopLabels(tp); !reflect.DeepEqual(got, wantHops) {
		t.Errorf("hops %v, want %v", got, wantHops)
	}
	wantServices := []string{"shop/was", "blog/was", "mysql", "shop/web", "blog/web"}
	if got := tp.Scale.Services.Names; !reflect.DeepEqual(got, wantServices) {
		t.Errorf("services %v, want %v", got, wantServices)
	}
}

const backend = `
apiVersion: v1
kind: Namespace
metadata: {name: app, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.27}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec: {selector: {app: web}, ports: [{name: http, port: 80}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: app}
spec:
  ingressClassName: CLASS
  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
`

func TestIngressControllerNodes(t *testing.T) {
	unmeshed := false
	cases := []struct {
		sentence string
		class    string
		extra    string
		cfg      []config.IngressClass
		label    string
		caption  string
	}{
		{"class nginx without its controller is NGINX Ingress, mesh status unknown",
			"nginx", "", nil, "NGINX Ingress", "mesh status unknown"},
		{"the config tells it has no sidecar",
			"nginx", "", []config.IngressClass{{Name: "nginx", Meshed: &unmeshed}}, "NGINX Ingress", "no sidecar"},
		{"another class whose IngressClass names ingress-nginx is NGINX Ingress too",
			"internal", "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: internal}\nspec: {controller: k8s.io/ingress-nginx}\n",
			nil, "NGINX Ingress", "mesh status unknown"},
		{"a class of Traefik is Traefik",
			"traefik", "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: traefik}\nspec: {controller: traefik.io/ingress-controller}\n",
			nil, "Traefik", "mesh status unknown"},
		{"a class of F5's controller is F5 NGINX Ingress Controller",
			"nginx-plus", "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: nginx-plus}\nspec: {controller: nginx.org/ingress-controller}\n",
			nil, "F5 NGINX Ingress Controller", "mesh status unknown"},
		{"a class of another controller is named by its class",
			"haproxy", "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: haproxy}\nspec: {controller: haproxy.org/ingress-controller/haproxy}\n",
			nil, "ingress controller haproxy", "mesh status unknown"},
		{"the controller's workload is drawn as the controller",
			"nginx", "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ingress-nginx-controller, namespace: ingress-nginx}\nspec:\n  template:\n    spec: {containers: [{name: c, image: registry.k8s.io/ingress-nginx/controller:v1.11.2}]}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ingress-nginx}\n",
			nil, "NGINX Ingress", "no sidecar"},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			cfg := config.Default()
			cfg.IngressClasses = c.cfg
			tp := topo(t, strings.Replace(backend, "CLASS", c.class, 1)+c.extra, cfg)
			if len(tp.Hops) != 1 {
				t.Fatalf("want one hop, got %+v", tp.Hops)
			}
			from := tp.Nodes[0]
			if from.ID != tp.Hops[0].From || from.Kind != KindController {
				t.Fatalf("first node %+v is not the hop's controller", from)
			}
			if from.Label != c.label || caption(from) != c.caption {
				t.Errorf("controller %q (%s), want %q (%s)", from.Label, caption(from), c.label, c.caption)
			}
			if want := c.label + " -> web:80"; tp.Hops[0].Name != want {
				t.Errorf("hop %q, want %q", tp.Hops[0].Name, want)
			}
		})
	}
}

func TestHopsDeclaredTwiceAreOneRowWithBothPlaces(t *testing.T) {
	yaml := backend + `---
apiVersion: v1
kind: ConfigMap
metadata: {name: conf, namespace: app}
data:
  default.conf: |
    server {
        listen 80;
        location /a/ { proxy_pass http://api:8080; }
        location /b/ { proxy_pass http://api:8080; }
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: proxy, namespace: app}
spec:
  template:
    metadata: {labels: {app: proxy}}
    spec:
      containers: [{name: nginx, image: nginx:1.27, volumeMounts: [{name: c, mountPath: /etc/nginx/conf.d}]}]
      volumes: [{name: c, configMap: {name: conf}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: app}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: ghcr.io/example/api:1}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: app}
spec: {selector: {app: api}, ports: [{name: http, port: 8080}]}
`
	tp := topo(t, strings.Replace(yaml, "CLASS", "nginx", 1), nil)
	var rows []Hop
	for _, h := range tp.Hops {
		if h.Name == "proxy -> api:8080" {
			rows = append(rows, h)
		}
	}
	if len(rows) != 1 {
		t.Fatalf("want one row proxy -> api:8080, got %+v", tp.Hops)
	}
	if len(rows[0].Via) != 2 || rows[0].Via[0].Line == rows[0].Via[1].Line {
		t.Errorf("want both proxy_pass lines, got %+v", rows[0].Via)
	}
}

// workloadYAML is a Deployment labelled app: app, in or out of the mesh.
func workloadYAML(name, ns, app string, meshed bool) string {
	inject := map[bool]string{true: "true", false: "false"}[meshed]
	return "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + ", namespace: " + ns + "}\n" +
		"spec:\n  template:\n    metadata: {labels: {app: " + app + ", sidecar.istio.io/inject: \"" + inject + "\"}}\n" +
		"    spec: {containers: [{name: c, image: busybox}]}\n"
}

// serviceYAML is a Service selecting app: app.
func serviceYAML(name, ns, app string) string {
	return "---\napiVersion: v1\nkind: Service\nmetadata: {name: " + name + ", namespace: " + ns + "}\n" +
		"spec: {selector: {app: " + app + "}, ports: [{name: http, port: 80}]}\n"
}

func TestMeshCoverage(t *testing.T) {
	cases := []struct {
		sentence string
		yaml     string
		percent  int
		text     string
	}{
		{"2 of 3 is 66%, rounded down as the report writes it",
			workloadYAML("a", "x", "a", true) + serviceYAML("a", "x", "a") + workloadYAML("b", "x", "b", true) +
				serviceYAML("b", "x", "b") + workloadYAML("c", "x", "c", false) + serviceYAML("c", "x", "c"),
			66, "66% (meshed: a, b; not meshed: c)"},
		{"a Service without a workload in the inputs is not meshed: 1 of 3 is 33%",
			workloadYAML("a", "x", "a", true) + serviceYAML("a", "x", "a") + serviceYAML("b", "x", "none") + serviceYAML("c", "x", "none"),
			33, "33% (meshed: a; not meshed: b, c)"},
		{"a Service with one endpoint out of the mesh is not meshed",
			workloadYAML("a1", "x", "a", true) + workloadYAML("a2", "x", "a", false) + serviceYAML("a", "x", "a"),
			0, "0% (not meshed: a)"},
		{"every Service meshed is 100%",
			workloadYAML("a", "x", "a", true) + serviceYAML("a", "x", "a"),
			100, "100% (meshed: a)"},
		{"no Service: nothing to cover",
			workloadYAML("a", "x", "a", true), 0, "n/a (no Service)"},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			s := topo(t, c.yaml, nil).Scale
			if s.Coverage.Percent != c.percent || coverage(s) != c.text {
				t.Errorf("coverage %d%%, %q; want %d%%, %q", s.Coverage.Percent, coverage(s), c.percent, c.text)
			}
		})
	}
}

func TestNamespacesOfTheStack(t *testing.T) {
	dr := func(ns string) string {
		return "---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d, namespace: " + ns + "}\nspec: {host: a.x.svc.cluster.local}\n"
	}
	cases := []struct {
		sentence string
		yaml     string
		want     []string
	}{
		{"namespaces holding workloads or Services count",
			workloadYAML("a", "x", "a", true) + serviceYAML("b", "y", "b"), []string{"x", "y"}},
		{"the Istio root namespace counts when the inputs put mesh config there",
			workloadYAML("a", "x", "a", true) + dr("istio-system"), []string{"istio-system", "x"}},
		{"a namespace holding only mesh config does not count",
			workloadYAML("a", "x", "a", true) + dr("z"), []string{"x"}},
		{"a declared but empty namespace does not count",
			workloadYAML("a", "x", "a", true) + "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: empty}\n", []string{"x"}},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			got := topo(t, c.yaml, nil).Scale.Namespaces
			if got.Count != len(c.want) || !reflect.DeepEqual(got.Names, c.want) {
				t.Errorf("namespaces %+v, want %v", got, c.want)
			}
		})
	}
}

func TestAServiceWithoutWorkloadIsItsOwnNode(t *testing.T) {
	yaml := workloadYAML("web", "x", "web", true) + serviceYAML("api", "x", "api")
	yaml = strings.Replace(yaml, "image: busybox}", "image: busybox, env: [{name: API, value: \"http://api:80\"}]}", 1)
	tp := topo(t, yaml, nil)
	if len(tp.Hops) != 1 || tp.Hops[0].Name != "web -> api:80" || tp.Hops[0].Label != "unknown" {
		t.Fatalf("want web -> api:80 unknown, got %+v", tp.Hops)
	}
	var to Node
	for _, n := range tp.Nodes {
		if n.ID == tp.Hops[0].To {
			to = n
		}
	}
	if to.Kind != KindService || caption(to) != "no workload in the inputs" {
		t.Errorf("target node %+v, want the Service, captioned", to)
	}
}

// TestOddNamesKeepTheGraphsValid: names come from user input, and the
// linter reads manifests the API server would reject; no name may break
// the Mermaid, DOT or Markdown syntax.
func TestOddNamesKeepTheGraphsValid(t *testing.T) {
	odd := `we"b|<i>#1 end`
	yaml := strings.ReplaceAll(backend, "name: web, namespace: app", "name: '"+odd+"', namespace: app")
	yaml = strings.Replace(yaml, "{name: web, port:", "{name: '"+odd+"', port:", 1)
	tp := topo(t, strings.Replace(yaml, "CLASS", "nginx", 1), nil)
	if len(tp.Hops) != 1 || !strings.Contains(tp.Hops[0].Name, odd) {
		t.Fatalf("want one hop to %q, got %+v", odd, tp.Hops)
	}
	dir := t.TempDir()
	var mermaid, dot, md strings.Builder
	for _, err := range []error{WriteGraph(&mermaid, tp, "mermaid", GraphOptions{}), WriteGraph(&dot, tp, "dot", GraphOptions{}),
		WriteReport(&md, tp, "markdown")} {
		if err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	checkMermaid(t, filepath.Join("testdata", "mermaid"), write("odd.md", mermaid.String()))
	checkDOT(t, write("odd.dot", dot.String()))
	for _, line := range strings.Split(md.String(), "\n") {
		if strings.HasPrefix(line, "| NGINX") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 6 {
			t.Errorf("a pipe in a name splits the Markdown row: %s", line)
		}
	}
}

func TestLongListsAreCutInTablesNotInJSON(t *testing.T) {
	var yaml string
	for i := 0; i < 12; i++ {
		ns := "ns" + strconv.Itoa(i+10)
		yaml += workloadYAML("a", ns, "a", true) + serviceYAML("a", ns, "a")
	}
	tp := topo(t, yaml, nil)
	want := "12 (ns10, ns11, ns12, ns13, ns14, ns15, ns16, ns17, ns18, ns19 and 2 more)"
	if got := counted(tp.Scale.Namespaces); got != want {
		t.Errorf("table cell %q, want %q", got, want)
	}
	var buf strings.Builder
	if err := WriteReport(&buf, tp, "json"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"ns21"`) || !strings.Contains(buf.String(), `"ns21/a"`) {
		t.Errorf("JSON lacks the 12th namespace or Service:\n%s", buf.String())
	}
}
