package oracle

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	secv1beta1 "istio.io/api/security/v1beta1"
	typev1beta1 "istio.io/api/type/v1beta1"
	"istio.io/istio/pilot/pkg/model"
	"istio.io/istio/pilot/pkg/security/authn"
	"istio.io/istio/pkg/config"
	"istio.io/istio/pkg/config/labels"
	"istio.io/istio/pkg/config/schema/gvk"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

const rootNS = "istio-system"

// peerAuth is one PeerAuthentication of a combination.
type peerAuth struct {
	name, ns string
	selector map[string]string // nil: none; empty: matchLabels {}
	mode     string            // "" = no mtls field
	port     string            // portLevelMtls 8080 mode, "-" = none
	created  time.Time
}

var modes = []string{"UNSET", "PERMISSIVE", "STRICT", "DISABLE"}

func day(d int) time.Time { return time.Date(2020, 1, d, 0, 0, 0, 0, time.UTC) }

// paGrid: a mesh-wide, a namespace-wide and a workload policy, each absent
// or in one of the modes, the workload one with or without a
// portLevelMtls entry for container port 8080, and one extra policy that
// Istio's bucketing must place (older or same-age rival, root-namespace
// selector, empty matchLabels, selector that does not match).
func paGrid() [][]peerAuth {
	layer := func(name, ns string, sel map[string]string, d int) []*peerAuth {
		out := []*peerAuth{nil}
		for _, m := range modes {
			out = append(out, &peerAuth{name: name, ns: ns, selector: sel, mode: m, port: "-", created: day(d)})
		}
		return out
	}
	web := map[string]string{"app": "web"}
	extras := []*peerAuth{nil,
		{name: "zz-older", ns: "app", mode: "STRICT", port: "-", created: day(1)},
		{name: "a-same-age", ns: "app", mode: "DISABLE", port: "-", created: day(2)},
		{name: "root-selector", ns: rootNS, selector: web, mode: "STRICT", port: "STRICT", created: day(1)},
		{name: "empty-selector", ns: "app", selector: map[string]string{}, mode: "DISABLE", port: "-", created: day(5)},
		{name: "other-app", ns: "app", selector: map[string]string{"app": "db"}, mode: "STRICT", port: "-", created: day(1)},
		{name: "older-workload", ns: "app", selector: web, mode: "PERMISSIVE", port: "DISABLE", created: day(2)},
	}
	var out [][]peerAuth
	for _, m := range layer("default", rootNS, nil, 1) {
		for _, n := range layer("default", "app", nil, 2) {
			for _, w := range layer("web", "app", web, 3) {
				ports := []string{"-"}
				if w != nil {
					ports = append([]string{"-"}, modes...)
				}
				for _, p := range ports {
					for _, x := range extras {
						var set []peerAuth
						for _, pa := range []*peerAuth{m, n, w, x} {
							if pa != nil {
								c := *pa
								if pa == w {
									c.port = p
								}
								set = append(set, c)
							}
						}
						out = append(out, set)
					}
				}
			}
		}
	}
	return out
}

func (pa peerAuth) config() *config.Config {
	spec := &secv1beta1.PeerAuthentication{Mtls: &secv1beta1.PeerAuthentication_MutualTLS{
		Mode: secv1beta1.PeerAuthentication_MutualTLS_Mode(secv1beta1.PeerAuthentication_MutualTLS_Mode_value[pa.mode])}}
	if pa.selector != nil {
		spec.Selector = &typev1beta1.WorkloadSelector{MatchLabels: pa.selector}
	}
	if pa.port != "-" {
		spec.PortLevelMtls = map[uint32]*secv1beta1.PeerAuthentication_MutualTLS{8080: {
			Mode: secv1beta1.PeerAuthentication_MutualTLS_Mode(secv1beta1.PeerAuthentication_MutualTLS_Mode_value[pa.port])}}
	}
	return &config.Config{Meta: config.Meta{GroupVersionKind: gvk.PeerAuthentication, Name: pa.name, Namespace: pa.ns,
		CreationTimestamp: pa.created}, Spec: spec}
}

