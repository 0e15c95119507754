// Package chart tests the Helm chart in charts/webhook: it renders the
// chart with the Helm SDK across a matrix of values and checks what the
// API server and cert-manager will be given.
package chart

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"helm.sh/helm/v3/pkg/releaseutil"
	admissionv1 "k8s.io/api/admissionregistration/v1"
	"sigs.k8s.io/yaml"

	meshrender "github.com/meshlint/meshlint/internal/render"
)

const (
	releaseName = "meshlint"
	releaseNS   = "meshlint-system"
)

// kubeVersion is the cluster the tests render for: 1.30+, which the chart
// is built for (helm_template_test.go renders with Helm's defaults).
const kubeVersion = "v1.33.0"

func chartDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "charts", "webhook")) // go test runs in the package's directory
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// object is one rendered resource: its kind, name and raw YAML.
type object struct {
	Kind, Name, Template string
	Namespace            string
	YAML                 []byte
}

// rendered indexes a release's objects by "Kind/name".
type rendered map[string]object

// render renders the chart with the overrides given as YAML, through the
// linter's renderer (internal/render: the Helm SDK as helm template uses
// it), one template's output per entry.
func render(t *testing.T, overrides string) (rendered, error) {
	t.Helper()
	values := filepath.Join(t.TempDir(), "values.yaml")
	if err := os.WriteFile(values, []byte(overrides), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := meshrender.Helm(chartDir(t), meshrender.HelmOptions{ValueFiles: []string{values},
		ReleaseName: releaseName, Namespace: releaseNS, KubeVersion: kubeVersion})
	if err != nil {
		return nil, err
	}
	out := rendered{}
	for _, f := range files {
		tpl, body := f.Name, string(f.Data)
		for _, doc := range releaseutil.SplitManifests(body) {
			var head struct {
				Kind     string `json:"kind"`
				Metadata struct {
					Name      string `json:"name"`
					Namespace string `json:"namespace"`
				} `json:"metadata"`
			}
			if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
				t.Fatalf("%s: not YAML: %v\n%s", tpl, err, doc)
			}
			if head.Kind == "" {
				continue
			}
			key := head.Kind + "/" + head.Metadata.Name
			if prev, dup := out[key]; dup {
				t.Fatalf("%s rendered twice (%s, %s)", key, prev.Template, tpl)
			}
			out[key] = object{Kind: head.Kind, Name: head.Metadata.Name, Namespace: head.Metadata.Namespace, Template: tpl, YAML: []byte(doc)}
		}
	}
	return out, nil
}

func mustRender(t *testing.T, overrides string) rendered {
	t.Helper()
	r, err := render(t, overrides)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return r
}