// istioMode is Istio's mode for the workload's port: the candidates as
// pilot/pkg/model/authentication.go gathers them (sorted by creation time
// then name, one mesh- or namespace-wide policy per namespace, policies of
// the workload's and the root namespace whose selector is a subset of its
// labels), composed by authn.ComposePeerAuthentication and read as
// GetMutualTLSModeForPort does.
func istioMode(set []peerAuth, workload map[string]string, port uint32) string {
	all := make([]config.Config, 0, len(set))
	for _, pa := range set {
		all = append(all, *pa.config())
	}
	slices.SortFunc(all, func(a, b config.Config) int {
		if r := a.CreationTimestamp.Compare(b.CreationTimestamp); r != 0 {
			return r
		}
		if r := strings.Compare(a.Name, b.Name); r != 0 {
			return r
		}
		return strings.Compare(a.Namespace, b.Namespace)
	})
	seenWide := map[string]bool{}
	var candidates []*config.Config
	for i := range all {
		c := &all[i]
		spec := c.Spec.(*secv1beta1.PeerAuthentication)
		if spec.Selector == nil || len(spec.Selector.MatchLabels) == 0 {
			if seenWide[c.Namespace] {
				continue
			}
			seenWide[c.Namespace] = true
		}
		if (c.Namespace == "app" || c.Namespace == rootNS) && labels.Instance(spec.GetSelector().GetMatchLabels()).SubsetOf(workload) {
			candidates = append(candidates, c)
		}
	}
	merged := authn.ComposePeerAuthentication(rootNS, candidates)
	mode := merged.Mode
	if pm, ok := merged.PerPort[port]; ok {
		mode = pm
	}
	switch mode {
	case model.MTLSStrict:
		return "STRICT"
	case model.MTLSDisable:
		return "DISABLE"
	case model.MTLSPermissive:
		return "PERMISSIVE"
	}
	return mode.String()
}

func (pa peerAuth) yaml() string {
	s := fmt.Sprintf("apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: %s, namespace: %s, creationTimestamp: %q}\nspec:\n",
		pa.name, pa.ns, pa.created.Format(time.RFC3339))
	if pa.selector != nil {
		s += "  selector: {matchLabels: " + flow(pa.selector) + "}\n"
	}
	s += "  mtls: {mode: " + pa.mode + "}\n"
	if pa.port != "-" {
		s += "  portLevelMtls: {8080: {mode: " + pa.port + "}}\n"
	}
	return s
}

const paWorkload = `apiVersion: v1
kind: Namespace
metadata: {name: app}
---
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: web, image: example/web, ports: [{containerPort: 8080}, {containerPort: 9090}]}]}
`

// TestPeerAuthenticationMatchesIstio compares the mode meshlint composes
// for each container port with Istio's, on every combination.
func TestPeerAuthenticationMatchesIstio(t *testing.T) {
	n, diffs := 0, 0
	for _, set := range paGrid() {
		docs := []string{paWorkload}
		for _, pa := range set {
			docs = append(docs, pa.yaml())
		}
		text := strings.Join(docs, "---\n")
		res := manifest.LoadBytes("pa.yaml", []byte(text), manifest.Options{})
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		m := mesh.Build(res.Objects, mesh.DefaultSettings())
		w := m.Workloads[0]
		for _, port := range []int{8080, 9090} {
			n++
			want := istioMode(set, w.Labels, uint32(port))
			if got := m.PeerAuthMode(w, port).Mode; got != want && diffs < 20 {
				diffs++
				t.Errorf("port %d: Istio %s, meshlint %s, for:\n%s", port, want, got, text)
			}
		}
	}
	t.Logf("%d combinations compared", n)
}