// one decodes the single object of a kind into out, strictly.
func (r rendered) one(t *testing.T, kind string, out any) object {
	t.Helper()
	var found []object
	for _, o := range r {
		if o.Kind == kind {
			found = append(found, o)
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one %s, got %d", kind, len(found))
	}
	if out != nil {
		if err := yaml.UnmarshalStrict(found[0].YAML, out); err != nil {
			t.Fatalf("%s/%s: %v", kind, found[0].Name, err)
		}
	}
	return found[0]
}

func (r rendered) count(kind string) int {
	n := 0
	for _, o := range r {
		if o.Kind == kind {
			n++
		}
	}
	return n
}

func (r rendered) kinds() []string {
	var ks []string
	for k := range r {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// certificate is the part of a cert-manager Certificate the tests read.
type certificate struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name      string            `json:"name"`
		Namespace string            `json:"namespace"`
		Labels    map[string]string `json:"labels"`
	} `json:"metadata"`
	Spec struct {
		IsCA       bool     `json:"isCA"`
		CommonName string   `json:"commonName"`
		SecretName string   `json:"secretName"`
		DNSNames   []string `json:"dnsNames"`
		IssuerRef  struct {
			Kind string `json:"kind"`
			Name string `json:"name"`
		} `json:"issuerRef"`
	} `json:"spec"`
}

func (r rendered) certificates(t *testing.T) (ca, serving certificate) {
	t.Helper()
	for _, o := range r {
		if o.Kind != "Certificate" {
			continue
		}
		var c certificate
		if err := yaml.Unmarshal(o.YAML, &c); err != nil {
			t.Fatal(err)
		}
		if c.Spec.IsCA {
			ca = c
		} else {
			serving = c
		}
	}
	return ca, serving
}

// The rules test/e2e/webhooks_test.go registers (validatedResources,
// mutatedResources): the chart must register exactly these.
type ruleWant struct {
	group, version string
	resources      []string
}

var validatedResources = []ruleWant{
	{"", "v1", []string{"namespaces", "services", "configmaps", "pods", "replicationcontrollers"}},
	{"apps", "v1", []string{"deployments", "statefulsets", "daemonsets", "replicasets"}},
	{"batch", "v1", []string{"jobs", "cronjobs"}},
	{"networking.k8s.io", "v1", []string{"ingresses", "ingressclasses"}},
	{"networking.istio.io", "*", []string{"destinationrules", "virtualservices", "serviceentries", "sidecars"}},
	{"security.istio.io", "*", []string{"peerauthentications", "authorizationpolicies"}},
	{"gateway.networking.k8s.io", "*", gatewayResources},
	{"k8s.nginx.org", "*", f5Resources},
	{"traefik.io", "*", traefikResources},
	{"gateway.envoyproxy.io", "*", envoyGatewayResources},
	{"gateway.nginx.org", "*", nginxGatewayResources},
}

// The optional kinds (internal/kinds Optional), read and judged where
// their CRDs are installed.
var (
	gatewayResources = []string{"gatewayclasses", "gateways", "httproutes", "grpcroutes", "tlsroutes", "tcproutes", "referencegrants", "backendtlspolicies"}
	f5Resources      = []string{"virtualservers", "virtualserverroutes", "transportservers"}
	traefikResources = []string{"ingressroutes", "ingressroutetcps"}
	// The objects that tell Envoy Gateway and NGINX Gateway Fabric to dial
	// the Service's ClusterIP, or what labels their proxies' pods carry.
	envoyGatewayResources = []string{"envoyproxies", "backendtrafficpolicies"}
	nginxGatewayResources = []string{"nginxproxies", "upstreamsettingspolicies"}
)

var mutatedResources = []ruleWant{
	{"", "v1", []string{"configmaps", "pods", "replicationcontrollers"}},
	{"apps", "v1", []string{"deployments", "statefulsets", "daemonsets", "replicasets"}},
	{"batch", "v1", []string{"jobs", "cronjobs"}},
	{"networking.istio.io", "*", []string{"destinationrules"}},
	{"gateway.networking.k8s.io", "*", []string{"httproutes"}},
}

// cachedResources: what the webhook's informer cache lists and watches
// (cmd/webhook README, "The cache"; internal/webhook/kinds.go).
var cachedResources = map[string][]string{
	"":                          {"namespaces", "services", "configmaps", "pods", "replicationcontrollers"},
	"apps":                      {"deployments", "statefulsets", "daemonsets", "replicasets"},
	"batch":                     {"jobs", "cronjobs"},
	"networking.k8s.io":         {"ingresses", "ingressclasses"},
	"networking.istio.io":       {"destinationrules", "virtualservices", "serviceentries", "sidecars"},
	"security.istio.io":         {"peerauthentications", "authorizationpolicies"},
	"gateway.networking.k8s.io": gatewayResources,
	"k8s.nginx.org":             f5Resources,
	"traefik.io":                traefikResources,
	"gateway.envoyproxy.io":     envoyGatewayResources,
	"gateway.nginx.org":         nginxGatewayResources,
	// Istio's sidecar injector webhooks, read and never registered for.
	"admissionregistration.k8s.io": {"mutatingwebhookconfigurations"},
}

// flatten turns rules into sorted "op group/version/resource scope" lines.
func flatten(rules []admissionv1.RuleWithOperations) []string {
	var out []string
	for _, r := range rules {
		scope := "<nil>"
		if r.Scope != nil {
			scope = string(*r.Scope)
		}
		for _, op := range r.Operations {
			for _, g := range r.APIGroups {
				for _, v := range r.APIVersions {
					for _, res := range r.Resources {
						out = append(out, fmt.Sprintf("%s %s/%s/%s %s", op, g, v, res, scope))
					}
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

func expand(want []ruleWant, ops ...string) []string {
	var out []string
	for _, w := range want {
		for _, op := range ops {
			for _, res := range w.resources {
				out = append(out, fmt.Sprintf("%s %s/%s/%s *", op, w.group, w.version, res))
			}
		}
	}
	sort.Strings(out)
	return out
}
